import pg from 'pg';
import { openDatabase, type DatabaseHandle, type OpenOptions } from './connection.ts';
import { migrateToLatest } from './migrate.ts';
import { loadReferenceData } from './reference-data.ts';
import { seedDemo } from './seed/index.ts';

/** Arbitrary, fixed key of the advisory lock under which one server at a time sets the database up. */
export const SETUP_LOCK = 4_180_221_077;

/**
 * Opens the database, migrates it, loads reference data and (optionally) the demo seed. Idempotent.
 * On PostgreSQL, several app servers (or worker processes) may start at once: each waits for a
 * session advisory lock, held on a connection of its own, so the steps run one server at a time and
 * the later ones find the work done (migrations applied, reference rows and the demo there).
 */
export async function setupDatabase(options: OpenOptions & { demo?: boolean }): Promise<DatabaseHandle> {
  const handle = await openDatabase(options);
  const release = handle.url ? await holdSetupLock(handle.url) : null;
  try {
    await migrateToLatest(handle.db);
    await handle.db.transaction().execute((trx) => loadReferenceData(trx));
    if (options.demo) await seedDemo(handle.db);
  } finally {
    await release?.();
  }
  return handle;
}

async function holdSetupLock(url: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1::bigint)', [SETUP_LOCK]);
  } catch (err) {
    await client.end();
    throw err;
  }
  return async () => {
    // Ending the session releases the lock too; the unlock only makes it explicit.
    await client.query('select pg_advisory_unlock($1::bigint)', [SETUP_LOCK]).catch(() => undefined);
    await client.end();
  };
}
