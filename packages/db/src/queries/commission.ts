import { AppError, assertPoints, assertWinnersFit, can, type Actor } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { getCompetitionForActor } from './competitions.ts';
import { commissionResource, listScoreSheets, loadScoring } from './competition-scoring.ts';

const notFound = () => new AppError('NOT_FOUND', 'errors.notFound');

/** The competition and its commission resource, for a member of its commission or the customer's side (404 otherwise). */
async function commissionContext(db: Db, actor: Actor, competitionId: string) {
  const c = await getCompetitionForActor(db, actor, competitionId, 'view_draft');
  const resource = commissionResource(c);
  const seat = c.commission.find((m) => m.user_id === actor.userId);
  return { c, resource, seat };
}

/**
 * The commission's page: progress while scoring is open (what is missing, by member — counts only,
 * never which applications, which would hint at conflicts), and once the chair closed scoring the
 * result by application CODE: every member's weighted total, the mean, the rank, disagreement flags,
 * the budget cut-off's proposal and overrides. Organisations are named only after the signature.
 * Members of the commission only (404 for everyone else, the customer included, until signed).
 */
export async function getCommissionResults(db: Db, actor: Actor, competitionId: string) {
  const { c, resource, seat } = await commissionContext(db, actor, competitionId);
  const visible = can(actor, 'view', resource);
  if (!seat && !visible) throw notFound();
  const scoring = await loadScoring(db, c);
  const base = {
    competition: { id: c.id, title: c.title, status: c.status, lot: c.lot_budget_tyiyn, threshold: c.spread_threshold, scoringClosedAt: c.scoring_closed_at, signedAt: c.protocol_signed_at },
    role: seat?.role ?? null,
    commission: scoring.seats.map((m) => ({ userId: m.user_id, fullName: m.full_name, role: m.role, sector: m.sector })),
    criteria: c.criteria.map((k) => ({ id: k.id, code: k.code, weight: k.weight, maxPoints: k.max_points })),
    canClose: can(actor, 'approve', resource),
    canOverride: can(actor, 'update', resource),
    canSign: can(actor, 'report', resource),
  };
  if (!visible) {
    // Sealed: only what is missing (the chair and the secretary see by whom), nothing of anyone's scores.
    const organiser = seat?.role === 'chair' || seat?.role === 'secretary';
    return { ...base, sealed: true as const, missing: organiser ? scoring.missing : [], missingCount: scoring.missing.length, rows: [], scores: [] };
  }
  const identities = c.protocol_signed_at
    ? await db
        .selectFrom('competition_application as a')
        .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
        .select(['a.id', 'a.title', 'a.project_id', 'o.name_ky', 'o.name_ru', 'o.name_en'])
        .where('a.competition_id', '=', competitionId)
        .where('a.id', 'in', scoring.ranked.length ? scoring.ranked.map((r) => r.applicationId) : ['00000000-0000-0000-0000-000000000000'])
        .execute()
    : [];
  return {
    ...base,
    sealed: false as const,
    missing: scoring.missing,
    missingCount: scoring.missing.length,
    rows: scoring.ranked.map((r) => {
      const who = identities.find((i) => i.id === r.applicationId);
      return { ...r, organisation: who ? { name_ky: who.name_ky, name_ru: who.name_ru, name_en: who.name_en } : null, title: who?.title ?? null, projectId: who?.project_id ?? null };
    }),
    // Every score of every member, for the protocol.
    scores: scoring.sheets.map((s) => ({ applicationId: s.applicationId, code: scoring.ranked.find((r) => r.applicationId === s.applicationId)?.code ?? '', userId: s.userId, points: s.points, comment: s.comment })),
  };
}

/**
 * The chair closes scoring: allowed only when every scoring member declared conflicts and every
 * sheet they are not excluded from is complete; otherwise refused listing what is missing. Audited.
 */
export async function closeScoring(db: Db, actor: Actor, competitionId: string) {
  const { c, resource } = await commissionContext(db, actor, competitionId);
  if (!can(actor, 'approve', resource)) throw notFound();
  const { missing, ranked } = await loadScoring(db, c);
  if (ranked.length === 0) throw new AppError('INVALID', 'competition:errors.nothingToScore');
  if (missing.length > 0)
    throw new AppError('INVALID', 'competition:errors.sheetsMissingList', {
      list: missing.map((m) => (m.undeclared ? `${m.fullName} (—)` : `${m.fullName} (${m.count})`)).join('; '),
      missing: missing.length,
    });
  await db.updateTable('competition').set({ scoring_closed_at: new Date(), scoring_closed_by: actor.userId, updated_at: new Date() }).where('id', '=', competitionId).where('scoring_closed_at', 'is', null).execute();
  await writeAudit(db, { actorId: actor.userId, action: 'commission.close_scoring', entity: 'competition', entityId: competitionId, after: { ranking: ranked.map((r) => ({ code: r.code, rank: r.rank, total: r.total, spread: r.spread })) } });
}

/**
 * The commission overrides the budget cut-off for one application (the chair records it, after
 * closing, before the signature) with a reason; the winners must still fit the lot. Setting it back
 * to the proposal removes the override. Audited with the decision before and after.
 */
export async function overrideAward(db: Db, actor: Actor, competitionId: string, applicationId: string, winner: boolean, reason: string) {
  const { c, resource } = await commissionContext(db, actor, competitionId);
  if (!can(actor, 'update', resource)) throw notFound();
  const before = await loadScoring(db, c);
  const row = before.ranked.find((r) => r.applicationId === applicationId);
  if (!row) throw notFound();
  const text = reason.trim();
  if (!text) throw new AppError('INVALID', 'competition:errors.reasonRequired');
  const after = before.ranked.map((r) => (r.applicationId === applicationId ? { ...r, winner } : r));
  assertWinnersFit(after, c.lot_budget_tyiyn);
  if (winner === row.proposed) await db.deleteFrom('competition_award_override').where('application_id', '=', applicationId).execute();
  else
    await db
      .insertInto('competition_award_override')
      .values({ application_id: applicationId, competition_id: competitionId, winner, reason: text, decided_by: actor.userId })
      .onConflict((oc) => oc.column('application_id').doUpdateSet({ winner, reason: text, decided_by: actor.userId, decided_at: new Date() }))
      .execute();
  await writeAudit(db, {
    actorId: actor.userId,
    action: 'commission.override',
    entity: 'competition_application',
    entityId: applicationId,
    before: { code: row.code, winner: row.winner, proposed: row.proposed },
    after: { code: row.code, winner },
    reason: text,
  });
}

/** The disagreement threshold of a competition (points of 100), set by the customer's officer before scoring closes; audited. */
export async function setSpreadThreshold(db: Db, actor: Actor, competitionId: string, threshold: number) {
  const c = await getCompetitionForActor(db, actor, competitionId, 'manage');
  if (c.scoring_closed_at || c.protocol_signed_at) throw new AppError('INVALID', 'competition:errors.scoringClosed');
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 100) throw new AppError('INVALID', 'competition:errors.threshold');
  await db.updateTable('competition').set({ spread_threshold: threshold, updated_at: new Date() }).where('id', '=', competitionId).execute();
  await writeAudit(db, { actorId: actor.userId, action: 'update', entity: 'competition', entityId: competitionId, before: { spreadThreshold: c.spread_threshold }, after: { spreadThreshold: threshold } });
}

export interface SheetRowInput {
  code: string;
  /** Points by criterion code. */
  points: Record<string, number>;
  comment: string | null;
}

/**
 * A member's whole evaluation sheet at once (the offline xlsx): rows by application code. Compares
 * each with what is stored: unchanged rows are not written (a re-upload changes nothing), changed
 * ones are saved and audited (`score.import`, the points before and after). `dryRun` counts only.
 * Rows are validated by the caller (codes of the member's own sheets, points within 0…max).
 */
export async function saveScoreSheet(db: Db, actor: Actor, competitionId: string, rows: SheetRowInput[], opts: { dryRun: boolean }) {
  const sheets = await listScoreSheets(db, actor, competitionId);
  if (!sheets.canScore) throw notFound();
  const counts = { updated: 0, unchanged: 0 };
  for (const row of rows) {
    const sheet = sheets.sheets.find((s) => s.code === row.code);
    if (!sheet) throw notFound();
    const points: Record<string, number> = {};
    for (const k of sheets.criteria) {
      const p = row.points[k.code];
      if (p === undefined) throw new AppError('INVALID', 'competition:errors.points', { maxPoints: k.max_points });
      assertPoints(p, k.max_points);
      points[k.id] = p;
    }
    const same = sheet.complete && sheets.criteria.every((k) => sheet.points[k.id] === points[k.id]) && (sheet.comment ?? null) === (row.comment ?? null);
    if (same) {
      counts.unchanged++;
      continue;
    }
    counts.updated++;
    if (opts.dryRun) continue;
    for (const k of sheets.criteria) {
      await db
        .insertInto('competition_score')
        .values({ application_id: sheet.id, user_id: actor.userId, criterion_id: k.id, points: points[k.id]!, comment: row.comment })
        .onConflict((oc) => oc.columns(['application_id', 'user_id', 'criterion_id']).doUpdateSet({ points: points[k.id]!, comment: row.comment, updated_at: new Date() }))
        .execute();
    }
    await writeAudit(db, { actorId: actor.userId, action: 'score.import', entity: 'competition_application', entityId: sheet.id, before: { points: sheet.points }, after: { points, comment: row.comment } });
  }
  return counts;
}
