import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Actor } from '@kamkor/domain';
import { writeBulkSheet } from '@kamkor/excel';
import { computeFlags, findActor, type DatabaseHandle } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { importBulkSheet } from './bulk-import.ts';
import { closeParsePool } from './parse-pool.ts';

const header = ['project_code', 'indicator_code', 'period', 'sex', 'age_group', 'disability', 'territory', 'value', 'numerator', 'denominator'];
type Row = (string | number | null)[];
/** SSO-2025-003, 2026-Q4: the sex × age grid of 1.1.1-BEN (first cell `first`, the others 5) and 1.1.2-SAT as a fraction. */
const sheet = (first: number, sat: [number, number] = [8, 10]): Row[] => {
  const rows: Row[] = [];
  for (const sex of ['f', 'm']) for (const age of ['0-17', '18-34', '35-59', '60+']) rows.push(['SSO-2025-003', '1.1.1-BEN', '2026-Q4', sex, age, null, null, rows.length ? 5 : first, null, null]);
  rows.push(['SSO-2025-003', '1.1.2-SAT', '2026-Q4', null, null, null, null, null, sat[0], sat[1]]);
  return rows;
};

afterAll(() => closeParsePool());

describe.each(testEngines)('staged bulk import (%s)', (engine) => {
  let h: DatabaseHandle;
  let analyst: Actor;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const u = await h.db.selectFrom('app_user').select('id').where('email', '=', 'analyst@kamkor.kg').executeTakeFirstOrThrow();
    analyst = (await findActor(h.db, u.id))!;
  });
  afterAll(() => h.close());

  /** Everything an import may write, as one comparable snapshot. */
  const realTables = async () =>
    (
      await sql<{ v: string; f: string; a: string }>`
        select (select count(*) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(coalesce(value, 0) + coalesce(numerator, 0))::text, '') from report_value) as v,
               (select string_agg(report_id::text || indicator_id::text || array_to_string(flags, ','), ';' order by report_id, indicator_id) from report_indicator) as f,
               (select count(*)::text from audit_log) as a`.execute(h.db)
    ).rows[0]!;
  const stagingTables = async () => (await sql<{ n: number }>`select count(*)::int as n from pg_tables where tablename like 'import_stage_%'`.execute(h.db)).rows[0]!.n;

  it('the dry run lists the flags of a negative value and of a percentage over 100 %, and writes nothing to the real tables', async () => {
    const before = await realTables();
    const dry = await importBulkSheet(h.db, analyst, await writeBulkSheet(header, sheet(-3, [12, 10])), { dryRun: true });
    expect(dry).toMatchObject({ ok: true, applied: false, errorCount: 0, rows: 9, counts: { created: 9, updated: 0, unchanged: 0 } });
    if (!dry.ok) return;
    expect(dry.flags).toEqual(
      expect.arrayContaining([
        { indicatorCode: 'SSO-2025-003 · 2026-Q4 · 1.1.1-BEN', flags: expect.arrayContaining(['negative']) },
        { indicatorCode: 'SSO-2025-003 · 2026-Q4 · 1.1.2-SAT', flags: expect.arrayContaining(['numerator_gt_denominator']) },
      ]),
    );
    expect(await realTables()).toEqual(before);
    expect(await stagingTables()).toBe(0);
  });

  it('the apply shows the same flags the dry run showed', async () => {
    const bytes = await writeBulkSheet(header, sheet(-3, [12, 10]));
    const dry = await importBulkSheet(h.db, analyst, bytes, { dryRun: true });
    const done = await importBulkSheet(h.db, analyst, bytes, { dryRun: false });
    expect(done).toMatchObject({ ok: true, applied: true, counts: { created: 9 } });
    if (!dry.ok || !done.ok) return;
    const mine = (f: typeof dry.flags) => (f ?? []).filter((x) => x.indicatorCode.startsWith('SSO-2025-003 · 2026-Q4'));
    expect(mine(done.flags)).toEqual(mine(dry.flags));
    // The fixed file clears the flags in the dry run already.
    const fixed = await importBulkSheet(h.db, analyst, await writeBulkSheet(header, sheet(3, [8, 10])), { dryRun: true });
    expect(fixed).toMatchObject({ ok: true, counts: { created: 0, updated: 2, unchanged: 7 } });
    if (fixed.ok) expect(mine(fixed.flags).flatMap((f) => f.flags)).not.toContain('negative');
  });

  it('re-importing the same file changes nothing: all unchanged, no row rewritten', async () => {
    const bytes = await writeBulkSheet(header, sheet(4));
    await importBulkSheet(h.db, analyst, bytes, { dryRun: false });
    const before = await realTables();
    const again = await importBulkSheet(h.db, analyst, bytes, { dryRun: false });
    expect(again).toMatchObject({ ok: true, applied: true, errorCount: 0, counts: { created: 0, updated: 0, unchanged: 9 } });
    expect(await realTables()).toEqual(before);
    const dry = await importBulkSheet(h.db, analyst, bytes, { dryRun: true });
    expect(dry).toMatchObject({ ok: true, counts: { created: 0, updated: 0, unchanged: 9 } });
  });

  it('refuses unknown codes, cells outside the grid, missing numbers and duplicates by cell, in row order, and writes nothing', async () => {
    const before = await realTables();
    const rows: Row[] = [
      ['SSO-2025-003', 'NOPE', '2026-Q4', null, null, null, null, 1, null, null],
      ['SSO-2025-003', '1.1.1-BEN', '2031-Q1', null, null, null, null, 1, null, null],
      ['SSO-2025-003', '1.1.1-BEN', '2026-Q4', 'x', '0-17', null, null, 1, null, null],
      ['SSO-2025-003', '1.1.1-BEN', '2026-Q4', 'f', null, null, null, 1, null, null],
      ['SSO-2025-003', '1.1.1-BEN', '2026-Q4', 'f', '0-17', null, null, null, null, null],
      ['SSO-2025-003', '1.1.2-SAT', '2026-Q4', null, null, null, null, 7, null, null],
      ['SSO-2025-003', '1.1.1-BEN', '2026-Q4', 'm', '60+', null, null, 2, null, null],
      ['SSO-2025-003', '1.1.1-BEN', '2026-Q4', 'Male', '60+', null, null, 3, null, null],
      ['SSO-2025-003', '1.1.1-BEN', '2026-Q4', 'm', '18-34', null, null, 'many', null, null],
    ];
    const res = await importBulkSheet(h.db, analyst, await writeBulkSheet(header, rows), { dryRun: false });
    expect(res).toMatchObject({ ok: true, applied: false, errorCount: 8, rows: 9 });
    if (res.ok) {
      expect(res.errors.map((e) => [e.cell, e.messageKey, e.params?.value])).toEqual([
        ['B2', 'results:bulk.unknownIndicator', 'NOPE'],
        ['C3', 'results:bulk.unknownPeriod', '2031-Q1'],
        ['D4', 'results:bulk.unknownCategory', 'x'],
        ['D5', 'results:bulk.notInGrid', 'sex=f'],
        ['H6', 'results:bulk.needValue', undefined],
        ['I7', 'results:bulk.needFraction', undefined],
        ['A9', 'results:bulk.duplicate', undefined],
        ['H10', 'results:excel.notNumber', 'many'],
      ]);
      expect(res.errors.every((e) => e.sheet === 'data')).toBe(true);
      // The valid row is counted, not written.
      expect(res.counts.created + res.counts.updated + res.counts.unchanged).toBe(1);
    }
    expect(await realTables()).toEqual(before);
    expect(await stagingTables()).toBe(0);
  });

  it('flags computed a project at a time (bounded memory) are the flags computed at once', async () => {
    const ids = (await h.db.selectFrom('report').select('id').execute()).map((r) => r.id);
    const key = (f: { report_id: string; indicator_id: string; flags: string[] }) => `${f.report_id}|${f.indicator_id}|${[...f.flags].sort().join(',')}`;
    const whole = (await computeFlags(h.db, ids, { projectsPerPass: 1000 })).map(key).sort();
    const byProject = (await computeFlags(h.db, ids, { projectsPerPass: 1 })).map(key).sort();
    expect(whole.length).toBeGreaterThan(10);
    expect(whole.some((k) => !k.endsWith('|'))).toBe(true);
    expect(byProject).toEqual(whole);
  });

  it('an aborted read drops its staging table and writes nothing', async () => {
    const before = await realTables();
    const many: Row[] = Array.from({ length: 30_000 }, () => sheet(5)[0]!);
    const ctrl = new AbortController();
    const run = importBulkSheet(h.db, analyst, await writeBulkSheet(header, many), { dryRun: false, signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 50);
    await expect(run).rejects.toThrow();
    expect(await realTables()).toEqual(before);
    expect(await stagingTables()).toBe(0);
  });
});
