import { AppError, can, coFinancing, municipalWorkScope, type Action, type Actor, type ProgressUpdateInput, type Resource, type ServiceActivityInput, type ServicePlanInput } from '@kamkor/domain';
import { pageBounds, type PageRequest } from './paging.ts';
import { sql } from 'kysely';
import { auditActorId, type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';

const notFound = () => new AppError('NOT_FOUND', 'errors.notFound');

const planColumns = [
  'service_plan.id',
  'service_plan.municipality_id',
  'service_plan.admin_unit_soate',
  'service_plan.assessment_id',
  'service_plan.title',
  'service_plan.year_from',
  'service_plan.year_to',
  'service_plan.created_at',
  'organisation.name_ky as municipality_name_ky',
  'organisation.name_ru as municipality_name_ru',
  'organisation.name_en as municipality_name_en',
] as const;

/**
 * The service plans an actor may see (never public: own municipality, or the policy's
 * municipalWorkScope), paged in SQL, with the funding of the page's plans and of all visible plans.
 */
export async function listServicePlansForActor(db: Db, actor: Actor, filter: PageRequest = {}) {
  const { limit, offset, page, pageSize } = pageBounds(filter);
  const scope = municipalWorkScope(actor);
  const visible = db
    .selectFrom('service_plan')
    .$if(!scope.all, (q) =>
      q.where((eb) =>
        eb.or([
          ...(scope.municipalityIds.length ? [eb('service_plan.municipality_id', 'in', scope.municipalityIds)] : []),
          ...scope.soatePrefixes.map((p) => eb('service_plan.admin_unit_soate', 'like', `${p}%`)),
          // No scope at all: nothing (an always-false condition keeps the query valid).
          eb.val(false),
        ]),
      ),
    );
  const [ids, totals, count] = await Promise.all([
    visible
      .innerJoin('organisation', 'organisation.id', 'service_plan.municipality_id')
      .select('service_plan.id')
      .orderBy('service_plan.year_from', 'desc')
      .orderBy('organisation.name_ru')
      .orderBy('service_plan.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    visible
      .leftJoin('service_plan_activity as a', 'a.plan_id', 'service_plan.id')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>('a.own_tyiyn'), eb.lit(0)).as('own'),
        eb.fn.coalesce(eb.fn.sum<number>('a.grant_tyiyn'), eb.lit(0)).as('grant'),
        eb.fn.coalesce(eb.fn.sum<number>('a.other_tyiyn'), eb.lit(0)).as('other'),
      ])
      .executeTakeFirstOrThrow(),
    visible.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = ids.length ? (await listServicePlans(db, { ids: ids.map((r) => r.id) })).filter((p) => can(actor, 'view', servicePlanResource(p))) : [];
  return {
    items,
    funding: coFinancing([{ own: Number(totals.own), grant: Number(totals.grant), other: Number(totals.other) }]),
    total: Number(count.n),
    page,
    pageSize,
  };
}

/** Loads a service plan and checks the actor may do `action` to it; otherwise NOT_FOUND. */
export async function getServicePlanForActor(db: Db, actor: Actor | null, id: string, action: Action = 'view') {
  const plan = await findServicePlan(db, id);
  if (!plan || !can(actor, action, servicePlanResource(plan))) throw new AppError('NOT_FOUND', 'errors.notFound');
  return plan;
}

/** Service improvement action plans (КЖАП) with their funding totals. */
export async function listServicePlans(db: Db, filter: { municipalityIds?: string[]; ids?: string[] } = {}) {
  let q = db
    .selectFrom('service_plan')
    .innerJoin('organisation', 'organisation.id', 'service_plan.municipality_id')
    .leftJoin('service_plan_activity as a', 'a.plan_id', 'service_plan.id')
    .select(planColumns)
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('a.own_tyiyn'), eb.lit(0)).as('own'),
      eb.fn.coalesce(eb.fn.sum<number>('a.grant_tyiyn'), eb.lit(0)).as('grant'),
      eb.fn.coalesce(eb.fn.sum<number>('a.other_tyiyn'), eb.lit(0)).as('other'),
      eb.fn.count('a.id').as('activities'),
    ])
    .groupBy([...planColumns.map((c) => c.split(' as ')[0]!)] as never)
    .orderBy('service_plan.year_from', 'desc')
    .orderBy('organisation.name_ru');
  if (filter.municipalityIds) {
    if (filter.municipalityIds.length === 0) return [];
    q = q.where('service_plan.municipality_id', 'in', filter.municipalityIds);
  }
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    q = q.where('service_plan.id', 'in', filter.ids);
  }
  const rows = await q.execute();
  // sum(bigint) is numeric: exact strings on both engines, turned into checked numbers here.
  return rows.map((r) => {
    const funding = coFinancing([{ own: Number(r.own), grant: Number(r.grant), other: Number(r.other) }]);
    return { ...r, activities: Number(r.activities), funding };
  });
}

export async function findServicePlan(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('service_plan')
    .innerJoin('organisation', 'organisation.id', 'service_plan.municipality_id')
    .select(planColumns)
    .where('service_plan.id', '=', id)
    .executeTakeFirst();
}

export async function getServicePlan(db: Db, id: string) {
  const row = await findServicePlan(db, id);
  if (!row) throw notFound();
  return row;
}

/** The authorisation resource of a plan. */
export function servicePlanResource(p: { id: string; municipality_id: string; admin_unit_soate: string | null }): Resource {
  return { type: 'service_plan', id: p.id, municipalityId: p.municipality_id, adminUnitSoate: p.admin_unit_soate };
}

/** Creates a plan; when linked to an assessment, it must be the same municipality's. */
export async function createServicePlan(db: Db, actor: Actor, input: ServicePlanInput) {
  if (!can(actor, 'create', { type: 'service_plan', id: 'new', municipalityId: input.municipalityId })) throw notFound();
  const actorId = auditActorId(actor);
  const org = await db.selectFrom('organisation').select(['id', 'kind', 'admin_unit_soate']).where('id', '=', input.municipalityId).executeTakeFirst();
  if (!org || org.kind !== 'municipality') throw new AppError('INVALID', 'assessment:errors.notMunicipality');
  if (input.assessmentId) {
    const a = isUuid(input.assessmentId)
      ? await db.selectFrom('needs_assessment').select('municipality_id').where('id', '=', input.assessmentId).executeTakeFirst()
      : undefined;
    if (!a || a.municipality_id !== org.id) throw new AppError('INVALID', 'assessment:errors.assessmentMismatch');
  }
  const row = await db
    .insertInto('service_plan')
    .values({
      municipality_id: org.id,
      admin_unit_soate: org.admin_unit_soate,
      assessment_id: input.assessmentId,
      title: input.title,
      year_from: input.yearFrom,
      year_to: input.yearTo,
      created_by: actorId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'service_plan', entityId: row.id, after: row });
  return row;
}

/** Activities with the gallery number and title of the priority each one solves. */
export async function listServiceActivities(db: Db, planId: string) {
  return db
    .selectFrom('service_plan_activity')
    .leftJoin('assessment_problem as p', 'p.id', 'service_plan_activity.problem_id')
    .selectAll('service_plan_activity')
    .select(['p.title as problem_title', 'p.rank as problem_rank', 'p.number as problem_number'])
    .where('plan_id', '=', planId)
    .orderBy('sort_order')
    .orderBy('service_plan_activity.created_at')
    .execute();
}

/** Problems a plan's activities may point at: those of the municipality's assessments. */
export async function listPlanProblems(db: Db, municipalityId: string) {
  return db
    .selectFrom('assessment_problem as p')
    .innerJoin('needs_assessment as a', 'a.id', 'p.assessment_id')
    .select(['p.id', 'p.title', 'p.rank', 'p.number', 'a.year', 'a.id as assessment_id'])
    .where('a.municipality_id', '=', municipalityId)
    .orderBy('a.year', 'desc')
    .orderBy(sql`p.rank is null`)
    .orderBy('p.rank')
    .orderBy('p.number')
    .execute();
}

async function checkProblem(db: Db, plan: { municipality_id: string }, problemId: string | null) {
  if (!problemId) return;
  const ok = (await listPlanProblems(db, plan.municipality_id)).some((p) => p.id === problemId);
  if (!ok) throw new AppError('INVALID', 'assessment:errors.unknownProblem');
}

/** Adds an activity with its budget split into own contribution, grant and other funding. */
export async function addServiceActivity(db: Db, actor: Actor, planId: string, input: ServiceActivityInput) {
  const plan = await getServicePlanForActor(db, actor, planId, 'update');
  const actorId = auditActorId(actor);
  await checkProblem(db, plan, input.problemId);
  const count = await db.selectFrom('service_plan_activity').select((eb) => eb.fn.countAll().as('n')).where('plan_id', '=', planId).executeTakeFirstOrThrow();
  const row = await db
    .insertInto('service_plan_activity')
    .values({
      plan_id: planId,
      problem_id: input.problemId,
      title: input.title,
      responsible: input.responsible,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      indicator: input.indicator,
      target: input.target,
      own_tyiyn: input.own,
      grant_tyiyn: input.grant,
      other_tyiyn: input.other,
      sort_order: Number(count.n) + 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'service_plan_activity', entityId: row.id, after: row });
  return row;
}

export async function deleteServiceActivity(db: Db, actor: Actor, planId: string, activityId: string) {
  await getServicePlanForActor(db, actor, planId, 'update');
  const actorId = auditActorId(actor);
  if (!isUuid(activityId)) throw notFound();
  const before = await db.deleteFrom('service_plan_activity').where('id', '=', activityId).where('plan_id', '=', planId).returningAll().executeTakeFirst();
  if (!before) throw notFound();
  await writeAudit(db, { actorId, action: 'delete', entity: 'service_plan_activity', entityId: activityId, before });
}

/** Records progress of an activity: its new status and percent done, with a note; audited. */
export async function addProgressUpdate(db: Db, actor: Actor, planId: string, activityId: string, input: ProgressUpdateInput) {
  await getServicePlanForActor(db, actor, planId, 'update');
  const actorId = auditActorId(actor);
  if (!isUuid(activityId)) throw notFound();
  const before = await db.selectFrom('service_plan_activity').selectAll().where('id', '=', activityId).where('plan_id', '=', planId).executeTakeFirst();
  if (!before) throw notFound();
  await db.updateTable('service_plan_activity').set({ status: input.status, progress_pct: input.progressPct }).where('id', '=', activityId).execute();
  await db.insertInto('service_plan_update').values({ activity_id: activityId, status: input.status, progress_pct: input.progressPct, note: input.note, created_by: actorId }).execute();
  await writeAudit(db, { actorId, action: 'progress', entity: 'service_plan_activity', entityId: activityId, before: { status: before.status, progress_pct: before.progress_pct }, after: input });
}

export async function listProgressUpdates(db: Db, planId: string) {
  return db
    .selectFrom('service_plan_update as u')
    .innerJoin('service_plan_activity as a', 'a.id', 'u.activity_id')
    .leftJoin('app_user', 'app_user.id', 'u.created_by')
    .select(['u.id', 'u.activity_id', 'u.status', 'u.progress_pct', 'u.note', 'u.created_at', 'app_user.full_name as author', 'a.title as activity_title'])
    .where('a.plan_id', '=', planId)
    .orderBy('u.created_at', 'desc')
    .execute();
}

/** A plan with its activities, updates and co-financing summary. */
export async function loadServicePlan(db: Db, id: string) {
  const plan = await getServicePlan(db, id);
  const activities = await listServiceActivities(db, id);
  const updates = await listProgressUpdates(db, id);
  const problems = await listPlanProblems(db, plan.municipality_id);
  const funding = coFinancing(activities.map((a) => ({ own: a.own_tyiyn, grant: a.grant_tyiyn, other: a.other_tyiyn })));
  return { plan, activities, updates, problems, funding };
}
