// Bundles server/index.ts into build/app-server.js for `pnpm start`. Workspace packages (TypeScript
// source) and the app's own modules are bundled; npm packages stay external and load from node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['server/index.ts'],
  outfile: 'build/app-server.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-npm-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@kamkor/') ? undefined : { path: args.path, external: true }));
      },
    },
  ],
});

// The import pool's worker (packages/app/src/parse-pool.ts) is loaded by file name from next to the
// Remix server bundle that holds the pool: build/server/parse-worker.js.
await build({
  entryPoints: ['../../packages/app/src/parse-worker.ts'],
  outfile: 'build/server/parse-worker.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // The worker's npm packages are bundled too (the web app does not list the excel package's own
  // dependencies), except exceljs, which the web app has; CommonJS inside needs `require`.
  external: ['exceljs'],
  banner: { js: "import { createRequire as __kamkorRequire } from 'node:module'; const require = __kamkorRequire(import.meta.url);" },
});
