import { sql } from 'kysely';
import {
  AppError,
  can,
  canMoveFollowUp,
  canTransitionVisit,
  isOverdue,
  soatePrefix,
  territoriesWithRole,
  orgsWithRole,
  hasRole,
  type Action,
  type Actor,
  type ChecklistAnswer,
  type ChecklistItem,
  type DecisionInput,
  type FollowUpInput,
  type Membership,
  type OrganisationKind,
  type PlanVisitInput,
  type RecommendationInput,
  type Resource,
  type Role,
  type VisitRecordInput,
  type VisitStatus,
} from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { databaseStorage, type FileBytes } from './storage.ts';
import { pageBounds, type PageRequest } from './paging.ts';
import { isUuid } from './people.ts';
import { getProject } from './results-projects.ts';

type Project = Awaited<ReturnType<typeof getProject>>;
type VisitResource = Extract<Resource, { type: 'monitoring_visit' }>;
export type ChecklistAnswers = Record<string, { answer: ChecklistAnswer | null; note: string | null }>;

/** The authorisation resource of a visit of a project (`new` when planning one). */
export function monitoringVisitResource(project: Project, visit: { id: string; status: VisitStatus } | null): VisitResource {
  return {
    type: 'monitoring_visit',
    id: visit?.id ?? 'new',
    projectId: project.id,
    contractorId: project.contractor_id,
    customerId: project.customer_id,
    adminUnitSoates: project.territories.map((t) => t.soate),
    status: visit?.status ?? 'new',
  };
}

const visitColumns = [
  'monitoring_visit.id',
  'monitoring_visit.project_id',
  'monitoring_visit.visit_no',
  'monitoring_visit.program_year',
  'monitoring_visit.kind',
  'monitoring_visit.status',
  'monitoring_visit.planned_date',
  'monitoring_visit.officer_id',
  'monitoring_visit.visit_date',
  'monitoring_visit.participants',
  'monitoring_visit.summary',
  'monitoring_visit.template_id',
  'monitoring_visit.answers',
  'monitoring_visit.finalised_at',
] as const;

/**
 * A project's visits the actor may see: all of them for its monitoring officers (and admins), only
 * the final ones for the contractor; a 404 for everyone else. Paged.
 */
export async function listProjectVisitsForActor(db: Db, actor: Actor | null, projectId: string, paging: PageRequest = {}) {
  const project = await getProject(db, projectId);
  const seesFinal = can(actor, 'view', monitoringVisitResource(project, { id: 'any', status: 'final' }));
  if (!seesFinal) throw new AppError('NOT_FOUND', 'errors.notFound');
  const seesAll = can(actor, 'view', monitoringVisitResource(project, { id: 'any', status: 'draft' }));
  const { limit, offset, page, pageSize } = pageBounds(paging);
  let q = db
    .selectFrom('monitoring_visit')
    .innerJoin('app_user as officer', 'officer.id', 'monitoring_visit.officer_id')
    .select([...visitColumns, 'officer.full_name as officer_name'])
    .where('monitoring_visit.project_id', '=', project.id);
  if (!seesAll) q = q.where('monitoring_visit.status', '=', 'final');
  const rows = await q.orderBy('monitoring_visit.planned_date').orderBy('monitoring_visit.visit_no').limit(limit + 1).offset(offset).execute();
  const visits = rows.slice(0, limit).filter((v) => can(actor, 'view', monitoringVisitResource(project, v)));
  return { project, visits, page, pageSize, hasMore: rows.length > limit, canPlan: can(actor, 'create', monitoringVisitResource(project, null)) };
}

/** One visit by its number within the project, checked with `can` for `action` (404 otherwise). */
export async function getVisitForActor(db: Db, actor: Actor | null, projectId: string, visitNo: string | number, action: Action = 'view') {
  const project = await getProject(db, projectId);
  const no = Number(visitNo);
  if (!Number.isInteger(no) || no < 1 || no > 1_000_000) throw new AppError('NOT_FOUND', 'errors.notFound');
  const visit = await db
    .selectFrom('monitoring_visit')
    .innerJoin('app_user as officer', 'officer.id', 'monitoring_visit.officer_id')
    .select([...visitColumns, 'officer.full_name as officer_name'])
    .where('monitoring_visit.project_id', '=', project.id)
    .where('monitoring_visit.visit_no', '=', no)
    .executeTakeFirst();
  if (!visit || !can(actor, action, monitoringVisitResource(project, visit))) throw new AppError('NOT_FOUND', 'errors.notFound');
  return { project, visit: { ...visit, answers: (visit.answers ?? {}) as ChecklistAnswers }, resource: monitoringVisitResource(project, visit) };
}

/** The newest checklist template version (the one new records use). */
export async function currentChecklistTemplate(db: Db) {
  const row = await db.selectFrom('monitoring_checklist_template').select(['id', 'version', 'items']).orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
  return { id: row.id, version: row.version, items: row.items as ChecklistItem[] };
}

/** A template version by id (a recorded visit keeps the version it was recorded on). */
export async function getChecklistTemplate(db: Db, id: string) {
  const row = await db.selectFrom('monitoring_checklist_template').select(['id', 'version', 'items']).where('id', '=', id).executeTakeFirstOrThrow();
  return { id: row.id, version: row.version, items: row.items as ChecklistItem[] };
}

/** Adds a new checklist template version (admins, at the route); older visits keep theirs. */
export async function addChecklistTemplateVersion(db: Db, actor: Actor, items: ChecklistItem[]) {
  if (!hasRole(actor, 'admin')) throw new AppError('NOT_FOUND', 'errors.notFound');
  const last = await db.selectFrom('monitoring_checklist_template').select(sql<number>`coalesce(max(version), 0)`.as('v')).executeTakeFirstOrThrow();
  const row = await db
    .insertInto('monitoring_checklist_template')
    .values({ version: Number(last.v) + 1, items: JSON.stringify(items), created_by: actor.userId })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId: actor.userId, action: 'create', entity: 'monitoring_checklist_template', entityId: row.id, after: { version: row.version, items } });
  return row;
}

/**
 * Who may be named the officer of a project's visit: users who could plan it themselves (the
 * customer's program officers, territorial officers of the project's territory). At most 200.
 */
export async function listEligibleOfficers(db: Db, project: Project) {
  const rows = await db
    .selectFrom('membership')
    .innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['app_user.id', 'app_user.full_name', 'membership.organisation_id', 'membership.role', 'organisation.kind', 'organisation.admin_unit_soate'])
    .where('app_user.is_active', '=', true)
    .where((eb) =>
      eb.or([
        eb.and([eb('membership.role', '=', 'program_officer'), eb('membership.organisation_id', '=', project.customer_id)]),
        eb('membership.role', '=', 'territorial_officer'),
      ]),
    )
    .orderBy('app_user.full_name')
    .limit(200)
    .execute();
  const byUser = new Map<string, { id: string; full_name: string; memberships: Membership[] }>();
  for (const r of rows) {
    const u = byUser.get(r.id) ?? { id: r.id, full_name: r.full_name, memberships: [] };
    u.memberships.push({ organisationId: r.organisation_id, organisationKind: r.kind as OrganisationKind, role: r.role as Role, adminUnitSoate: r.admin_unit_soate });
    byUser.set(r.id, u);
  }
  return [...byUser.values()]
    .filter((u) => can({ userId: u.id, memberships: u.memberships }, 'create', monitoringVisitResource(project, null)))
    .map((u) => ({ id: u.id, full_name: u.full_name }));
}

/** Puts a visit into the monitoring plan (status `planned`), numbered within the project; audited. */
export async function planVisit(db: Db, actor: Actor, projectId: string, input: PlanVisitInput) {
  const project = await getProject(db, projectId);
  if (!can(actor, 'create', monitoringVisitResource(project, null))) throw new AppError('NOT_FOUND', 'errors.notFound');
  if (!isUuid(input.officerId) || !(await listEligibleOfficers(db, project)).some((o) => o.id === input.officerId)) {
    throw new AppError('INVALID', 'monitoring:errors.officer');
  }
  const last = await db
    .selectFrom('monitoring_visit')
    .select(sql<number>`coalesce(max(visit_no), 0)`.as('n'))
    .where('project_id', '=', project.id)
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('monitoring_visit')
    .values({
      project_id: project.id,
      visit_no: Number(last.n) + 1,
      program_year: input.programYear,
      kind: input.kind,
      planned_date: input.plannedDate,
      officer_id: input.officerId,
      answers: null,
      created_by: actor.userId,
    })
    .returning(['id', 'visit_no'])
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId: actor.userId, action: 'create', entity: 'monitoring_visit', entityId: row.id, after: input });
  return row;
}

/**
 * Records a visit (date, participants, checklist answers on the template version it started with,
 * summary); `finalise` freezes it and shows it to the contractor. Audited with before and after.
 */
export async function saveVisitRecord(
  db: Db,
  actor: Actor,
  projectId: string,
  visitNo: number | string,
  input: VisitRecordInput & { answers: ChecklistAnswers; templateId: string },
  finalise: boolean,
) {
  const { visit } = await getVisitForActor(db, actor, projectId, visitNo, finalise ? 'approve' : 'update');
  const to: VisitStatus = finalise ? 'final' : 'draft';
  if (!canTransitionVisit(visit.status, to)) throw new AppError('CONFLICT', 'monitoring:errors.frozen');
  if (visit.template_id && visit.template_id !== input.templateId) throw new AppError('CONFLICT', 'monitoring:errors.templateChanged');
  const updated = await db
    .updateTable('monitoring_visit')
    .set({
      status: to,
      visit_date: input.visitDate,
      participants: input.participants,
      summary: input.summary,
      template_id: input.templateId,
      answers: JSON.stringify(input.answers),
      finalised_at: finalise ? new Date() : null,
    })
    .where('id', '=', visit.id)
    .where('status', '=', visit.status)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw new AppError('CONFLICT', 'monitoring:errors.frozen');
  await writeAudit(db, {
    actorId: actor.userId,
    action: finalise ? 'finalise' : 'update',
    entity: 'monitoring_visit',
    entityId: visit.id,
    before: { status: visit.status, visit_date: visit.visit_date, participants: visit.participants, summary: visit.summary, answers: visit.answers },
    after: { status: to, visit_date: input.visitDate, participants: input.participants, summary: input.summary, answers: input.answers },
  });
}

const recommendationColumns = [
  'monitoring_recommendation.id',
  'monitoring_recommendation.visit_id',
  'monitoring_recommendation.finding',
  'monitoring_recommendation.recommendation',
  'monitoring_recommendation.responsible_org_id',
  'monitoring_recommendation.due_date',
  'monitoring_recommendation.decision',
  'monitoring_recommendation.decision_reason',
  'monitoring_recommendation.decided_at',
  'monitoring_recommendation.status',
  'monitoring_recommendation.follow_up_note',
  'organisation.name_ky as org_ky',
  'organisation.name_ru as org_ru',
  'organisation.name_en as org_en',
] as const;

const recommendationResource = (visit: VisitResource, responsibleOrgId: string): Resource => ({
  type: 'monitoring_recommendation',
  visit: { id: visit.id, projectId: visit.projectId, contractorId: visit.contractorId, customerId: visit.customerId, adminUnitSoates: visit.adminUnitSoates, status: visit.status },
  responsibleOrgId,
});

/** A visit's findings and recommendations (at most 100), each with what the actor may do to it. */
export async function listVisitRecommendations(db: Db, actor: Actor | null, projectId: string, visitNo: number | string, today: string) {
  const { visit, resource } = await getVisitForActor(db, actor, projectId, visitNo, 'view');
  const rows = await db
    .selectFrom('monitoring_recommendation')
    .innerJoin('organisation', 'organisation.id', 'monitoring_recommendation.responsible_org_id')
    .select(recommendationColumns)
    .where('visit_id', '=', visit.id)
    .orderBy('monitoring_recommendation.created_at')
    .limit(100)
    .execute();
  return rows
    .filter((r) => can(actor, 'view', recommendationResource(resource, r.responsible_org_id)))
    .map((r) => ({
      ...r,
      overdue: isOverdue({ status: r.status, decision: r.decision, dueDate: r.due_date }, today),
      canDecide: can(actor, 'approve', recommendationResource(resource, r.responsible_org_id)),
      canFollowUp: r.decision === 'accepted' && can(actor, 'report', recommendationResource(resource, r.responsible_org_id)),
    }));
}

/** Organisations a recommendation may be addressed to: the contractor, the customer, the territorial divisions. */
export async function listResponsibleOrganisations(db: Db, project: Project) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name_ky', 'name_ru', 'name_en'])
    .where((eb) => eb.or([eb('id', 'in', [project.contractor_id, project.customer_id]), eb('kind', '=', 'territorial_division')]))
    .orderBy('name_ru')
    .limit(100)
    .execute();
}

/** Writes a finding and its recommendation on a visit (the monitoring officers); audited. */
export async function addRecommendation(db: Db, actor: Actor, projectId: string, visitNo: number | string, input: RecommendationInput) {
  const { project, visit, resource } = await getVisitForActor(db, actor, projectId, visitNo, 'view');
  if (!can(actor, 'create', recommendationResource(resource, input.responsibleOrgId))) throw new AppError('NOT_FOUND', 'errors.notFound');
  if (!isUuid(input.responsibleOrgId) || !(await listResponsibleOrganisations(db, project)).some((o) => o.id === input.responsibleOrgId)) {
    throw new AppError('INVALID', 'monitoring:errors.responsible');
  }
  const row = await db
    .insertInto('monitoring_recommendation')
    .values({
      visit_id: visit.id,
      finding: input.finding,
      recommendation: input.recommendation,
      responsible_org_id: input.responsibleOrgId,
      due_date: input.dueDate,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId: actor.userId, action: 'create', entity: 'monitoring_recommendation', entityId: row.id, after: input });
  return row.id;
}

async function recommendationFor(db: Db, actor: Actor, projectId: string, visitNo: number | string, recommendationId: string, action: Action) {
  const { resource, visit } = await getVisitForActor(db, actor, projectId, visitNo, 'view');
  if (!isUuid(recommendationId)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const rec = await db
    .selectFrom('monitoring_recommendation')
    .select(['id', 'responsible_org_id', 'decision', 'decision_reason', 'status', 'follow_up_note'])
    .where('id', '=', recommendationId)
    .where('visit_id', '=', visit.id)
    .executeTakeFirst();
  if (!rec || !can(actor, action, recommendationResource(resource, rec.responsible_org_id))) throw new AppError('NOT_FOUND', 'errors.notFound');
  return rec;
}

/** The decision on a recommendation: accepted, or rejected with its reason; audited. */
export async function decideRecommendation(db: Db, actor: Actor, projectId: string, visitNo: number | string, recommendationId: string, input: DecisionInput) {
  const rec = await recommendationFor(db, actor, projectId, visitNo, recommendationId, 'approve');
  await db
    .updateTable('monitoring_recommendation')
    .set({ decision: input.decision, decision_reason: input.reason, decided_by: actor.userId, decided_at: new Date() })
    .where('id', '=', rec.id)
    .execute();
  await writeAudit(db, {
    actorId: actor.userId,
    action: 'decide',
    entity: 'monitoring_recommendation',
    entityId: rec.id,
    before: { decision: rec.decision, reason: rec.decision_reason },
    after: input,
    reason: input.reason,
  });
}

/** Follow-up of an accepted recommendation, forward only (open → in progress → done); audited. */
export async function updateFollowUp(db: Db, actor: Actor, projectId: string, visitNo: number | string, recommendationId: string, input: FollowUpInput) {
  const rec = await recommendationFor(db, actor, projectId, visitNo, recommendationId, 'report');
  if (!canMoveFollowUp(rec.decision, rec.status, input.status)) throw new AppError('CONFLICT', 'monitoring:errors.followUp');
  await db.updateTable('monitoring_recommendation').set({ status: input.status, follow_up_note: input.note }).where('id', '=', rec.id).execute();
  await writeAudit(db, {
    actorId: actor.userId,
    action: 'follow_up',
    entity: 'monitoring_recommendation',
    entityId: rec.id,
    before: { status: rec.status, note: rec.follow_up_note },
    after: input,
  });
}

/**
 * Which projects' monitoring an actor works on, as SQL: all (admins), the customers' (program
 * officers) and the territories' (territorial officers, by SOATE prefix). The board re-checks each row with `can`.
 */
function monitoringScope(actor: Actor | null) {
  return { all: hasRole(actor, 'admin'), customerIds: orgsWithRole(actor, 'program_officer'), soatePrefixes: territoriesWithRole(actor, 'territorial_officer').map(soatePrefix) };
}

/**
 * The monitoring plan of a program year across the projects the actor monitors, and the overdue
 * recommendations there. Paged (plan) and limited (overdue, 100).
 */
export async function loadMonitoringBoard(db: Db, actor: Actor | null, filter: { year: number; today: string } & PageRequest) {
  if (!can(actor, 'view', { type: 'monitoring_board' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const scope = monitoringScope(actor);
  const { limit, offset, page, pageSize } = pageBounds(filter);
  const inScope = (projectIdColumn: 'monitoring_visit.project_id' | 'monitoring_decision.project_id') =>
    sql<boolean>`(${sql.lit(scope.all)} or project.customer_id in (${scope.customerIds.length ? sql.join(scope.customerIds) : sql`null`}) or exists (
      select 1 from project_territory pt where pt.project_id = ${sql.ref(projectIdColumn)} and (${
        scope.soatePrefixes.length ? sql.join(scope.soatePrefixes.map((p) => sql`pt.admin_unit_soate like ${p + '%'}`), sql` or `) : sql`false`
      })))`;
  const plan = await db
    .selectFrom('monitoring_visit')
    .innerJoin('project', 'project.id', 'monitoring_visit.project_id')
    .innerJoin('app_user as officer', 'officer.id', 'monitoring_visit.officer_id')
    .select([
      'monitoring_visit.id',
      'monitoring_visit.project_id',
      'monitoring_visit.visit_no',
      'monitoring_visit.kind',
      'monitoring_visit.status',
      'monitoring_visit.planned_date',
      'monitoring_visit.visit_date',
      'project.code as project_code',
      'project.name_ky',
      'project.name_ru',
      'project.name_en',
      'officer.full_name as officer_name',
    ])
    .where('monitoring_visit.program_year', '=', filter.year)
    .where(inScope('monitoring_visit.project_id'))
    .orderBy('monitoring_visit.planned_date')
    .orderBy('project.code')
    .limit(limit + 1)
    .offset(offset)
    .execute();
  const overdue = await db
    .selectFrom('monitoring_recommendation')
    .innerJoin('monitoring_visit', 'monitoring_visit.id', 'monitoring_recommendation.visit_id')
    .innerJoin('project', 'project.id', 'monitoring_visit.project_id')
    .innerJoin('organisation', 'organisation.id', 'monitoring_recommendation.responsible_org_id')
    .select([
      'monitoring_recommendation.id',
      'monitoring_recommendation.recommendation',
      'monitoring_recommendation.due_date',
      'monitoring_recommendation.status',
      'monitoring_visit.project_id',
      'monitoring_visit.visit_no',
      'project.code as project_code',
      'organisation.name_ky as org_ky',
      'organisation.name_ru as org_ru',
      'organisation.name_en as org_en',
    ])
    .where('monitoring_recommendation.status', '!=', 'done')
    .where((eb) => eb.or([eb('monitoring_recommendation.decision', 'is', null), eb('monitoring_recommendation.decision', '=', 'accepted')]))
    .where('monitoring_recommendation.due_date', '<', filter.today)
    .where(inScope('monitoring_visit.project_id'))
    .orderBy('monitoring_recommendation.due_date')
    .limit(100)
    .execute();
  // Ministry decisions whose follow-up is overdue, in the same scope (the decision policy lets every
  // monitoring officer of a project read its decisions).
  const overdueDecisions = await db
    .selectFrom('monitoring_decision')
    .innerJoin('project', 'project.id', 'monitoring_decision.project_id')
    .select([
      'monitoring_decision.id',
      'monitoring_decision.kind',
      'monitoring_decision.basis',
      'monitoring_decision.decided_on',
      'monitoring_decision.follow_up_due',
      'monitoring_decision.project_id',
      'project.code as project_code',
      'project.name_ky',
      'project.name_ru',
      'project.name_en',
    ])
    .where('monitoring_decision.status', '=', 'open')
    .where('monitoring_decision.follow_up_due', '<', filter.today)
    .where(inScope('monitoring_decision.project_id'))
    .orderBy('monitoring_decision.follow_up_due')
    .limit(100)
    .execute();
  return { plan: plan.slice(0, limit), overdue, overdueDecisions, page, pageSize, hasMore: plan.length > limit };
}

/** Most files attached to one visit. */
export const MAX_VISIT_FILES = 50;

/**
 * Attaches an uploaded file (photo, scan, document) to a visit that is not final, through FileStorage;
 * only the visit's monitoring officers may. Audited.
 */
export async function addVisitFile(db: Db, actor: Actor, projectId: string, visitNo: number | string, file: { fileName: string; contentType: string; data: FileBytes; size?: number }) {
  const { visit } = await getVisitForActor(db, actor, projectId, visitNo, 'update');
  const count = await db.selectFrom('monitoring_visit_file').select(sql<number>`count(*)`.as('n')).where('visit_id', '=', visit.id).executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_VISIT_FILES) throw new AppError('CONFLICT', 'monitoring:errors.tooManyFiles');
  const fileId = await databaseStorage(db).put({ fileName: file.fileName.slice(0, 255), contentType: file.contentType, data: file.data, createdBy: actor.userId, kind: 'evidence' });
  const row = await db.insertInto('monitoring_visit_file').values({ visit_id: visit.id, file_id: fileId, created_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
  await writeAudit(db, { actorId: actor.userId, action: 'attach', entity: 'monitoring_visit', entityId: visit.id, after: { fileId, fileName: file.fileName, size: file.size ?? (file.data instanceof Uint8Array ? file.data.byteLength : null) } });
  return row.id;
}

/** The files of a visit the actor may view (names and sizes through FileStorage). */
export async function listVisitFiles(db: Db, actor: Actor | null, projectId: string, visitNo: number | string) {
  const { visit } = await getVisitForActor(db, actor, projectId, visitNo, 'view');
  const rows = await db.selectFrom('monitoring_visit_file').select(['id', 'file_id']).where('visit_id', '=', visit.id).orderBy('created_at').limit(MAX_VISIT_FILES).execute();
  const meta = await databaseStorage(db).describe(rows.map((r) => r.file_id));
  return rows.flatMap((r) => {
    const m = meta.get(r.file_id);
    return m ? [{ id: r.id, fileName: m.fileName, sizeBytes: m.sizeBytes }] : [];
  });
}

/** Opens a visit file for download after asking the visit's policy; null when it is not this visit's. */
export async function openVisitFile(db: Db, actor: Actor | null, projectId: string, visitNo: number | string, id: string) {
  const { visit } = await getVisitForActor(db, actor, projectId, visitNo, 'view');
  if (!isUuid(id)) return null;
  const row = await db.selectFrom('monitoring_visit_file').select('file_id').where('id', '=', id).where('visit_id', '=', visit.id).executeTakeFirst();
  return row ? databaseStorage(db).open(row.file_id, { policy: 'checked' }) : null;
}
