import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    // Each file: its own copy of the seeded database and its own app server.
    setupFiles: ['e2e/per-file-setup.ts'],
    // A long workflow takes 10–20 s on a quiet machine; the margin is for a busy CI host.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
