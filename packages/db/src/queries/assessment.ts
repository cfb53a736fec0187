import {
  AppError,
  type AssessmentCatalogueKind,
  formatPointsRule,
  isAssessmentStage,
  participationStats,
  parsePointsRule,
  rankProblems,
  stageMoveProblems,
  type CauseNodeInput,
  type FocusGroupInput,
  type MeetingInput,
  type ProblemInput,
  type ProgramLineDraft,
  type RankingRule,
  type Resource,
} from '@kamkor/domain';
import { sql } from 'kysely';
import { type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';
import { databaseStorage } from './storage.ts';

const notFound = () => new AppError('NOT_FOUND', 'errors.notFound');

// ---------------------------------------------------------------- catalogues


/** Focus-group or problem categories, in their configured order. */
export async function listAssessmentCatalogue(db: Db, kind: AssessmentCatalogueKind, opts: { includeInactive?: boolean } = {}) {
  let q = db.selectFrom(kind).selectAll().orderBy('sort_order').orderBy('code');
  if (!opts.includeInactive) q = q.where('is_active', '=', true);
  return q.execute();
}

/** Adds or edits a category (admin; audited). */
export async function saveAssessmentCatalogueEntry(
  db: Db,
  actorId: string | null,
  kind: AssessmentCatalogueKind,
  input: { code: string; name_ky: string; name_ru: string; name_en: string; is_active: boolean },
) {
  const before = await db.selectFrom(kind).selectAll().where('code', '=', input.code).executeTakeFirst();
  if (before) await db.updateTable(kind).set(input).where('code', '=', input.code).execute();
  else {
    const max = await db.selectFrom(kind).select((eb) => eb.fn.max('sort_order').as('m')).executeTakeFirst();
    await db.insertInto(kind).values({ ...input, sort_order: Number(max?.m ?? 0) + 1 }).execute();
  }
  await writeAudit(db, { actorId, action: before ? 'update' : 'create', entity: kind, entityId: input.code, before, after: input });
}

// ---------------------------------------------------------------- assessments

const assessmentColumns = [
  'needs_assessment.id',
  'needs_assessment.municipality_id',
  'needs_assessment.admin_unit_soate',
  'needs_assessment.year',
  'needs_assessment.stage',
  'needs_assessment.ranking_method',
  'needs_assessment.ranking_points',
  'needs_assessment.published_at',
  'needs_assessment.created_at',
  'needs_assessment.updated_at',
  'organisation.name_ky as municipality_name_ky',
  'organisation.name_ru as municipality_name_ru',
  'organisation.name_en as municipality_name_en',
] as const;

/** Assessments, newest year first; filter by municipality or to published ones only. */
export async function listAssessments(db: Db, filter: { municipalityIds?: string[]; publishedOnly?: boolean } = {}) {
  let q = db
    .selectFrom('needs_assessment')
    .innerJoin('organisation', 'organisation.id', 'needs_assessment.municipality_id')
    .select(assessmentColumns)
    .orderBy('needs_assessment.year', 'desc')
    .orderBy('organisation.name_ru');
  if (filter.municipalityIds) {
    if (filter.municipalityIds.length === 0) return [];
    q = q.where('needs_assessment.municipality_id', 'in', filter.municipalityIds);
  }
  if (filter.publishedOnly) q = q.where('needs_assessment.stage', '=', 'published');
  return q.execute();
}

export type AssessmentRow = Awaited<ReturnType<typeof listAssessments>>[number];

export async function findAssessment(db: Db, id: string): Promise<AssessmentRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('needs_assessment')
    .innerJoin('organisation', 'organisation.id', 'needs_assessment.municipality_id')
    .select(assessmentColumns)
    .where('needs_assessment.id', '=', id)
    .executeTakeFirst();
}

export async function getAssessment(db: Db, id: string): Promise<AssessmentRow> {
  const row = await findAssessment(db, id);
  if (!row) throw notFound();
  return row;
}

/** The authorisation resource of an assessment row. */
export function assessmentResource(a: Pick<AssessmentRow, 'id' | 'municipality_id' | 'stage' | 'admin_unit_soate'>): Resource {
  return { type: 'needs_assessment', id: a.id, municipalityId: a.municipality_id, status: a.stage, adminUnitSoate: a.admin_unit_soate };
}

/** The rule an assessment ranks by. */
export function rankingRuleOf(a: Pick<AssessmentRow, 'ranking_method' | 'ranking_points'>): RankingRule {
  if (a.ranking_method === 'points') return { method: 'points', points: parsePointsRule(a.ranking_points ?? '') ?? [3, 2, 1] };
  return { method: 'votes' };
}

/** Starts an assessment for a municipality and year (one per year). */
export async function createAssessment(
  db: Db,
  actorId: string | null,
  input: { municipalityId: string; year: number; rankingMethod: 'votes' | 'points'; points?: string | undefined },
) {
  const org = await db.selectFrom('organisation').select(['id', 'kind', 'admin_unit_soate']).where('id', '=', input.municipalityId).executeTakeFirst();
  if (!org || org.kind !== 'municipality') throw new AppError('INVALID', 'assessment:errors.notMunicipality');
  const taken = await db
    .selectFrom('needs_assessment')
    .select('id')
    .where('municipality_id', '=', input.municipalityId)
    .where('year', '=', input.year)
    .executeTakeFirst();
  if (taken) throw new AppError('CONFLICT', 'assessment:errors.yearTaken');
  const points = input.rankingMethod === 'points' ? formatPointsRule(parsePointsRule(input.points ?? '') ?? [3, 2, 1]) : null;
  const row = await db
    .insertInto('needs_assessment')
    .values({
      municipality_id: org.id,
      admin_unit_soate: org.admin_unit_soate,
      year: input.year,
      ranking_method: input.rankingMethod,
      ranking_points: points,
      created_by: actorId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'needs_assessment', entityId: row.id, after: row });
  return row;
}

/** Changes the ranking rule (votes, or points such as 3-2-1). */
export async function setRankingRule(db: Db, actorId: string | null, id: string, rule: RankingRule) {
  const before = await getAssessment(db, id);
  const points = rule.method === 'points' ? formatPointsRule(rule.points) : null;
  await db.updateTable('needs_assessment').set({ ranking_method: rule.method, ranking_points: points, updated_at: new Date() }).where('id', '=', id).execute();
  await writeAudit(db, { actorId, action: 'ranking_rule', entity: 'needs_assessment', entityId: id, before: { method: before.ranking_method, points: before.ranking_points }, after: { method: rule.method, points } });
}

/** Counts that decide whether the assessment may move on. */
export async function assessmentFacts(db: Db, id: string) {
  const one = async (table: 'assessment_focus_group' | 'assessment_problem') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('assessment_id', '=', id).executeTakeFirstOrThrow()).n);
  const meetings = await db
    .selectFrom('assessment_meeting')
    .select((eb) => [
      eb.fn.countAll().as('n'),
      eb.fn
        .count('assessment_meeting.id')
        .filterWhere(sql<boolean>`exists (select 1 from assessment_tally t where t.meeting_id = assessment_meeting.id)`)
        .as('tallied'),
    ])
    .where('assessment_id', '=', id)
    .where('kind', '=', 'village')
    .executeTakeFirstOrThrow();
  return {
    focusGroups: await one('assessment_focus_group'),
    problems: await one('assessment_problem'),
    villageMeetings: Number(meetings.n),
    talliedMeetings: Number(meetings.tallied),
  };
}

/**
 * Moves the assessment one stage forward or back. Entering "prioritised" freezes the ranking on the
 * problems (what the meeting adopted is what gets published); stepping back below it clears it.
 */
export async function moveAssessmentStage(db: Db, actorId: string | null, id: string, to: string) {
  const a = await getAssessment(db, id);
  if (!isAssessmentStage(to) || !isAssessmentStage(a.stage)) throw new AppError('INVALID', 'assessment:stage.errors.oneStep');
  const problems = stageMoveProblems(a.stage, to, await assessmentFacts(db, id));
  if (problems.length) throw new AppError('INVALID', problems[0]!);
  if (to === 'prioritised' && a.stage === 'meetings') {
    const ranking = await computeRanking(db, a);
    for (const r of ranking) {
      await db.updateTable('assessment_problem').set({ rank: r.rank, score: r.score, total_votes: r.totalVotes }).where('id', '=', r.problemId).execute();
    }
  }
  if (to === 'meetings' && a.stage === 'prioritised') {
    await db.updateTable('assessment_problem').set({ rank: null, score: null, total_votes: null }).where('assessment_id', '=', id).execute();
  }
  await db
    .updateTable('needs_assessment')
    .set({ stage: to, updated_at: new Date(), published_at: to === 'published' ? new Date() : a.stage === 'published' ? null : a.published_at })
    .where('id', '=', id)
    .execute();
  await writeAudit(db, { actorId, action: to === 'published' ? 'publish' : 'stage', entity: 'needs_assessment', entityId: id, before: { stage: a.stage }, after: { stage: to } });
}

/** Villages of the municipality's territory (admin-unit children); a city without villages is its own "village". */
export async function listAssessmentVillages(db: Db, municipalitySoate: string | null) {
  if (!municipalitySoate) return [];
  const kids = await db
    .selectFrom('admin_unit')
    .select(['soate', 'name_ky', 'name_ru', 'name_en'])
    .where('parent_soate', '=', municipalitySoate)
    .where('valid_to', 'is', null)
    .orderBy('soate')
    .execute();
  if (kids.length) return kids;
  return db.selectFrom('admin_unit').select(['soate', 'name_ky', 'name_ru', 'name_en']).where('soate', '=', municipalitySoate).execute();
}

async function assertVillage(db: Db, a: AssessmentRow, soate: string) {
  const villages = await listAssessmentVillages(db, a.admin_unit_soate);
  if (!villages.some((v) => v.soate === soate)) throw new AppError('INVALID', 'assessment:errors.village');
}

async function assertEditable(a: AssessmentRow) {
  if (a.stage === 'published') throw new AppError('CONFLICT', 'assessment:errors.published');
}

/** What the ranking is made of (problems, meetings, tallies) is frozen once the ranking is adopted. */
async function assertRankingOpen(a: AssessmentRow) {
  await assertEditable(a);
  if (a.stage === 'prioritised') throw new AppError('CONFLICT', 'assessment:errors.rankingFrozen');
}

// ---------------------------------------------------------------- focus groups

export async function listFocusGroups(db: Db, assessmentId: string) {
  return db
    .selectFrom('assessment_focus_group')
    .innerJoin('focus_group_category as c', 'c.code', 'assessment_focus_group.category_code')
    .innerJoin('admin_unit as v', 'v.soate', 'assessment_focus_group.village_soate')
    .selectAll('assessment_focus_group')
    .select(['c.name_ky as category_ky', 'c.name_ru as category_ru', 'c.name_en as category_en', 'v.name_ky as village_ky', 'v.name_ru as village_ru', 'v.name_en as village_en'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('held_on')
    .orderBy('assessment_focus_group.created_at')
    .execute();
}

/** Records a focus group: who (category, counts by sex and age group — never names), where, when. */
export async function addFocusGroup(db: Db, actorId: string | null, assessmentId: string, input: FocusGroupInput) {
  const a = await getAssessment(db, assessmentId);
  await assertEditable(a);
  await assertVillage(db, a, input.villageSoate);
  const row = await db
    .insertInto('assessment_focus_group')
    .values({
      assessment_id: assessmentId,
      category_code: input.categoryCode,
      village_soate: input.villageSoate,
      held_on: input.heldOn,
      facilitator: input.facilitator,
      women_14_29: input.women_14_29,
      women_30_59: input.women_30_59,
      women_60_plus: input.women_60_plus,
      men_14_29: input.men_14_29,
      men_30_59: input.men_30_59,
      men_60_plus: input.men_60_plus,
      problems_raised: input.problemsRaised,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'assessment_focus_group', entityId: row.id, after: row });
  return row;
}

export async function deleteFocusGroup(db: Db, actorId: string | null, assessmentId: string, id: string) {
  await assertEditable(await getAssessment(db, assessmentId));
  if (!isUuid(id)) throw notFound();
  const before = await db.deleteFrom('assessment_focus_group').where('id', '=', id).where('assessment_id', '=', assessmentId).returningAll().executeTakeFirst();
  if (!before) throw notFound();
  await writeAudit(db, { actorId, action: 'delete', entity: 'assessment_focus_group', entityId: id, before });
}

// ---------------------------------------------------------------- problems

export async function listProblems(db: Db, assessmentId: string) {
  return db
    .selectFrom('assessment_problem')
    .innerJoin('problem_category as c', 'c.code', 'assessment_problem.category_code')
    .selectAll('assessment_problem')
    .select(['c.name_ky as category_ky', 'c.name_ru as category_ru', 'c.name_en as category_en'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('number')
    .execute();
}
export type ProblemRow = Awaited<ReturnType<typeof listProblems>>[number];

/** A problem of this assessment (a problem id from another assessment is "not found"). */
export async function getProblem(db: Db, assessmentId: string, problemId: string): Promise<ProblemRow> {
  if (!isUuid(problemId)) throw notFound();
  const row = (await listProblems(db, assessmentId)).find((p) => p.id === problemId);
  if (!row) throw notFound();
  return row;
}

async function checkProblemInput(db: Db, a: AssessmentRow, input: ProblemInput) {
  const villages = new Set((await listAssessmentVillages(db, a.admin_unit_soate)).map((v) => v.soate));
  if (input.villageSoates.some((v) => !villages.has(v))) throw new AppError('INVALID', 'assessment:errors.village');
  const cats = new Set((await listAssessmentCatalogue(db, 'focus_group_category', { includeInactive: true })).map((c) => c.code));
  if (input.raisedBy.some((c) => !cats.has(c))) throw new AppError('INVALID', 'errors.unknownCode');
}

/** Adds a problem to the gallery with the next number. */
export async function addProblem(db: Db, actorId: string | null, assessmentId: string, input: ProblemInput) {
  const a = await getAssessment(db, assessmentId);
  await assertRankingOpen(a);
  await checkProblemInput(db, a, input);
  const max = await db.selectFrom('assessment_problem').select((eb) => eb.fn.max('number').as('m')).where('assessment_id', '=', assessmentId).executeTakeFirst();
  const row = await db
    .insertInto('assessment_problem')
    .values({
      assessment_id: assessmentId,
      number: Number(max?.m ?? 0) + 1,
      title: input.title,
      description: input.description,
      category_code: input.categoryCode,
      village_soates: input.villageSoates,
      raised_by: input.raisedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'assessment_problem', entityId: row.id, after: row });
  return row;
}

export async function updateProblem(db: Db, actorId: string | null, assessmentId: string, problemId: string, input: ProblemInput) {
  const a = await getAssessment(db, assessmentId);
  await assertEditable(a);
  const before = await getProblem(db, assessmentId, problemId);
  await checkProblemInput(db, a, input);
  const after = await db
    .updateTable('assessment_problem')
    .set({ title: input.title, description: input.description, category_code: input.categoryCode, village_soates: input.villageSoates, raised_by: input.raisedBy })
    .where('id', '=', problemId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'update', entity: 'assessment_problem', entityId: problemId, before, after });
}

export async function deleteProblem(db: Db, actorId: string | null, assessmentId: string, problemId: string) {
  await assertRankingOpen(await getAssessment(db, assessmentId));
  const before = await getProblem(db, assessmentId, problemId);
  const photos = await db.selectFrom('assessment_problem_photo').select('file_id').where('problem_id', '=', problemId).execute();
  await db.deleteFrom('assessment_problem').where('id', '=', problemId).execute();
  const storage = databaseStorage(db);
  for (const p of photos) await storage.remove(p.file_id);
  await writeAudit(db, { actorId, action: 'delete', entity: 'assessment_problem', entityId: problemId, before });
}

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Stores a photo of a problem through the file storage interface (never on local disk). */
export async function addProblemPhoto(
  db: Db,
  actorId: string | null,
  assessmentId: string,
  problemId: string,
  file: { name: string; type: string; data: Uint8Array },
  caption: string | null,
) {
  await assertEditable(await getAssessment(db, assessmentId));
  await getProblem(db, assessmentId, problemId);
  const type = sniffImage(file.data);
  if (!type) throw new AppError('INVALID', 'assessment:errors.photoType');
  const fileId = await databaseStorage(db).put({ fileName: file.name || 'photo', contentType: type, data: file.data, createdBy: actorId });
  const row = await db.insertInto('assessment_problem_photo').values({ problem_id: problemId, file_id: fileId, caption }).returningAll().executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'assessment_problem_photo', entityId: row.id, after: { problemId, fileId, caption } });
  return row;
}

/** The image type from the file's first bytes (the browser's declared type is not trusted). */
export function sniffImage(data: Uint8Array): (typeof PHOTO_TYPES)[number] | null {
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'image/png';
  if (data.length > 12 && String.fromCharCode(...data.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...data.subarray(8, 12)) === 'WEBP') return 'image/webp';
  return null;
}

export async function listProblemPhotos(db: Db, assessmentId: string) {
  return db
    .selectFrom('assessment_problem_photo')
    .innerJoin('assessment_problem as p', 'p.id', 'assessment_problem_photo.problem_id')
    .select(['assessment_problem_photo.id', 'assessment_problem_photo.problem_id', 'assessment_problem_photo.caption', 'assessment_problem_photo.file_id'])
    .where('p.assessment_id', '=', assessmentId)
    .orderBy('assessment_problem_photo.created_at')
    .execute();
}

/** A photo's bytes, only when it belongs to this assessment. */
export async function findProblemPhotoFile(db: Db, assessmentId: string, photoId: string) {
  if (!isUuid(photoId)) return null;
  const row = (await listProblemPhotos(db, assessmentId)).find((p) => p.id === photoId);
  return row ? databaseStorage(db).get(row.file_id) : null;
}

export async function deleteProblemPhoto(db: Db, actorId: string | null, assessmentId: string, photoId: string) {
  await assertEditable(await getAssessment(db, assessmentId));
  const row = isUuid(photoId) ? (await listProblemPhotos(db, assessmentId)).find((p) => p.id === photoId) : undefined;
  if (!row) throw notFound();
  await db.deleteFrom('assessment_problem_photo').where('id', '=', photoId).execute();
  await databaseStorage(db).remove(row.file_id);
  await writeAudit(db, { actorId, action: 'delete', entity: 'assessment_problem_photo', entityId: photoId, before: row });
}

// ---------------------------------------------------------------- cause-and-effect trees

export async function listCauseNodes(db: Db, assessmentId: string, problemId?: string) {
  let q = db
    .selectFrom('assessment_cause_node')
    .innerJoin('assessment_problem as p', 'p.id', 'assessment_cause_node.problem_id')
    .selectAll('assessment_cause_node')
    .where('p.assessment_id', '=', assessmentId)
    .orderBy('assessment_cause_node.sort_order');
  if (problemId) q = q.where('assessment_cause_node.problem_id', '=', problemId);
  return q.execute();
}

/** Adds a cause or an effect under the problem or under another box of the same kind. */
export async function addCauseNode(db: Db, actorId: string | null, assessmentId: string, problemId: string, input: CauseNodeInput) {
  await assertEditable(await getAssessment(db, assessmentId));
  await getProblem(db, assessmentId, problemId);
  const nodes = await listCauseNodes(db, assessmentId, problemId);
  if (input.parentId) {
    const parent = nodes.find((n) => n.id === input.parentId);
    if (!parent || parent.kind !== input.kind) throw new AppError('INVALID', 'assessment:errors.parent');
  }
  const row = await db
    .insertInto('assessment_cause_node')
    .values({ problem_id: problemId, parent_id: input.parentId, kind: input.kind, text: input.text, sort_order: nodes.length + 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'assessment_cause_node', entityId: row.id, after: row });
  return row;
}

/** Edits a box's text (its place in the tree stays). */
export async function updateCauseNode(db: Db, actorId: string | null, assessmentId: string, nodeId: string, text: string) {
  await assertEditable(await getAssessment(db, assessmentId));
  const before = isUuid(nodeId) ? (await listCauseNodes(db, assessmentId)).find((n) => n.id === nodeId) : undefined;
  if (!before) throw notFound();
  await db.updateTable('assessment_cause_node').set({ text }).where('id', '=', nodeId).execute();
  await writeAudit(db, { actorId, action: 'update', entity: 'assessment_cause_node', entityId: nodeId, before, after: { ...before, text } });
}

/** Removes a box and everything under it. */
export async function deleteCauseNode(db: Db, actorId: string | null, assessmentId: string, nodeId: string) {
  await assertEditable(await getAssessment(db, assessmentId));
  const before = isUuid(nodeId) ? (await listCauseNodes(db, assessmentId)).find((n) => n.id === nodeId) : undefined;
  if (!before) throw notFound();
  await db.deleteFrom('assessment_cause_node').where('id', '=', nodeId).execute();
  await writeAudit(db, { actorId, action: 'delete', entity: 'assessment_cause_node', entityId: nodeId, before });
}

// ---------------------------------------------------------------- meetings and tallies

export async function listMeetings(db: Db, assessmentId: string) {
  return db
    .selectFrom('assessment_meeting')
    .leftJoin('admin_unit as v', 'v.soate', 'assessment_meeting.village_soate')
    .selectAll('assessment_meeting')
    .select(['v.name_ky as village_ky', 'v.name_ru as village_ru', 'v.name_en as village_en'])
    .select((eb) =>
      eb
        .selectFrom('assessment_tally')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('votes'), sql<number>`0`).as('s'))
        .whereRef('assessment_tally.meeting_id', '=', 'assessment_meeting.id')
        .as('votes_total'),
    )
    .where('assessment_id', '=', assessmentId)
    // Village meetings first, then the aiyl-aimak meeting that adopts the ranking.
    .orderBy(sql`case when assessment_meeting.kind = 'village' then 0 else 1 end`)
    .orderBy('held_on')
    .orderBy('assessment_meeting.created_at')
    .execute();
}
export type MeetingRow = Awaited<ReturnType<typeof listMeetings>>[number];

export async function getMeeting(db: Db, assessmentId: string, meetingId: string): Promise<MeetingRow> {
  if (!isUuid(meetingId)) throw notFound();
  const row = (await listMeetings(db, assessmentId)).find((m) => m.id === meetingId);
  if (!row) throw notFound();
  return row;
}

/** Records a village meeting or the aiyl-aimak meeting with its attendance by sex. */
export async function addMeeting(db: Db, actorId: string | null, assessmentId: string, input: MeetingInput) {
  const a = await getAssessment(db, assessmentId);
  // The aiyl-aimak meeting that adopts the ranking may still be recorded after it is frozen.
  if (input.kind === 'village') await assertRankingOpen(a);
  else await assertEditable(a);
  if (input.kind === 'village') await assertVillage(db, a, input.villageSoate!);
  const row = await db
    .insertInto('assessment_meeting')
    .values({
      assessment_id: assessmentId,
      kind: input.kind,
      village_soate: input.kind === 'village' ? input.villageSoate : null,
      held_on: input.heldOn,
      women: input.women,
      men: input.men,
      notes: input.notes,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'assessment_meeting', entityId: row.id, after: row });
  return row;
}

export async function deleteMeeting(db: Db, actorId: string | null, assessmentId: string, meetingId: string) {
  const a = await getAssessment(db, assessmentId);
  const before = await getMeeting(db, assessmentId, meetingId);
  if (before.kind === 'village') await assertRankingOpen(a);
  else await assertEditable(a);
  await db.deleteFrom('assessment_meeting').where('id', '=', meetingId).execute();
  await writeAudit(db, { actorId, action: 'delete', entity: 'assessment_meeting', entityId: meetingId, before });
}

/**
 * Replaces a meeting's paper tally: votes per problem. Problems left out have no votes. Run inside a
 * transaction (several rows); audited with the previous tally.
 */
export async function saveTally(db: Db, actorId: string | null, assessmentId: string, meetingId: string, votes: { problemId: string; votes: number }[], reason: string | null = null) {
  await assertRankingOpen(await getAssessment(db, assessmentId));
  await getMeeting(db, assessmentId, meetingId);
  const problemIds = new Set((await listProblems(db, assessmentId)).map((p) => p.id));
  for (const v of votes) {
    if (!problemIds.has(v.problemId)) throw new AppError('INVALID', 'assessment:errors.unknownProblem');
    if (!Number.isInteger(v.votes) || v.votes < 0) throw new AppError('INVALID', 'assessment:errors.count');
  }
  const before = await db.selectFrom('assessment_tally').select(['problem_id', 'votes']).where('meeting_id', '=', meetingId).execute();
  await db.deleteFrom('assessment_tally').where('meeting_id', '=', meetingId).execute();
  const rows = votes.filter((v) => v.votes > 0).map((v) => ({ meeting_id: meetingId, problem_id: v.problemId, votes: v.votes }));
  if (rows.length) await db.insertInto('assessment_tally').values(rows).execute();
  await writeAudit(db, { actorId, action: 'tally', entity: 'assessment_meeting', entityId: meetingId, before, after: rows.map(({ problem_id, votes }) => ({ problem_id, votes })), reason });
}

/** All tallies of an assessment (village meetings only: the aiyl-aimak meeting adopts, it does not vote again). */
export async function listTallies(db: Db, assessmentId: string) {
  return db
    .selectFrom('assessment_tally')
    .innerJoin('assessment_meeting as m', 'm.id', 'assessment_tally.meeting_id')
    .select(['assessment_tally.meeting_id', 'assessment_tally.problem_id', 'assessment_tally.votes', 'm.kind'])
    .where('m.assessment_id', '=', assessmentId)
    .execute();
}

/** The live ranking from the village tallies under the assessment's rule. */
export async function computeRanking(db: Db, a: AssessmentRow) {
  const problems = await listProblems(db, a.id);
  const tallies = (await listTallies(db, a.id)).filter((t) => t.kind === 'village');
  return rankProblems(
    problems.map((p) => ({ id: p.id, number: p.number })),
    tallies.map((t) => ({ meetingId: t.meeting_id, problemId: t.problem_id, votes: t.votes })),
    rankingRuleOf(a),
  );
}

/**
 * Everything a page, the report, the poster and the workbook show about an assessment. After
 * "prioritised" the frozen ranking is used; before it, the live one.
 */
export async function loadAssessmentReport(db: Db, id: string) {
  const assessment = await getAssessment(db, id);
  const [villages, focusGroups, problems, causeNodes, meetings, tallies, photos, fgCategories, problemCategories, liveRanking, requests, unit] = await Promise.all([
    listAssessmentVillages(db, assessment.admin_unit_soate),
    listFocusGroups(db, id),
    listProblems(db, id),
    listCauseNodes(db, id),
    listMeetings(db, id),
    listTallies(db, id),
    listProblemPhotos(db, id),
    listAssessmentCatalogue(db, 'focus_group_category', { includeInactive: true }),
    listAssessmentCatalogue(db, 'problem_category', { includeInactive: true }),
    computeRanking(db, assessment),
    db.selectFrom('assessment_program_line_request').select(['problem_id', 'created_at', 'program_line_id']).where('assessment_id', '=', id).execute(),
    assessment.admin_unit_soate
      ? db.selectFrom('admin_unit').select(['soate', 'name_ky', 'name_ru', 'name_en']).where('soate', '=', assessment.admin_unit_soate).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const frozen = problems.some((p) => p.rank !== null);
  const ranking = frozen
    ? problems
        .filter((p) => p.rank !== null)
        .sort((x, y) => x.rank! - y.rank!)
        .map((p) => ({ ...liveRanking.find((r) => r.problemId === p.id)!, rank: p.rank!, score: p.score ?? 0, totalVotes: p.total_votes ?? 0 }))
    : liveRanking;
  const meetingParticipation = participationStats(meetings.map((m) => ({ villageSoate: m.village_soate, women: m.women, men: m.men })));
  const focusGroupParticipation = participationStats(
    focusGroups.map((f) => ({ villageSoate: f.village_soate, women: f.women_14_29 + f.women_30_59 + f.women_60_plus, men: f.men_14_29 + f.men_30_59 + f.men_60_plus })),
  );
  return {
    assessment,
    unit: unit ?? null,
    villages,
    focusGroups,
    problems,
    causeNodes,
    meetings,
    tallies,
    photos,
    fgCategories,
    problemCategories,
    ranking,
    rankingFrozen: frozen,
    rule: rankingRuleOf(assessment),
    meetingParticipation,
    focusGroupParticipation,
    programLineRequests: requests,
  };
}
export type AssessmentReport = Awaited<ReturnType<typeof loadAssessmentReport>>;

// ---------------------------------------------------------------- to the local SSO program

/**
 * INTEGRATION POINT (issue #3, the SSO program): takes the draft made by `priorityToProgramLineDraft`
 * and records it. At merge the lead replaces the body after the audit with an insert into the
 * program tables (a line of the municipality's local SSO program for `draft.year`, created or found by
 * `draft.customerId`) and stores the new line's id in `program_line_id`. Idempotent per problem.
 */
export async function createProgramLineFromPriority(
  db: Db,
  actorId: string | null,
  draft: ProgramLineDraft,
): Promise<{ requestId: string; programLineId: string | null; created: boolean }> {
  const existing = await db
    .selectFrom('assessment_program_line_request')
    .select(['id', 'program_line_id'])
    .where('problem_id', '=', draft.source.problemId)
    .executeTakeFirst();
  if (existing) return { requestId: existing.id, programLineId: existing.program_line_id, created: false };
  const row = await db
    .insertInto('assessment_program_line_request')
    .values({ assessment_id: draft.source.assessmentId, problem_id: draft.source.problemId, draft: JSON.stringify(draft), created_by: actorId })
    .returning(['id', 'program_line_id'])
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'to_program', entity: 'assessment_problem', entityId: draft.source.problemId, after: draft });
  // TODO(merge #3): insert the program line here and set program_line_id.
  return { requestId: row.id, programLineId: row.program_line_id, created: true };
}
