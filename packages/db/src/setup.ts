import { openDatabase, type DatabaseHandle, type OpenOptions } from './connection.ts';
import { migrateToLatest } from './migrate.ts';
import { loadReferenceData } from './reference-data.ts';
import { seedDemo } from './seed/index.ts';

/** Opens the database, migrates it, loads reference data and (optionally) the demo seed. Idempotent. */
export async function setupDatabase(options: OpenOptions & { demo?: boolean }): Promise<DatabaseHandle> {
  const handle = await openDatabase(options);
  await migrateToLatest(handle.db);
  await handle.db.transaction().execute((trx) => loadReferenceData(trx));
  if (options.demo) await seedDemo(handle.db);
  return handle;
}
