import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, TOTAL_CELL, bishkekDay, cellCounts, groupByUnit, parseExplorerState, pivot, poolFacts, publishedProgramStatuses, reportTimeliness, type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import { listAuditLog } from './audit.ts';
import { deleteExplorerView, exploreIndicatorValues, explorePublished, listExplorerOptions, listSavedViewsForActor, loadSuccessorMap, saveExplorerView } from './analytics-explorer.ts';

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'ok';
};
const state = (q: string) => parseExplorerState(new URLSearchParams(q));

describe.each(testEngines)('analytics explorer (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  const projectIds: Record<string, string> = {};
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'naryn', 'ngo', 'ngo2', 'municipal', 'analyst', 'commission']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
    for (const p of await h.db.selectFrom('project').select(['id', 'code']).execute()) projectIds[p.code] = p.id;
  }, 120_000);
  afterAll(() => h.close());

  /** The facts of the approved reports read row by row, pooled in JS: the reference the SQL must equal. */
  async function reference(filter: (f: { projectId: string; periodKey: string }) => boolean = () => true) {
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
    return poolFacts(
      rows
        .map((r) => ({ projectId: r.project_id, periodKey: r.period_key, type: r.type, direction: r.direction, value: num(r.value), numerator: num(r.numerator), denominator: num(r.denominator), target: num(r.target) }))
        .filter(filter),
    );
  }

  it('pools the grand total and each cell in SQL exactly as the domain arithmetic does', async () => {
    const res = await exploreIndicatorValues(h.db, actors.analyst!, state('rows=project&cols=period'), 'en');
    const t = pivot(res.groups);
    expect(res.truncated).toBe(false);
    const ref = await reference();
    expect(ref.projects).toBeGreaterThan(0);
    const total = t.cell(null, null)!;
    expect(total.projects).toBe(ref.projects);
    expect(total.actual).toBeCloseTo(ref.actual!, 6);
    expect(total.target ?? null).toEqual(ref.target == null ? null : expect.closeTo(ref.target, 6));
    if (ref.achieved == null) expect(total.achieved).toBeNull();
    else expect(total.achieved).toBeCloseTo(ref.achieved, 6);
    // One cell: a project in one period.
    const someRow = t.rows[0]!;
    const someCol = t.cols.find((c) => t.cell(someRow.key, c.key))!;
    const refCell = await reference((f) => f.projectId === someRow.key && f.periodKey === someCol.key);
    expect(t.cell(someRow.key, someCol.key)!.actual).toBeCloseTo(refCell.actual!, 6);
    // Row totals are pooled over the row, not summed percentages.
    const refRow = await reference((f) => f.projectId === someRow.key);
    const rowTotal = t.cell(someRow.key, null)!;
    if (refRow.achieved == null) expect(rowTotal.achieved).toBeNull();
    else expect(rowTotal.achieved).toBeCloseTo(refRow.achieved, 6);
  });

  it('rolls territory up to the oblast', async () => {
    const t = pivot((await exploreIndicatorValues(h.db, actors.analyst!, state('rows=oblast'), 'en')).groups);
    expect(t.rows.length).toBeGreaterThan(0);
    for (const r of t.rows) if (r.key) expect(r.key).toMatch(/^417\d{2}0{9}$/);
    const sum = t.rows.reduce((s, r) => s + (t.cell(r.key, null)?.projects ?? 0), 0);
    // A project has one primary unit, so the oblasts partition the projects.
    expect(sum).toBe(t.cell(null, null)!.projects);
  });

  it('shows an NGO only its own projects and a territorial officer only its territory', async () => {
    const rowsOf = async (a: Actor, q = 'rows=project') => pivot((await exploreIndicatorValues(h.db, a, state(q), 'en')).groups).rows.map((r) => r.label).sort();
    const ngoRows = await rowsOf(actors.ngo!);
    expect(ngoRows.length).toBeGreaterThan(0);
    for (const c of ngoRows) expect(['SSO-2025-001', 'SSO-2025-002']).toContain(c);
    for (const c of await rowsOf(actors.ngo2!)) expect(['SSO-2025-003', 'SSO-2025-004']).toContain(c);
    for (const c of await rowsOf(actors.naryn!)) expect(['SSO-2025-001', 'SSO-2025-002']).toContain(c);
    // Asking for another NGO's project by filter gives nothing, not its figures.
    expect(await rowsOf(actors.ngo2!, `rows=project&project=${projectIds['SSO-2025-001']}`)).toEqual([]);
    const mun = pivot((await exploreIndicatorValues(h.db, actors.municipal!, state('rows=project'), 'en')).groups);
    expect(mun.rows).toEqual([]);
    expect(mun.cell(null, null)?.projects ?? 0).toBe(0);
  });

  it('denies (NOT_FOUND) those without an explorer scope', async () => {
    expect(await code(exploreIndicatorValues(h.db, actors.commission!, state(''), 'en'))).toBe('NOT_FOUND');
    expect(await code(exploreIndicatorValues(h.db, null, state(''), 'en'))).toBe('NOT_FOUND');
    expect(await code(listExplorerOptions(h.db, null, 'en'))).toBe('NOT_FOUND');
    expect((await listExplorerOptions(h.db, actors.ngo!, 'ru')).project.map((p) => p.label).sort()).toEqual(['SSO-2025-001', 'SSO-2025-002']);
  });

  it('filters by program year, area and service through the project\'s program line', async () => {
    const line = await h.db
      .selectFrom('program_line')
      .innerJoin('program', 'program.id', 'program_line.program_id')
      .select(['program_line.id', 'program_line.priority_area_code', 'program_line.service_code', 'program.year_from'])
      .orderBy('program.year_from')
      .executeTakeFirstOrThrow();
    await h.db.updateTable('project').set({ program_line_id: line.id }).where('id', '=', projectIds['SSO-2025-001']!).execute();
    const t = pivot((await exploreIndicatorValues(h.db, actors.analyst!, state(`rows=year&year=${line.year_from}&area=${line.priority_area_code}&service=${line.service_code}`), 'en')).groups);
    expect(t.rows.map((r) => r.key)).toEqual([String(line.year_from)]);
    expect(t.cell(null, null)!.projects).toBe(1);
    await h.db.updateTable('project').set({ program_line_id: null }).where('id', '=', projectIds['SSO-2025-001']!).execute();
  });

  it('saves a named view, audited, that only its owner may delete', async () => {
    const id = await saveExplorerView(h.db, actors.analyst!, { name: 'By oblast', query: 'rows=oblast&measure=achieved' });
    expect((await listSavedViewsForActor(h.db, actors.analyst!)).map((v) => v.name)).toContain('By oblast');
    expect(await listSavedViewsForActor(h.db, actors.officer!)).toEqual([]);
    expect(await code(deleteExplorerView(h.db, actors.officer!, id))).toBe('NOT_FOUND');
    await deleteExplorerView(h.db, actors.analyst!, id);
    const audit = await listAuditLog(h.db, { entity: 'analytics_saved_view', entityId: id });
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'delete']);
    expect(await code(saveExplorerView(h.db, actors.commission!, { name: 'x', query: '' }))).toBe('NOT_FOUND');
  });

  describe('issue 10: successors, disaggregation, budgets, contracts, competitions, reports, published', () => {
    const KUM_DOBO = '41704235825000';
    const KOCHKOR = '41704235816000';

    it('counts a project recorded in a closed aiyl aimak under its successor in the new units and under itself in the old', async () => {
      const map = await loadSuccessorMap(h.db);
      expect(map.get(KUM_DOBO)).toBe(KOCHKOR);
      const newT = pivot((await exploreIndicatorValues(h.db, actors.analyst!, state('rows=municipality&measure=achieved'), 'en')).groups);
      const oldT = pivot((await exploreIndicatorValues(h.db, actors.analyst!, state('rows=municipality&measure=achieved&territoryMode=old'), 'en')).groups);
      expect(newT.rows.map((r) => r.key)).toContain(KOCHKOR);
      expect(newT.rows.map((r) => r.key)).not.toContain(KUM_DOBO);
      expect(oldT.rows.map((r) => r.key)).toContain(KUM_DOBO);
      expect(oldT.rows.find((r) => r.key === KUM_DOBO)?.label).toBe('Kum-Dobo aiyl aimak');
      // Same facts, same totals; the merged unit's figures move, pooled, not averaged.
      expect(newT.cell(null, null)).toEqual(oldT.cell(null, null));
      expect(newT.cell(KOCHKOR, null)).toEqual(oldT.cell(KUM_DOBO, null));
      // The domain's roll-up over the raw facts gives the same pooled figure under the successor.
      const facts = await h.db
        .selectFrom('report_value as rv')
        .innerJoin('report as r', 'r.id', 'rv.report_id')
        .innerJoin('indicator as i', 'i.id', 'rv.indicator_id')
        .leftJoin('indicator_target as it', (j) => j.onRef('it.indicator_id', '=', 'i.id').onRef('it.period_key', '=', 'r.period_key'))
        .select(['r.project_id', 'i.type', 'i.direction', 'rv.value', 'rv.numerator', 'rv.denominator', 'it.target'])
        .select((eb) => eb.selectFrom('project_territory as pt').select((e) => e.fn.min('pt.admin_unit_soate').as('u')).whereRef('pt.project_id', '=', 'r.project_id').as('unit'))
        .where('rv.cell_key', '=', TOTAL_CELL)
        .where('r.status', '=', 'approved')
        .execute();
      const num = (v: unknown) => (v == null ? null : Number(v));
      const grouped = groupByUnit(
        facts.map((f) => ({ projectId: f.project_id, type: f.type, direction: f.direction, value: num(f.value), numerator: num(f.numerator), denominator: num(f.denominator), target: num(f.target), unit: f.unit as string | null })),
        (f) => f.unit, 3, 'new', map,
      );
      const ref = poolFacts(grouped.get(KOCHKOR)!);
      expect(newT.cell(KOCHKOR, null)!.achieved).toBeCloseTo(ref.achieved!, 6);
      expect(newT.cell(KOCHKOR, null)!.actual).toBeCloseTo(ref.actual!, 6);
      // Filtering by the successor finds the predecessor's project in the new units only.
      const byNew = pivot((await exploreIndicatorValues(h.db, actors.analyst!, state(`rows=project&territory=${KOCHKOR}`), 'en')).groups);
      const byOld = pivot((await exploreIndicatorValues(h.db, actors.analyst!, state(`rows=project&territory=${KOCHKOR}&territoryMode=old`), 'en')).groups);
      expect(byNew.rows.map((r) => r.label)).toContain('SSO-2025-002');
      expect(byOld.rows.map((r) => r.label)).not.toContain('SSO-2025-002');
    });

    it('pivots by sex over the disaggregated cells, each counted once', async () => {
      const t = pivot((await exploreIndicatorValues(h.db, actors.analyst!, state('rows=sex'), 'en')).groups);
      expect(t.rows.length).toBeGreaterThan(1);
      const cells = await h.db
        .selectFrom('report_value as rv')
        .innerJoin('report as r', 'r.id', 'rv.report_id')
        .innerJoin('indicator as i', 'i.id', 'rv.indicator_id')
        .select(['rv.cell_key', 'i.type', 'rv.value', 'rv.numerator'])
        .where('r.status', '=', 'approved')
        .where('rv.cell_key', '!=', TOTAL_CELL)
        .execute();
      const sumOf = (category?: string) =>
        cells.filter((c) => cellCounts(c.cell_key, ['sex'], category)).reduce((a, c) => a + Number((c.type === 'percentage' ? c.numerator : c.value) ?? 0), 0);
      expect(t.cell(null, null)!.actual).toBeCloseTo(sumOf(), 6);
      const f = t.rows.find((r) => r.key === 'f')!;
      expect(f.label).not.toBe('f');
      expect(t.cell('f', null)!.actual).toBeCloseTo(sumOf('sex=f'), 6);
      const filtered = pivot((await exploreIndicatorValues(h.db, actors.analyst!, state('rows=project&category=sex%3Df'), 'en')).groups);
      expect(filtered.cell(null, null)!.actual).toBeCloseTo(sumOf('sex=f'), 6);
      // Targets are set for totals, so a disaggregated view has no % achieved.
      expect(t.cell(null, null)!.achieved).toBeNull();
    });

    it('adds program line budgets in som; others than the ministry see only approved programs', async () => {
      const lines = await h.db.selectFrom('program_line as pl').innerJoin('program as pg', 'pg.id', 'pl.program_id').select(['pl.budget_tyiyn', 'pg.status']).execute();
      const all = lines.reduce((a, l) => a + Number(l.budget_tyiyn), 0) / 100;
      const published = lines.filter((l) => (publishedProgramStatuses as readonly string[]).includes(l.status)).reduce((a, l) => a + Number(l.budget_tyiyn), 0) / 100;
      expect(published).toBeGreaterThan(0);
      expect(published).toBeLessThan(all);
      const total = async (a: Actor | null, q: string) => pivot((a ? await exploreIndicatorValues(h.db, a, state(q), 'en') : await explorePublished(h.db, state(q), 'en')).groups).cell(null, null)?.amount ?? 0;
      expect(await total(actors.analyst!, 'dataset=budgets&rows=priority_area')).toBeCloseTo(all, 2);
      expect(await total(actors.ngo!, 'dataset=budgets&rows=priority_area')).toBeCloseTo(published, 2);
      expect(await total(null, 'dataset=budgets&rows=oblast')).toBeCloseTo(published, 2);
    });

    it('counts contracts and their amounts only within the actor\'s scope', async () => {
      const own = await h.db.selectFrom('project').select(['amount_tyiyn']).where('contractor_id', '=', actors.ngo!.memberships.find((m) => m.role === 'ngo_staff')!.organisationId).execute();
      const t = pivot((await exploreIndicatorValues(h.db, actors.ngo!, state('dataset=contracts&rows=project'), 'en')).groups);
      expect(t.cell(null, null)!.count).toBe(own.length);
      expect(t.cell(null, null)!.amount).toBeCloseTo(own.reduce((a, p) => a + Number(p.amount_tyiyn), 0) / 100, 2);
      const mun = pivot((await exploreIndicatorValues(h.db, actors.municipal!, state('dataset=contracts&rows=project'), 'en')).groups);
      expect(mun.rows).toEqual([]);
      // The public has no contracts dataset: it falls back to published budgets.
      expect((await explorePublished(h.db, state('dataset=contracts&rows=project'), 'en')).state.dataset).toBe('budgets');
    });

    it('counts competitions by status; planned ones only for the ministry', async () => {
      const comps = await h.db.selectFrom('competition').select(['status']).execute();
      const t = pivot((await exploreIndicatorValues(h.db, actors.analyst!, state('dataset=competitions&rows=status&measure=count'), 'en')).groups);
      expect(t.cell(null, null)!.count).toBe(comps.length);
      for (const r of t.rows) expect(t.cell(r.key, null)!.count).toBe(comps.filter((c) => c.status === r.key).length);
      const pub = pivot((await explorePublished(h.db, state('dataset=competitions&rows=status'), 'en')).groups);
      expect(pub.rows.map((r) => r.key)).not.toContain('planned');
      expect(pub.cell(null, null)?.count ?? 0).toBe(comps.filter((c) => c.status !== 'planned').length);
    });

    it('pools reports on time as on time ÷ due, and counts late reports, in the actor\'s scope', async () => {
      const ngoOrg = actors.ngo!.memberships.find((m) => m.role === 'ngo_staff')!.organisationId;
      const reps = await h.db
        .selectFrom('report as r')
        .innerJoin('project as p', 'p.id', 'r.project_id')
        .select(['r.due_date', 'r.first_submitted_at'])
        .where('p.contractor_id', '=', ngoOrg)
        .execute();
      const today = bishkekDay(new Date());
      const tl = reps.map((r) => reportTimeliness({ dueDate: String(r.due_date), firstSubmittedAt: r.first_submitted_at }, today));
      const due = tl.filter((x) => x.due).length;
      const onTime = tl.filter((x) => x.onTime).length;
      const t = pivot((await exploreIndicatorValues(h.db, actors.ngo!, state('dataset=reports&rows=period&cols=status&measure=count'), 'en')).groups);
      expect(t.cell(null, null)!.count).toBe(reps.length);
      expect(t.cell(null, null)!.on_time).toBeCloseTo((100 * onTime) / due, 6);
      expect(t.cell(null, null)!.late).toBe(tl.filter((x) => x.late).length);
      expect(t.cell(null, null)!.late).toBeGreaterThan(0);
    });

    it('gives the public only published aggregates: program indicators of approved reports, never a project', async () => {
      const res = await explorePublished(h.db, state('rows=project&ngo=' + actors.ngo!.memberships[0]!.organisationId), 'en');
      expect(res.state.rows).toBe('year');
      expect(res.state.ngo).toBeUndefined();
      const byIndicator = pivot((await explorePublished(h.db, state('rows=indicator&basis=reported'), 'en')).groups);
      expect(byIndicator.rows.length).toBeGreaterThan(0);
      for (const r of byIndicator.rows) expect(r.label).toMatch(/^IND-\d+ /);
      const ministry = pivot((await exploreIndicatorValues(h.db, actors.analyst!, state('rows=indicator'), 'en')).groups);
      for (const r of byIndicator.rows) expect(byIndicator.cell(r.key, null)).toEqual(ministry.cell(r.key, null));
      const pubOptions = await listExplorerOptions(h.db, null, 'en', { published: true });
      expect(pubOptions.project).toEqual([]);
      // Indicators of drafts are the ministry's working text: not offered to the public or an NGO.
      const draftIndicators = await h.db
        .selectFrom('program_indicator as pi')
        .innerJoin('program as pg', 'pg.id', 'pi.program_id')
        .select('pi.id')
        .where('pg.status', 'not in', [...publishedProgramStatuses])
        .execute();
      expect(draftIndicators.length).toBeGreaterThan(0);
      for (const o of [...pubOptions.indicator, ...(await listExplorerOptions(h.db, actors.ngo!, 'en')).indicator]) expect(draftIndicators.map((d) => d.id)).not.toContain(o.value);
      expect((await listExplorerOptions(h.db, actors.analyst!, 'en')).indicator.map((o) => o.value)).toEqual(expect.arrayContaining(draftIndicators.map((d) => d.id)));
    });
  });
});
