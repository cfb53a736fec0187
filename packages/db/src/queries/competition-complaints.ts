import {
  AppError,
  assertComplaintWindowOpen,
  can,
  complainingApplicationStatuses,
  complaintDeadline,
  orgsWithRole,
  type Actor,
  type ComplaintAnswerInput,
  type ComplaintInput,
  type Resource,
} from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { getCompetitionForActor } from './competitions.ts';

const notFound = () => new AppError('NOT_FOUND', 'errors.notFound');

type CompetitionWithCommission = { customer_id: string; id: string; commission: { user_id: string; role: string }[] };

/** The complaint's resource; the commission's chair and secretary answer it. */
function complaintResource(c: CompetitionWithCommission, organisationId: string, status: string): Extract<Resource, { type: 'competition_complaint' }> {
  const answererUserIds = c.commission.filter((m) => m.role === 'chair' || m.role === 'secretary').map((m) => m.user_id);
  return { type: 'competition_complaint', competitionId: c.id, customerId: c.customer_id, organisationId, status, answererUserIds };
}

/**
 * The complaints of a competition as the actor may see them: the customer's side and the commission's
 * chair and secretary (who answer them) every one (with the organisation), an NGO its own; nobody else.
 * Also what the actor may do: the applications it may still complain about while the window is open.
 */
export async function getComplaintsForActor(db: Db, actor: Actor, competitionId: string, now = new Date()) {
  const c = await getCompetitionForActor(db, actor, competitionId, 'view');
  const own = orgsWithRole(actor, 'ngo_staff');
  const staff = can(actor, 'view', complaintResource(c, '-', 'pending')) ;
  const rows =
    staff || own.length
      ? await db
          .selectFrom('competition_complaint as k')
          .innerJoin('competition_application as a', 'a.id', 'k.application_id')
          .innerJoin('organisation as o', 'o.id', 'k.organisation_id')
          .select(['k.id', 'k.application_id', 'a.code', 'k.organisation_id', 'o.name_ky', 'o.name_ru', 'o.name_en', 'k.text', 'k.filed_at', 'k.status', 'k.reasons', 'k.changed_decision', 'k.answered_at'])
          .where('k.competition_id', '=', competitionId)
          .$if(!staff, (q) => q.where('k.organisation_id', 'in', own))
          .orderBy('k.filed_at')
          .limit(500)
          .execute()
      : [];
  const complaints = rows
    .filter((r) => can(actor, 'view', complaintResource(c, r.organisation_id, r.status)))
    .map((r) => ({ ...r, canAnswer: can(actor, 'review', complaintResource(c, r.organisation_id, r.status)) }));
  const window = c.protocol_signed_at ? complaintDeadline(c.protocol_signed_at, c.complaint_days) : null;
  const open = !!window && now.getTime() < window.closesAt.getTime();
  // Applications of the actor's organisations that took part and have no complaint yet.
  const eligible =
    open && own.length
      ? (
          await db
            .selectFrom('competition_application as a')
            .select(['a.id', 'a.code', 'a.title', 'a.organisation_id'])
            .where('a.competition_id', '=', competitionId)
            .where('a.organisation_id', 'in', own)
            .where('a.status', 'in', [...complainingApplicationStatuses])
            .where((eb) => eb.not(eb.exists(eb.selectFrom('competition_complaint as k').select('k.id').whereRef('k.application_id', '=', 'a.id'))))
            .orderBy('a.code')
            .limit(50)
            .execute()
        ).filter((a) => can(actor, 'create', complaintResource(c, a.organisation_id, 'new')))
      : [];
  return {
    complaintDays: c.complaint_days,
    window: window ? { lastDay: window.lastDay, open } : null,
    canSetDays: can(actor, 'manage', c.resource) && !c.protocol_signed_at,
    complaints,
    eligible,
  };
}

/**
 * Files a complaint about the published results: NGO staff of the applicant organisation, within the
 * competition's period (Asia/Bishkek days), once per application. Audited.
 */
export async function fileComplaint(db: Db, actor: Actor, competitionId: string, input: ComplaintInput, now = new Date()) {
  const c = await getCompetitionForActor(db, actor, competitionId, 'view');
  const a = await db
    .selectFrom('competition_application')
    .select(['id', 'organisation_id', 'status'])
    .where('id', '=', input.applicationId)
    .where('competition_id', '=', competitionId)
    .executeTakeFirst();
  if (!a || !can(actor, 'create', complaintResource(c, a.organisation_id, 'new'))) throw notFound();
  if (!(complainingApplicationStatuses as readonly string[]).includes(a.status)) throw new AppError('INVALID', 'competition:complaint.errors.notApplicant');
  assertComplaintWindowOpen(c.protocol_signed_at, c.complaint_days, now);
  const existing = await db.selectFrom('competition_complaint').select('id').where('application_id', '=', a.id).executeTakeFirst();
  if (existing) throw new AppError('CONFLICT', 'competition:complaint.errors.exists');
  const row = await db
    .insertInto('competition_complaint')
    .values({ competition_id: competitionId, application_id: a.id, organisation_id: a.organisation_id, text: input.text, filed_by: actor.userId, filed_at: now })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId: actor.userId, action: 'complaint.file', entity: 'competition_complaint', entityId: row.id, after: { competitionId, applicationId: a.id, text: input.text } });
  return row.id;
}

/**
 * Answers a pending complaint (upheld or rejected, with reasons; an upheld one may state the changed
 * decision): the commission's chair or secretary, once. Audited.
 */
export async function answerComplaint(db: Db, actor: Actor, competitionId: string, input: ComplaintAnswerInput) {
  const c = await getCompetitionForActor(db, actor, competitionId, 'view_draft');
  const k = await db
    .selectFrom('competition_complaint')
    .select(['id', 'organisation_id', 'status'])
    .where('id', '=', input.complaintId)
    .where('competition_id', '=', competitionId)
    .forUpdate()
    .executeTakeFirst();
  if (!k || !can(actor, 'view', complaintResource(c, k.organisation_id, k.status))) throw notFound();
  if (!can(actor, 'review', complaintResource(c, k.organisation_id, k.status))) {
    if (k.status !== 'pending' && can(actor, 'review', complaintResource(c, k.organisation_id, 'pending'))) throw new AppError('CONFLICT', 'competition:complaint.errors.answered');
    throw notFound();
  }
  const changed = input.outcome === 'upheld' ? input.changedDecision : null;
  await db
    .updateTable('competition_complaint')
    .set({ status: input.outcome, reasons: input.reasons, changed_decision: changed, answered_by: actor.userId, answered_at: new Date() })
    .where('id', '=', k.id)
    .where('status', '=', 'pending')
    .execute();
  await writeAudit(db, {
    actorId: actor.userId,
    action: `complaint.${input.outcome}`,
    entity: 'competition_complaint',
    entityId: k.id,
    before: { status: 'pending' },
    after: { status: input.outcome, reasons: input.reasons, changedDecision: changed },
  });
}

/** Sets the competition's complaint period (days after publication) until the protocol is signed. Audited. */
export async function setComplaintDays(db: Db, actor: Actor, competitionId: string, days: number) {
  const c = await getCompetitionForActor(db, actor, competitionId, 'manage');
  if (c.protocol_signed_at) throw new AppError('INVALID', 'competition:complaint.errors.daysFrozen');
  complaintDeadline(new Date(), days); // validates 1…60
  await db.updateTable('competition').set({ complaint_days: days, updated_at: new Date() }).where('id', '=', competitionId).execute();
  await writeAudit(db, { actorId: actor.userId, action: 'competition.complaint_days', entity: 'competition', entityId: competitionId, before: { days: c.complaint_days }, after: { days } });
}
