import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dbEnv } from './env.ts';
import { setupDatabase } from './setup.ts';

// Several app servers (or the worker processes of one) starting at once on a fresh PostgreSQL database.
describe.runIf(Boolean(dbEnv.TEST_DATABASE_URL))('setting up one database from several servers at once', () => {
  it('migrates, loads reference data and seeds the demo once, whichever server comes first', async () => {
    const adminUrl = dbEnv.TEST_DATABASE_URL!;
    const name = `kamkor_setup_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    try {
      const handles = await Promise.all([1, 2, 3].map(() => setupDatabase({ url: url.toString(), demo: true, poolSize: 2 })));
      try {
        const db = handles[0]!.db;
        const admins = await db.selectFrom('app_user').select('id').where('email', '=', 'admin@kamkor.kg').execute();
        expect(admins).toHaveLength(1);
        const projects = await db.selectFrom('project').select('code').where('code', '=', 'SSO-2025-001').execute();
        expect(projects).toHaveLength(1);
      } finally {
        await Promise.all(handles.map((h) => h.close()));
      }
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }, 180_000);
});
