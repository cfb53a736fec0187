import { AppError } from '../errors.ts';
import { rankApplications, selectWinners, weightedTotal, type CriterionWeight, type RankedEntry } from './competition.ts';

/**
 * Roles on a competition's commission. The chair and the members score; the secretary organises
 * (eligibility check, the protocol) and does not score, so the secretary may read the identifying
 * part of applications that reviewers never see.
 */
export const commissionRoles = ['chair', 'secretary', 'member'] as const;
export type CommissionRole = (typeof commissionRoles)[number];

/** Which side a commission member represents (the reference document asks for both). */
export const commissionSectors = ['state', 'civil_society'] as const;
export type CommissionSector = (typeof commissionSectors)[number];

/** Whether a role scores applications (the secretary does not). */
export const scoresOnCommission = (role: string | null | undefined) => role !== 'secretary';

/** The default disagreement threshold: members' weighted totals (0…100) further apart than this are flagged. */
export const DEFAULT_SPREAD_THRESHOLD = 20;

export interface CommissionSeat {
  userId: string;
  role: CommissionRole;
}

/**
 * Commission roles that must be single: one chair and one secretary per commission. Throws with the
 * role when a second one would be added.
 */
export function assertSingleSeat(seats: CommissionSeat[], userId: string, role: CommissionRole): void {
  if (role === 'member') return;
  if (seats.some((s) => s.role === role && s.userId !== userId)) throw new AppError('INVALID', 'competition:errors.seatTaken', { role });
}

export interface MissingSheets {
  userId: string;
  /** True when the member has not yet declared conflicts (their exclusions are unknown). */
  undeclared: boolean;
  /** How many sheets of this member are not complete (never which applications: that would hint at exclusions). */
  count: number;
}

/**
 * What is missing before the chair may close scoring: for every scoring member, either "conflicts not
 * declared" or the number of admitted applications they are not excluded from whose sheet is not
 * complete. `complete` holds `applicationId|userId` keys of complete sheets. Empty = all sheets in.
 */
export function missingSheets(
  seats: (CommissionSeat & { declared: boolean })[],
  applications: { id: string; organisationId: string }[],
  conflicts: { userId: string; organisationId: string }[],
  complete: Set<string>,
): MissingSheets[] {
  const out: MissingSheets[] = [];
  for (const s of seats) {
    if (!scoresOnCommission(s.role)) continue;
    if (!s.declared) {
      out.push({ userId: s.userId, undeclared: true, count: 0 });
      continue;
    }
    const excluded = new Set(conflicts.filter((k) => k.userId === s.userId).map((k) => k.organisationId));
    const count = applications.filter((a) => !excluded.has(a.organisationId) && !complete.has(`${a.id}|${s.userId}`)).length;
    if (count > 0) out.push({ userId: s.userId, undeclared: false, count });
  }
  return out;
}

/** The spread of members' totals for one application (highest minus lowest; 0 for fewer than two). */
export function scoreSpread(totals: number[]): number {
  if (totals.length < 2) return 0;
  return Math.round((Math.max(...totals) - Math.min(...totals)) * 100) / 100;
}

/** Whether members disagree widely on an application: the spread of their totals is above the threshold. */
export const isDisagreement = (totals: number[], threshold: number) => scoreSpread(totals) > threshold;

export interface MemberSheet {
  applicationId: string;
  userId: string;
  /** Points per criterion id. */
  points: Record<string, number>;
}

export interface ScoredApplication extends RankedEntry {
  /** Each scoring member's weighted total (excluded members have none). */
  memberTotals: { userId: string; total: number }[];
  spread: number;
  disagreement: boolean;
  /** In the lot by the budget cut-off (before overrides). */
  proposed: boolean;
  /** The decision after the commission's overrides. */
  winner: boolean;
  override: { winner: boolean; reason: string } | null;
}

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100 : 0);

/**
 * The commission's result from complete sheets: each member's weighted total per application, their
 * mean (the application's total), the ranking with the tie-break (mean points of the first criterion,
 * then the smaller request), disagreement flags above `threshold`, the winners the budget cut-off
 * proposes and the decision after the commission's overrides. Sheets of excluded members are simply
 * absent; an application nobody could score totals 0 and wins nothing.
 */
export function scoreCompetition(
  criteria: CriterionWeight[],
  applications: { id: string; requested: number }[],
  sheets: MemberSheet[],
  opts: { lotBudget: number; threshold: number; overrides?: { applicationId: string; winner: boolean; reason: string }[] },
): ScoredApplication[] {
  const first = [...criteria].sort((a, b) => a.position - b.position)[0];
  const per = new Map<string, { memberTotals: { userId: string; total: number }[]; firsts: number[] }>();
  for (const a of applications) per.set(a.id, { memberTotals: [], firsts: [] });
  for (const s of sheets) {
    const entry = per.get(s.applicationId);
    if (!entry) continue;
    entry.memberTotals.push({ userId: s.userId, total: weightedTotal(criteria, s.points) });
    entry.firsts.push(first ? (s.points[first.id] ?? 0) : 0);
  }
  const ranked = rankApplications(
    applications.map((a) => {
      const e = per.get(a.id)!;
      return { applicationId: a.id, total: mean(e.memberTotals.map((m) => m.total)), firstCriterion: mean(e.firsts), requested: a.requested };
    }),
  );
  const proposed = new Set(selectWinners(ranked, opts.lotBudget));
  const overrides = new Map((opts.overrides ?? []).map((o) => [o.applicationId, o]));
  return ranked.map((r) => {
    const e = per.get(r.applicationId)!;
    const totals = e.memberTotals.map((m) => m.total);
    const o = overrides.get(r.applicationId);
    return {
      ...r,
      memberTotals: e.memberTotals,
      spread: scoreSpread(totals),
      disagreement: isDisagreement(totals, opts.threshold),
      proposed: proposed.has(r.applicationId),
      winner: o ? o.winner : proposed.has(r.applicationId),
      override: o ? { winner: o.winner, reason: o.reason } : null,
    };
  });
}

/** An override must leave the winners inside the lot's budget; refused with the amounts otherwise. */
export function assertWinnersFit(scored: { requested: number; winner: boolean }[], lotBudget: number): void {
  const total = scored.filter((s) => s.winner).reduce((sum, s) => sum + s.requested, 0);
  if (total > lotBudget) throw new AppError('INVALID', 'competition:errors.overrideOverBudget', { total, lotBudget });
}
