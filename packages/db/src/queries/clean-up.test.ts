import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { cleanUpExpired, STAGE_MAX_AGE_MS } from './clean-up.ts';
import { createStage, stageColumns } from './import-stage.ts';
import { databaseStorage, FILE_TTL_MS } from './storage.ts';

describe.each(testEngines)('clean-up of import leftovers on %s', (engine) => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  const exists = async (id: string) => !!(await h.db.selectFrom('stored_file').select('id').where('id', '=', id).executeTakeFirst());
  const tables = async () =>
    (await sql<{ name: string }>`select relname as name from pg_class where relkind = 'r' and relname like 'import_stage_%' order by 1`.execute(h.db)).rows.map((r) => r.name);

  it('deletes dry-run copies and error copies once older than their expiry, and keeps the younger ones and kept files', async () => {
    const storage = databaseStorage(h.db);
    const put = (kind: 'dry_run' | 'error_copy' | 'evidence') => storage.put({ fileName: `${kind}.xlsx`, contentType: 'x', data: new Uint8Array([1, 2]), createdBy: null, kind });
    const oldDry = await put('dry_run');
    const newDry = await put('dry_run');
    const oldCopy = await put('error_copy');
    const newCopy = await put('error_copy');
    const evidence = await put('evidence');
    // Their expiry is their age limit: 6 h for a dry-run copy, 24 h for an error copy.
    const ages = await h.db.selectFrom('stored_file').select(['id', 'created_at', 'expires_at']).where('id', 'in', [newDry, newCopy]).execute();
    const ttl = new Map(ages.map((r) => [r.id, new Date(r.expires_at!).getTime() - new Date(r.created_at).getTime()]));
    expect(Math.abs(ttl.get(newDry)! - FILE_TTL_MS.dry_run!)).toBeLessThan(60_000);
    expect(Math.abs(ttl.get(newCopy)! - FILE_TTL_MS.error_copy!)).toBeLessThan(60_000);
    // Uploaded 7 h and 25 h ago.
    await h.db.updateTable('stored_file').set({ created_at: sql`now() - interval '7 hours'`, expires_at: sql`now() - interval '1 hour'` }).where('id', '=', oldDry).execute();
    await h.db.updateTable('stored_file').set({ created_at: sql`now() - interval '25 hours'`, expires_at: sql`now() - interval '1 hour'` }).where('id', '=', oldCopy).execute();

    const report = await cleanUpExpired(h.db);
    expect(report?.files).toBe(2);
    expect(await exists(oldDry)).toBe(false);
    expect(await exists(oldCopy)).toBe(false);
    expect(await exists(newDry)).toBe(true);
    expect(await exists(newCopy)).toBe(true);
    expect(await exists(evidence)).toBe(true);
  });

  it('drops staging tables left by a killed import a day after it first saw them, on both engines, and leaves a running one', async () => {
    const col = [{ name: 'line', type: 'int' as const }];
    const left = await createStage(h.db, col);
    await stageColumns(h.db, left, [[1, 2, 3]]);
    await sql`create unlogged table ${sql.id(`${left.table}_r`)} (line int)`.execute(h.db);
    const running = await createStage(h.db, col);
    // An ordinary table whose name only looks alike is never touched.
    await sql`create table import_stage_notes (x int)`.execute(h.db);

    // First seen: not dropped yet (its age is not known), marked with the time it was seen.
    const first = await cleanUpExpired(h.db);
    expect(first?.stageTables).toBe(0);
    expect(await tables()).toEqual([left.table, `${left.table}_r`, running.table, 'import_stage_notes'].sort());
    const note = await sql<{ note: string }>`select obj_description(${left.table}::regclass, 'pg_class') as note`.execute(h.db);
    expect(note.rows[0]!.note).toMatch(/^kamkor: import stage, seen \d{4}-/);

    // A day and a minute later for the left one (as if the process had died yesterday).
    const dayAgo = new Date(Date.now() - STAGE_MAX_AGE_MS - 60_000).toISOString();
    for (const t of [left.table, `${left.table}_r`]) await sql`comment on table ${sql.id(t)} is ${sql.lit(`kamkor: import stage, seen ${dayAgo}`)}`.execute(h.db);
    const second = await cleanUpExpired(h.db);
    expect(second?.stageTables).toBe(2);
    expect(await tables()).toEqual([running.table, 'import_stage_notes'].sort());
  });
});
