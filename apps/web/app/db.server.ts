import { resolve } from 'node:path';
import { setupDatabase, type DatabaseHandle } from '@kamkor/db';
import { env } from './env.server.ts';

// One pool per process (not per request). It holds connections, not application state,
// so several app servers can share one PostgreSQL.
declare global {
  var __kamkorDb: Promise<DatabaseHandle> | undefined;
}

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

// Routes import database code only through this .server module, so none of it (nor its native
// dependencies) can reach the browser bundle.
export * from '@kamkor/db';
