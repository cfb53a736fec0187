import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintDeadline, type Actor } from '@kamkor/domain';
import { ocdsProblems } from '@kamkor/domain/testing/ocds-validate';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { demoCompetitionIds } from '../seed/competition.ts';
import { demoResultsIds } from '../seed/competition-results.ts';
import { listAuditLog } from './audit.ts';
import { findActor } from './people.ts';
import { createCompetition, listLinesForCompetition } from './competitions.ts';
import { answerComplaint, fileComplaint, getComplaintsForActor, setComplaintDays } from './competition-complaints.ts';
import { getPublicResults, listPublicCompetitions, ocdsPackage } from './competition-public.ts';

const C3 = demoResultsIds.awarded;
const text = 'Просим проверить подсчёт: итоговый балл по критерию участия не совпадает с листами.';

describe.each(testEngines)('competition complaints, public results and OCDS (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  let identities: string[] = [];
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'ngo', 'ngo2', 'commission', 'commission2', 'secretary', 'municipal']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
    // Every identifying value of the applicants of the round under evaluation (C2).
    const rows = await h.db
      .selectFrom('competition_application as a')
      .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
      .select(['o.name_ky', 'o.name_ru', 'o.name_en', 'o.inn', 'o.address', 'o.contacts', 'a.inn as app_inn', 'a.contact_name', 'a.contact_phone', 'a.organisation_id'])
      .where('a.competition_id', '=', demoCompetitionIds.evaluating)
      .execute();
    identities = [...new Set(rows.flatMap((r) => Object.values(r)).filter((v): v is string => typeof v === 'string' && v.length >= 4))];
  });
  afterAll(() => h?.close());

  it('lists public competitions with named columns and no applicant; drafts are not listed', async () => {
    const list = await listPublicCompetitions(h.db);
    const ids = list.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([demoCompetitionIds.accepting, demoCompetitionIds.evaluating, C3]));
    expect(Object.keys(list[0]!).sort()).toEqual(['closes_at', 'customer_name_en', 'customer_name_ky', 'customer_name_ru', 'id', 'lot_budget_tyiyn', 'opens_at', 'protocol_signed_at', 'status', 'title']);
    const line = (await listLinesForCompetition(h.db, actors.officer!)).find((l) => l.line_no === 4)!;
    const planned = await createCompetition(h.db, actors.officer!, { lineId: line.id, title: 'Черновик', goal: 'Цель', lotBudget: 100_000_00, maxAmount: 50_000_00, opensAt: new Date(), closesAt: new Date(Date.now() + 86400_000) });
    expect((await listPublicCompetitions(h.db)).some((c) => c.id === planned.id)).toBe(false);
    await expect(ocdsPackage(h.db, { id: planned.id }, 'x')).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(getPublicResults(h.db, planned.id)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });

  it('publishes the results: winners ranked with amounts and totals, complaints with their outcomes (not their text)', async () => {
    const r = await getPublicResults(h.db, C3);
    expect(r.published).toBe(true);
    expect(r.winners.map((w) => [w.rank, w.code, w.total, w.requested_tyiyn, w.name_ru])).toEqual([
      [1, 'A-N7RK', 87, 980_000_00, 'НКО «Кайрымдуулук»'],
      [2, 'A-D3FW', 79, 900_000_00, 'Общественное объединение «Женская инициатива»'],
    ]);
    expect(r.complaints).toEqual([expect.objectContaining({ code: 'A-Q8MZ', status: 'rejected', changed_decision: null })]);
    expect(JSON.stringify(r)).not.toContain('Просим пересмотреть');
    // Before the protocol is signed: nothing, and no identity.
    const before = await getPublicResults(h.db, demoCompetitionIds.evaluating);
    expect(before).toMatchObject({ published: false, winners: [], complaints: [] });
  });

  it('takes a complaint within the period from the applicant only, once; the commission (chair or secretary) answers; all audited and published', async () => {
    // ngo-1's application was refused at eligibility: it may complain.
    const ngo1App = demoResultsIds.ineligible;
    // Not the applicant: another NGO, the commission, the officer.
    await expect(fileComplaint(h.db, actors.ngo2!, C3, { applicationId: ngo1App, text })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(fileComplaint(h.db, actors.commission!, C3, { applicationId: ngo1App, text })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(fileComplaint(h.db, actors.officer!, C3, { applicationId: ngo1App, text })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(fileComplaint(h.db, actors.secretary!, C3, { applicationId: ngo1App, text })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    // ngo-2 has already complained about its application.
    await expect(fileComplaint(h.db, actors.ngo2!, C3, { applicationId: demoResultsIds.notAwarded, text })).rejects.toMatchObject({ messageKey: 'competition:complaint.errors.exists' });
    // After the period: refused with the last day (Bishkek).
    const signed = (await h.db.selectFrom('competition').select(['protocol_signed_at', 'complaint_days']).where('id', '=', C3).executeTakeFirstOrThrow());
    const { lastDay, closesAt } = complaintDeadline(signed.protocol_signed_at!, signed.complaint_days);
    await expect(fileComplaint(h.db, actors.ngo!, C3, { applicationId: ngo1App, text }, closesAt)).rejects.toMatchObject({ messageKey: 'competition:complaint.errors.closed', params: { lastDay } });
    // Before publication: refused.
    await expect(fileComplaint(h.db, actors.ngo!, demoCompetitionIds.evaluating, { applicationId: demoCompetitionIds.admittedApplication, text })).rejects.toMatchObject({ messageKey: 'competition:complaint.errors.notPublished' });

    const view = await getComplaintsForActor(h.db, actors.ngo!, C3);
    expect(view.window?.open).toBe(true);
    expect(view.eligible.map((a) => a.code)).toEqual(['A-H5TB']);
    const id = await h.db.transaction().execute((trx) => fileComplaint(trx, actors.ngo!, C3, { applicationId: ngo1App, text }, new Date(closesAt.getTime() - 1000)));
    expect((await getComplaintsForActor(h.db, actors.ngo!, C3)).eligible).toEqual([]);
    // Each NGO sees its own complaints only; the commission's chair and secretary all (and answer the pending
    // one); the customer's officer all, without answering; a member off this commission none.
    expect((await getComplaintsForActor(h.db, actors.ngo!, C3)).complaints.map((k) => k.code)).toEqual(['A-H5TB']);
    expect((await getComplaintsForActor(h.db, actors.ngo2!, C3)).complaints.map((k) => k.code)).toEqual(['A-Q8MZ']);
    expect((await getComplaintsForActor(h.db, actors.commission2!, C3)).complaints).toEqual([]);
    for (const who of ['commission', 'secretary']) {
      expect((await getComplaintsForActor(h.db, actors[who]!, C3)).complaints.map((k) => [k.code, k.canAnswer]), who).toEqual([['A-Q8MZ', false], ['A-H5TB', true]]);
    }
    const officerView = await getComplaintsForActor(h.db, actors.officer!, C3);
    expect(officerView.complaints.map((k) => [k.code, k.canAnswer])).toEqual([['A-Q8MZ', false], ['A-H5TB', false]]);

    const answer = { complaintId: id, outcome: 'upheld' as const, reasons: 'Справка об отсутствии задолженности была приложена к заявке; отказ в допуске ошибочен.', changedDecision: 'Заявка A-H5TB признана допустимой; по сумме баллов она не входит в число победителей, состав победителей не изменился.' };
    await expect(answerComplaint(h.db, actors.ngo!, C3, answer)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(answerComplaint(h.db, actors.commission2!, C3, answer)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(answerComplaint(h.db, actors.officer!, C3, answer)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(answerComplaint(h.db, actors.municipal!, C3, answer)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await h.db.transaction().execute((trx) => answerComplaint(trx, actors.secretary!, C3, answer));
    // Once: the chair gets "already answered", the officer still a 404.
    await expect(answerComplaint(h.db, actors.commission!, C3, { ...answer, outcome: 'rejected', changedDecision: null })).rejects.toMatchObject({ messageKey: 'competition:complaint.errors.answered' });
    await expect(answerComplaint(h.db, actors.officer!, C3, { ...answer, outcome: 'rejected', changedDecision: null })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    const audit = await listAuditLog(h.db, { entity: 'competition_complaint', entityId: id });
    expect(audit.map((a) => a.action).sort()).toEqual(['complaint.file', 'complaint.upheld']);
    const pub = await getPublicResults(h.db, C3);
    expect(pub.complaints.find((k) => k.code === 'A-H5TB')).toMatchObject({ status: 'upheld', reasons: answer.reasons, changed_decision: answer.changedDecision });
  });

  it('lets the officer set the period until the results are published', async () => {
    await expect(setComplaintDays(h.db, actors.ngo!, demoCompetitionIds.accepting, 15)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(setComplaintDays(h.db, actors.officer!, demoCompetitionIds.accepting, 61)).rejects.toMatchObject({ messageKey: 'competition:complaint.errors.days' });
    await setComplaintDays(h.db, actors.officer!, demoCompetitionIds.accepting, 15);
    expect((await getComplaintsForActor(h.db, actors.officer!, demoCompetitionIds.accepting)).complaintDays).toBe(15);
    await expect(setComplaintDays(h.db, actors.officer!, C3, 15)).rejects.toMatchObject({ messageKey: 'competition:complaint.errors.daysFrozen' });
    expect((await listAuditLog(h.db, { entity: 'competition', entityId: demoCompetitionIds.accepting })).map((a) => a.action)).toContain('competition.complaint_days');
  });

  it('exports every public competition as an OCDS 1.1 release package that validates; no identity before signing', async () => {
    const all = await ocdsPackage(h.db, 'all', 'https://kamkor.kg/public/ocds.json');
    expect(ocdsProblems(all)).toEqual([]);
    expect(all.releases.length).toBeGreaterThanOrEqual(3);
    const r3 = all.releases.find((r) => r.tender.id === C3)!;
    expect(r3.tag).toEqual(['tender', 'award', 'contract', 'implementation']);
    expect(r3.awards.map((a) => a.value.amount).sort()).toEqual([900_000, 980_000]);
    expect(r3.contracts.map((k) => k.status).sort()).toEqual(['active', 'pending']);
    expect(r3.contracts.flatMap((k) => k.implementation?.transactions ?? []).map((t) => t.value.amount)).toEqual([490_000]);
    expect(r3.tender.items[0]!.deliveryLocations![0]!.gazetteer.identifiers).toEqual(['41702000000000']);
    expect(r3.parties.find((p) => p.roles.includes('buyer'))!.name).toMatch(/Министерство/);
    // The late draft never counts; the ineligible one is a tenderer once published.
    expect(r3.tender.numberOfTenderers).toBe(4);
    const one = await ocdsPackage(h.db, { id: demoCompetitionIds.evaluating }, 'https://kamkor.kg/public/competitions/x/ocds.json');
    expect(ocdsProblems(one)).toEqual([]);
    const text = JSON.stringify(one);
    expect(identities.length).toBeGreaterThan(5);
    for (const v of identities) expect(text).not.toContain(v);
    expect(one.releases[0]!.awards).toEqual([]);
  });
});
