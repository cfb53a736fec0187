import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, percentRounded, priorityToProgramLineDraft, type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import {
  addCauseNode,
  addFocusGroup,
  addMeeting,
  addProblem,
  assessmentResource,
  createAssessment,
  createProgramLineFromPriority,
  deleteCauseNode,
  getProblem,
  listAssessments,
  listAssessmentVillages,
  loadAssessmentReport,
  moveAssessmentStage,
  saveTally,
  addProblemPhoto,
  findProblemPhotoFile,
  listAssessmentCatalogue,
  saveAssessmentCatalogueEntry,
} from './assessment.ts';
import { addServiceActivity, createServicePlan, listServicePlans, loadServicePlan, servicePlanResource } from './service-plan.ts';
import { listAuditLog } from './audit.ts';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

describe.each(testEngines)('needs assessments (%s)', (engine) => {
  let h: DatabaseHandle;
  let officer: Actor;
  let analyst: Actor;
  let ngo: Actor;
  let orgs: Record<string, string>;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const id = async (email: string) => (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    officer = (await findActor(h.db, await id('municipal@kamkor.kg')))!;
    analyst = (await findActor(h.db, await id('analyst@kamkor.kg')))!;
    ngo = (await findActor(h.db, await id('ngo@kamkor.kg')))!;
    const rows = await h.db.selectFrom('organisation').select(['id', 'name_en']).execute();
    orgs = Object.fromEntries(rows.map((r) => [r.name_en, r.id]));
  }, 120_000);
  afterAll(() => h.close());

  it('loads the focus-group and problem categories from the shipped files', async () => {
    const fg = await h.db.selectFrom('focus_group_category').select('code').execute();
    const pc = await h.db.selectFrom('problem_category').select('code').execute();
    expect(fg.map((r) => r.code)).toContain('FG-01');
    expect(pc.map((r) => r.code)).toContain('PC-02');
  });

  it('lets an admin add a focus-group category (audited) that then appears in the list', async () => {
    await h.db.transaction().execute((trx) =>
      saveAssessmentCatalogueEntry(trx, officer.userId, 'focus_group_category', { code: 'FG-10', name_ky: 'Мигранттардын үй-бүлөлөрү', name_ru: 'Семьи мигрантов', name_en: 'Migrant families', is_active: true }),
    );
    const list = await listAssessmentCatalogue(h.db, 'focus_group_category');
    expect(list.at(-1)).toMatchObject({ code: 'FG-10', name_en: 'Migrant families' });
    const audit = await listAuditLog(h.db, { entity: 'focus_group_category', entityId: 'FG-10' });
    expect(audit).toHaveLength(1);
  });

  it('seeds Aleksandrovka: Besh-Koruk puts "no kindergarten" first and the published ranking agrees', async () => {
    const [a] = await listAssessments(h.db, { municipalityIds: [orgs['Aleksandrovka Aiyl Okmotu']!] });
    expect(a!.stage).toBe('published');
    const report = await loadAssessmentReport(h.db, a!.id);
    expect(report.rankingFrozen).toBe(true);
    const top = report.problems.find((p) => p.id === report.ranking[0]!.problemId)!;
    expect(top.title).toBe('Бала бакчанын жоктугу');
    const besh = report.meetings.find((m) => m.village_en === 'Besh-Koruk')!;
    const beshVotes = report.tallies.filter((t) => t.meeting_id === besh.id).sort((x, y) => y.votes - x.votes);
    expect(beshVotes[0]!.problem_id).toBe(top.id);
    expect(report.meetingParticipation.total).toBeGreaterThan(0);
    expect(report.meetingParticipation.womenShare).toBeGreaterThan(0.5);
  });

  it("seeds Toktogul's plan: 4 884 000 som, 1 450 000 own contribution", async () => {
    const [plan] = await listServicePlans(h.db, { municipalityIds: [orgs['Toktogul Aiyl Okmotu']!] });
    expect(plan!.funding.total).toBe(488_400_000);
    expect(plan!.funding.own).toBe(145_000_000);
    expect(percentRounded(plan!.funding.own, plan!.funding.total)).toBe(30);
    const [alek] = await listServicePlans(h.db, { municipalityIds: [orgs['Aleksandrovka Aiyl Okmotu']!] });
    const { activities } = await loadServicePlan(h.db, alek!.id);
    expect(activities.some((x) => x.grant_tyiyn === 100_000_000 && x.own_tyiyn === 10_000_000)).toBe(true);
  });

  it('runs an assessment through every stage and ranks by the configured 3-2-1 rule', async () => {
    const mun = orgs['Aleksandrovka Aiyl Okmotu']!;
    const a = await h.db.transaction().execute((trx) => createAssessment(trx, officer.userId, { municipalityId: mun, year: 2027, rankingMethod: 'points', points: '3-2-1' }));
    await expect(createAssessment(h.db, officer.userId, { municipalityId: mun, year: 2027, rankingMethod: 'votes' })).rejects.toMatchObject({ code: 'CONFLICT' });
    // Cannot skip stages, nor enter the gallery without focus groups.
    await expect(moveAssessmentStage(h.db, officer.userId, a.id, 'published')).rejects.toMatchObject({ messageKey: 'assessment:stage.errors.oneStep' });
    await moveAssessmentStage(h.db, officer.userId, a.id, 'focus_groups');
    await expect(moveAssessmentStage(h.db, officer.userId, a.id, 'problem_gallery')).rejects.toMatchObject({ messageKey: 'assessment:stage.errors.needFocusGroups' });
    const villages = await listAssessmentVillages(h.db, a.admin_unit_soate);
    expect(villages.map((v) => v.name_en)).toEqual(['Aleksandrovka', 'Besh-Koruk', 'Krupskoe']);
    const base = { heldOn: '2027-03-01', facilitator: 'F', women_14_29: 3, women_30_59: 2, women_60_plus: 0, men_14_29: 1, men_30_59: 0, men_60_plus: 0, problemsRaised: null };
    await addFocusGroup(h.db, officer.userId, a.id, { ...base, categoryCode: 'FG-01', villageSoate: villages[0]!.soate });
    // A village from another municipality is refused.
    await expect(addFocusGroup(h.db, officer.userId, a.id, { ...base, categoryCode: 'FG-01', villageSoate: '41706255824010' })).rejects.toMatchObject({ messageKey: 'assessment:errors.village' });
    await moveAssessmentStage(h.db, officer.userId, a.id, 'problem_gallery');
    const p: Awaited<ReturnType<typeof addProblem>>[] = [];
    for (const title of ['Water', 'Kindergarten', 'Roads']) {
      p.push(await addProblem(h.db, officer.userId, a.id, { title, description: null, categoryCode: 'PC-01', villageSoates: [villages[1]!.soate], raisedBy: ['FG-01'] }));
    }
    expect(p.map((x) => x.number)).toEqual([1, 2, 3]);
    const cause = await addCauseNode(h.db, officer.userId, a.id, p[1]!.id, { kind: 'cause', text: 'No building', parentId: null });
    const sub = await addCauseNode(h.db, officer.userId, a.id, p[1]!.id, { kind: 'cause', text: 'No money', parentId: cause.id });
    // An effect cannot hang under a cause.
    await expect(addCauseNode(h.db, officer.userId, a.id, p[1]!.id, { kind: 'effect', text: 'x', parentId: cause.id })).rejects.toMatchObject({ messageKey: 'assessment:errors.parent' });
    await deleteCauseNode(h.db, officer.userId, a.id, cause.id);
    const report0 = await loadAssessmentReport(h.db, a.id);
    expect(report0.causeNodes.find((n) => n.id === sub.id)).toBeUndefined();
    await addProblemPhoto(h.db, officer.userId, a.id, p[0]!.id, { name: 'x.png', type: 'image/png', data: png }, 'Well');
    await expect(addProblemPhoto(h.db, officer.userId, a.id, p[0]!.id, { name: 'x.png', type: 'image/png', data: new Uint8Array([1, 2, 3]) }, null)).rejects.toMatchObject({ messageKey: 'assessment:errors.photoType' });
    await moveAssessmentStage(h.db, officer.userId, a.id, 'analysis');
    await moveAssessmentStage(h.db, officer.userId, a.id, 'meetings');
    await expect(moveAssessmentStage(h.db, officer.userId, a.id, 'prioritised')).rejects.toMatchObject({ messageKey: 'assessment:stage.errors.needTallies' });
    const m1 = await addMeeting(h.db, officer.userId, a.id, { kind: 'village', villageSoate: villages[0]!.soate, heldOn: '2027-04-01', women: 30, men: 20, notes: null });
    const m2 = await addMeeting(h.db, officer.userId, a.id, { kind: 'village', villageSoate: villages[1]!.soate, heldOn: '2027-04-02', women: 10, men: 40, notes: null });
    await h.db.transaction().execute(async (trx) => {
      // Big village: water 100, roads 90, kindergarten 10. Small: kindergarten 20, roads 15, water 1.
      await saveTally(trx, officer.userId, a.id, m1.id, [{ problemId: p[0]!.id, votes: 100 }, { problemId: p[2]!.id, votes: 90 }, { problemId: p[1]!.id, votes: 10 }]);
      await saveTally(trx, officer.userId, a.id, m2.id, [{ problemId: p[1]!.id, votes: 20 }, { problemId: p[2]!.id, votes: 15 }, { problemId: p[0]!.id, votes: 1 }]);
    });
    await expect(saveTally(h.db, officer.userId, a.id, m1.id, [{ problemId: p[0]!.id, votes: -1 }])).rejects.toMatchObject({ code: 'INVALID' });
    await moveAssessmentStage(h.db, officer.userId, a.id, 'prioritised');
    const report = await loadAssessmentReport(h.db, a.id);
    // Points: water 3+1 = 4, roads 2+2 = 4, kindergarten 1+3 = 4 → all tied; total votes decide: water 101, roads 105, kindergarten 30.
    expect(report.ranking.map((r) => [report.problems.find((x) => x.id === r.problemId)!.title, r.score])).toEqual([
      ['Roads', 4],
      ['Water', 4],
      ['Kindergarten', 4],
    ]);
    expect(report.meetingParticipation.womenShare).toBe(0.4);
    expect(report.meetingParticipation.byVillage.map((v) => v.share)).toEqual([0.5, 0.5]);
    // Tallies, village meetings and the gallery are frozen once prioritised; the adopting aiyl-aimak meeting is not.
    await expect(saveTally(h.db, officer.userId, a.id, m1.id, [])).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(addProblem(h.db, officer.userId, a.id, { title: 'Late', description: null, categoryCode: 'PC-99', villageSoates: [], raisedBy: [] })).rejects.toMatchObject({ messageKey: 'assessment:errors.rankingFrozen' });
    await expect(addMeeting(h.db, officer.userId, a.id, { kind: 'village', villageSoate: villages[2]!.soate, heldOn: '2027-04-03', women: 1, men: 1, notes: null })).rejects.toMatchObject({ code: 'CONFLICT' });
    await addMeeting(h.db, officer.userId, a.id, { kind: 'aiyl_aimak', villageSoate: null, heldOn: '2027-04-10', women: 20, men: 20, notes: null });
    await moveAssessmentStage(h.db, officer.userId, a.id, 'published');
    const audit = await listAuditLog(h.db, { entity: 'needs_assessment', entityId: a.id });
    expect(audit.map((x) => x.action)).toContain('publish');

    // The first priority → a program-line draft through the integration point (idempotent per problem).
    const top = await getProblem(h.db, a.id, report.ranking[0]!.problemId);
    const draft = priorityToProgramLineDraft({
      assessmentId: a.id, year: 2027, municipalityId: mun, municipalitySoate: a.admin_unit_soate, problemId: top.id, rank: 1, title: top.title,
      description: top.description, categoryName: top.category_en, villageSoates: top.village_soates, villageNames: ['Besh-Koruk'], raisedBy: top.raised_by, votes: 105, rootCauses: [],
    });
    expect(draft.targetGroupCodes).toEqual(['TG-10']);
    const first = await createProgramLineFromPriority(h.db, officer.userId, draft);
    const again = await createProgramLineFromPriority(h.db, officer.userId, draft);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, requestId: first.requestId });

    // A service plan from the first priority shows the co-financing share.
    const plan = await createServicePlan(h.db, officer.userId, { municipalityId: mun, title: 'Roads', yearFrom: 2027, yearTo: 2028, assessmentId: a.id });
    await addServiceActivity(h.db, officer.userId, plan.id, { title: 'Gravel', problemId: top.id, responsible: 'AO', startsOn: '2027-05-01', endsOn: '2027-09-01', indicator: null, target: null, own: 25_000_000, grant: 75_000_000, other: 0 });
    const loaded = await loadServicePlan(h.db, plan.id);
    expect(loaded.funding.ownShare).toBe(0.25);
    // Another municipality's plan cannot point at this assessment.
    await expect(createServicePlan(h.db, officer.userId, { municipalityId: orgs['Jazy Aiyl Okmotu']!, title: 'x', yearFrom: 2027, yearTo: 2027, assessmentId: a.id })).rejects.toMatchObject({ messageKey: 'assessment:errors.assessmentMismatch' });
  });

  it('authorises by municipality: own officer edits; others and residents see only what is published', async () => {
    const all = await listAssessments(h.db);
    const jazy = all.find((x) => x.municipality_name_en === 'Jazy Aiyl Okmotu')!;
    const alek = all.find((x) => x.municipality_name_en === 'Aleksandrovka Aiyl Okmotu' && x.stage === 'published')!;
    expect(jazy.stage).toBe('meetings');
    // Aleksandrovka's officer cannot edit or even see Jazy's unpublished assessment.
    expect(can(officer, 'update', assessmentResource(jazy))).toBe(false);
    expect(can(officer, 'view', assessmentResource(jazy))).toBe(false);
    // Residents (anonymous) and NGO staff see only published ones.
    expect(can(null, 'view', assessmentResource(jazy))).toBe(false);
    expect(can(ngo, 'view', assessmentResource(jazy))).toBe(false);
    expect(can(null, 'view', assessmentResource(alek))).toBe(true);
    // Analysts see all but edit none.
    expect(can(analyst, 'view', assessmentResource(jazy))).toBe(true);
    expect(can(analyst, 'update', assessmentResource(jazy))).toBe(false);
    // A published assessment is frozen even for its own officer.
    expect(can(officer, 'update', assessmentResource(alek))).toBe(false);
    const [plan] = await listServicePlans(h.db, { municipalityIds: [jazy.municipality_id] });
    const toktogulPlan = (await listServicePlans(h.db)).find((p) => p.municipality_name_en === 'Toktogul Aiyl Okmotu')!;
    expect(plan).toBeUndefined();
    expect(can(officer, 'view', servicePlanResource(toktogulPlan))).toBe(false);
    expect(can(null, 'view', servicePlanResource(toktogulPlan))).toBe(false);
    expect(can(analyst, 'view', servicePlanResource(toktogulPlan))).toBe(true);
  });

  it('serves a photo only through its own assessment', async () => {
    const all = await listAssessments(h.db);
    const mine = all.find((x) => x.year === 2027)!;
    const other = all.find((x) => x.municipality_name_en === 'Jazy Aiyl Okmotu')!;
    const report = await loadAssessmentReport(h.db, mine.id);
    const photo = report.photos[0]!;
    expect((await findProblemPhotoFile(h.db, mine.id, photo.id))?.contentType).toBe('image/png');
    expect(await findProblemPhotoFile(h.db, other.id, photo.id)).toBeNull();
    expect(await findProblemPhotoFile(h.db, mine.id, 'not-a-uuid')).toBeNull();
  });
});
