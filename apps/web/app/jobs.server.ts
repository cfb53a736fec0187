import { startJobRunner, type JobRunner } from '@kamkor/app';
import { getDb } from './db.server.ts';

// One job runner per process (docs/decisions/015-background-jobs.md): graphile-worker on PostgreSQL
// (every app server runs one; they share the queue), the in-process runner on PGlite.
declare global {
  var __kamkorJobs: Promise<JobRunner> | undefined;
}

/** The process's job runner, started on first use (the server starts it at boot: startBackgroundJobs). */
export function getJobs(): Promise<JobRunner> {
  globalThis.__kamkorJobs ??= getDb()
    .then(() => globalThis.__kamkorDb!)
    .then((h) => startJobRunner({ db: h.db, engine: h.engine, url: h.url, concurrency: 1, graceMs: 3_000 }))
    .catch((err) => {
      globalThis.__kamkorJobs = undefined;
      throw err;
    });
  return globalThis.__kamkorJobs;
}

/** Called by server/index.ts when the HTTP server starts. */
export async function startBackgroundJobs(): Promise<void> {
  await getJobs();
}

/** Called by server/index.ts on SIGTERM/SIGINT: running exports go back to the queue. */
export async function stopBackgroundJobs(): Promise<void> {
  const jobs = globalThis.__kamkorJobs;
  globalThis.__kamkorJobs = undefined;
  if (jobs) await (await jobs).stop();
}
