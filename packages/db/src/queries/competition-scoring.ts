import { AppError, assertPoints, can, missingSheets, scoreCompetition, scoresOnCommission, type Actor, type CommissionRole, type Resource } from '@kamkor/domain';
import { sql } from 'kysely';
import { type Db, writeAudit } from './audit.ts';
import { getCompetitionForActor } from './competitions.ts';

const notFound = () => new AppError('NOT_FOUND', 'errors.notFound');

async function sheetContext(db: Db, actor: Actor, competitionId: string) {
  const c = await getCompetitionForActor(db, actor, competitionId, 'view_draft');
  const me = c.commission.find((m) => m.user_id === actor.userId);
  const resource: Extract<Resource, { type: 'score_sheet' }> = {
    type: 'score_sheet',
    competitionId,
    status: c.status,
    commissionUserIds: c.commission.map((m) => m.user_id),
    declared: !!me?.conflicts_declared_at,
    role: me?.role,
    scoringClosed: !!c.scoring_closed_at,
  };
  if (!can(actor, 'view', resource)) throw notFound();
  return { c, resource, declared: !!me?.conflicts_declared_at };
}

/**
 * Organisations that applied (admitted applications), by name, NOT linked to codes: a member declares
 * conflicts of interest against this list before scoring.
 */
export async function listApplicantOrganisations(db: Db, actor: Actor, competitionId: string) {
  await sheetContext(db, actor, competitionId);
  const rows = await db
    .selectFrom('organisation as o')
    .select(['o.id', 'o.name_ky', 'o.name_ru', 'o.name_en'])
    .where((eb) => eb.exists(eb.selectFrom('competition_application as a').select('a.id').whereRef('a.organisation_id', '=', 'o.id').where('a.competition_id', '=', competitionId).where('a.status', 'in', ['admitted', 'awarded', 'not_awarded'])))
    .orderBy('o.name_ru')
    .limit(500)
    .execute();
  const declared = await db.selectFrom('commission_conflict').select('organisation_id').where('competition_id', '=', competitionId).where('user_id', '=', actor.userId).execute();
  const conflicted = new Set(declared.map((d) => d.organisation_id));
  return rows.map((r) => ({ ...r, conflicted: conflicted.has(r.id) }));
}

/** Records a member's conflicts of interest once (organisations, never applications); audited. */
export async function declareConflicts(db: Db, actor: Actor, competitionId: string, organisationIds: string[]) {
  const { c, declared } = await sheetContext(db, actor, competitionId);
  if (declared || c.status !== 'evaluating') throw new AppError('INVALID', 'competition:errors.alreadyDeclared');
  const applicants = new Set((await listApplicantOrganisations(db, actor, competitionId)).map((o) => o.id));
  const chosen = [...new Set(organisationIds)].filter((id) => applicants.has(id));
  if (chosen.length) await db.insertInto('commission_conflict').values(chosen.map((organisation_id) => ({ competition_id: competitionId, user_id: actor.userId, organisation_id }))).execute();
  await db.updateTable('commission_member').set({ conflicts_declared_at: new Date() }).where('competition_id', '=', competitionId).where('user_id', '=', actor.userId).execute();
  await writeAudit(db, { actorId: actor.userId, action: 'commission.conflicts', entity: 'competition', entityId: competitionId, after: { count: chosen.length } });
}

/**
 * The member's evaluation sheets: the ANONYMISED projection of admitted applications — code and
 * project content, never the organisation, its people, contacts or INN — minus those of organisations
 * the member declared a conflict with (excluded in SQL, without saying which), with the member's own
 * scores only (sealed: nobody else's).
 */
export async function listScoreSheets(db: Db, actor: Actor, competitionId: string) {
  const { c, resource, declared } = await sheetContext(db, actor, competitionId);
  if (!declared) return { competition: { id: c.id, title: c.title, status: c.status }, declared, canScore: false, criteria: c.criteria, sheets: [] };
  const apps = await db
    .selectFrom('competition_application as a')
    .select(['a.id', 'a.code', 'a.title', 'a.goal', 'a.description', 'a.requested_tyiyn'])
    .where('a.competition_id', '=', competitionId)
    .where('a.status', 'in', ['admitted', 'awarded', 'not_awarded'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('commission_conflict as k').select('k.organisation_id').whereRef('k.organisation_id', '=', 'a.organisation_id').where('k.competition_id', '=', competitionId).where('k.user_id', '=', actor.userId),
        ),
      ),
    )
    .orderBy('a.code')
    .limit(500)
    .execute();
  const ids = apps.map((a) => a.id);
  const scores = ids.length
    ? await db.selectFrom('competition_score').select(['application_id', 'criterion_id', 'points', 'comment']).where('application_id', 'in', ids).where('user_id', '=', actor.userId).execute()
    : [];
  return {
    competition: { id: c.id, title: c.title, status: c.status },
    declared,
    canScore: can(actor, 'score', resource),
    criteria: c.criteria,
    sheets: apps.map((a) => {
      const mine = scores.filter((s) => s.application_id === a.id);
      return { ...a, points: Object.fromEntries(mine.map((s) => [s.criterion_id, s.points])), comment: mine.find((s) => s.comment)?.comment ?? null, complete: mine.length === c.criteria.length };
    }),
  };
}

/** Saves a member's points for one application (every criterion, 0…max), audited with the values before. */
export async function saveScores(db: Db, actor: Actor, competitionId: string, applicationId: string, points: Record<string, number>, comment: string | null) {
  const { c, resource } = await sheetContext(db, actor, competitionId);
  if (!can(actor, 'score', resource)) throw notFound();
  const sheets = await listScoreSheets(db, actor, competitionId);
  const sheet = sheets.sheets.find((s) => s.id === applicationId);
  if (!sheet) throw notFound();
  for (const k of c.criteria) {
    const p = points[k.id];
    if (p === undefined) throw new AppError('INVALID', 'competition:errors.points', { maxPoints: k.max_points });
    assertPoints(p, k.max_points);
  }
  for (const k of c.criteria) {
    await db
      .insertInto('competition_score')
      .values({ application_id: applicationId, user_id: actor.userId, criterion_id: k.id, points: points[k.id]!, comment })
      .onConflict((oc) => oc.columns(['application_id', 'user_id', 'criterion_id']).doUpdateSet({ points: points[k.id]!, comment, updated_at: new Date() }))
      .execute();
  }
  await writeAudit(db, { actorId: actor.userId, action: 'score.save', entity: 'competition_application', entityId: applicationId, before: { points: sheet.points }, after: { points, comment } });
}

/**
 * Everything the commission's result needs, from every sheet: the scoring seats with names, the
 * admitted applications, conflicts, complete sheets, what is still missing and the scored ranking
 * (domain `scoreCompetition`: weighted totals, tie-break, disagreement, budget cut-off, overrides).
 * Pure reads; callers decide who may see which part (sealed until scoring is closed).
 */
export async function loadScoring(db: Db, c: { id: string; criteria: { id: string; weight: number; max_points: number; position: number; code: string }[]; lot_budget_tyiyn: number; spread_threshold: number }) {
  const competitionId = c.id;
  const apps = await db
    .selectFrom('competition_application')
    .select(['id', 'code', 'requested_tyiyn', 'organisation_id'])
    .where('competition_id', '=', competitionId)
    .where('status', 'in', ['admitted', 'awarded', 'not_awarded'])
    .orderBy('code')
    .limit(1000)
    .execute();
  const seats = await db
    .selectFrom('commission_member')
    .innerJoin('app_user', 'app_user.id', 'commission_member.user_id')
    .select(['commission_member.user_id', 'commission_member.role', 'commission_member.sector', 'commission_member.conflicts_declared_at', 'app_user.full_name'])
    .where('commission_member.competition_id', '=', competitionId)
    .orderBy('app_user.full_name')
    .execute();
  const conflicts = await db.selectFrom('commission_conflict').select(['user_id', 'organisation_id']).where('competition_id', '=', competitionId).execute();
  const scores = apps.length
    ? await db.selectFrom('competition_score').select(['application_id', 'user_id', 'criterion_id', 'points', 'comment']).where('application_id', 'in', apps.map((a) => a.id)).execute()
    : [];
  const overrides = await db.selectFrom('competition_award_override').select(['application_id', 'winner', 'reason']).where('competition_id', '=', competitionId).execute();
  const criteria = c.criteria.map((k) => ({ id: k.id, weight: k.weight, maxPoints: k.max_points, position: k.position }));
  // Complete sheets only: every criterion scored.
  const byKey = new Map<string, { applicationId: string; userId: string; points: Record<string, number>; comment: string | null }>();
  for (const sc of scores) {
    const key = `${sc.application_id}|${sc.user_id}`;
    const e = byKey.get(key) ?? { applicationId: sc.application_id, userId: sc.user_id, points: {}, comment: null };
    e.points[sc.criterion_id] = sc.points;
    e.comment = e.comment ?? sc.comment;
    byKey.set(key, e);
  }
  const scoring = seats.filter((m) => scoresOnCommission(m.role));
  const sheets = [...byKey.values()].filter((e) => Object.keys(e.points).length === criteria.length && scoring.some((m) => m.user_id === e.userId));
  const complete = new Set(sheets.map((e) => `${e.applicationId}|${e.userId}`));
  const missing = missingSheets(
    seats.map((m) => ({ userId: m.user_id, role: m.role as CommissionRole, declared: !!m.conflicts_declared_at })),
    apps.map((a) => ({ id: a.id, organisationId: a.organisation_id })),
    conflicts.map((k) => ({ userId: k.user_id, organisationId: k.organisation_id })),
    complete,
  );
  const scored = scoreCompetition(
    criteria,
    apps.map((a) => ({ id: a.id, requested: a.requested_tyiyn })),
    sheets,
    { lotBudget: c.lot_budget_tyiyn, threshold: c.spread_threshold, overrides: overrides.map((o) => ({ applicationId: o.application_id, winner: o.winner, reason: o.reason })) },
  );
  const codeOf = new Map(apps.map((a) => [a.id, a.code]));
  return {
    seats,
    missing: missing.map((m) => ({ ...m, fullName: seats.find((s) => s.user_id === m.userId)?.full_name ?? '' })),
    sheets,
    ranked: scored.map((r) => ({ ...r, code: codeOf.get(r.applicationId)!, reviewers: r.memberTotals.length })),
  };
}

/** How many sheets are in (never whose scores): the officer's and members' progress line. */
export async function countScoreSheets(db: Db, competitionId: string) {
  const r = await db
    .selectFrom('competition_score as s')
    .innerJoin('competition_application as a', 'a.id', 's.application_id')
    .select(sql<string>`count(distinct (s.application_id, s.user_id))`.as('n'))
    .where('a.competition_id', '=', competitionId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The authorisation resource of a competition's commission decision. */
export function commissionResource(c: { id: string; customer_id: string; status: string; scoring_closed_at: Date | string | null; protocol_signed_at: Date | string | null; commission: { user_id: string; role: string }[] }): Extract<Resource, { type: 'commission' }> {
  return {
    type: 'commission',
    competitionId: c.id,
    customerId: c.customer_id,
    status: c.status,
    members: c.commission.map((m) => ({ userId: m.user_id, role: m.role })),
    scoringClosed: !!c.scoring_closed_at,
    signed: !!c.protocol_signed_at,
  };
}

/**
 * Records the protocol as signed (the commission's secretary, after the chair closed scoring): marks
 * the winners (the budget cut-off with the commission's overrides) and the others, moves the
 * competition to awarded (or unsuccessful when nobody wins), reveals identities to the commission and
 * publishes the results. Audited with the ranking.
 */
export async function signProtocol(db: Db, actor: Actor, competitionId: string) {
  const c = await getCompetitionForActor(db, actor, competitionId, 'view_draft');
  const resource = commissionResource(c);
  if (!can(actor, 'report', resource)) {
    if (resource.members.some((m) => m.userId === actor.userId && m.role === 'secretary') && !resource.scoringClosed && c.status === 'evaluating')
      throw new AppError('INVALID', 'competition:errors.scoringOpen');
    throw notFound();
  }
  const { missing, ranked } = await loadScoring(db, c);
  if (missing.length > 0) throw new AppError('INVALID', 'competition:errors.sheetsMissing', { missing: missing.length });
  const winners = ranked.filter((r) => r.winner).map((r) => r.applicationId);
  const others = ranked.filter((r) => !r.winner).map((r) => r.applicationId);
  if (winners.length) await db.updateTable('competition_application').set({ status: 'awarded', updated_at: new Date() }).where('id', 'in', winners).execute();
  if (others.length) await db.updateTable('competition_application').set({ status: 'not_awarded', updated_at: new Date() }).where('id', 'in', others).execute();
  const to = winners.length ? 'awarded' : 'unsuccessful';
  await db.updateTable('competition').set({ status: to, protocol_signed_at: new Date(), updated_at: new Date() }).where('id', '=', competitionId).where('status', '=', 'evaluating').execute();
  const ranking = ranked.map((r) => ({ code: r.code, rank: r.rank, total: r.total, winner: r.winner }));
  await writeAudit(db, { actorId: actor.userId, action: 'protocol.sign', entity: 'competition', entityId: competitionId, after: { ranking } });
  await writeAudit(db, { actorId: actor.userId, action: `competition.${to}`, entity: 'competition', entityId: competitionId, before: { status: c.status }, after: { status: to, ranking } });
  return { status: to, ranked };
}

/**
 * The protocol once signed: ranking, totals and winners; organisations are revealed now. Before the
 * signature it is sealed: a 404 for everyone, the customer included.
 */
export async function getProtocol(db: Db, actor: Actor, competitionId: string) {
  const c = await getCompetitionForActor(db, actor, competitionId, 'view_draft');
  if (!c.protocol_signed_at || !can(actor, 'view', commissionResource(c))) throw notFound();
  const { ranked } = await loadScoring(db, c);
  const ids = ranked.map((r) => r.applicationId);
  const orgs = ids.length
    ? await db.selectFrom('competition_application as a').innerJoin('organisation as o', 'o.id', 'a.organisation_id').select(['a.id', 'o.name_ky', 'o.name_ru', 'o.name_en', 'a.title', 'a.project_id']).where('a.id', 'in', ids).execute()
    : [];
  return { competition: { id: c.id, title: c.title, status: c.status, signedAt: c.protocol_signed_at }, canManage: can(actor, 'manage', c.resource), rows: ranked.map((r) => ({ ...r, ...orgs.find((o) => o.id === r.applicationId)! })) };
}
