import { sql } from 'kysely';
// Joint needs assessments (ЖМБА): the assessment row, its authorisation view and its rule.
import { AppError, can, formatPointsRule, municipalWorkScope, parsePointsRule, type Action, type Actor, type RankingRule, type Resource } from '@kamkor/domain';
import { auditActorId, type Db, writeAudit } from './audit.ts';
import { pageBounds, type PageRequest } from './paging.ts';
import { isUuid } from './people.ts';

export const notFound = () => new AppError('NOT_FOUND', 'errors.notFound');

// ---------------------------------------------------------------- assessments

/** What the public may read of an assessment row (named columns; the public projection uses these). */
export const publicAssessmentColumns = [
  'needs_assessment.id',
  'needs_assessment.municipality_id',
  'needs_assessment.admin_unit_soate',
  'needs_assessment.year',
  'needs_assessment.stage',
  'needs_assessment.ranking_method',
  'needs_assessment.ranking_points',
  'needs_assessment.published_at',
  'organisation.name_ky as municipality_name_ky',
  'organisation.name_ru as municipality_name_ru',
  'organisation.name_en as municipality_name_en',
] as const;

const assessmentColumns = [...publicAssessmentColumns, 'needs_assessment.created_at', 'needs_assessment.updated_at'] as const;

/** Loads an assessment and checks the actor (or anonymous visitor) may do `action` to it; otherwise NOT_FOUND. */
export async function getAssessmentForActor(db: Db, actor: Actor | null, id: string, action: Action = 'view'): Promise<AssessmentRow> {
  const a = await findAssessment(db, id);
  if (!a || !can(actor, action, assessmentResource(a))) throw notFound();
  return a;
}

/**
 * The assessments an actor may see, newest year first, filtered and paged in SQL: published ones,
 * and the unpublished work `municipalWorkScope` (the policy's own scope) lets them see.
 */
export async function listAssessmentsForActor(db: Db, actor: Actor | null, filter: PageRequest & { stage?: string; year?: number; mine?: boolean } = {}) {
  const { limit, offset, page, pageSize } = pageBounds(filter);
  const scope = municipalWorkScope(actor);
  let q = db.selectFrom('needs_assessment').innerJoin('organisation', 'organisation.id', 'needs_assessment.municipality_id');
  if (!scope.all)
    q = q.where((eb) =>
      eb.or([
        eb('needs_assessment.stage', '=', 'published'),
        ...(scope.municipalityIds.length ? [eb('needs_assessment.municipality_id', 'in', scope.municipalityIds)] : []),
        ...scope.soatePrefixes.map((p) => eb('needs_assessment.admin_unit_soate', 'like', `${p}%`)),
      ]),
    );
  // Only the actor's own municipalities (the municipal dashboard's figures link here).
  if (filter.mine) q = scope.municipalityIds.length ? q.where('needs_assessment.municipality_id', 'in', scope.municipalityIds) : q.where(sql<boolean>`false`);
  const unfiltered = q;
  if (filter.stage) q = q.where('needs_assessment.stage', '=', filter.stage);
  if (filter.year) q = q.where('needs_assessment.year', '=', filter.year);
  const [rows, count, years] = await Promise.all([
    q.select(assessmentColumns).orderBy('needs_assessment.year', 'desc').orderBy('organisation.name_ru').orderBy('needs_assessment.id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    unfiltered.select('needs_assessment.year').distinct().orderBy('needs_assessment.year', 'desc').execute(),
  ]);
  return { items: rows.filter((a) => can(actor, 'view', assessmentResource(a))), total: Number(count.n), page, pageSize, years: years.map((y) => y.year) };
}

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

/** Starts an assessment for a municipality and year (one per year); only the municipality's own officers may. */
export async function createAssessment(
  db: Db,
  actor: Actor,
  input: { municipalityId: string; year: number; rankingMethod: 'votes' | 'points'; points?: string | undefined },
) {
  if (!can(actor, 'create', { type: 'needs_assessment', id: 'new', municipalityId: input.municipalityId, status: 'planned' })) throw notFound();
  const actorId = auditActorId(actor);
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
export async function setRankingRule(db: Db, actor: Actor, id: string, rule: RankingRule) {
  const before = await getAssessmentForActor(db, actor, id, 'update');
  const actorId = auditActorId(actor);
  const points = rule.method === 'points' ? formatPointsRule(rule.points) : null;
  await db.updateTable('needs_assessment').set({ ranking_method: rule.method, ranking_points: points, updated_at: new Date() }).where('id', '=', id).execute();
  await writeAudit(db, { actorId, action: 'ranking_rule', entity: 'needs_assessment', entityId: id, before: { method: before.ranking_method, points: before.ranking_points }, after: { method: rule.method, points } });
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

export async function assertVillage(db: Db, a: AssessmentRow, soate: string) {
  const villages = await listAssessmentVillages(db, a.admin_unit_soate);
  if (!villages.some((v) => v.soate === soate)) throw new AppError('INVALID', 'assessment:errors.village');
}

export async function assertEditable(a: AssessmentRow) {
  if (a.stage === 'published') throw new AppError('CONFLICT', 'assessment:errors.published');
}

/** What the ranking is made of (problems, meetings, tallies) is frozen once the ranking is adopted. */
export async function assertRankingOpen(a: AssessmentRow) {
  await assertEditable(a);
  if (a.stage === 'prioritised') throw new AppError('CONFLICT', 'assessment:errors.rankingFrozen');
}
