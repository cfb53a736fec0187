import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { dbEnv } from './env.ts';
import { openDatabase } from './connection.ts';
import { migrateToLatest } from './migrate.ts';
import { loadReferenceData } from './reference-data.ts';
import { seedDemo } from './seed/index.ts';

const command = process.argv[2];
const dataDir = dbEnv.KAMKOR_DATA_DIR ?? new URL('../../../.data', import.meta.url).pathname;

async function main() {
  if (command === 'reset') {
    if (dbEnv.DATABASE_URL) {
      const { db, close } = await openDatabase({ url: dbEnv.DATABASE_URL });
      await sql`drop schema public cascade; create schema public;`.execute(db);
      await close();
    } else rmSync(dataDir, { recursive: true, force: true });
  }
  const { db, close } = await openDatabase({ url: dbEnv.DATABASE_URL, dataDir });
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
  await db.transaction().execute((trx) => loadReferenceData(trx));
  if (command === 'reset' || command === 'seed') console.log((await seedDemo(db)) ? 'demo data seeded' : 'demo data already present');
  await close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
