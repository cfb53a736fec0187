import { sql } from 'kysely';
import {
  AppError,
  can,
  evaluationTotals,
  isProjectFinished,
  type Actor,
  type EvaluationCriterion,
  type EvaluationScores,
  type EvaluationStatus,
  type Resource,
} from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { getProject } from './results-projects.ts';

type Project = Awaited<ReturnType<typeof getProject>>;
type EvaluationResource = Extract<Resource, { type: 'project_evaluation' }>;

/** The authorisation view of a project's evaluation sheet. */
export function evaluationResource(project: Project, status: EvaluationStatus | null, today: string): EvaluationResource {
  return {
    type: 'project_evaluation',
    projectId: project.id,
    contractorId: project.contractor_id,
    customerId: project.customer_id,
    adminUnitSoates: project.territories.map((t) => t.soate),
    status: status ?? 'none',
    finished: isProjectFinished(String(project.end_date).slice(0, 10), today),
  };
}

/** The criteria version in force (the highest). */
export async function currentEvaluationCriteria(db: Db) {
  const row = await db.selectFrom('evaluation_criteria').select(['id', 'version', 'items']).orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
  return { id: row.id, version: row.version, items: row.items as EvaluationCriterion[] };
}

/** Adds a version of the criteria (admins); sheets already saved keep theirs. Audited. */
export async function addEvaluationCriteriaVersion(db: Db, actor: Actor, items: EvaluationCriterion[]) {
  if (!can(actor, 'manage', { type: 'evaluation_criteria' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const last = await db.selectFrom('evaluation_criteria').select(sql<number>`coalesce(max(version), 0)`.as('n')).executeTakeFirstOrThrow();
  const version = Number(last.n) + 1;
  const row = await db.insertInto('evaluation_criteria').values({ version, items: JSON.stringify(items), created_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
  await writeAudit(db, { actorId: actor.userId, action: 'create', entity: 'evaluation_criteria', entityId: row.id, after: { version, items } });
  return { version };
}

/**
 * A project's evaluation sheet for the actor: the project, the criteria of the sheet (its own version,
 * or the current one before the first save), the sheet (null before it) with totals, and whether the
 * actor may edit it. NOT_FOUND when the actor may not see it (the contractor before it is final).
 */
export async function getEvaluationForActor(db: Db, actor: Actor | null, projectId: string, today: string) {
  const project = await getProject(db, projectId);
  const row = await db
    .selectFrom('project_evaluation as e')
    .innerJoin('evaluation_criteria as c', 'c.id', 'e.criteria_id')
    .leftJoin('app_user as u', 'u.id', 'e.evaluated_by')
    .select(['e.id', 'e.scores', 'e.conclusion', 'e.status', 'e.updated_at', 'e.finalised_at', 'c.items', 'c.version', 'u.full_name as evaluator_name'])
    .where('e.project_id', '=', project.id)
    .executeTakeFirst();
  const resource = evaluationResource(project, row?.status ?? null, today);
  if (!can(actor, 'view', resource)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const criteria = row ? { version: row.version, items: row.items as EvaluationCriterion[] } : await currentEvaluationCriteria(db);
  const scores = (row?.scores ?? {}) as EvaluationScores;
  return {
    project,
    criteria: criteria.items,
    criteriaVersion: criteria.version,
    finished: resource.finished,
    canEdit: can(actor, 'update', resource),
    evaluation: row
      ? { status: row.status, scores, conclusion: row.conclusion, updatedAt: String(row.updated_at), finalisedAt: row.finalised_at ? String(row.finalised_at) : null, evaluatorName: row.evaluator_name }
      : null,
    totals: evaluationTotals(criteria.items, scores),
  };
}

/**
 * Saves (or finalises) a project's evaluation sheet: the project's monitoring officers, the project
 * finished, the sheet not final. The first save fixes the criteria version. Audited.
 */
export async function saveEvaluation(
  db: Db,
  actor: Actor,
  projectId: string,
  today: string,
  input: { scores: EvaluationScores; conclusion: string | null; finalise: boolean },
) {
  const project = await getProject(db, projectId);
  const existing = await db.selectFrom('project_evaluation').select(['id', 'status', 'criteria_id', 'scores', 'conclusion']).where('project_id', '=', project.id).forUpdate().executeTakeFirst();
  if (!can(actor, 'update', evaluationResource(project, existing?.status ?? null, today))) throw new AppError('NOT_FOUND', 'errors.notFound');
  const now = new Date();
  const status = input.finalise ? 'final' : 'draft';
  let id: string;
  if (existing) {
    await db
      .updateTable('project_evaluation')
      .set({ scores: JSON.stringify(input.scores), conclusion: input.conclusion, status, evaluated_by: actor.userId, updated_at: now, finalised_at: input.finalise ? now : null })
      .where('id', '=', existing.id)
      .execute();
    id = existing.id;
  } else {
    const criteria = await currentEvaluationCriteria(db);
    const row = await db
      .insertInto('project_evaluation')
      .values({ project_id: project.id, criteria_id: criteria.id, scores: JSON.stringify(input.scores), conclusion: input.conclusion, status, evaluated_by: actor.userId, updated_at: now, finalised_at: input.finalise ? now : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  }
  await writeAudit(db, {
    actorId: actor.userId,
    action: input.finalise ? 'finalise' : existing ? 'update' : 'create',
    entity: 'project_evaluation',
    entityId: id,
    before: existing ? { status: existing.status, scores: existing.scores, conclusion: existing.conclusion } : undefined,
    after: { status, scores: input.scores, conclusion: input.conclusion },
  });
  return { id, status };
}

/** The criteria of the sheet a save is checked against: the sheet's own version, or the current one. */
export async function evaluationCriteriaFor(db: Db, projectId: string): Promise<EvaluationCriterion[]> {
  const row = await db
    .selectFrom('project_evaluation as e')
    .innerJoin('evaluation_criteria as c', 'c.id', 'e.criteria_id')
    .select('c.items')
    .where('e.project_id', '=', projectId)
    .executeTakeFirst();
  return row ? (row.items as EvaluationCriterion[]) : (await currentEvaluationCriteria(db)).items;
}
