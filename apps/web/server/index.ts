import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { env } from '../app/env.server.ts';
import { createHttpServer, createServerApp } from './app.ts';
import { superviseWorkers } from './workers.ts';

/**
 * Starts Kamkor: `pnpm dev` runs this file with tsx (Vite in middleware mode, hot reload);
 * `pnpm start` runs its bundle, build/app-server.js, on the production build. Both files sit one
 * folder below apps/web, so `..` is the app's root either way.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const production = env.NODE_ENV === 'production';

// KAMKOR_WORKERS > 1 (production on PostgreSQL): this process supervises that many server processes.
// PGlite is one process's folder, so the embedded mode always runs one.
const workers = production && env.DATABASE_URL ? env.KAMKOR_WORKERS : 1;
if (production && !env.DATABASE_URL && env.KAMKOR_WORKERS > 1) console.warn('KAMKOR_WORKERS needs DATABASE_URL (PGlite is one process): starting one');
if (workers > 1 && cluster.isPrimary) superviseWorkers(workers);
else await serve();

async function serve() {
  const server = createServer();
  // Vite's hot-reload socket shares our port (its default, 24678, would clash between several dev servers).
  const vite = production ? undefined : await import('vite').then((v) => v.createServer({ root, server: { middlewareMode: true, hmr: { server } } }));
  const build: ServerBuild | (() => Promise<ServerBuild>) = vite
    ? () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
    : ((await import(pathToFileURL(join(root, 'build/server/index.js')).href)) as ServerBuild);

  const app = createServerApp({
    build,
    mode: production ? 'production' : 'development',
    trustProxy: env.trustProxy,
    https: env.secureCookies,
    clientDir: join(root, 'build/client'),
    vite,
  });

  createHttpServer(app, server).listen(env.PORT, () => {
    console.log(`Kamkor listening on http://localhost:${env.PORT} (${production ? 'production' : 'development'})`);
  });

  // Background jobs (exports) start with the server and stop with it: a job interrupted by the stop
  // goes back to the queue for this or another server (docs/decisions/015-background-jobs.md).
  type JobsEntry = { startBackgroundJobs?: () => Promise<void>; stopBackgroundJobs?: () => Promise<void> };
  const jobsEntry = (typeof build === 'function' ? await build() : build).entry.module as JobsEntry;
  jobsEntry.startBackgroundJobs?.().catch((err) => console.error('Kamkor could not start its job runner:', err));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      let pending = 2;
      const done = () => --pending === 0 && process.exit(0);
      server.close(done);
      (jobsEntry.stopBackgroundJobs?.() ?? Promise.resolve()).catch((err) => console.error('Kamkor job runner stop:', err)).finally(done);
      setTimeout(() => process.exit(0), 5_000).unref();
      void vite?.close();
    });
  }
}
