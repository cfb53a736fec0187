import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';
import tsconfigPaths from 'vite-tsconfig-paths';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  // The dependency scan walks into .server modules (which Remix strips from the browser bundle) and would
  // try to pre-bundle the native password hasher for the browser, failing every page's hydration in dev.
  optimizeDeps: { exclude: ['@node-rs/argon2'] },
  ssr: {
    // Native and WASM packages must be loaded by Node, not bundled.
    external: ['@electric-sql/pglite', '@node-rs/argon2', 'pg', 'exceljs', 'graphile-worker'],
  },
  plugins: [
    !process.env.VITEST &&
      remix({
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
        },
      }),
    tsconfigPaths(),
  ],
});
