import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Actor } from '@kamkor/domain';
import { bulkLimits, writeBulkSheet } from '@kamkor/excel';
import { findActor, type DatabaseHandle } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { importBulkSheet } from './bulk-import.ts';
import { closeParsePool, parseBulkSheet } from './parse-pool.ts';

const header = ['project_code', 'indicator_code', 'period', 'sex', 'age_group', 'disability', 'territory', 'value', 'numerator', 'denominator'];
const valid = (value: number) => {
  const rows: (string | number | null)[][] = [];
  for (const p of ['SSO-2025-003', 'SSO-2025-009']) {
    for (const sex of ['f', 'Male']) for (const age of ['0-17', '18-34', '35-59', '60+']) rows.push([p, '1.1.1-BEN', 'Q4 2026', sex, age, null, null, value, null, null]);
    rows.push([p, '1.1.2-SAT', '15.11.2026', null, null, null, null, null, '8', '10']);
  }
  return rows;
};

afterAll(() => closeParsePool());

describe('the import pool reads off the request thread', () => {
  it('reads the bulk sheet in a worker and stops at the row limit (rows read, not time)', async () => {
    const bytes = await writeBulkSheet(header, Array.from({ length: 3000 }, (_, i) => ['P', 'I', '2025', null, null, null, null, i, null, null]));
    const all = await parseBulkSheet(bytes);
    expect(all).toMatchObject({ ok: true, sheet: 'data', rowsRead: 3001 });
    const cut = await parseBulkSheet(bytes, { limits: { ...bulkLimits, maxRows: 250 } });
    expect(cut).toMatchObject({ ok: false, messageKey: 'excel.errors.tooManyRows', params: { max: 250 }, rowsRead: 251 });
  });

  it('keeps the event loop free while a long sheet is read', async () => {
    const bytes = await writeBulkSheet(header, Array.from({ length: 60_000 }, (_, i) => ['P', 'I', '2025', 'f', '0-17', null, null, i, null, null]));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const read = await parseBulkSheet(bytes);
    clearInterval(timer);
    expect(read).toMatchObject({ ok: true, rowsRead: 60_001 });
    // Inline, the read would hold the loop for its whole length (no tick at all); in a worker the
    // timer keeps firing. A count, not a timing bound.
    expect(ticks).toBeGreaterThan(5);
  });
});

describe.each(testEngines)('bulk import through the pool (%s)', (engine) => {
  let h: DatabaseHandle;
  let analyst: Actor;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const u = await h.db.selectFrom('app_user').select('id').where('email', '=', 'analyst@kamkor.kg').executeTakeFirstOrThrow();
    analyst = (await findActor(h.db, u.id))!;
  });
  afterAll(() => h.close());
  const values = async () => Number((await sql<{ n: string }>`select count(*)::text as n from report_value`.execute(h.db)).rows[0]!.n);
  const audits = async () => Number((await sql<{ n: string }>`select count(*)::text as n from audit_log`.execute(h.db)).rows[0]!.n);

  it('a worker that fails mid-read leaves nothing written', async () => {
    const before = await values();
    const bytes = await writeBulkSheet(header, Array.from({ length: 40_000 }, () => valid(5)[0]!));
    const ctrl = new AbortController();
    const run = importBulkSheet(h.db, analyst, bytes, { dryRun: false, signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 50);
    await expect(run).rejects.toThrow();
    expect(await values()).toBe(before);
  });

  it('a sheet past the row limit is refused with the one message and nothing written', async () => {
    const before = await values();
    const bytes = await writeBulkSheet(header, valid(5));
    const res = await importBulkSheet(h.db, analyst, bytes, { dryRun: false, limits: { ...bulkLimits, maxRows: 10 } });
    expect(res).toEqual({ ok: false, messageKey: 'excel.errors.tooManyRows', params: { max: 10, cells: bulkLimits.maxCells } });
    expect(await values()).toBe(before);
  });

  it('the dry run writes nothing; the apply writes; the same file again changes nothing; a changed file updates', async () => {
    const bytes = await writeBulkSheet(header, valid(5));
    const before = await values();
    const dry = await importBulkSheet(h.db, analyst, bytes, { dryRun: true });
    expect(dry).toMatchObject({ ok: true, applied: false, errorCount: 0, rows: 18, counts: { created: 18, updated: 0, unchanged: 0 } });
    expect(await values()).toBe(before);
    const apply = await importBulkSheet(h.db, analyst, bytes, { dryRun: false });
    expect(apply).toMatchObject({ ok: true, applied: true, counts: { created: 18 } });
    const after = await values();
    expect(after).toBeGreaterThanOrEqual(before + 18);
    const audited = await audits();
    const again = await importBulkSheet(h.db, analyst, bytes, { dryRun: false });
    expect(again).toMatchObject({ ok: true, applied: true, counts: { created: 0, updated: 0, unchanged: 18 } });
    expect(await values()).toBe(after);
    expect(await audits()).toBeGreaterThanOrEqual(audited);
    const changed = await importBulkSheet(h.db, analyst, await writeBulkSheet(header, valid(6)), { dryRun: true });
    expect(changed).toMatchObject({ ok: true, counts: { created: 0, updated: 16, unchanged: 2 } });
  });
});
