import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultChecklist, type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { listAuditLog } from './audit.ts';
import { findActor } from './people.ts';
import {
  addRecommendation,
  addVisitFile,
  listVisitFiles,
  openVisitFile,
  currentChecklistTemplate,
  decideRecommendation,
  getVisitForActor,
  listEligibleOfficers,
  listProjectVisitsForActor,
  listVisitRecommendations,
  loadMonitoringBoard,
  planVisit,
  saveVisitRecord,
  updateFollowUp,
} from './monitoring.ts';
import { getProject } from './results-projects.ts';
import { getQuestionnaireForActor, listQuestionnaires, saveQuestionnaireVersion } from './monitoring-questionnaires.ts';

describe.each(testEngines)('monitoring visits and recommendations (%s)', (engine) => {
  let h: DatabaseHandle;
  let projectId: string;
  const actors: Record<string, Actor> = {};
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'naryn', 'osh', 'ngo', 'ngo2', 'analyst', 'admin']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
    projectId = (await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-001').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => h?.close());

  it('shows the contractor only final visits and denies others with NOT_FOUND', async () => {
    const officers = await listProjectVisitsForActor(h.db, actors.naryn!, projectId);
    expect(officers.visits.map((v) => [v.visit_no, v.status])).toEqual([[1, 'final'], [2, 'planned']]);
    expect(officers.canPlan).toBe(true);
    const ngo = await listProjectVisitsForActor(h.db, actors.ngo!, projectId);
    expect(ngo.visits.map((v) => v.visit_no)).toEqual([1]);
    expect(ngo.canPlan).toBe(false);
    await expect(getVisitForActor(h.db, actors.ngo!, projectId, 2)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    for (const who of ['osh', 'ngo2', 'analyst']) {
      await expect(listProjectVisitsForActor(h.db, actors[who]!, projectId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
      await expect(getVisitForActor(h.db, actors[who]!, projectId, 1)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    }
    await expect(getVisitForActor(h.db, actors.naryn!, projectId, 'x')).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });

  it('plans, records on the current checklist version, finalises (audited) and then freezes a visit', async () => {
    const project = await getProject(h.db, projectId);
    const eligible = await listEligibleOfficers(h.db, project);
    expect(eligible.map((o) => o.id)).toEqual(expect.arrayContaining([actors.naryn!.userId, actors.officer!.userId]));
    expect(eligible.map((o) => o.id)).not.toContain(actors.osh!.userId);
    await expect(planVisit(h.db, actors.naryn!, projectId, { programYear: 2026, plannedDate: '2026-12-20', kind: 'unscheduled', officerId: actors.osh!.userId })).rejects.toMatchObject({
      messageKey: 'monitoring:errors.officer',
    });
    await expect(planVisit(h.db, actors.ngo!, projectId, { programYear: 2026, plannedDate: '2026-12-20', kind: 'unscheduled', officerId: actors.naryn!.userId })).rejects.toMatchObject({
      messageKey: 'errors.notFound',
    });
    const planned = await planVisit(h.db, actors.officer!, projectId, { programYear: 2026, plannedDate: '2026-12-20', kind: 'unscheduled', officerId: actors.naryn!.userId });
    expect(planned.visit_no).toBe(3);

    const template = await currentChecklistTemplate(h.db);
    expect(template.items.map((i) => i.key)).toEqual(defaultChecklist.map((i) => i.key));
    const answers = Object.fromEntries(template.items.map((i) => [i.key, { answer: 'yes' as const, note: null }]));
    const record = { visitDate: '2026-12-20', participants: 'A, B', summary: 'ok', answers, templateId: template.id };
    await h.db.transaction().execute((trx) => saveVisitRecord(trx, actors.naryn!, projectId, 3, record, false));
    expect((await getVisitForActor(h.db, actors.naryn!, projectId, 3)).visit.status).toBe('draft');
    await expect(saveVisitRecord(h.db, actors.ngo!, projectId, 3, record, true)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await h.db.transaction().execute((trx) => saveVisitRecord(trx, actors.naryn!, projectId, 3, record, true));
    const final = await getVisitForActor(h.db, actors.ngo!, projectId, 3);
    expect(final.visit).toMatchObject({ status: 'final', participants: 'A, B', answers: { premises_accessible: { answer: 'yes' } } });
    await expect(saveVisitRecord(h.db, actors.naryn!, projectId, 3, record, false)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    const audit = await listAuditLog(h.db, { entity: 'monitoring_visit', entityId: final.visit.id });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'update', 'finalise']));
  });

  it('runs findings → recommendations → decisions → follow-up and lists the overdue ones', async () => {
    const ngoOrg = (await getProject(h.db, projectId)).contractor_id;
    const recId = await addRecommendation(h.db, actors.naryn!, projectId, 3, { finding: 'F', recommendation: 'R', responsibleOrgId: ngoOrg, dueDate: '2026-01-31' });
    await expect(addRecommendation(h.db, actors.ngo!, projectId, 3, { finding: 'F', recommendation: 'R', responsibleOrgId: ngoOrg, dueDate: '2026-01-31' })).rejects.toMatchObject({
      messageKey: 'errors.notFound',
    });
    // The NGO may not move a recommendation that is not decided yet, nor decide it.
    await expect(updateFollowUp(h.db, actors.ngo!, projectId, 3, recId, { status: 'done', note: null })).rejects.toMatchObject({ messageKey: 'monitoring:errors.followUp' });
    await expect(decideRecommendation(h.db, actors.ngo!, projectId, 3, recId, { decision: 'accepted', reason: null })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await decideRecommendation(h.db, actors.officer!, projectId, 3, recId, { decision: 'accepted', reason: null });

    const board = await loadMonitoringBoard(h.db, actors.naryn!, { year: 2026, today: '2026-11-29' });
    expect(board.plan.map((p) => p.visit_no)).toEqual([1, 2, 3]);
    expect(board.overdue.map((o) => o.id)).toContain(recId);
    expect(board.overdue.length).toBe(2); // the seeded overdue one and this one
    const osh = await loadMonitoringBoard(h.db, actors.osh!, { year: 2026, today: '2026-11-29' });
    expect(osh.plan).toEqual([]);
    expect(osh.overdue).toEqual([]);
    await expect(loadMonitoringBoard(h.db, actors.ngo!, { year: 2026, today: '2026-11-29' })).rejects.toMatchObject({ messageKey: 'errors.notFound' });

    await updateFollowUp(h.db, actors.ngo!, projectId, 3, recId, { status: 'done', note: 'Done' });
    await expect(updateFollowUp(h.db, actors.ngo!, projectId, 3, recId, { status: 'open', note: null })).rejects.toMatchObject({ messageKey: 'monitoring:errors.followUp' });
    const list = await listVisitRecommendations(h.db, actors.ngo!, projectId, 3, '2026-11-29');
    expect(list.find((r) => r.id === recId)).toMatchObject({ status: 'done', overdue: false, canDecide: false });
    expect((await listAuditLog(h.db, { entity: 'monitoring_recommendation', entityId: recId })).map((a) => a.action)).toEqual(
      expect.arrayContaining(['create', 'decide', 'follow_up']),
    );
    await expect(listVisitRecommendations(h.db, actors.ngo2!, projectId, 3, '2026-11-29')).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });

  it('stores imported questionnaires as versions by form id, for monitoring officers only', async () => {
    const seeded = await getQuestionnaireForActor(h.db, actors.naryn!, 'beneficiary_2026');
    expect(seeded.version.definition.questions.length).toBe(5);
    const q = { ...seeded.version.definition, questions: seeded.version.definition.questions.slice(0, 2) };
    const issues = [{ sheet: 'survey', row: 4, kind: 'type' as const, detail: 'geopoint', name: 'where' }];
    expect(await saveQuestionnaireVersion(h.db, actors.officer!, { questionnaire: q, issues, fileName: 'b.xlsx' })).toEqual({ formId: 'beneficiary_2026', versionNo: 2 });
    const latest = await getQuestionnaireForActor(h.db, actors.officer!, 'beneficiary_2026');
    expect(latest.version).toMatchObject({ versionNo: 2, issues });
    expect(latest.version.definition.questions.length).toBe(2);
    expect((await getQuestionnaireForActor(h.db, actors.officer!, 'beneficiary_2026', 1)).version.definition.questions.length).toBe(5);
    expect((await listQuestionnaires(h.db, actors.admin!)).find((x) => x.form_id === 'beneficiary_2026')?.latest_version).toBe(2);
    for (const who of ['ngo', 'analyst']) {
      await expect(getQuestionnaireForActor(h.db, actors[who]!, 'beneficiary_2026')).rejects.toMatchObject({ messageKey: 'errors.notFound' });
      await expect(saveQuestionnaireVersion(h.db, actors[who]!, { questionnaire: q, issues: [], fileName: null })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    }
  });

  it('keeps visit files behind the visit policy', async () => {
    const data = new TextEncoder().encode('photo bytes');
    await expect(addVisitFile(h.db, actors.ngo!, projectId, 2, { fileName: 'p.jpg', contentType: 'image/jpeg', data })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    const id = await addVisitFile(h.db, actors.naryn!, projectId, 2, { fileName: 'p.jpg', contentType: 'image/jpeg', data });
    expect(await listVisitFiles(h.db, actors.officer!, projectId, 2)).toEqual([{ id, fileName: 'p.jpg', sizeBytes: data.byteLength }]);
    expect((await openVisitFile(h.db, actors.officer!, projectId, 2, id))?.fileName).toBe('p.jpg');
    // The contractor does not see the planned visit, nor its files; a file id of another visit is null.
    await expect(openVisitFile(h.db, actors.ngo!, projectId, 2, id)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(listVisitFiles(h.db, actors.osh!, projectId, 2)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    expect(await openVisitFile(h.db, actors.ngo!, projectId, 1, id)).toBeNull();
    // A final visit takes no more files.
    await expect(addVisitFile(h.db, actors.naryn!, projectId, 1, { fileName: 'p.jpg', contentType: 'image/jpeg', data })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });
});
