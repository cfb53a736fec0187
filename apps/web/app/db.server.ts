import { resolve } from 'node:path';
import { cleanUpExpired, setupDatabase, type DatabaseHandle } from '@kamkor/db';
import { env } from './env.server.ts';

// One pool per process (not per request). It holds connections, not application state,
// so several app servers can share one PostgreSQL.
declare global {
  var __kamkorDb: Promise<DatabaseHandle> | undefined;
  var __kamkorCleanUp: ReturnType<typeof setInterval> | undefined;
}

/** How often each server tries the clean-up of expired files, sessions and counters. */
const CLEAN_UP_EVERY_MS = 10 * 60_000;

/** The ready database: migrated, reference data loaded, demo data seeded in demo mode. */
export function getDb() {
  globalThis.__kamkorDb ??= setupDatabase({
    url: env.DATABASE_URL,
    // Default: the repository's .data folder (the app runs from apps/web).
    dataDir: resolve(env.KAMKOR_DATA_DIR ?? '../../.data'),
    demo: env.demo,
  }).catch((err) => {
    // Let the next request try again (e.g. PostgreSQL was restarting).
    globalThis.__kamkorDb = undefined;
    throw err;
  });
  return globalThis.__kamkorDb.then((h) => h.db);
}

// Migrate and seed when the server starts, not on the first request that happens to need data.
getDb().catch((err) => {
  console.error('Kamkor could not open its database:', err);
  process.exitCode = 1;
});

// Expired dry-run and error copies, sessions and counters are deleted periodically. Every app server
// runs the timer; an advisory lock lets one of them work at a time (see cleanUpExpired).
function cleanUp() {
  getDb()
    .then((db) => cleanUpExpired(db))
    .catch((err) => console.error('Kamkor clean-up failed:', err));
}
if (!globalThis.__kamkorCleanUp) {
  globalThis.__kamkorCleanUp = setInterval(cleanUp, CLEAN_UP_EVERY_MS);
  globalThis.__kamkorCleanUp.unref();
  cleanUp();
}

// Routes import database code only through this .server module, so none of it (nor its native
// dependencies) can reach the browser bundle.
export * from '@kamkor/db';
