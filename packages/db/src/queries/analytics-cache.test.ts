import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExplorerState, pivot, type Actor } from '@kamkor/domain';
import { sql } from 'kysely';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import { exploreIndicatorValues, exploreIndicatorValuesMany, listExplorerOptions } from './analytics-explorer.ts';
import { analyticsCached, analyticsCachedMany, analyticsDataVersion, deleteExpiredAnalyticsCache } from './analytics-cache.ts';
import { transitionReport } from './results-reports.ts';

const state = (q: string) => parseExplorerState(new URLSearchParams(q));

/** The shared analytics cache (decision 022): an answer is reused until the data it reads changes. */
describe.each(testEngines)('analytics result cache (%s)', (engine) => {
  let h: DatabaseHandle;
  let officer: Actor;
  let analyst: Actor;
  let ngo: Actor;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const actor = async (email: string) => (await findActor(h.db, (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id))!;
    officer = await actor('officer@kamkor.kg');
    analyst = await actor('analyst@kamkor.kg');
    ngo = await actor('ngo@kamkor.kg');
  }, 120_000);
  afterAll(() => h.close());

  const cachedRows = async () => Number((await sql<{ n: string }>`select count(*)::text as n from analytics_cache`.execute(h.db)).rows[0]!.n);

  it('answers a repeated view from the cache, and a read does not advance the data version', async () => {
    await sql`delete from analytics_cache`.execute(h.db);
    const version = await analyticsDataVersion(h.db);
    const first = await exploreIndicatorValues(h.db, analyst, state('rows=oblast'), 'ru');
    expect(await cachedRows()).toBe(1);
    // Proof the second answer is the stored one: change the stored answer and read it back.
    await sql`update analytics_cache set result = jsonb_set(result, '{truncated}', 'true')`.execute(h.db);
    const second = await exploreIndicatorValues(h.db, analyst, state('rows=oblast'), 'ru');
    expect(second.truncated).toBe(true);
    expect(second.groups).toEqual(first.groups);
    expect(await analyticsDataVersion(h.db)).toBe(version);
  });

  it('keeps answers apart by scope and language', async () => {
    await sql`delete from analytics_cache`.execute(h.db);
    const all = pivot((await exploreIndicatorValues(h.db, analyst, state('rows=project'), 'ru')).groups).cell(null, null)!;
    const own = pivot((await exploreIndicatorValues(h.db, ngo, state('rows=project'), 'ru')).groups).cell(null, null)!;
    expect(own.projects).toBeLessThan(all.projects);
    const en = await listExplorerOptions(h.db, analyst, 'en');
    const ky = await listExplorerOptions(h.db, analyst, 'ky');
    expect(en.area[0]!.value).toBe(ky.area[0]!.value);
    expect(en.area[0]!.label).not.toBe(ky.area[0]!.label);
    expect(await cachedRows()).toBe(4);
  });

  it('answers anew after a write to a table the view reads (a report approved)', async () => {
    const before = pivot((await exploreIndicatorValues(h.db, analyst, state('rows=oblast'), 'ru')).groups).cell(null, null)!;
    const version = await analyticsDataVersion(h.db);
    const submitted = await h.db
      .selectFrom('report')
      .select('id')
      .where('status', 'in', ['submitted', 'resubmitted'])
      .where((eb) => eb.exists(eb.selectFrom('report_value').select('report_id').whereRef('report_value.report_id', '=', 'report.id')))
      .executeTakeFirstOrThrow();
    expect(await transitionReport(h.db, officer, submitted.id, 'approve')).toBe('approved');
    expect(BigInt(await analyticsDataVersion(h.db))).toBeGreaterThan(BigInt(version));
    const after = pivot((await exploreIndicatorValues(h.db, analyst, state('rows=oblast'), 'ru')).groups).cell(null, null)!;
    expect(after.actual).not.toBe(before.actual);
    // The same as computed with no cache at all.
    await sql`delete from analytics_cache`.execute(h.db);
    const fresh = pivot((await exploreIndicatorValues(h.db, analyst, state('rows=oblast'), 'ru')).groups).cell(null, null)!;
    expect(after).toEqual(fresh);
  });

  it('computes concurrent misses of one question once, and never caches inside a transaction', async () => {
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 50));
      return { n: 42 };
    };
    const answers = await Promise.all([1, 2, 3].map(() => analyticsCached(h.db, ['test', 'once'], compute)));
    expect(answers).toEqual([{ n: 42 }, { n: 42 }, { n: 42 }]);
    expect(runs).toBe(1);
    await h.db.transaction().execute(async (trx) => {
      expect(await analyticsCached(trx, ['test', 'in-transaction'], compute)).toEqual({ n: 42 });
    });
    expect(runs).toBe(2);
    expect((await sql<{ n: string }>`select count(*)::text as n from analytics_cache where result = '{"n":42}'::jsonb`.execute(h.db)).rows[0]!.n).toBe('1');
  });

  it('answers several questions from one read, in the order asked, computing only the misses', async () => {
    const computed: string[] = [];
    const ask = (name: string) => ({ what: ['test', 'many', name], compute: async () => (computed.push(name), { name }) });
    await analyticsCached(h.db, ['test', 'many', 'b'], async () => ({ name: 'b' }));
    expect(await analyticsCachedMany(h.db, [ask('a'), ask('b'), ask('c')])).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    expect(computed).toEqual(['a', 'c']);
    expect(await analyticsCachedMany(h.db, [ask('c'), ask('a')])).toEqual([{ name: 'c' }, { name: 'a' }]);
    expect(computed).toEqual(['a', 'c']);
    // The dashboard's batch and the explorer's single view share their answers.
    const states = [state('rows=oblast'), state('rows=period')];
    const many = await exploreIndicatorValuesMany(h.db, analyst, states, 'ru');
    expect(many).toEqual(await Promise.all(states.map((s) => exploreIndicatorValues(h.db, analyst, s, 'ru'))));
  });

  it('the clean-up deletes answers past their time to live', async () => {
    const rows = await cachedRows();
    expect(rows).toBeGreaterThan(0);
    await sql`update analytics_cache set created_at = now() - interval '1 hour'`.execute(h.db);
    expect(await deleteExpiredAnalyticsCache(h.db)).toBe(rows);
    expect(await cachedRows()).toBe(0);
  });
});
