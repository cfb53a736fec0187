import {
  allocateLot,
  AppError,
  approvedStatuses,
  assertCompetitionTransition,
  assertLotFits,
  assertSingleSeat,
  type CommissionRole,
  type CommissionSector,
  can,
  defaultCriteria,
  hasRole,
  lotAvailability,
  orgsWithRole,
  programDraftScope,
  type Actor,
  type CompetitionInput,
  type Resource,
} from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { pageBounds, type PageRequest } from './paging.ts';

const notFound = () => new AppError('NOT_FOUND', 'errors.notFound');

/** Lot budgets of competitions that still hold money of a line (not cancelled, not unsuccessful). */
const LIVE_STATUSES = ['planned', 'announced', 'accepting', 'closed', 'evaluating', 'awarded'] as const;

/**
 * The lines of each competition's lot: its lot-line rows, and always the line it was created from
 * (competitions made before lots could span lines, or seeded, have only that one).
 */
function lotLines(db: Db) {
  return db
    .selectFrom('competition_lot_line')
    .select(['competition_id', 'line_id'])
    .union(db.selectFrom('competition').select(['id as competition_id', 'program_line_id as line_id']));
}

/**
 * What live competitions hold of each line: each lot's budget split over its lines in proportion to
 * their budgets (allocateLot), summed per line.
 */
export async function allocatedOnLines(db: Db, lineIds: string[]): Promise<Map<string, number>> {
  const out = new Map(lineIds.map((id) => [id, 0]));
  if (lineIds.length === 0) return out;
  const all = await db
    .selectFrom(lotLines(db).as('ll'))
    .innerJoin('competition as c', 'c.id', 'll.competition_id')
    .innerJoin('program_line as l', 'l.id', 'll.line_id')
    .select(['c.id as competition_id', 'c.lot_budget_tyiyn', 'l.id as line_id', 'l.budget_tyiyn', 'l.line_no'])
    .where('c.status', 'in', LIVE_STATUSES)
    .where((eb) => eb('c.id', 'in', eb.selectFrom(lotLines(db).as('x')).select('x.competition_id').where('x.line_id', 'in', lineIds)))
    .orderBy('l.line_no')
    .execute();
  const byCompetition = new Map<string, typeof all>();
  for (const r of all) (byCompetition.get(r.competition_id) ?? byCompetition.set(r.competition_id, []).get(r.competition_id)!).push(r);
  for (const rows of byCompetition.values()) {
    const parts = allocateLot(Number(rows[0]!.lot_budget_tyiyn), rows.map((r) => ({ id: r.line_id, budget: Number(r.budget_tyiyn) })));
    for (const [id, v] of parts) if (out.has(id)) out.set(id, out.get(id)! + v);
  }
  return out;
}

/**
 * Lines of approved programs the actor may open a competition on (customer officers), with what is
 * left of each line's budget after the lots of live competitions on it, and the needs-assessment
 * priority a line came from (its problem description seeds the lot's).
 */
export async function listLinesForCompetition(db: Db, actor: Actor) {
  const customerIds = orgsWithRole(actor, 'program_officer', 'municipal_officer');
  if (customerIds.length === 0) return [];
  const rows = await db
    .selectFrom('program_line')
    .innerJoin('program', 'program.id', 'program_line.program_id')
    .leftJoin('assessment_program_line_request as req', 'req.program_line_id', 'program_line.id')
    .leftJoin('assessment_problem as problem', 'problem.id', 'req.problem_id')
    .select([
      'program_line.id',
      'program_line.line_no',
      'program_line.service_code',
      'program_line.budget_tyiyn',
      'program.id as program_id',
      'program.title as program_title',
      'program.customer_id',
      'problem.title as priority_title',
      'problem.rank as priority_rank',
    ])
    .where('program.status', 'in', approvedStatuses as string[])
    .where('program.customer_id', 'in', customerIds)
    .orderBy('program.year_from', 'desc')
    .orderBy('program_line.line_no')
    .limit(200)
    .execute();
  const allocated = await allocatedOnLines(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, allocated: allocated.get(r.id) ?? 0 }));
}

/**
 * Creates a planned competition with one lot from one or more lines of one approved program; refuses
 * a lot the lines cannot cover together (with the amounts). The lot's problem description defaults to
 * the needs-assessment priority's when a line came from one.
 */
export async function createCompetition(db: Db, actor: Actor, input: CompetitionInput) {
  const lineIds = [...new Set(([] as string[]).concat(input.lineId))];
  const lines = lineIds.length
    ? await db
        .selectFrom('program_line')
        .innerJoin('program', 'program.id', 'program_line.program_id')
        .select(['program_line.id', 'program_line.line_no', 'program_line.budget_tyiyn', 'program.id as program_id', 'program.customer_id', 'program.status'])
        .where('program_line.id', 'in', lineIds)
        .orderBy('program_line.line_no')
        .forUpdate()
        .execute()
    : [];
  const line = lines[0];
  if (!line || lines.length !== lineIds.length || !can(actor, 'create', { type: 'competition', id: 'new', customerId: line.customer_id, status: 'planned' })) throw notFound();
  if (lines.some((l) => l.program_id !== line.program_id)) throw new AppError('INVALID', 'competition:content.errors.linesOfOneProgram');
  if (!(approvedStatuses as readonly string[]).includes(line.status)) throw new AppError('INVALID', 'competition:errors.programNotApproved');
  const allocated = await allocatedOnLines(db, lineIds);
  const a = lotAvailability(lines.map((l) => ({ budget: Number(l.budget_tyiyn), allocated: allocated.get(l.id) ?? 0 })));
  assertLotFits(a.lineBudget, a.allocatedElsewhere, input.lotBudget);
  let problem = input.problem ?? '';
  if (!problem) {
    const priority = await db
      .selectFrom('assessment_program_line_request as req')
      .innerJoin('assessment_problem as p', 'p.id', 'req.problem_id')
      .select(['p.title', 'p.description'])
      .where('req.program_line_id', 'in', lineIds)
      .orderBy('p.rank')
      .executeTakeFirst();
    if (priority) problem = priority.description ? `${priority.title}. ${priority.description}` : priority.title;
  }
  const row = await db
    .insertInto('competition')
    .values({
      program_id: line.program_id,
      program_line_id: line.id,
      customer_id: line.customer_id,
      title: input.title,
      goal: input.goal,
      tasks: input.tasks ?? '',
      problem,
      project_start: input.projectStart ?? null,
      project_end: input.projectEnd ?? null,
      min_cofunding_pct: input.minCofundingPct ?? 0,
      eligibility: input.eligibility ?? [],
      required_documents: input.requiredDocuments ?? [],
      lot_budget_tyiyn: input.lotBudget,
      max_amount_tyiyn: input.maxAmount,
      opens_at: input.opensAt,
      closes_at: input.closesAt,
      created_by: actor.userId,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await db.insertInto('competition_lot_line').values(lines.map((l) => ({ competition_id: row.id, line_id: l.id }))).execute();
  const criteria = input.criteria ?? defaultCriteria.map((c) => ({ code: c.code, weight: c.weight, maxPoints: c.maxPoints }));
  await db
    .insertInto('competition_criterion')
    .values(criteria.map((c, i) => ({ competition_id: row.id, position: i + 1, code: c.code, weight: c.weight, max_points: c.maxPoints })))
    .execute();
  await writeAudit(db, { actorId: actor.userId, action: 'competition.create', entity: 'competition', entityId: row.id, after: { ...input, lineId: lineIds, problem } });
  return row;
}

/**
 * The lines of a lot with what the lot carries from them: service, target groups, territories,
 * budget, and the needs-assessment priority a line came from.
 */
export async function listLotLines(db: Db, competitionId: string) {
  const lines = await db
    .selectFrom(lotLines(db).as('ll'))
    .innerJoin('program_line as l', 'l.id', 'll.line_id')
    .leftJoin('assessment_program_line_request as req', 'req.program_line_id', 'l.id')
    .leftJoin('assessment_problem as p', 'p.id', 'req.problem_id')
    .select(['l.id', 'l.line_no', 'l.service_code', 'l.budget_tyiyn', 'l.period_start', 'l.period_end', 'req.assessment_id', 'p.title as priority_title', 'p.rank as priority_rank'])
    .where('ll.competition_id', '=', competitionId)
    .orderBy('l.line_no')
    .limit(50)
    .execute();
  const ids = lines.map((l) => l.id);
  const groups = ids.length ? await db.selectFrom('program_line_target_group').select(['line_id', 'target_group_code']).where('line_id', 'in', ids).execute() : [];
  const territories = ids.length ? await db.selectFrom('program_line_territory').select(['line_id', 'admin_unit_soate']).where('line_id', 'in', ids).execute() : [];
  return lines.map((l) => ({
    ...l,
    targetGroups: groups.filter((g) => g.line_id === l.id).map((g) => g.target_group_code),
    territories: territories.filter((t) => t.line_id === l.id).map((t) => t.admin_unit_soate),
  }));
}

async function commissionOf(db: Db, competitionId: string) {
  const rows = await db.selectFrom('commission_member').select(['user_id', 'conflicts_declared_at', 'role', 'sector']).where('competition_id', '=', competitionId).execute();
  return rows;
}

/** The authorisation resource of a competition (with its commission). */
export function competitionResource(c: { id: string; customer_id: string; status: string }, commissionUserIds: string[]): Extract<Resource, { type: 'competition' }> {
  return { type: 'competition', id: c.id, customerId: c.customer_id, status: c.status, commissionUserIds };
}

/** A competition as the actor may see it (404 otherwise); `action` defaults to `view`. */
export async function getCompetitionForActor(db: Db, actor: Actor | null, id: string, action: 'view' | 'view_draft' | 'manage' | 'report' = 'view') {
  const c = await db
    .selectFrom('competition')
    .innerJoin('program_line', 'program_line.id', 'competition.program_line_id')
    .innerJoin('program', 'program.id', 'competition.program_id')
    .innerJoin('organisation as customer', 'customer.id', 'competition.customer_id')
    .select([
      'competition.id',
      'competition.customer_id',
      'competition.title',
      'competition.goal',
      'competition.lot_budget_tyiyn',
      'competition.max_amount_tyiyn',
      'competition.opens_at',
      'competition.closes_at',
      'competition.status',
      'competition.protocol_signed_at',
      'competition.complaint_days',
      'competition.spread_threshold',
      'competition.scoring_closed_at',
      'competition.tasks',
      'competition.problem',
      'competition.project_start',
      'competition.project_end',
      'competition.min_cofunding_pct',
      'competition.eligibility',
      'competition.required_documents',
      'competition.program_id',
      'program.title as program_title',
      'program_line.line_no',
      'program_line.service_code',
      'program_line.budget_tyiyn as line_budget_tyiyn',
      'customer.name_ky as customer_name_ky',
      'customer.name_ru as customer_name_ru',
      'customer.name_en as customer_name_en',
    ])
    .where('competition.id', '=', id)
    .executeTakeFirst();
  if (!c) throw notFound();
  const commission = await commissionOf(db, id);
  const resource = competitionResource(c, commission.map((m) => m.user_id));
  if (!can(actor, action, resource)) throw notFound();
  const criteria = await db.selectFrom('competition_criterion').select(['id', 'position', 'code', 'weight', 'max_points']).where('competition_id', '=', id).orderBy('position').execute();
  return { ...c, criteria, commission, resource };
}

/** Competitions the actor may see, newest first, one page. */
export async function listCompetitionsForActor(db: Db, actor: Actor | null, p: PageRequest = {}) {
  const { limit, offset } = pageBounds(p);
  const scope = programDraftScope(actor);
  let q = db
    .selectFrom('competition')
    .select(['competition.id', 'competition.title', 'competition.status', 'competition.opens_at', 'competition.closes_at', 'competition.lot_budget_tyiyn', 'competition.customer_id']);
  if (!(scope.all || hasRole(actor, 'analyst'))) {
    q = q.where((eb) =>
      eb.or([
        eb('competition.status', '!=', 'planned'),
        ...(scope.customerIds.length ? [eb('competition.customer_id', 'in', scope.customerIds)] : []),
      ]),
    );
  }
  const rows = await q.orderBy('competition.opens_at', 'desc').orderBy('competition.id').limit(limit).offset(offset).execute();
  const ids = rows.map((r) => r.id);
  const members = ids.length ? await db.selectFrom('commission_member').select(['competition_id', 'user_id']).where('competition_id', 'in', ids).execute() : [];
  // Re-check each row with the rule, so a drift between the SQL and can() can only hide a row.
  return rows.filter((r) =>
    can(actor, 'view', competitionResource(r, members.filter((m) => m.competition_id === r.id).map((m) => m.user_id))),
  );
}

/** Competitions whose commission the actor sits on (their home page). */
export async function listCommissionCompetitions(db: Db, actor: Actor) {
  return db
    .selectFrom('commission_member')
    .innerJoin('competition', 'competition.id', 'commission_member.competition_id')
    .select(['competition.id', 'competition.title', 'competition.status', 'commission_member.conflicts_declared_at', 'commission_member.role'])
    .where('commission_member.user_id', '=', actor.userId)
    .orderBy('competition.opens_at', 'desc')
    .limit(50)
    .execute();
}

/** The public announcement (announced or accepting) or results (awarded): named columns only. */
export async function getPublicCompetition(db: Db, id: string) {
  const c = await db
    .selectFrom('competition')
    .innerJoin('organisation as customer', 'customer.id', 'competition.customer_id')
    .innerJoin('program_line', 'program_line.id', 'competition.program_line_id')
    .select([
      'competition.id',
      'competition.title',
      'competition.goal',
      'competition.status',
      'competition.lot_budget_tyiyn',
      'competition.max_amount_tyiyn',
      'competition.opens_at',
      'competition.closes_at',
      'competition.protocol_signed_at',
      'program_line.service_code',
      'customer.name_ky as customer_name_ky',
      'customer.name_ru as customer_name_ru',
      'customer.name_en as customer_name_en',
    ])
    .where('competition.id', '=', id)
    .where('competition.status', 'in', ['announced', 'accepting', 'closed', 'evaluating', 'awarded', 'unsuccessful'])
    .executeTakeFirst();
  if (!c) throw notFound();
  const criteria = await db.selectFrom('competition_criterion').select(['position', 'code', 'weight', 'max_points']).where('competition_id', '=', id).orderBy('position').execute();
  const winners =
    c.status === 'awarded'
      ? await db
          .selectFrom('competition_application as a')
          .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
          .select(['a.code', 'a.title', 'a.requested_tyiyn', 'o.name_ky', 'o.name_ru', 'o.name_en'])
          .where('a.competition_id', '=', id)
          .where('a.status', '=', 'awarded')
          .orderBy('a.code')
          .limit(200)
          .execute()
      : [];
  return { ...c, criteria, winners };
}

/** Moves a competition one step (announce, open, close, start evaluation, cancel); audited. The protocol decides the outcome. */
export async function transitionCompetition(db: Db, actor: Actor, id: string, to: string) {
  const c = await getCompetitionForActor(db, actor, id, 'manage');
  if (to === 'awarded' || to === 'unsuccessful') throw new AppError('INVALID', 'competition:errors.useProtocol');
  assertCompetitionTransition(c.status, to);
  await db.updateTable('competition').set({ status: to, updated_at: new Date() }).where('id', '=', id).where('status', '=', c.status).execute();
  await writeAudit(db, { actorId: actor.userId, action: `competition.${to}`, entity: 'competition', entityId: id, before: { status: c.status }, after: { status: to } });
}

/** Users who may sit on commissions (role commission_member), for the officer's form. */
export async function listCommissionCandidates(db: Db) {
  return db
    .selectFrom('app_user')
    .innerJoin('membership', 'membership.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.full_name'])
    .where('membership.role', '=', 'commission_member')
    .distinct()
    .orderBy('app_user.full_name')
    .limit(200)
    .execute();
}

/** Names of the commission (the officer's page). */
export async function listCommission(db: Db, actor: Actor, competitionId: string) {
  await getCompetitionForActor(db, actor, competitionId, 'manage');
  return db
    .selectFrom('commission_member')
    .innerJoin('app_user', 'app_user.id', 'commission_member.user_id')
    .select(['app_user.id', 'app_user.full_name', 'commission_member.conflicts_declared_at', 'commission_member.role', 'commission_member.sector'])
    .where('commission_member.competition_id', '=', competitionId)
    .orderBy('app_user.full_name')
    .limit(100)
    .execute();
}

/**
 * Adds a commission member (a user with the commission_member role) before evaluation, as chair,
 * secretary or member, from the state or civil society (one chair, one secretary); adding someone
 * already on it changes their role. Audited.
 */
export async function addCommissionMember(db: Db, actor: Actor, competitionId: string, userId: string, role: CommissionRole = 'member', sector: CommissionSector = 'state') {
  const c = await getCompetitionForActor(db, actor, competitionId, 'manage');
  if (c.status === 'evaluating' || c.status === 'awarded' || c.status === 'unsuccessful' || c.status === 'cancelled') throw new AppError('INVALID', 'competition:errors.commissionFrozen');
  const candidate = await db.selectFrom('membership').select('user_id').where('user_id', '=', userId).where('role', '=', 'commission_member').executeTakeFirst();
  if (!candidate) throw new AppError('INVALID', 'competition:errors.notCommissionMember');
  assertSingleSeat(c.commission.map((m) => ({ userId: m.user_id, role: m.role as CommissionRole })), userId, role);
  await db
    .insertInto('commission_member')
    .values({ competition_id: competitionId, user_id: userId, role, sector })
    .onConflict((oc) => oc.columns(['competition_id', 'user_id']).doUpdateSet({ role, sector }))
    .execute();
  await writeAudit(db, { actorId: actor.userId, action: 'competition.commission.add', entity: 'competition', entityId: competitionId, after: { userId, role, sector } });
}
