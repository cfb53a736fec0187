import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationCodePattern, type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { demoCompetitionIds } from '../seed/competition.ts';
import { listAuditLog } from './audit.ts';
import { findActor } from './people.ts';
import { createCompetition, getCompetitionForActor, getPublicCompetition, listCommissionCompetitions, listCompetitionsForActor, listLinesForCompetition, transitionCompetition } from './competitions.ts';
import { createApplication, getApplicationForActor, listApplicationsForActor, reviewApplication, setApplicationSubmitted } from './competition-applications.ts';
import { createContractFromApplication } from './competition-contracts.ts';
import { saveApplicationContent } from './competition-application-content.ts';
import { declareConflicts, getProtocol, listApplicantOrganisations, listScoreSheets, saveScores, signProtocol } from './competition-scoring.ts';
import { closeScoring } from './commission.ts';

const application = { contactName: 'Айгүл', contactPhone: '+996 555 000000', inn: '02104200910123', title: 'Проект', goal: 'Цель', description: 'Описание', requested: 500_000_00 };

describe.each(testEngines)('competitions (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'ngo', 'ngo2', 'commission', 'commission2', 'secretary', 'analyst', 'municipal']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
  });
  afterAll(() => h?.close());

  it('creates a competition from a line of an approved program, refusing a lot the line cannot cover', async () => {
    const lines = await listLinesForCompetition(h.db, actors.officer!);
    expect(lines.length).toBeGreaterThan(0);
    const line2 = lines.find((l) => l.line_no === 2)!;
    expect(line2.allocated).toBe(2_000_000_00);
    const input = { lineId: line2.id, title: 'Лот', goal: 'Цель', lotBudget: 400_000_00, maxAmount: 100_000_00, opensAt: new Date(), closesAt: new Date(Date.now() + 86400_000) };
    await expect(h.db.transaction().execute((trx) => createCompetition(trx, actors.officer!, input))).rejects.toMatchObject({
      messageKey: 'competition:errors.lotOverLine',
      params: { available: 300_000_00, lotBudget: 400_000_00 },
    });
    await expect(createCompetition(h.db, actors.municipal!, { ...input, lotBudget: 100_000_00 })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    // A line of the 2027 draft program (never approved) is refused.
    const draftLine = await h.db.selectFrom('program_line').innerJoin('program', 'program.id', 'program_line.program_id').select('program_line.id').where('program.status', '=', 'draft').where('program.year_from', '=', 2027).executeTakeFirstOrThrow();
    await expect(createCompetition(h.db, actors.officer!, { ...input, lineId: draftLine.id, lotBudget: 100 })).rejects.toMatchObject({ messageKey: 'competition:errors.programNotApproved' });

    const row = await h.db.transaction().execute((trx) => createCompetition(trx, actors.officer!, { ...input, lotBudget: 300_000_00 }));
    const c = await getCompetitionForActor(h.db, actors.officer!, row.id);
    expect(c.criteria.map((k) => [k.code, k.weight])).toEqual([['importance', 30], ['participation', 20], ['sustainability', 20], ['budget', 20], ['contribution', 10]]);
    // Planned: not public, not for NGOs.
    await expect(getCompetitionForActor(h.db, actors.ngo!, row.id)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(getPublicCompetition(h.db, row.id)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    expect((await listCompetitionsForActor(h.db, actors.ngo!)).some((x) => x.id === row.id)).toBe(false);

    await expect(transitionCompetition(h.db, actors.officer!, row.id, 'accepting')).rejects.toMatchObject({ messageKey: 'competition:errors.badTransition' });
    await expect(transitionCompetition(h.db, actors.ngo!, row.id, 'announced')).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await transitionCompetition(h.db, actors.officer!, row.id, 'announced');
    expect((await getPublicCompetition(h.db, row.id)).status).toBe('announced');
    await transitionCompetition(h.db, actors.officer!, row.id, 'accepting');
    const audit = await listAuditLog(h.db, { entity: 'competition', entityId: row.id });
    expect(audit.map((a) => a.action).sort()).toEqual(['competition.accepting', 'competition.announced', 'competition.create']);
  });

  it('lets an NGO draft, submit and withdraw before the deadline only; other NGOs and the commission see nothing', async () => {
    const compId = demoCompetitionIds.accepting;
    const ngoOrg = actors.ngo!.memberships[0]!.organisationId;
    await expect(createApplication(h.db, actors.ngo!, compId, actors.ngo2!.memberships[0]!.organisationId, application)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(createApplication(h.db, actors.ngo!, compId, ngoOrg, { ...application, requested: 2_000_000_00 })).rejects.toMatchObject({ messageKey: 'competition:errors.overMax' });
    const a = await createApplication(h.db, actors.ngo!, compId, ngoOrg, application);
    expect(a.code).toMatch(applicationCodePattern);
    await expect(getApplicationForActor(h.db, actors.ngo2!, a.id)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(getApplicationForActor(h.db, actors.commission!, a.id)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    // A draft is the NGO's own: the customer does not list it yet.
    expect((await listApplicationsForActor(h.db, actors.officer!, compId)).some((x) => x.id === a.id)).toBe(false);
    expect((await listApplicationsForActor(h.db, actors.ngo2!, compId)).length).toBe(0);

    const c = await getCompetitionForActor(h.db, actors.ngo!, compId);
    const late = new Date(new Date(c.closes_at).getTime() + 1000);
    await expect(setApplicationSubmitted(h.db, actors.ngo!, a.id, true, late)).rejects.toMatchObject({
      messageKey: 'competition:errors.windowClosed',
      params: { closesAt: new Date(c.closes_at).toISOString() },
    });
    // The plan, budget and indicators a submission needs (competition-content.test.ts checks their rules).
    const content = { activities: [{ name: 'Занятия', startsOn: '2026-03-01', endsOn: '2026-06-30' }], budget: [{ item: 'Зарплата', requested: 500_000_00, own: 0, other: 0 }], indicators: [{ programIndicatorId: null, name: 'Дети', unit: 'чел.', baseline: 0, target: 30 }] };
    await saveApplicationContent(h.db, actors.ngo!, a.id, content);
    await setApplicationSubmitted(h.db, actors.ngo!, a.id, true);
    expect((await listApplicationsForActor(h.db, actors.officer!, compId)).find((x) => x.id === a.id)?.status).toBe('submitted');
    await setApplicationSubmitted(h.db, actors.ngo!, a.id, false);
    expect((await getApplicationForActor(h.db, actors.ngo!, a.id)).status).toBe('withdrawn');
    expect((await listAuditLog(h.db, { entity: 'competition_application', entityId: a.id })).length).toBe(4);
    // Eligibility is decided after the window closes.
    await expect(reviewApplication(h.db, actors.officer!, demoCompetitionIds.draftApplication, true, null)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });

  it('scores anonymously: conflicts first, no identity in the sheets, sealed until the protocol is signed', async () => {
    const compId = demoCompetitionIds.evaluating;
    expect((await listCommissionCompetitions(h.db, actors.commission!)).map((c) => c.id)).toContain(compId);
    await expect(listScoreSheets(h.db, actors.officer!, compId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(listScoreSheets(h.db, actors.ngo!, compId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    const before = await listScoreSheets(h.db, actors.commission!, compId);
    expect(before.sheets).toEqual([]);
    const orgs = await listApplicantOrganisations(h.db, actors.commission!, compId);
    expect(orgs).toHaveLength(2);
    await declareConflicts(h.db, actors.commission!, compId, []);
    const sheets = await listScoreSheets(h.db, actors.commission!, compId);
    expect(sheets.sheets.map((s) => s.code).sort()).toEqual(['A-4MHR', 'A-P9TX']);
    const identities = await h.db.selectFrom('competition_application as a').innerJoin('organisation as o', 'o.id', 'a.organisation_id').select(['o.name_ky', 'o.name_ru', 'o.name_en', 'o.inn', 'a.inn as app_inn', 'a.contact_name', 'a.contact_phone', 'a.organisation_id']).where('a.competition_id', '=', compId).execute();
    const text = JSON.stringify(sheets);
    for (const id of identities) for (const v of Object.values(id)) expect(text).not.toContain(v);

    await expect(getProtocol(h.db, actors.officer!, compId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    // The protocol is the secretary's to sign, after the chair closed scoring (issue #9).
    await expect(signProtocol(h.db, actors.officer!, compId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(signProtocol(h.db, actors.secretary!, compId)).rejects.toMatchObject({ messageKey: 'competition:errors.scoringOpen' });
    const crit = sheets.criteria;
    const pts = (v: number) => Object.fromEntries(crit.map((k) => [k.id, v]));
    await expect(saveScores(h.db, actors.commission!, compId, sheets.sheets[0]!.id, pts(11), null)).rejects.toMatchObject({ messageKey: 'competition:errors.points' });
    await expect(saveScores(h.db, actors.ngo!, compId, sheets.sheets[0]!.id, pts(5), null)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    const p9 = sheets.sheets.find((s) => s.code === 'A-P9TX')!;
    const m4 = sheets.sheets.find((s) => s.code === 'A-4MHR')!;
    await saveScores(h.db, actors.commission!, compId, p9.id, pts(9), 'Хорошо');
    await saveScores(h.db, actors.commission!, compId, m4.id, pts(6), null);
    await saveScores(h.db, actors.commission!, compId, m4.id, pts(7), null);
    expect((await listAuditLog(h.db, { entity: 'competition_application', entityId: m4.id })).filter((a) => a.action === 'score.save')).toHaveLength(2);
    // The second member gives the same points; the chair closes scoring; the secretary signs.
    await declareConflicts(h.db, actors.commission2!, compId, []);
    await saveScores(h.db, actors.commission2!, compId, p9.id, pts(9), null);
    await saveScores(h.db, actors.commission2!, compId, m4.id, pts(7), null);
    await closeScoring(h.db, actors.commission!, compId);

    const result = await h.db.transaction().execute((trx) => signProtocol(trx, actors.secretary!, compId));
    expect(result.status).toBe('awarded');
    // 760,000 + 980,000 > 2,000,000? No: both fit the 2,000,000 lot.
    expect(result.ranked.map((r) => [r.code, r.rank, r.total, r.winner])).toEqual([['A-P9TX', 1, 90, true], ['A-4MHR', 2, 70, true]]);
    const protocol = await getProtocol(h.db, actors.commission!, compId);
    expect(protocol.rows.map((r) => r.name_ru)).toHaveLength(2);
    await expect(saveScores(h.db, actors.commission!, compId, m4.id, pts(1), null)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    expect((await getPublicCompetition(h.db, compId)).winners).toHaveLength(2);
    expect((await listAuditLog(h.db, { entity: 'competition', entityId: compId })).map((a) => a.action)).toContain('competition.awarded');

    // The contract of a winner: a project of the results module, contractor ngo-1, linked to the line.
    await expect(createContractFromApplication(h.db, actors.ngo!, compId, m4.id)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    const projectId = await h.db.transaction().execute((trx) => createContractFromApplication(trx, actors.officer!, compId, m4.id));
    const project = await h.db.selectFrom('project').select(['code', 'contractor_id', 'amount_tyiyn', 'program_line_id', 'signed_at']).where('id', '=', projectId).executeTakeFirstOrThrow();
    expect(project).toMatchObject({ code: 'SSO-2026-A-4MHR', contractor_id: actors.ngo!.memberships[0]!.organisationId, amount_tyiyn: 980_000_00, signed_at: null });
    expect(project.program_line_id).not.toBeNull();
    await expect(createContractFromApplication(h.db, actors.officer!, compId, m4.id)).rejects.toMatchObject({ messageKey: 'competition:errors.contractExists' });
  });
});
