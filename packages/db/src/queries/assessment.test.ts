import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, percentRounded, priorityToProgramLineDraft, type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import { addCauseNode, deleteCauseNode, updateCauseNode } from './assessment-cause-trees.ts';
import { addFocusGroup, deleteFocusGroup } from './assessment-focus-groups.ts';
import { addMeeting, deleteMeeting, saveTally } from './assessment-meetings.ts';
import { addProblem, deleteProblem, deleteProblemPhoto, getProblem, addProblemPhoto, findProblemPhotoFile, updateProblem } from './assessment-problems.ts';
import { assessmentResource, createAssessment, listAssessments, listAssessmentVillages, setRankingRule } from './assessment.ts';
import { createProgramLineFromPriority } from './assessment-handoff.ts';
import { loadAssessmentReport } from './assessment-report.ts';
import { moveAssessmentStage } from './assessment-ranking.ts';
import { listAssessmentCatalogue, saveAssessmentCatalogueEntry } from './assessment-catalogue.ts';
import { addProgressUpdate, addServiceActivity, createServicePlan, deleteServiceActivity, listServicePlans, loadServicePlan, servicePlanResource } from './service-plan.ts';
import { listAuditLog } from './audit.ts';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

describe.each(testEngines)('needs assessments (%s)', (engine) => {
  let h: DatabaseHandle;
  let officer: Actor;
  let analyst: Actor;
  let ngo: Actor;
  let jazyOfficer: Actor;
  let orgs: Record<string, string>;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const id = async (email: string) => (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    officer = (await findActor(h.db, await id('municipal@kamkor.kg')))!;
    analyst = (await findActor(h.db, await id('analyst@kamkor.kg')))!;
    ngo = (await findActor(h.db, await id('ngo@kamkor.kg')))!;
    jazyOfficer = (await findActor(h.db, await id('jazy@kamkor.kg')))!;
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
    const a = await h.db.transaction().execute((trx) => createAssessment(trx, officer, { municipalityId: mun, year: 2027, rankingMethod: 'points', points: '3-2-1' }));
    await expect(createAssessment(h.db, officer, { municipalityId: mun, year: 2027, rankingMethod: 'votes' })).rejects.toMatchObject({ code: 'CONFLICT' });
    // Cannot skip stages, nor enter the gallery without focus groups.
    await expect(moveAssessmentStage(h.db, officer, a.id, 'published')).rejects.toMatchObject({ messageKey: 'assessment:stage.errors.oneStep' });
    await moveAssessmentStage(h.db, officer, a.id, 'focus_groups');
    await expect(moveAssessmentStage(h.db, officer, a.id, 'problem_gallery')).rejects.toMatchObject({ messageKey: 'assessment:stage.errors.needFocusGroups' });
    const villages = await listAssessmentVillages(h.db, a.admin_unit_soate);
    expect(villages.map((v) => v.name_en)).toEqual(['Aleksandrovka', 'Besh-Koruk', 'Krupskoe']);
    const base = { heldOn: '2027-03-01', facilitator: 'F', women_14_29: 3, women_30_59: 2, women_60_plus: 0, men_14_29: 1, men_30_59: 0, men_60_plus: 0, problemsRaised: null };
    await addFocusGroup(h.db, officer, a.id, { ...base, categoryCode: 'FG-01', villageSoate: villages[0]!.soate });
    // A village from another municipality is refused.
    await expect(addFocusGroup(h.db, officer, a.id, { ...base, categoryCode: 'FG-01', villageSoate: '41706255824010' })).rejects.toMatchObject({ messageKey: 'assessment:errors.village' });
    await moveAssessmentStage(h.db, officer, a.id, 'problem_gallery');
    const p: Awaited<ReturnType<typeof addProblem>>[] = [];
    for (const title of ['Water', 'Kindergarten', 'Roads']) {
      p.push(await addProblem(h.db, officer, a.id, { title, description: null, categoryCode: 'PC-01', villageSoates: [villages[1]!.soate], raisedBy: ['FG-01'] }));
    }
    expect(p.map((x) => x.number)).toEqual([1, 2, 3]);
    const cause = await addCauseNode(h.db, officer, a.id, p[1]!.id, { kind: 'cause', text: 'No building', parentId: null });
    const sub = await addCauseNode(h.db, officer, a.id, p[1]!.id, { kind: 'cause', text: 'No money', parentId: cause.id });
    // An effect cannot hang under a cause.
    await expect(addCauseNode(h.db, officer, a.id, p[1]!.id, { kind: 'effect', text: 'x', parentId: cause.id })).rejects.toMatchObject({ messageKey: 'assessment:errors.parent' });
    await deleteCauseNode(h.db, officer, a.id, cause.id);
    const report0 = await loadAssessmentReport(h.db, a.id);
    expect(report0.causeNodes.find((n) => n.id === sub.id)).toBeUndefined();
    await addProblemPhoto(h.db, officer, a.id, p[0]!.id, { name: 'x.png', type: 'image/png', data: png }, 'Well');
    await expect(addProblemPhoto(h.db, officer, a.id, p[0]!.id, { name: 'x.png', type: 'image/png', data: new Uint8Array([1, 2, 3]) }, null)).rejects.toMatchObject({ messageKey: 'assessment:errors.photoType' });
    await moveAssessmentStage(h.db, officer, a.id, 'analysis');
    await moveAssessmentStage(h.db, officer, a.id, 'meetings');
    await expect(moveAssessmentStage(h.db, officer, a.id, 'prioritised')).rejects.toMatchObject({ messageKey: 'assessment:stage.errors.needTallies' });
    const m1 = await addMeeting(h.db, officer, a.id, { kind: 'village', villageSoate: villages[0]!.soate, heldOn: '2027-04-01', women: 30, men: 20, notes: null });
    const m2 = await addMeeting(h.db, officer, a.id, { kind: 'village', villageSoate: villages[1]!.soate, heldOn: '2027-04-02', women: 10, men: 40, notes: null });
    await h.db.transaction().execute(async (trx) => {
      // Big village: water 100, roads 90, kindergarten 10. Small: kindergarten 20, roads 15, water 1.
      await saveTally(trx, officer, a.id, m1.id, [{ problemId: p[0]!.id, votes: 100 }, { problemId: p[2]!.id, votes: 90 }, { problemId: p[1]!.id, votes: 10 }]);
      await saveTally(trx, officer, a.id, m2.id, [{ problemId: p[1]!.id, votes: 20 }, { problemId: p[2]!.id, votes: 15 }, { problemId: p[0]!.id, votes: 1 }]);
    });
    await expect(saveTally(h.db, officer, a.id, m1.id, [{ problemId: p[0]!.id, votes: -1 }])).rejects.toMatchObject({ code: 'INVALID' });
    await moveAssessmentStage(h.db, officer, a.id, 'prioritised');
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
    await expect(saveTally(h.db, officer, a.id, m1.id, [])).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(addProblem(h.db, officer, a.id, { title: 'Late', description: null, categoryCode: 'PC-99', villageSoates: [], raisedBy: [] })).rejects.toMatchObject({ messageKey: 'assessment:errors.rankingFrozen' });
    await expect(addMeeting(h.db, officer, a.id, { kind: 'village', villageSoate: villages[2]!.soate, heldOn: '2027-04-03', women: 1, men: 1, notes: null })).rejects.toMatchObject({ code: 'CONFLICT' });
    await addMeeting(h.db, officer, a.id, { kind: 'aiyl_aimak', villageSoate: null, heldOn: '2027-04-10', women: 20, men: 20, notes: null });
    await moveAssessmentStage(h.db, officer, a.id, 'published');
    const audit = await listAuditLog(h.db, { entity: 'needs_assessment', entityId: a.id });
    expect(audit.map((x) => x.action)).toContain('publish');

    // The first priority → a program-line draft through the integration point (idempotent per problem).
    const top = await getProblem(h.db, a.id, report.ranking[0]!.problemId);
    const draft = priorityToProgramLineDraft({
      assessmentId: a.id, year: 2027, municipalityId: mun, municipalitySoate: a.admin_unit_soate, problemId: top.id, rank: 1, title: top.title,
      description: top.description, categoryName: top.category_en, villageSoates: top.village_soates, villageNames: ['Besh-Koruk'], raisedBy: top.raised_by, votes: 105, rootCauses: [],
    });
    expect(draft.targetGroupCodes).toEqual(['TG-10']);
    const first = await createProgramLineFromPriority(h.db, officer, draft);
    const again = await createProgramLineFromPriority(h.db, officer, draft);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, requestId: first.requestId, programLineId: first.programLineId });
    // The priority is now a line of the municipality's local program, with its territory, target group and story.
    const line = await h.db.selectFrom('program_line').innerJoin('program', 'program.id', 'program_line.program_id')
      .select(['program.customer_id', 'program.funding_source', 'program.status', 'program_line.expected_results', 'program_line.budget_tyiyn', 'program_line.id'])
      .where('program_line.id', '=', first.programLineId!).executeTakeFirstOrThrow();
    expect(line).toMatchObject({ customer_id: mun, funding_source: 'local', status: 'draft', budget_tyiyn: 0 });
    expect(line.expected_results).toContain(top.title);
    const groups = await h.db.selectFrom('program_line_target_group').select('target_group_code').where('line_id', '=', line.id).execute();
    expect(groups.map((g) => g.target_group_code)).toEqual(['TG-10']);
    const places = await h.db.selectFrom('program_line_territory').select('admin_unit_soate').where('line_id', '=', line.id).execute();
    expect(places.map((p) => p.admin_unit_soate)).toEqual(top.village_soates);

    // A service plan from the first priority shows the co-financing share.
    const plan = await createServicePlan(h.db, officer, { municipalityId: mun, title: 'Roads', yearFrom: 2027, yearTo: 2028, assessmentId: a.id });
    await addServiceActivity(h.db, officer, plan.id, { title: 'Gravel', problemId: top.id, responsible: 'AO', startsOn: '2027-05-01', endsOn: '2027-09-01', indicator: null, target: null, own: 25_000_000, grant: 75_000_000, other: 0 });
    const loaded = await loadServicePlan(h.db, plan.id);
    expect(loaded.funding.ownShare).toBe(0.25);
    // Another municipality's plan cannot point at this assessment (asked by that municipality's officer).
    await expect(createServicePlan(h.db, jazyOfficer, { municipalityId: orgs['Jazy Aiyl Okmotu']!, title: 'x', yearFrom: 2027, yearTo: 2027, assessmentId: a.id })).rejects.toMatchObject({ messageKey: 'assessment:errors.assessmentMismatch' });
    // ...and Aleksandrovka's officer may not start a plan for Jazy at all.
    await expect(createServicePlan(h.db, officer, { municipalityId: orgs['Jazy Aiyl Okmotu']!, title: 'x', yearFrom: 2027, yearTo: 2027, assessmentId: null })).rejects.toMatchObject({ code: 'NOT_FOUND' });
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
  it('asks the policy inside every write: a foreign officer, an NGO and an analyst are refused, the owner is not', async () => {
    const all = await listAssessments(h.db);
    const jazy = all.find((x) => x.municipality_name_en === 'Jazy Aiyl Okmotu')!;
    const alek = all.find((x) => x.municipality_name_en === 'Aleksandrovka Aiyl Okmotu' && x.stage === 'published')!;
    expect(jazy.stage).toBe('meetings');
    const villages = await listAssessmentVillages(h.db, jazy.admin_unit_soate);
    const report = await loadAssessmentReport(h.db, jazy.id);
    const problem = report.problems[0]!;
    const meeting = report.meetings[0]!;
    const focusGroup = report.focusGroups[0]!;
    const missing = '00000000-0000-4000-8000-000000000000';
    const fg = { categoryCode: 'FG-01', villageSoate: villages[0]!.soate, heldOn: '2026-09-20', facilitator: 'F', women_14_29: 1, women_30_59: 1, women_60_plus: 0, men_14_29: 1, men_30_59: 0, men_60_plus: 0, problemsRaised: null };
    const pr = { title: 'Intruder', description: null, categoryCode: 'PC-01', villageSoates: [villages[0]!.soate], raisedBy: ['FG-05'] };
    const mt = { kind: 'village' as const, villageSoate: villages[0]!.soate, heldOn: '2026-10-13', women: 1, men: 1, notes: null };
    const [toktogulPlan] = await listServicePlans(h.db, { municipalityIds: [orgs['Toktogul Aiyl Okmotu']!] });
    const { activities } = await loadServicePlan(h.db, toktogulPlan!.id);
    const top = (await loadAssessmentReport(h.db, alek.id)).ranking[0]!;
    const alekProblem = await getProblem(h.db, alek.id, top.problemId);
    const draft = priorityToProgramLineDraft({
      assessmentId: alek.id, year: alek.year, municipalityId: alek.municipality_id, municipalitySoate: alek.admin_unit_soate, problemId: alekProblem.id, rank: 1, title: alekProblem.title,
      description: alekProblem.description, categoryName: alekProblem.category_en, villageSoates: alekProblem.village_soates, villageNames: [], raisedBy: alekProblem.raised_by, votes: 1, rootCauses: [],
    });
    const activity = { title: 'x', problemId: null, responsible: 'x', startsOn: '2027-01-01', endsOn: '2027-02-01', indicator: null, target: null, own: 1, grant: 0, other: 0 };
    const writes = (who: Actor): [string, () => Promise<unknown>][] => [
      ['createAssessment', () => createAssessment(h.db, who, { municipalityId: jazy.municipality_id, year: 2031, rankingMethod: 'votes' })],
      ['setRankingRule', () => setRankingRule(h.db, who, jazy.id, { method: 'points', points: [3, 2, 1] })],
      ['addFocusGroup', () => addFocusGroup(h.db, who, jazy.id, fg)],
      ['deleteFocusGroup', () => deleteFocusGroup(h.db, who, jazy.id, focusGroup.id)],
      ['addProblem', () => addProblem(h.db, who, jazy.id, pr)],
      ['updateProblem', () => updateProblem(h.db, who, jazy.id, problem.id, pr)],
      ['deleteProblem', () => deleteProblem(h.db, who, jazy.id, problem.id)],
      ['addProblemPhoto', () => addProblemPhoto(h.db, who, jazy.id, problem.id, { name: 'x.png', type: 'image/png', data: png }, null)],
      ['deleteProblemPhoto', () => deleteProblemPhoto(h.db, who, jazy.id, missing)],
      ['addCauseNode', () => addCauseNode(h.db, who, jazy.id, problem.id, { kind: 'cause', text: 'x', parentId: null })],
      ['updateCauseNode', () => updateCauseNode(h.db, who, jazy.id, missing, 'x')],
      ['deleteCauseNode', () => deleteCauseNode(h.db, who, jazy.id, missing)],
      ['addMeeting', () => addMeeting(h.db, who, jazy.id, mt)],
      ['deleteMeeting', () => deleteMeeting(h.db, who, jazy.id, meeting.id)],
      ['saveTally', () => saveTally(h.db, who, jazy.id, meeting.id, [])],
      ['moveAssessmentStage', () => moveAssessmentStage(h.db, who, jazy.id, 'analysis')],
      ['createServicePlan', () => createServicePlan(h.db, who, { municipalityId: toktogulPlan!.municipality_id, title: 'x', yearFrom: 2027, yearTo: 2027, assessmentId: null })],
      ['addServiceActivity', () => addServiceActivity(h.db, who, toktogulPlan!.id, activity)],
      ['deleteServiceActivity', () => deleteServiceActivity(h.db, who, toktogulPlan!.id, activities[0]!.id)],
      ['addProgressUpdate', () => addProgressUpdate(h.db, who, toktogulPlan!.id, activities[0]!.id, { status: 'done', progressPct: 100, note: 'Done' })],
    ];
    for (const who of [officer, ngo, analyst]) {
      for (const [name, write] of writes(who)) {
        await expect(write(), `${name} by ${who.userId}`).rejects.toMatchObject({ code: 'NOT_FOUND' });
      }
    }
    // Handing Aleksandrovka's priority on is for Aleksandrovka's officers only.
    for (const who of [jazyOfficer, ngo, analyst]) {
      await expect(createProgramLineFromPriority(h.db, who, draft)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    // Nothing was written by the refused calls.
    const after = await loadAssessmentReport(h.db, jazy.id);
    expect([after.focusGroups.length, after.problems.length, after.meetings.length]).toEqual([report.focusGroups.length, report.problems.length, report.meetings.length]);
    expect((await loadServicePlan(h.db, toktogulPlan!.id)).activities).toHaveLength(activities.length);

    // Jazy's own officer does the same writes, audited under their user id.
    await h.db.transaction().execute(async (trx) => {
      const f = await addFocusGroup(trx, jazyOfficer, jazy.id, fg);
      const p = await addProblem(trx, jazyOfficer, jazy.id, pr);
      await updateProblem(trx, jazyOfficer, jazy.id, p.id, { ...pr, title: 'Own problem' });
      const node = await addCauseNode(trx, jazyOfficer, jazy.id, p.id, { kind: 'cause', text: 'x', parentId: null });
      await updateCauseNode(trx, jazyOfficer, jazy.id, node.id, 'y');
      const m = await addMeeting(trx, jazyOfficer, jazy.id, mt);
      await saveTally(trx, jazyOfficer, jazy.id, m.id, [{ problemId: p.id, votes: 3 }]);
      await setRankingRule(trx, jazyOfficer, jazy.id, { method: 'votes' });
      await deleteMeeting(trx, jazyOfficer, jazy.id, m.id);
      await deleteCauseNode(trx, jazyOfficer, jazy.id, node.id);
      await deleteProblem(trx, jazyOfficer, jazy.id, p.id);
      await deleteFocusGroup(trx, jazyOfficer, jazy.id, f.id);
      const plan = await createServicePlan(trx, jazyOfficer, { municipalityId: jazy.municipality_id, title: 'Jazy plan', yearFrom: 2027, yearTo: 2027, assessmentId: jazy.id });
      const act = await addServiceActivity(trx, jazyOfficer, plan.id, activity);
      await addProgressUpdate(trx, jazyOfficer, plan.id, act.id, { status: 'done', progressPct: 100, note: 'Done' });
      await deleteServiceActivity(trx, jazyOfficer, plan.id, act.id);
    });
    const audit = await h.db.selectFrom('audit_log').select(['actor_id']).where('entity', 'like', 'assessment_%').where('actor_id', '=', jazyOfficer.userId).execute();
    expect(audit.length).toBeGreaterThanOrEqual(10);
    // The seed wrote Jazy's assessment as its system actor: audited with no user.
    const seeded = await h.db.selectFrom('audit_log').select(['actor_id']).where('entity', '=', 'needs_assessment').where('entity_id', '=', jazy.id).where('action', '=', 'create').executeTakeFirstOrThrow();
    expect(seeded.actor_id).toBeNull();
  });
});
