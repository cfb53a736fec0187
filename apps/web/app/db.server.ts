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
    dataDir: env.KAMKOR_DATA_DIR ?? '../../.data',
    demo: env.demo,
  });
  return globalThis.__kamkorDb.then((h) => h.db);
}

// Routes import database code only through this .server module, so none of it (nor its native
// dependencies) can reach the browser bundle.
export * from '@kamkor/db';
