import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dbEnv } from './env.ts';
import { setupDatabase } from './setup.ts';
import type { DatabaseHandle } from './connection.ts';

export type TestEngine = 'pglite' | 'postgres';

/**
 * The engines integration tests run on: PGlite always; PostgreSQL when TEST_DATABASE_URL is set
 * (CI sets it). Use with `describe.each(testEngines)`.
 */
export const testEngines: TestEngine[] = dbEnv.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new PostgreSQL database
 * created on the test server and dropped on close.
 */
export async function createTestDatabase(engine: TestEngine, opts: { demo?: boolean } = {}): Promise<DatabaseHandle> {
  if (engine === 'pglite') return setupDatabase({ dataDir: 'memory://', demo: opts.demo });
  const adminUrl = dbEnv.TEST_DATABASE_URL!;
  const name = `kamkor_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await setupDatabase({ url: url.toString(), demo: opts.demo, poolSize: 4 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
