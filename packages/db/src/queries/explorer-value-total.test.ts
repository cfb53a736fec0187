import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOTAL_CELL, parseExplorerState, pivot, poolFacts, type Actor } from '@kamkor/domain';
import { sql } from 'kysely';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import { exploreIndicatorValues } from './analytics-explorer.ts';
import { transitionReport, upsertValues } from './results-reports.ts';

const state = (q: string) => parseExplorerState(new URLSearchParams(q));

/**
 * The explorer's summary (`explorer_value_total`, kept by triggers) must always pool what the raw
 * values pool: after a report is approved, a value is corrected and a target changes.
 */
describe.each(testEngines)('explorer value totals (%s)', (engine) => {
  let h: DatabaseHandle;
  let officer: Actor;
  let analyst: Actor;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const id = async (email: string) => (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    officer = (await findActor(h.db, await id('officer@kamkor.kg')))!;
    analyst = (await findActor(h.db, await id('analyst@kamkor.kg')))!;
  }, 120_000);
  afterAll(() => h.close());

  /** The summary as stored, and the same sums recomputed from the values, keyed by report and program indicator. */
  async function storedAndRaw() {
    const stored = await sql<{ k: string; actual: string | null; target: string | null; ach_actual: string | null; ach_target: string | null; facts: number }>`
      select report_id || ':' || coalesce(program_indicator_id::text, '-') as k, actual::text, target::text, ach_actual::text, ach_target::text, facts
      from explorer_value_total order by 1`.execute(h.db);
    const raw = await sql<{ k: string; actual: string | null; target: string | null; ach_actual: string | null; ach_target: string | null; facts: number }>`
      select rv.report_id || ':' || coalesce(i.program_indicator_id::text, '-') as k,
        sum(case when i.type = 'percentage' then rv.numerator else rv.value end)::text as actual,
        sum(case when i.type = 'percentage' then it.target * rv.denominator / 100 else it.target end)::text as target,
        sum(case when i.direction = 'increase' and (case when i.type = 'percentage' then rv.numerator else rv.value end) is not null and it.target is not null
          then (case when i.type = 'percentage' then rv.numerator else rv.value end) end)::text as ach_actual,
        sum(case when i.direction = 'increase' and (case when i.type = 'percentage' then rv.numerator else rv.value end) is not null and it.target is not null
          then (case when i.type = 'percentage' then it.target * rv.denominator / 100 else it.target end) end)::text as ach_target,
        count(*)::int as facts
      from report_value rv join report r on r.id = rv.report_id join indicator i on i.id = rv.indicator_id
      left join indicator_target it on it.indicator_id = i.id and it.period_key = r.period_key
      where rv.cell_key = ${TOTAL_CELL}
      group by 1 order by 1`.execute(h.db);
    const norm = (rows: typeof stored.rows) => rows.map((r) => ({ ...r, actual: r.actual == null ? null : Number(r.actual), target: r.target == null ? null : Number(r.target), ach_actual: r.ach_actual == null ? null : Number(r.ach_actual), ach_target: r.ach_target == null ? null : Number(r.ach_target), facts: Number(r.facts) }));
    return { stored: norm(stored.rows), raw: norm(raw.rows) };
  }

  /** The approved totals pooled in JS from the raw values (the domain's reference arithmetic). */
  async function reference() {
    const rows = await h.db
      .selectFrom('report_value as rv')
      .innerJoin('report as r', 'r.id', 'rv.report_id')
      .innerJoin('indicator as i', 'i.id', 'rv.indicator_id')
      .leftJoin('indicator_target as it', (j) => j.onRef('it.indicator_id', '=', 'i.id').onRef('it.period_key', '=', 'r.period_key'))
      .select(['r.project_id', 'r.period_key', 'i.type', 'i.direction', 'rv.value', 'rv.numerator', 'rv.denominator', 'it.target'])
      .where('rv.cell_key', '=', TOTAL_CELL)
      .where('r.status', '=', 'approved')
      .execute();
    const num = (v: string | null) => (v == null ? null : Number(v));
    return poolFacts(rows.map((r) => ({ projectId: r.project_id, periodKey: r.period_key, type: r.type, direction: r.direction, value: num(r.value), numerator: num(r.numerator), denominator: num(r.denominator), target: num(r.target) })));
  }

  async function expectExplorerEqualsReference() {
    const total = pivot((await exploreIndicatorValues(h.db, analyst, state('rows=oblast'), 'en')).groups).cell(null, null)!;
    const ref = await reference();
    expect(total.projects).toBe(ref.projects);
    expect(total.actual).toBeCloseTo(ref.actual!, 6);
    expect(total.target).toBeCloseTo(ref.target!, 6);
    expect(total.achieved).toBeCloseTo(ref.achieved!, 6);
    return total;
  }

  it('holds the demo data pooled as the values are', async () => {
    const { stored, raw } = await storedAndRaw();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).toEqual(raw);
    await expectExplorerEqualsReference();
  });

  it('agrees with the values after a report is approved, a value corrected and a target changed', async () => {
    const submitted = await h.db
      .selectFrom('report')
      .select(['id', 'project_id', 'period_key'])
      .where('status', 'in', ['submitted', 'resubmitted'])
      .where((eb) => eb.exists(eb.selectFrom('report_value').select('report_id').whereRef('report_value.report_id', '=', 'report.id')))
      .orderBy('period_key')
      .executeTakeFirstOrThrow();
    const before = await expectExplorerEqualsReference();
    expect(await transitionReport(h.db, officer, submitted.id, 'approve')).toBe('approved');
    const after = await expectExplorerEqualsReference();
    // The approved report's values now count.
    expect(after.actual).not.toBe(before.actual);

    // A correction of one of its totals (as an unlock and a resubmission would write) and a new target.
    const value = await h.db.selectFrom('report_value').innerJoin('indicator', 'indicator.id', 'report_value.indicator_id')
      .select(['report_value.indicator_id', 'report_value.value'])
      .where('report_value.report_id', '=', submitted.id).where('report_value.cell_key', '=', TOTAL_CELL).where('indicator.type', '=', 'number')
      .executeTakeFirstOrThrow();
    await upsertValues(h.db, () => submitted.id, [{ indicatorId: value.indicator_id, cellKey: TOTAL_CELL, value: Number(value.value ?? 0) + 1000, numerator: null, denominator: null }], null);
    await h.db.updateTable('indicator_target').set({ target: '777' }).where('indicator_id', '=', value.indicator_id).where('period_key', '=', submitted.period_key).execute();
    const corrected = await expectExplorerEqualsReference();
    expect(corrected.actual).toBeCloseTo(after.actual! + 1000, 6);
    const { stored, raw } = await storedAndRaw();
    expect(stored).toEqual(raw);
  });
});
