import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import { listAuditLog } from './audit.ts';
import { createProject, getProjectForActor, listProjectsForActor } from './results-projects.ts';
import { addFrameworkNode, listFramework, listIndicatorRevisions, listIndicators, saveIndicator, signProject } from './results-framework.ts';
import { addEvidence, addReportComment, getReportByPeriod, getReportForActor, loadReport, saveReportValues, setFollowUp, transitionReport, upsertValues } from './results-reports.ts';
import { databaseStorage } from './storage.ts';
import { aggregateIndicators, projectTracking } from './results-tracking.ts';
import type { IndicatorInput } from '@kamkor/domain';

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return `${e.code}:${e.messageKey}`;
    throw e;
  }
  return 'ok';
};

describe.each(testEngines)('results frameworks and reports (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['admin', 'officer', 'naryn', 'ngo', 'ngo2', 'municipal', 'analyst']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
  });
  afterAll(() => h.close());

  const projectId = async (c: string) => (await h.db.selectFrom('project').select('id').where('code', '=', c).executeTakeFirstOrThrow()).id;

  it('seeds ten projects with reports in every status (and two finished ones of the monitoring seed)', async () => {
    const all = await listProjectsForActor(h.db, actors.officer!);
    // Ten 2025 contracts (seed/results.ts), two finished 2024 ones (seed/monitoring.ts); the 2027 competition's contracts come on top.
    expect(all.filter((p) => p.code.startsWith('SSO-2025-'))).toHaveLength(10);
    expect(all.filter((p) => p.code.startsWith('SSO-2024-'))).toHaveLength(2);
    const statuses = await h.db.selectFrom('report').select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['approved', 'draft', 'resubmitted', 'returned', 'submitted']);
  });

  it('lists projects by role: an NGO its own, a territorial officer its territory, others nothing', async () => {
    expect((await listProjectsForActor(h.db, actors.ngo!)).map((p) => p.code)).toEqual(['SSO-2025-001', 'SSO-2025-002']);
    expect((await listProjectsForActor(h.db, actors.ngo2!)).map((p) => p.code)).toEqual(['SSO-2025-003', 'SSO-2025-004']);
    expect((await listProjectsForActor(h.db, actors.naryn!)).map((p) => p.code)).toEqual(['SSO-2025-001', 'SSO-2025-002']);
    expect(await listProjectsForActor(h.db, actors.municipal!)).toEqual([]);
    expect(await code(getProjectForActor(h.db, actors.ngo2!, await projectId('SSO-2025-001')))).toBe('NOT_FOUND:errors.notFound');
    expect(await code(getProjectForActor(h.db, null, await projectId('SSO-2025-001')))).toBe('NOT_FOUND:errors.notFound');
  });

  it('lets an officer register a contract by hand, with its reporting periods; NGOs cannot', async () => {
    const orgs = await h.db.selectFrom('organisation').select(['id', 'name_en']).execute();
    const ngo1 = orgs.find((o) => o.name_en.startsWith('Umut'))!.id;
    const ministry = orgs.find((o) => o.name_en.startsWith('Ministry'))!.id;
    const input = {
      code: 'LEGACY-2024-7', name_ky: 'Эски келишим', name_ru: 'Старый договор', name_en: 'Legacy contract',
      contractorId: ngo1, customerId: ministry, amount: 50_000_000, startDate: '2025-02-15', endDate: '2025-12-31',
      frequency: 'quarterly' as const, territories: ['41704245000000'], signed: false,
    };
    expect(await code(createProject(h.db, actors.ngo!, input))).toBe('NOT_FOUND:errors.notFound');
    const id = await createProject(h.db, actors.officer!, input);
    const reports = await h.db.selectFrom('report').select(['period_key', 'period_start', 'due_date']).where('project_id', '=', id).orderBy('period_start').execute();
    expect(reports.map((r) => r.period_key)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(reports[0]).toMatchObject({ period_start: '2025-02-15', due_date: '2025-04-15' });
    expect(await code(createProject(h.db, actors.officer!, input))).toBe('CONFLICT:results:errors.codeTaken');

    // Framework numbering and levels.
    const goal = await addFrameworkNode(h.db, actors.officer!, id, { parentId: null, level: 'goal', name_ky: 'Максат', name_ru: 'Цель', name_en: null, assumptions: null });
    const r1 = await addFrameworkNode(h.db, actors.officer!, id, { parentId: goal, level: 'result', name_ky: 'Н1', name_ru: 'Р1', name_en: null, assumptions: 'Assumption' });
    const r2 = await addFrameworkNode(h.db, actors.officer!, id, { parentId: goal, level: 'result', name_ky: 'Н2', name_ru: 'Р2', name_en: null, assumptions: null });
    const out = await addFrameworkNode(h.db, actors.officer!, id, { parentId: r2, level: 'output', name_ky: 'Ч', name_ru: 'П', name_en: null, assumptions: null });
    expect(await code(addFrameworkNode(h.db, actors.officer!, id, { parentId: goal, level: 'output', name_ky: 'x', name_ru: 'x', name_en: null, assumptions: null }))).toBe('INVALID:results:errors.level');
    expect(await code(addFrameworkNode(h.db, actors.ngo2!, id, { parentId: null, level: 'goal', name_ky: 'x', name_ru: 'x', name_en: null, assumptions: null }))).toBe('NOT_FOUND:errors.notFound');
    const fw = await listFramework(h.db, id);
    expect(fw.map((n) => [n.id, n.number])).toEqual([[goal, '1'], [r1, '1.1'], [r2, '1.2'], [out, '1.2.1']]);

    // Passport, signing, reasoned revision.
    const passport: IndicatorInput = {
      nodeId: out, code: 'X1', name_ky: 'Саны', name_ru: 'Число', name_en: 'Count', definition_ky: null, definition_ru: null, definition_en: null,
      unit: 'people', type: 'number', direction: 'increase', cumulativeMode: 'per_period', disaggregations: ['sex'], dataSource: null,
      verification: null, collectionMethod: null, frequency: 'quarterly', responsible: null, baselineNa: true, baselineValue: null,
      baselineDate: null, lopTarget: 100, minValue: 0, maxValue: null, programIndicatorId: null, reason: null,
    };
    const ind = await saveIndicator(h.db, actors.officer!, id, null, passport, { '2025-Q1': 20, '2025-Q2': 30 });
    await signProject(h.db, actors.officer!, id);
    expect(await code(saveIndicator(h.db, actors.officer!, id, ind, { ...passport, lopTarget: 120 }, { '2025-Q1': 25 }))).toBe('INVALID:results:errors.reasonRequired');
    await saveIndicator(h.db, actors.officer!, id, ind, { ...passport, lopTarget: 120, reason: 'Mid-term review' }, { '2025-Q1': 25, '2025-Q2': 30 });
    const revs = await listIndicatorRevisions(h.db, ind);
    expect(revs.map((r) => [r.revision, r.snapshot.lopTarget, r.snapshot.targets['2025-Q1'], r.reason])).toEqual([
      [0, 100, 20, null],
      [1, 120, 25, 'Mid-term review'],
    ]);
    const audit = await listAuditLog(h.db, { entity: 'indicator', entityId: ind });
    expect(audit[0]).toMatchObject({ action: 'revise', reason: 'Mid-term review' });
    // Tracking "as approved" uses revision 0 targets.
    const asApproved = await projectTracking(h.db, id, { targets: 'approved' });
    expect(asApproved.rows[0]!.cells[0]!.target).toBe(20);
    const asRevised = await projectTracking(h.db, id, { targets: 'revised' });
    expect(asRevised.rows[0]!.cells[0]!.target).toBe(25);
  });

  it('runs the report workflow with flags, return with comment, approval lock and audited unlock', async () => {
    const pid = await projectId('SSO-2025-001');
    const report = await getReportByPeriod(h.db, pid, '2026-Q4');
    expect(report.status).toBe('draft');
    const data = await loadReport(h.db, report.id);
    const ben = data.indicators.find((i) => i.code.endsWith('BEN'))!;
    const grid = data.grids.get(ben.id)!;
    expect(grid).toHaveLength(8);

    // Another NGO can neither read nor write this report; an officer cannot write values.
    expect(await code(getReportForActor(h.db, actors.ngo2!, report.id))).toBe('NOT_FOUND:errors.notFound');
    expect(await code(saveReportValues(h.db, actors.ngo2!, report.id, { values: [] }))).toBe('NOT_FOUND:errors.notFound');
    expect(await code(saveReportValues(h.db, actors.officer!, report.id, { values: [] }))).toBe('NOT_FOUND:errors.notFound');

    // Cells without a total: the total is computed (sum of the cells).
    const cells = grid.map((g, k) => ({ indicatorId: ben.id, cellKey: g.key, value: k === 0 ? 500 : 6, numerator: null, denominator: null }));
    const counts = await saveReportValues(h.db, actors.ngo!, report.id, { values: cells });
    expect(counts.created).toBe(9);
    let loaded = await loadReport(h.db, report.id);
    expect(loaded.values.find((v) => v.indicatorId === ben.id && v.cellKey === '')!.value).toBe(542);
    expect(loaded.states.get(ben.id)!.flags).toContain('over_target');

    // Saving the same again changes nothing.
    const again = await saveReportValues(h.db, actors.ngo!, report.id, { values: cells });
    expect(again).toEqual({ created: 0, updated: 0, unchanged: 8 + 0 + 1 });

    // A flagged value needs an explanation before submission.
    expect(await code(transitionReport(h.db, actors.ngo!, report.id, 'submit'))).toBe('INVALID:results:errors.flagNeedsComment');
    await saveReportValues(h.db, actors.ngo!, report.id, { values: [], explanations: { [ben.id]: 'Mass event in December' } });
    expect(await code(transitionReport(h.db, actors.ngo2!, report.id, 'submit'))).toBe('NOT_FOUND:errors.notFound');
    expect(await transitionReport(h.db, actors.ngo!, report.id, 'submit')).toBe('submitted');
    expect(await code(saveReportValues(h.db, actors.ngo!, report.id, { values: cells }))).toBe('CONFLICT:results:errors.inReview');

    // Review: NGOs cannot approve; another territory's officer cannot; return needs a comment.
    expect(await code(transitionReport(h.db, actors.ngo!, report.id, 'approve'))).toBe('NOT_FOUND:errors.notFound');
    expect(await code(transitionReport(h.db, actors.ngo2!, report.id, 'approve'))).toBe('NOT_FOUND:errors.notFound');
    expect(await code(transitionReport(h.db, actors.officer!, report.id, 'return'))).toBe('INVALID:results:errors.commentRequired');
    expect(await transitionReport(h.db, actors.officer!, report.id, 'return', { comment: 'The 0–17 girls figure looks wrong', indicatorId: ben.id })).toBe('returned');
    loaded = await loadReport(h.db, report.id);
    expect(loaded.comments.map((c) => [c.indicator_id, c.body])).toEqual([[ben.id, 'The 0–17 girls figure looks wrong']]);

    // The NGO fixes the value and resubmits; the flag is gone.
    await saveReportValues(h.db, actors.ngo!, report.id, { values: [{ ...cells[0]!, value: 6 }, { indicatorId: ben.id, cellKey: '', value: null, numerator: null, denominator: null }] });
    loaded = await loadReport(h.db, report.id);
    expect(loaded.values.find((v) => v.indicatorId === ben.id && v.cellKey === '')!.value).toBe(48);
    expect(loaded.states.get(ben.id)!.flags).toEqual([]);
    expect(await transitionReport(h.db, actors.ngo!, report.id, 'submit')).toBe('resubmitted');

    // The Naryn territorial officer may approve a project in Naryn.
    expect(await transitionReport(h.db, actors.naryn!, report.id, 'approve')).toBe('approved');

    // Approved periods reject edits and re-submission.
    expect(await code(saveReportValues(h.db, actors.ngo!, report.id, { values: cells }))).toBe('CONFLICT:results:errors.locked');
    expect(await code(transitionReport(h.db, actors.ngo!, report.id, 'submit'))).toBe('CONFLICT:results:errors.locked');

    // Unlocking: only an admin, only with a reason, audited.
    expect(await code(transitionReport(h.db, actors.officer!, report.id, 'unlock', { reason: 'x' }))).toBe('NOT_FOUND:errors.notFound');
    expect(await code(transitionReport(h.db, actors.admin!, report.id, 'unlock'))).toBe('INVALID:results:errors.reasonRequired');
    expect(await transitionReport(h.db, actors.admin!, report.id, 'unlock', { reason: 'Typo in the December figure' })).toBe('returned');
    const audit = await listAuditLog(h.db, { entity: 'report', entityId: report.id });
    expect(audit.map((a) => a.action)).toEqual(['report.unlock', 'report.approve', 'report.submit', 'report.return', 'report.submit']);
    expect(audit[0]!.reason).toBe('Typo in the December figure');
  });

  it('the Naryn officer cannot review a project in Osh', async () => {
    const report = await getReportByPeriod(h.db, await projectId('SSO-2025-003'), '2026-Q2');
    expect(report.status).toBe('resubmitted');
    expect(await code(transitionReport(h.db, actors.naryn!, report.id, 'approve'))).toBe('NOT_FOUND:errors.notFound');
    expect(await code(getReportForActor(h.db, actors.naryn!, report.id))).toBe('NOT_FOUND:errors.notFound');
  });

  it('tracks targets, actuals and % by period; percentages pool numerators and denominators', async () => {
    const pid = await projectId('SSO-2025-003');
    const t = await projectTracking(h.db, pid);
    const sat = t.rows.find((r) => r.indicator.code.endsWith('SAT'))!;
    const q1 = sat.cells[0]!;
    expect(q1.actual!.numerator! / q1.actual!.denominator!).toBeCloseTo(q1.actualValue! / 100, 9);
    // Cumulative = Σn / Σd over approved periods (2026-Q2 is resubmitted, not counted).
    const approved = sat.cells.filter((c) => ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1'].includes(c.periodKey));
    const n = approved.reduce((s, c) => s + c.actual!.numerator!, 0);
    const d = approved.reduce((s, c) => s + c.actual!.denominator!, 0);
    const q2 = sat.cells.find((c) => c.periodKey === '2026-Q2')!;
    expect(q2.actual).toBeNull();
    expect(q2.cumulativeActualValue).toBeCloseTo((100 * n) / d, 9);

    // Program aggregation over the SAT indicators of all projects: Σn / Σd across projects.
    const sats = (await h.db.selectFrom('indicator').select('id').where('code', 'like', '%SAT').execute()).map((r) => r.id);
    const agg = await aggregateIndicators(h.db, sats);
    const totals = agg.projects.map((p) => p.cumulative!);
    const pooled = (100 * totals.reduce((s, m) => s + m.numerator!, 0)) / totals.reduce((s, m) => s + m.denominator!, 0);
    expect(agg.actualValue).toBeCloseTo(pooled, 9);
    expect(agg.target).toBeCloseTo(80, 9);
  });

  it('upserts values idempotently in bulk', async () => {
    const pid = await projectId('SSO-2025-010');
    const report = await getReportByPeriod(h.db, pid, '2026-Q4');
    const inds = await listIndicators(h.db, { projectId: pid });
    const rows = inds.map((i) => ({ indicatorId: i.id, cellKey: '', value: 1, numerator: null, denominator: null }));
    expect(await upsertValues(h.db, () => report.id, rows, null)).toEqual({ created: 5, updated: 0, unchanged: 0 });
    expect(await upsertValues(h.db, () => report.id, rows, null)).toEqual({ created: 0, updated: 0, unchanged: 5 });
    expect(await upsertValues(h.db, () => report.id, rows.map((r) => ({ ...r, value: 2 })), null)).toEqual({ created: 0, updated: 5, unchanged: 0 });
  });

  it('evidence, comments and follow-up marks respect the same boundaries', async () => {
    const mine = await getReportByPeriod(h.db, await projectId('SSO-2025-002'), '2026-Q4');
    const locked = await getReportByPeriod(h.db, await projectId('SSO-2025-002'), '2025-Q1');
    const fileId = await databaseStorage(h.db).put({ fileName: 'list.pdf', contentType: 'application/pdf', data: new Uint8Array([1, 2, 3]), createdBy: null });
    expect(await code(addEvidence(h.db, actors.ngo2!, mine.id, { indicatorId: null, fileId }))).toBe('NOT_FOUND:errors.notFound');
    expect(await code(addEvidence(h.db, actors.ngo!, locked.id, { indicatorId: null, fileId }))).toBe('CONFLICT:results:errors.locked');
    const foreignIndicator = (await h.db.selectFrom('indicator').select('id').where('project_id', '=', await projectId('SSO-2025-003')).executeTakeFirstOrThrow()).id;
    expect(await code(addEvidence(h.db, actors.ngo!, mine.id, { indicatorId: foreignIndicator, fileId }))).toBe('INVALID:results:errors.unknownCell');
    await addEvidence(h.db, actors.ngo!, mine.id, { indicatorId: null, fileId });
    expect((await loadReport(h.db, mine.id)).evidence.map((e) => e.file_name)).toEqual(['list.pdf']);
    expect(await code(addReportComment(h.db, actors.ngo2!, mine.id, { indicatorId: null, body: 'x' }))).toBe('NOT_FOUND:errors.notFound');
    expect(await code(addReportComment(h.db, actors.analyst!, mine.id, { indicatorId: null, body: 'x' }))).toBe('NOT_FOUND:errors.notFound');
    await addReportComment(h.db, actors.naryn!, mine.id, { indicatorId: null, body: 'Visit planned' });
    expect(await code(setFollowUp(h.db, actors.ngo!, mine.id, foreignIndicator, true))).toBe('NOT_FOUND:errors.notFound');
  });
});
