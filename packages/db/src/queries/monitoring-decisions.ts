import {
  AppError,
  can,
  isDecisionOverdue,
  type Action,
  type Actor,
  type MinistryDecisionInput,
  type MinistryDecisionKind,
  type MinistryDecisionStatus,
  type Resource,
} from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';
import { getProject } from './results-projects.ts';

type Project = Awaited<ReturnType<typeof getProject>>;
type DecisionResource = Extract<Resource, { type: 'monitoring_decision' }>;

/** Most decisions listed for one project (newest first). */
export const MAX_PROJECT_DECISIONS = 200;

/** The authorisation resource of the ministry decisions about a project. */
export function monitoringDecisionResource(project: Project): DecisionResource {
  return {
    type: 'monitoring_decision',
    projectId: project.id,
    contractorId: project.contractor_id,
    customerId: project.customer_id,
    adminUnitSoates: project.territories.map((t) => t.soate),
  };
}

async function projectFor(db: Db, actor: Actor | null, projectId: string, action: Action) {
  const project = await getProject(db, projectId);
  const resource = monitoringDecisionResource(project);
  if (!can(actor, action, resource)) throw new AppError('NOT_FOUND', 'errors.notFound');
  return { project, resource };
}

const day = (d: unknown) => (d == null ? null : d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));

/**
 * The ministry decisions about a project the actor may see (its customer's program officers, its
 * monitoring officers, admins, its contractor NGO); NOT_FOUND for everyone else. Newest first, with
 * the visit and recommendation each rests on and whether its follow-up is overdue.
 */
export async function listProjectDecisions(db: Db, actor: Actor | null, projectId: string, today: string) {
  const { project, resource } = await projectFor(db, actor, projectId, 'view');
  const rows = await db
    .selectFrom('monitoring_decision as d')
    .leftJoin('monitoring_visit as v', 'v.id', 'd.visit_id')
    .leftJoin('monitoring_recommendation as r', 'r.id', 'd.recommendation_id')
    .leftJoin('app_user as u', 'u.id', 'd.created_by')
    .select(['d.id', 'd.kind', 'd.basis', 'd.decided_on', 'd.follow_up_due', 'd.status', 'd.created_at', 'v.visit_no', 'r.recommendation', 'u.full_name as decided_by_name'])
    .where('d.project_id', '=', project.id)
    .orderBy('d.decided_on', 'desc')
    .orderBy('d.created_at', 'desc')
    .limit(MAX_PROJECT_DECISIONS)
    .execute();
  const canUpdate = can(actor, 'update', resource);
  return {
    project,
    canRecord: can(actor, 'create', resource),
    decisions: rows.map((r) => ({
      id: r.id,
      kind: r.kind as MinistryDecisionKind,
      basis: r.basis,
      decidedOn: day(r.decided_on)!,
      followUpDue: day(r.follow_up_due),
      status: r.status as MinistryDecisionStatus,
      visitNo: r.visit_no ?? null,
      recommendation: r.recommendation ?? null,
      decidedByName: r.decided_by_name ?? null,
      overdue: isDecisionOverdue({ status: r.status, followUpDue: day(r.follow_up_due) }, today),
      canClose: canUpdate && r.status === 'open' && r.follow_up_due !== null,
    })),
  };
}

/**
 * What a decision may rest on: the project's visits that are recorded (not only planned) and their
 * recommendations. At most 200 of each; for the form of those who may record decisions.
 */
export async function listDecisionBases(db: Db, actor: Actor, projectId: string) {
  const { project } = await projectFor(db, actor, projectId, 'create');
  const visits = await db
    .selectFrom('monitoring_visit')
    .select(['id', 'visit_no', 'visit_date', 'planned_date'])
    .where('project_id', '=', project.id)
    .where('status', '!=', 'planned')
    .orderBy('visit_no')
    .limit(200)
    .execute();
  const recommendations = await db
    .selectFrom('monitoring_recommendation as r')
    .innerJoin('monitoring_visit as v', 'v.id', 'r.visit_id')
    .select(['r.id', 'r.recommendation', 'r.due_date', 'v.visit_no'])
    .where('v.project_id', '=', project.id)
    .orderBy('v.visit_no')
    .orderBy('r.created_at')
    .limit(200)
    .execute();
  return {
    visits: visits.map((v) => ({ id: v.id, visitNo: v.visit_no, date: day(v.visit_date ?? v.planned_date)! })),
    recommendations: recommendations.map((r) => ({ id: r.id, visitNo: r.visit_no, recommendation: r.recommendation, dueDate: day(r.due_date)! })),
  };
}

async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Records a ministry decision about a project (the customer's program officers, admins): the visit
 * and recommendation it rests on must be the project's own (INVALID on the field otherwise; a
 * recommendation brings its visit). Written with its audit row in one transaction.
 */
export async function recordDecision(db: Db, actor: Actor, projectId: string, input: MinistryDecisionInput) {
  const { project } = await projectFor(db, actor, projectId, 'create');
  return inTransaction(db, async (trx) => {
    let visitId = input.visitId;
    if (input.recommendationId) {
      const rec = isUuid(input.recommendationId)
        ? await trx
            .selectFrom('monitoring_recommendation as r')
            .innerJoin('monitoring_visit as v', 'v.id', 'r.visit_id')
            .select(['r.id', 'r.visit_id'])
            .where('r.id', '=', input.recommendationId)
            .where('v.project_id', '=', project.id)
            .executeTakeFirst()
        : undefined;
      if (!rec) throw new AppError('INVALID', 'monitoring:decisions.errors.recommendation');
      if (visitId && visitId !== rec.visit_id) throw new AppError('INVALID', 'monitoring:decisions.errors.visit');
      visitId = rec.visit_id;
    } else if (visitId) {
      const visit = isUuid(visitId)
        ? await trx.selectFrom('monitoring_visit').select('id').where('id', '=', visitId).where('project_id', '=', project.id).where('status', '!=', 'planned').executeTakeFirst()
        : undefined;
      if (!visit) throw new AppError('INVALID', 'monitoring:decisions.errors.visit');
    }
    const row = await trx
      .insertInto('monitoring_decision')
      .values({
        project_id: project.id,
        kind: input.kind,
        basis: input.basis,
        visit_id: visitId,
        recommendation_id: input.recommendationId,
        decided_on: input.decidedOn,
        follow_up_due: input.followUpDue,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { actorId: actor.userId, action: 'create', entity: 'monitoring_decision', entityId: row.id, after: { ...input, visitId } });
    return row.id;
  });
}

/** Marks the follow-up of an open decision done (those who may record decisions); audited. */
export async function closeDecisionFollowUp(db: Db, actor: Actor, projectId: string, decisionId: string) {
  const { project } = await projectFor(db, actor, projectId, 'update');
  if (!isUuid(decisionId)) throw new AppError('NOT_FOUND', 'errors.notFound');
  return inTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable('monitoring_decision')
      .set({ status: 'done' })
      .where('id', '=', decisionId)
      .where('project_id', '=', project.id)
      .where('status', '=', 'open')
      .returning('id')
      .executeTakeFirst();
    if (!updated) {
      const exists = await trx.selectFrom('monitoring_decision').select('id').where('id', '=', decisionId).where('project_id', '=', project.id).executeTakeFirst();
      if (!exists) throw new AppError('NOT_FOUND', 'errors.notFound');
      throw new AppError('CONFLICT', 'monitoring:decisions.errors.closed');
    }
    await writeAudit(trx, { actorId: actor.userId, action: 'follow_up', entity: 'monitoring_decision', entityId: decisionId, before: { status: 'open' }, after: { status: 'done' } });
  });
}
