import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { listAuditLog } from './audit.ts';
import { findActor } from './people.ts';
import { addEvaluationCriteriaVersion, currentEvaluationCriteria, getEvaluationForActor, saveEvaluation } from './monitoring-evaluation.ts';
import { getPublishedAnnualReport, loadAnnualReport, setAnnualReportPublished } from './monitoring-annual-report.ts';

const TODAY = '2026-11-29';
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

describe.each(testEngines)('evaluation sheets and the annual M&E report (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  const ids: Record<string, string> = {};
  let program2026: string;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'naryn', 'ngo', 'ngo2', 'analyst', 'admin', 'municipal']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
    for (const c of ['SSO-2025-001', 'SSO-2024-011', 'SSO-2024-012']) ids[c] = (await h.db.selectFrom('project').select(['id', 'contractor_id']).where('code', '=', c).executeTakeFirstOrThrow()).id;
    // Staff of the finished projects' contractors (no demo login): ngo-3 and ngo-5.
    for (const c of ['SSO-2024-011', 'SSO-2024-012']) {
      const p = await h.db.selectFrom('project').select('contractor_id').where('code', '=', c).executeTakeFirstOrThrow();
      actors[c] = { userId: actors.ngo!.userId, memberships: [{ organisationId: p.contractor_id, organisationKind: 'ngo', role: 'ngo_staff', adminUnitSoate: null }] };
    }
    program2026 = (await h.db.selectFrom('program').select('id').where('year_from', '=', 2026).where('title', 'like', '%2026%').orderBy('created_at').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => h?.close());

  it('shows the seeded final evaluation with its totals to the officers, admins and the contractor, not to others', async () => {
    const e = await getEvaluationForActor(h.db, actors.officer!, ids['SSO-2024-011']!, TODAY);
    expect(e.evaluation?.status).toBe('final');
    expect(e.totals).toEqual({ total: 19, max: 25, percent: 76, complete: true });
    expect(e.canEdit).toBe(false);
    expect((await getEvaluationForActor(h.db, actors['SSO-2024-011']!, ids['SSO-2024-011']!, TODAY)).totals.total).toBe(19);
    expect(await code(getEvaluationForActor(h.db, actors.admin!, ids['SSO-2024-011']!, TODAY))).toBe('ok');
    for (const who of ['ngo', 'ngo2', 'naryn', 'municipal', 'analyst']) expect(await code(getEvaluationForActor(h.db, actors[who]!, ids['SSO-2024-011']!, TODAY)), who).toBe('NOT_FOUND');
    expect(await code(getEvaluationForActor(h.db, null, ids['SSO-2024-011']!, TODAY))).toBe('NOT_FOUND');
  });

  it('lets only the monitoring officers evaluate a finished project; the contractor sees it once final; final is frozen', async () => {
    const id = ids['SSO-2024-012']!;
    const scores = { relevance: { score: 4, comment: null }, plan_fulfilment: { score: 3, comment: null }, result: { score: 3, comment: 'ok' }, continuation: { score: 2, comment: null }, long_term_effect: { score: 2, comment: null } };
    for (const who of ['naryn', 'ngo', 'analyst', 'admin', 'SSO-2024-012']) {
      expect(await code(h.db.transaction().execute((trx) => saveEvaluation(trx, actors[who]!, id, TODAY, { scores, conclusion: null, finalise: false }))), who).toBe('NOT_FOUND');
    }
    await h.db.transaction().execute((trx) => saveEvaluation(trx, actors.officer!, id, TODAY, { scores, conclusion: 'Черновик', finalise: false }));
    expect(await code(getEvaluationForActor(h.db, actors['SSO-2024-012']!, id, TODAY))).toBe('NOT_FOUND');
    await h.db.transaction().execute((trx) => saveEvaluation(trx, actors.officer!, id, TODAY, { scores, conclusion: 'Итог', finalise: true }));
    const seen = await getEvaluationForActor(h.db, actors['SSO-2024-012']!, id, TODAY);
    expect(seen.evaluation).toMatchObject({ status: 'final', conclusion: 'Итог' });
    expect(seen.totals).toEqual({ total: 14, max: 25, percent: 56, complete: true });
    expect(await code(h.db.transaction().execute((trx) => saveEvaluation(trx, actors.officer!, id, TODAY, { scores, conclusion: 'again', finalise: false })))).toBe('NOT_FOUND');
    const audit = await listAuditLog(h.db, { entity: 'project_evaluation' });
    expect(audit.map((r) => r.action).slice(0, 2)).toEqual(['finalise', 'create']);
  });

  it('refuses to evaluate a project that has not finished', async () => {
    const e = await getEvaluationForActor(h.db, actors.officer!, ids['SSO-2025-001']!, TODAY);
    expect(e).toMatchObject({ finished: false, canEdit: false, evaluation: null });
    expect(await code(h.db.transaction().execute((trx) => saveEvaluation(trx, actors.officer!, ids['SSO-2025-001']!, TODAY, { scores: {}, conclusion: null, finalise: false })))).toBe('NOT_FOUND');
    // Not final: the contractor does not see it.
    expect(await code(getEvaluationForActor(h.db, actors.ngo!, ids['SSO-2025-001']!, TODAY))).toBe('NOT_FOUND');
  });

  it('generates the 2026 report with tracking, visits, recommendations (one overdue), decisions and evaluations', async () => {
    const r = await loadAnnualReport(h.db, actors.officer!, program2026, 2026, TODAY);
    expect(r.projects.map((p) => p.code)).toEqual(expect.arrayContaining(['SSO-2025-001', 'SSO-2024-011', 'SSO-2024-012']));
    expect(r.tracking.length).toBeGreaterThan(0);
    expect(r.visits.filter((v) => v.projectCode === 'SSO-2025-001').map((v) => v.status)).toEqual(['final', 'planned']);
    expect(r.recommendations.filter((x) => x.overdue)).toHaveLength(1);
    expect(r.recommendations.some((x) => x.followUpNote)).toBe(true);
    expect(r.evaluations.find((e) => e.projectCode === 'SSO-2024-011')).toMatchObject({ total: 19, max: 25, percent: 76 });
    // The beneficiary survey of 2026 (30 demo responses on SSO-2025-001): counts and shares, no typed text.
    const survey = r.surveys?.find((x) => x.formId === 'beneficiary_2026');
    expect(survey?.responses).toBe(30);
    const sex = survey!.questions.find((q) => q.name === 'sex')!;
    expect(sex.rows.reduce((n, row) => n + row.count, 0)).toBe(30);
    expect(sex.rows.find((row) => typeof row.label !== 'string' && row.label.ru?.startsWith('Муж'))?.count).toBe(10);
    expect(survey!.questions.map((q) => q.name)).not.toContain('comment');
    expect(JSON.stringify(r.surveys)).not.toContain('Зимой дорогу заносит');
    expect((await loadAnnualReport(h.db, actors.analyst!, program2026, 2026, TODAY)).year).toBe(2026);
    for (const who of ['naryn', 'ngo', 'ngo2', 'municipal']) expect(await code(loadAnnualReport(h.db, actors[who]!, program2026, 2026, TODAY)), who).toBe('NOT_FOUND');
    expect(await code(loadAnnualReport(h.db, null, program2026, 2026, TODAY))).toBe('NOT_FOUND');
  });

  it('shows the public only a published report, without officers or working notes; only the customer publishes', async () => {
    expect(await code(getPublishedAnnualReport(h.db, program2026, 2026))).toBe('NOT_FOUND');
    for (const who of ['analyst', 'naryn', 'ngo', 'admin']) {
      expect(await code(h.db.transaction().execute((trx) => setAnnualReportPublished(trx, actors[who]!, program2026, 2026, TODAY, true))), who).toBe('NOT_FOUND');
    }
    expect(await code(getPublishedAnnualReport(h.db, program2026, 2026))).toBe('NOT_FOUND');
    await h.db.transaction().execute((trx) => setAnnualReportPublished(trx, actors.officer!, program2026, 2026, TODAY, true));
    const pub = await getPublishedAnnualReport(h.db, program2026, 2026);
    expect(pub.recommendations.filter((x) => x.overdue)).toHaveLength(1);
    const text = JSON.stringify(pub);
    const officerName = (await h.db.selectFrom('app_user').select('full_name').where('email', '=', 'naryn@kamkor.kg').executeTakeFirstOrThrow()).full_name;
    expect(text).not.toContain(officerName);
    expect(text).not.toContain('Пандус заказан');
    expect(text).not.toContain('Асанова Г.');
    await h.db.transaction().execute((trx) => setAnnualReportPublished(trx, actors.officer!, program2026, 2026, TODAY, false));
    expect(await code(getPublishedAnnualReport(h.db, program2026, 2026))).toBe('NOT_FOUND');
    const audit = await listAuditLog(h.db, { entity: 'monitoring_annual_report' });
    expect(audit.map((r) => r.action).slice(0, 2)).toEqual(['withdraw', 'publish']);
  });

  it('lets only admins add a criteria version; a saved sheet keeps the version it was made on', async () => {
    const items = [
      { key: 'relevance', ky: 'Актуалдуулук', ru: 'Актуальность', en: 'Relevance', maxPoints: 10 },
      { key: 'gender', ky: 'Гендердик теңдик', ru: 'Гендерное равенство', en: 'Gender equality', maxPoints: 5 },
    ];
    for (const who of ['officer', 'naryn', 'analyst']) expect(await code(h.db.transaction().execute((trx) => addEvaluationCriteriaVersion(trx, actors[who]!, items))), who).toBe('NOT_FOUND');
    const before = await currentEvaluationCriteria(h.db);
    await h.db.transaction().execute((trx) => addEvaluationCriteriaVersion(trx, actors.admin!, items));
    const after = await currentEvaluationCriteria(h.db);
    expect(after.version).toBe(before.version + 1);
    expect(after.items).toEqual(items);
    const seeded = await getEvaluationForActor(h.db, actors.officer!, ids['SSO-2024-011']!, TODAY);
    expect(seeded.criteriaVersion).toBe(1);
    expect(seeded.totals.max).toBe(25);
    expect((await listAuditLog(h.db, { entity: 'evaluation_criteria' })).map((r) => r.action)).toEqual(['create']);
  });
});
