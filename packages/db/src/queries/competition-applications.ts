import { AppError, applicationCode, assertWindowOpen, can, orgsWithRole, type Actor, type ApplicationInput, type Resource } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { assertApplicationSubmittable } from './competition-application-content.ts';
import { getCompetitionForActor } from './competitions.ts';

const notFound = () => new AppError('NOT_FOUND', 'errors.notFound');

/** Columns of an application for its NGO and the customer: identifying part and project content. */
const APPLICATION_COLUMNS = [
  'a.id',
  'a.competition_id',
  'a.code',
  'a.organisation_id',
  'a.contact_name',
  'a.contact_phone',
  'a.inn',
  'a.title',
  'a.goal',
  'a.tasks',
  'a.description',
  'a.requested_tyiyn',
  'a.status',
  'a.reject_reason',
  'a.submitted_at',
] as const;

function applicationResource(a: { id: string; organisation_id: string; status: string }, customerId: string, secretaryUserIds: string[] = []): Extract<Resource, { type: 'application' }> {
  return { type: 'application', id: a.id, organisationId: a.organisation_id, customerId, status: a.status, secretaryUserIds };
}

/** The secretary of a competition's commission (eligibility is theirs). */
async function secretariesOf(db: Db, competitionId: string): Promise<string[]> {
  const rows = await db.selectFrom('commission_member').select('user_id').where('competition_id', '=', competitionId).where('role', '=', 'secretary').execute();
  return rows.map((r) => r.user_id);
}

/** An application as its NGO or the customer may see it (404 for everyone else, the commission included). */
export async function getApplicationForActor(db: Db, actor: Actor, id: string, action: 'view' | 'update' | 'approve' | 'review' = 'view') {
  const a = await db
    .selectFrom('competition_application as a')
    .innerJoin('competition as c', 'c.id', 'a.competition_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select([...APPLICATION_COLUMNS, 'c.customer_id', 'c.status as competition_status', 'c.opens_at', 'c.closes_at', 'c.max_amount_tyiyn', 'c.min_cofunding_pct', 'c.project_start', 'c.project_end', 'c.program_id', 'c.title as competition_title', 'o.name_ky', 'o.name_ru', 'o.name_en'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!a || !can(actor, action, applicationResource(a, a.customer_id, await secretariesOf(db, a.competition_id)))) throw notFound();
  return a;
}

/** Who may read a competition's applications: the customer's side (and the secretary), or an NGO its own. */
async function applicationReaders(db: Db, actor: Actor, competitionId: string) {
  const c = await getCompetitionForActor(db, actor, competitionId, 'view');
  // The customer's side: whoever may read a submitted application of someone else.
  const secretaries = await secretariesOf(db, competitionId);
  const staff = can(actor, 'view', { type: 'application', id: '-', organisationId: '-', customerId: c.customer_id, status: 'submitted', secretaryUserIds: secretaries });
  return { c, secretaries, staff, own: orgsWithRole(actor, 'ngo_staff') };
}

/**
 * Whether the actor reads any list of the competition's applications (the customer's side, the
 * secretary, NGO staff for their own); 404 for a competition they may not see. The commission's
 * scorers do not: they read anonymised score sheets only.
 */
export async function mayListApplications(db: Db, actor: Actor, competitionId: string) {
  const { staff, own } = await applicationReaders(db, actor, competitionId);
  return staff || own.length > 0;
}

/**
 * Applications of a competition: the customer sees every submitted one with its organisation, an NGO
 * only its own; the commission never reads this list (see listScoreSheets).
 */
export async function listApplicationsForActor(db: Db, actor: Actor, competitionId: string) {
  const { c, secretaries, staff, own } = await applicationReaders(db, actor, competitionId);
  if (!staff && own.length === 0) return [];
  let q = db
    .selectFrom('competition_application as a')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select(['a.id', 'a.code', 'a.title', 'a.requested_tyiyn', 'a.status', 'a.submitted_at', 'a.organisation_id', 'o.name_ky', 'o.name_ru', 'o.name_en'])
    .where('a.competition_id', '=', competitionId);
  q = staff ? q.where((eb) => eb.or([eb('a.status', '!=', 'draft'), eb('a.organisation_id', 'in', own.length ? own : ['00000000-0000-0000-0000-000000000000'])])) : q.where('a.organisation_id', 'in', own);
  const rows = await q.orderBy('a.code').limit(500).execute();
  return rows.filter((r) => can(actor, 'view', applicationResource(r, c.customer_id, secretaries)));
}

/** Starts an application of the actor's NGO with a fresh random code; audited. */
export async function createApplication(db: Db, actor: Actor, competitionId: string, organisationId: string, input: ApplicationInput, now = new Date()) {
  const c = await getCompetitionForActor(db, actor, competitionId, 'report');
  if (!orgsWithRole(actor, 'ngo_staff').includes(organisationId)) throw notFound();
  assertWindowOpen(c, now);
  if (input.requested > c.max_amount_tyiyn) throw new AppError('INVALID', 'competition:errors.overMax', { max: c.max_amount_tyiyn });
  // A collision of the random code is retried: 31^4 codes per competition.
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = applicationCode();
    const taken = await db.selectFrom('competition_application').select('id').where('competition_id', '=', competitionId).where('code', '=', code).executeTakeFirst();
    if (taken) continue;
    const row = await db
      .insertInto('competition_application')
      .values({
        competition_id: competitionId,
        code,
        organisation_id: organisationId,
        contact_name: input.contactName,
        contact_phone: input.contactPhone,
        inn: input.inn,
        title: input.title,
        goal: input.goal,
        tasks: input.tasks ?? '',
        description: input.description,
        requested_tyiyn: input.requested,
        created_by: actor.userId,
      })
      .returning(['id', 'code'])
      .executeTakeFirstOrThrow();
    await writeAudit(db, { actorId: actor.userId, action: 'application.create', entity: 'competition_application', entityId: row.id, after: { code, organisationId } });
    return row;
  }
  throw new AppError('CONFLICT', 'errors.conflict');
}

async function hasBudget(db: Db, applicationId: string) {
  return !!(await db.selectFrom('application_budget_line').select('id').where('application_id', '=', applicationId).executeTakeFirst());
}

/** Edits a draft application before the deadline; audited. */
export async function updateApplication(db: Db, actor: Actor, id: string, input: ApplicationInput, now = new Date()) {
  const a = await getApplicationForActor(db, actor, id, 'update');
  assertWindowOpen({ status: a.competition_status, opens_at: a.opens_at, closes_at: a.closes_at }, now);
  if (!(await hasBudget(db, id)) && input.requested > a.max_amount_tyiyn) throw new AppError('INVALID', 'competition:errors.overMax', { max: a.max_amount_tyiyn });
  await db
    .updateTable('competition_application')
    .set({
      contact_name: input.contactName,
      contact_phone: input.contactPhone,
      inn: input.inn,
      title: input.title,
      goal: input.goal,
      tasks: input.tasks ?? a.tasks,
      description: input.description,
      // With a budget, the requested amount is its requested total (saveApplicationContent keeps it so).
      ...(await hasBudget(db, id) ? {} : { requested_tyiyn: input.requested }),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  await writeAudit(db, { actorId: actor.userId, action: 'application.update', entity: 'competition_application', entityId: id, after: input });
}

/** Submits a draft (or takes back a submitted one to `withdrawn`) — only before the deadline; audited. */
export async function setApplicationSubmitted(db: Db, actor: Actor, id: string, submit: boolean, now = new Date()) {
  const a = await getApplicationForActor(db, actor, id, 'approve');
  if (submit !== (a.status === 'draft')) throw new AppError('INVALID', 'competition:errors.badApplicationStep');
  assertWindowOpen({ status: a.competition_status, opens_at: a.opens_at, closes_at: a.closes_at }, now);
  if (submit) await assertApplicationSubmittable(db, a);
  const to = submit ? 'submitted' : 'withdrawn';
  await db
    .updateTable('competition_application')
    .set({ status: to, submitted_at: submit ? now : null, updated_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', a.status)
    .execute();
  await writeAudit(db, { actorId: actor.userId, action: `application.${to}`, entity: 'competition_application', entityId: id, before: { status: a.status }, after: { status: to } });
}

/** Eligibility by the customer after the window closed: admitted, or rejected with a reason the NGO sees; audited. */
export async function reviewApplication(db: Db, actor: Actor, id: string, admit: boolean, reason: string | null) {
  const a = await getApplicationForActor(db, actor, id, 'review');
  if (a.competition_status !== 'closed') throw new AppError('INVALID', 'competition:errors.eligibilityWhenClosed');
  if (!admit && !reason) throw new AppError('INVALID', 'competition:errors.reasonRequired');
  const to = admit ? 'admitted' : 'rejected';
  await db.updateTable('competition_application').set({ status: to, reject_reason: admit ? null : reason, updated_at: new Date() }).where('id', '=', id).execute();
  await writeAudit(db, { actorId: actor.userId, action: `application.${to}`, entity: 'competition_application', entityId: id, before: { status: a.status }, after: { status: to }, reason });
}
