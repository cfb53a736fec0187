import { z } from 'zod';
import { AppError } from '../errors.ts';
import { requiredText } from '../forms.ts';
import { parseSom } from '../money/money.ts';
import { criteriaFromForm, criteriaShape, lotContentIssues, lotContentShape, MAX_LOT_LINES, type CriterionSetting } from './content.ts';

/** Where a competition is in its life; `awarded`, `unsuccessful` and `cancelled` are final. */
export const competitionStatuses = ['planned', 'announced', 'accepting', 'closed', 'evaluating', 'awarded', 'unsuccessful', 'cancelled'] as const;
export type CompetitionStatus = (typeof competitionStatuses)[number];

/** The status machine: each status and the ones it may move to. Cancelling is possible until evaluation ends. */
export const competitionTransitions: Record<CompetitionStatus, CompetitionStatus[]> = {
  planned: ['announced', 'cancelled'],
  announced: ['accepting', 'cancelled'],
  accepting: ['closed', 'cancelled'],
  closed: ['evaluating', 'cancelled'],
  evaluating: ['awarded', 'unsuccessful', 'cancelled'],
  awarded: [],
  unsuccessful: [],
  cancelled: [],
};

/** Throws INVALID unless `to` follows `from` in the status machine. */
export function assertCompetitionTransition(from: string, to: string): asserts to is CompetitionStatus {
  const next = competitionTransitions[from as CompetitionStatus];
  if (!next || !next.includes(to as CompetitionStatus)) throw new AppError('INVALID', 'competition:errors.badTransition', { from, to });
}

/** The public announcement shows while the competition is announced or accepting applications. */
export const isAnnounced = (status: string) => status === 'announced' || status === 'accepting';

/**
 * Whether an application may be submitted or withdrawn at `now`: the competition accepts applications
 * and the window (stored as instants; entered and shown in Asia/Bishkek) is open.
 */
export function isWindowOpen(c: { status: string; opens_at: Date | string; closes_at: Date | string }, now: Date): boolean {
  return c.status === 'accepting' && now.getTime() >= new Date(c.opens_at).getTime() && now.getTime() < new Date(c.closes_at).getTime();
}

/** Refuses a submission or withdrawal outside the window, naming the deadline (rendered in the user's zone). */
export function assertWindowOpen(c: { status: string; opens_at: Date | string; closes_at: Date | string }, now: Date): void {
  if (!isWindowOpen(c, now)) throw new AppError('INVALID', 'competition:errors.windowClosed', { closesAt: new Date(c.closes_at).toISOString() });
}

/**
 * The lot must fit what the program line has left: its budget minus the lots of other live
 * competitions on it. Refused with the amounts, so the officer sees what is left.
 */
export function assertLotFits(lineBudget: number, allocatedElsewhere: number, lotBudget: number): void {
  const available = lineBudget - allocatedElsewhere;
  if (lotBudget > available) throw new AppError('INVALID', 'competition:errors.lotOverLine', { lineBudget, allocatedElsewhere, available, lotBudget });
}

export { defaultCriteria } from './criteria.ts';
import type { defaultCriteria } from './criteria.ts';

export type CriterionCode = (typeof defaultCriteria)[number]['code'];

/** Letters and digits that cannot be misread for each other (no 0/O, 1/I/L). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random application code such as `A-7K2Q`; `random` returns 4 numbers in [0, 1) (injectable for tests). */
export function applicationCode(random: () => number = Math.random): string {
  let s = 'A-';
  for (let i = 0; i < 4; i++) s += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length)]!;
  return s;
}
export const applicationCodePattern = /^A-[2-9A-HJKMNP-Z]{4}$/;

const som = (field: string) =>
  z.string({ error: 'errors.required' }).trim().min(1, { error: 'errors.required' }).max(30, { error: 'errors.tooLong' }).transform((v, ctx) => {
    const t = parseSom(v);
    if (t === null || t <= 0) {
      ctx.addIssue({ code: 'custom', message: 'errors.invalid', path: [] });
      return z.NEVER;
    }
    return t;
  }).describe(field);

/** "YYYY-MM-DDTHH:MM" from a datetime-local field, read as Asia/Bishkek (UTC+6, no DST) → an instant. */
const bishkekDateTime = z
  .string({ error: 'errors.required' })
  .trim()
  .max(20, { error: 'errors.tooLong' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: 'errors.invalid' })
  .transform((v) => new Date(`${v}:00+06:00`));

/** Creating a competition with one lot from one or more lines of an approved program (`lineId` repeated). */
export const competitionSchema = z
  .object({
    lineId: z
      .union([z.uuid({ error: 'errors.required' }), z.array(z.uuid({ error: 'errors.required' })).min(1, { error: 'errors.required' }).max(MAX_LOT_LINES, { error: 'competition:content.errors.tooManyItems' })], { error: 'errors.required' })
      .transform((v) => [...new Set(([] as string[]).concat(v))]),
    title: requiredText(300),
    goal: requiredText(2000),
    lotBudget: som('lotBudget'),
    maxAmount: som('maxAmount'),
    opensAt: bishkekDateTime,
    closesAt: bishkekDateTime,
    ...lotContentShape,
    ...criteriaShape,
  })
  .transform((v) => ({ ...v, criteria: criteriaFromForm(v) }))
  .superRefine((v, ctx) => {
    if (v.closesAt.getTime() <= v.opensAt.getTime()) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'competition:errors.closesBeforeOpens' });
    if (v.maxAmount > v.lotBudget) ctx.addIssue({ code: 'custom', path: ['maxAmount'], message: 'competition:errors.maxOverLot' });
    for (const i of lotContentIssues(v)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
  });

/**
 * A competition to create: one line or several, and the lot's content (all optional for callers that
 * only know the basics; defaults: no tasks/problem text, no period, no co-funding, default criteria).
 */
export interface CompetitionInput {
  lineId: string | string[];
  title: string;
  goal: string;
  lotBudget: number;
  maxAmount: number;
  opensAt: Date;
  closesAt: Date;
  tasks?: string;
  problem?: string;
  projectStart?: string | null;
  projectEnd?: string | null;
  minCofundingPct?: number;
  eligibility?: string[];
  requiredDocuments?: string[];
  criteria?: CriterionSetting[];
}

/** An application: the identifying part (seen by the customer, never by the commission before the protocol) and the project. */
export const applicationSchema = z.object({
  contactName: requiredText(200),
  contactPhone: requiredText(100),
  inn: z.string({ error: 'errors.required' }).trim().regex(/^\d{14}$/, { error: 'competition:errors.inn' }),
  title: requiredText(300),
  goal: requiredText(2000),
  tasks: z.string().trim().max(4000, { error: 'errors.tooLong' }).optional().transform((v) => v ?? ''),
  description: requiredText(10000),
  requested: som('requested'),
});
export type ApplicationInput = Omit<z.infer<typeof applicationSchema>, 'tasks'> & { tasks?: string };

/** Whether the project text names the organisation (the applicant is warned: reviewers would see it). */
export function namesOrganisation(text: string, names: string[]): boolean {
  const lower = text.toLowerCase();
  return names.some((n) => {
    const core = n.replace(/[«»"“”]/g, '').trim().toLowerCase();
    return core.length >= 4 && lower.includes(core);
  });
}

/** One criterion's points must be a whole number from 0 to its maximum. */
export function assertPoints(points: number, maxPoints: number): void {
  if (!Number.isInteger(points) || points < 0 || points > maxPoints) throw new AppError('INVALID', 'competition:errors.points', { maxPoints });
}

export interface CriterionWeight {
  id: string;
  weight: number;
  maxPoints: number;
  position: number;
}

/**
 * A member's weighted total for one application, 0…100: Σ weight × points ÷ max points, over weights
 * that sum to 100 (scaled when they do not).
 */
export function weightedTotal(criteria: CriterionWeight[], points: Record<string, number>): number {
  const weights = criteria.reduce((s, c) => s + c.weight, 0) || 1;
  const total = criteria.reduce((s, c) => s + (c.weight * (points[c.id] ?? 0)) / c.maxPoints, 0);
  return Math.round((total * 10000) / weights) / 100;
}

export interface RankedEntry {
  applicationId: string;
  /** Mean of the members' weighted totals. */
  total: number;
  /** Mean points of the first criterion (importance for the community), the tie-break. */
  firstCriterion: number;
  requested: number;
  rank: number;
}

/**
 * Ranking: highest mean weighted total first. Tie-break, stated on the protocol: the higher mean
 * score on the first criterion, then the smaller requested amount; entries still equal share a rank.
 */
export function rankApplications(entries: Omit<RankedEntry, 'rank'>[]): RankedEntry[] {
  const sorted = [...entries].sort((a, b) => b.total - a.total || b.firstCriterion - a.firstCriterion || a.requested - b.requested);
  const out: RankedEntry[] = [];
  sorted.forEach((e, i) => {
    const prev = out[i - 1];
    const tied = prev && prev.total === e.total && prev.firstCriterion === e.firstCriterion && prev.requested === e.requested;
    out.push({ ...e, rank: tied ? prev.rank : i + 1 });
  });
  return out;
}

/** Winners: in rank order, each that still fits the lot's budget. */
export function selectWinners(ranked: RankedEntry[], lotBudget: number): string[] {
  let left = lotBudget;
  const winners: string[] = [];
  for (const e of ranked) {
    if (e.total <= 0 || e.requested > left) continue;
    winners.push(e.applicationId);
    left -= e.requested;
  }
  return winners;
}
