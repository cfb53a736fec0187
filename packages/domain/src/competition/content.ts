import { z } from 'zod';
import { AppError } from '../errors.ts';
import { parseDate, parseNumber } from '../i18n/format.ts';
import { parseSom, type Tyiyn } from '../money/money.ts';
import { defaultCriteria } from './criteria.ts';

// Issue #9: what a lot asks for and what an application answers with — lines of the lot, co-funding,
// requirement lists, criteria; the activity plan, budget lines with co-funding and proposed indicators.

/** At most this many program lines in one lot. */
export const MAX_LOT_LINES = 10;
/** Limits of the application's lists (checked before any work). */
export const MAX_ACTIVITIES = 50;
export const MAX_BUDGET_LINES = 50;
export const MAX_PROPOSED_INDICATORS = 20;
export const MAX_LIST_ITEMS = 30;

/**
 * A lot covering several lines must fit what the lines have left together: the sum of their budgets
 * minus the lots of other live competitions on them. Refused with the amounts.
 */
export function lotAvailability(lines: { budget: Tyiyn; allocated: Tyiyn }[]): { lineBudget: Tyiyn; allocatedElsewhere: Tyiyn; available: Tyiyn } {
  const lineBudget = lines.reduce((s, l) => s + l.budget, 0);
  const allocatedElsewhere = lines.reduce((s, l) => s + l.allocated, 0);
  return { lineBudget, allocatedElsewhere, available: lineBudget - allocatedElsewhere };
}

/** A textarea with one item per line → the non-empty trimmed lines (at most MAX_LIST_ITEMS of ≤ 500 characters). */
export const textList = () =>
  z
    .string()
    .max(20_000, { error: 'errors.tooLong' })
    .optional()
    .transform((v) => (v ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(500, { error: 'errors.tooLong' })).max(MAX_LIST_ITEMS, { error: 'competition:content.errors.tooManyItems' }));

const isoDate = z
  .string()
  .trim()
  .max(20, { error: 'errors.tooLong' })
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const d = parseDate(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: 'errors.invalid' });
      return z.NEVER;
    }
    return d;
  });

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .max(10, { error: 'errors.tooLong' })
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: 'errors.invalid' });
        return z.NEVER;
      }
      return n;
    });

/** Criteria of a new competition: the defaults, each weight and maximum editable; weights must sum to 100. */
export interface CriterionSetting {
  code: string;
  weight: number;
  maxPoints: number;
}

/**
 * The lot's content fields of the create form (merged into the competition schema): tasks, problem,
 * project period, minimum co-funding share (whole per cent), requirements, documents, criteria.
 */
export const lotContentShape = {
  tasks: z.string().trim().max(4000, { error: 'errors.tooLong' }).optional().transform((v) => v ?? ''),
  problem: z.string().trim().max(4000, { error: 'errors.tooLong' }).optional().transform((v) => v ?? ''),
  projectStart: isoDate,
  projectEnd: isoDate,
  minCofundingPct: wholeNumber(0, 99).transform((v) => v ?? 0),
  eligibility: textList(),
  requiredDocuments: textList(),
};

/** `weight_<code>` and `max_<code>` fields of the default criteria (empty: the default). */
export const criteriaShape = Object.fromEntries(defaultCriteria.flatMap((c) => [[`weight_${c.code}`, wholeNumber(1, 100)], [`max_${c.code}`, wholeNumber(1, 100)]])) as Record<
  string,
  ReturnType<typeof wholeNumber>
>;

/** The criteria from the form's `weight_<code>`/`max_<code>` fields, defaults where left empty. */
export function criteriaFromForm(v: Record<string, unknown>): CriterionSetting[] {
  return defaultCriteria.map((c) => ({
    code: c.code,
    weight: typeof v[`weight_${c.code}`] === 'number' ? (v[`weight_${c.code}`] as number) : c.weight,
    maxPoints: typeof v[`max_${c.code}`] === 'number' ? (v[`max_${c.code}`] as number) : c.maxPoints,
  }));
}

/** Issues of the lot's content, added to the create form's refinement. */
export function lotContentIssues(v: { projectStart?: string | null; projectEnd?: string | null; criteria: CriterionSetting[] }): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (v.projectStart && v.projectEnd && v.projectEnd < v.projectStart) out.push({ path: 'projectEnd', message: 'competition:content.errors.periodOrder' });
  if ((v.projectStart && !v.projectEnd) || (!v.projectStart && v.projectEnd)) out.push({ path: v.projectStart ? 'projectEnd' : 'projectStart', message: 'competition:content.errors.periodBoth' });
  if (v.criteria.reduce((s, c) => s + c.weight, 0) !== 100) out.push({ path: `weight_${v.criteria[0]!.code}`, message: 'competition:content.errors.weightsSum' });
  return out;
}

// ---------------------------------------------------------------- application content

export interface BudgetLine {
  item: string;
  /** Requested from the customer (tyiyn). */
  requested: Tyiyn;
  /** The applicant's own money (tyiyn). */
  own: Tyiyn;
  /** Other sources (tyiyn). */
  other: Tyiyn;
}

export interface BudgetTotals {
  requested: Tyiyn;
  own: Tyiyn;
  other: Tyiyn;
  /** Own + other. */
  cofunding: Tyiyn;
  /** Requested + co-funding. */
  total: Tyiyn;
  /** Co-funding as a share of the total, per cent with 2 decimals (0 for an empty budget). */
  cofundingPct: number;
}

export function budgetTotals(lines: BudgetLine[]): BudgetTotals {
  const requested = lines.reduce((s, l) => s + l.requested, 0);
  const own = lines.reduce((s, l) => s + l.own, 0);
  const other = lines.reduce((s, l) => s + l.other, 0);
  const total = requested + own + other;
  return { requested, own, other, cofunding: own + other, total, cofundingPct: total ? Math.floor(((own + other) * 10000) / total) / 100 : 0 };
}

export interface BudgetProblem {
  key: string;
  params: Record<string, number>;
}

/**
 * The budget against the lot: the requested total at most the maximum per project, and co-funding
 * (own + other) at least the lot's minimum share of the whole budget — compared exactly in tyiyn.
 */
export function budgetProblems(lines: BudgetLine[], lot: { maxAmount: Tyiyn; minCofundingPct: number }): BudgetProblem[] {
  const t = budgetTotals(lines);
  const out: BudgetProblem[] = [];
  if (t.requested > lot.maxAmount) out.push({ key: 'competition:content.errors.overMax', params: { max: lot.maxAmount, requested: t.requested } });
  if (lot.minCofundingPct > 0 && t.cofunding * 100 < lot.minCofundingPct * t.total) {
    out.push({ key: 'competition:content.errors.cofundingLow', params: { share: t.cofundingPct, min: lot.minCofundingPct, cofunding: t.cofunding, total: t.total } });
  }
  return out;
}

/** Throws the first budget problem (INVALID, with its amounts). */
export function assertBudget(lines: BudgetLine[], lot: { maxAmount: Tyiyn; minCofundingPct: number }): void {
  const p = budgetProblems(lines, lot)[0];
  if (p) throw new AppError('INVALID', p.key, p.params);
}

export interface Activity {
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface ProposedIndicator {
  programIndicatorId: string | null;
  name: string;
  unit: string;
  baseline: number;
  target: number;
}

export interface ApplicationContent {
  activities: Activity[];
  budget: BudgetLine[];
  indicators: ProposedIndicator[];
}

/**
 * What a submission needs besides the project text: at least one activity, budget line and indicator;
 * activities inside the lot's project period (when the lot has one); the budget rules.
 */
export function assertSubmittable(content: ApplicationContent, lot: { maxAmount: Tyiyn; minCofundingPct: number; projectStart: string | null; projectEnd: string | null }): void {
  if (content.activities.length === 0) throw new AppError('INVALID', 'competition:content.errors.noActivities');
  if (content.budget.length === 0) throw new AppError('INVALID', 'competition:content.errors.noBudget');
  if (content.indicators.length === 0) throw new AppError('INVALID', 'competition:content.errors.noIndicators');
  assertActivitiesInPeriod(content.activities, lot);
  assertBudget(content.budget, lot);
}

/** Activities must lie inside the lot's project period when it has one. */
export function assertActivitiesInPeriod(activities: Activity[], lot: { projectStart: string | null; projectEnd: string | null }): void {
  if (!lot.projectStart || !lot.projectEnd) return;
  const out = activities.find((a) => a.startsOn < lot.projectStart! || a.endsOn > lot.projectEnd!);
  if (out) throw new AppError('INVALID', 'competition:content.errors.activityOutsidePeriod', { name: out.name, start: lot.projectStart, end: lot.projectEnd });
}

/** Repeated form fields (one value or several) as a list of strings. */
const many = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** Zips parallel repeated fields into rows, dropping rows left entirely blank. */
function rows(raw: Record<string, unknown>, fields: Record<string, string>): Record<string, string>[] {
  const cols = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, many(raw[f])]));
  const n = Math.max(0, ...Object.values(cols).map((c) => c.length));
  const out: Record<string, string>[] = [];
  for (let i = 0; i < n; i++) {
    const row = Object.fromEntries(Object.keys(fields).map((k) => [k, (cols[k]![i] ?? '').trim()]));
    if (Object.entries(row).some(([k, v]) => v !== '' && k !== 'programIndicatorId')) out.push(row);
  }
  return out;
}

const som0 = z
  .string()
  .max(30, { error: 'errors.tooLong' })
  .transform((v, ctx) => {
    if (v === '') return 0;
    const t = parseSom(v);
    if (t === null || t < 0) {
      ctx.addIssue({ code: 'custom', message: 'errors.invalid' });
      return z.NEVER;
    }
    return t;
  });

const decimal = z
  .string()
  .max(30, { error: 'errors.tooLong' })
  .transform((v, ctx) => {
    const n = parseNumber(v);
    if (n === null || Math.abs(n) >= 1e15) {
      ctx.addIssue({ code: 'custom', message: v === '' ? 'errors.required' : 'errors.invalid' });
      return z.NEVER;
    }
    return Math.round(n * 100) / 100;
  });

const dateField = z.string().max(20, { error: 'errors.tooLong' }).transform((v, ctx) => {
  const d = parseDate(v);
  if (!d) {
    ctx.addIssue({ code: 'custom', message: v === '' ? 'errors.required' : 'errors.invalid' });
    return z.NEVER;
  }
  return d;
});

const activitySchema = z
  .object({ name: z.string().min(1, { error: 'errors.required' }).max(500, { error: 'errors.tooLong' }), startsOn: dateField, endsOn: dateField })
  .refine((a) => a.endsOn >= a.startsOn, { path: ['endsOn'], message: 'competition:content.errors.periodOrder' });
const budgetSchema = z
  .object({ item: z.string().min(1, { error: 'errors.required' }).max(300, { error: 'errors.tooLong' }), requested: som0, own: som0, other: som0 })
  .refine((b) => b.requested + b.own + b.other > 0, { path: ['requested'], message: 'errors.required' });
const indicatorSchema = z.object({
  programIndicatorId: z
    .string()
    .max(40)
    .transform((v) => v || null)
    .pipe(z.uuid({ error: 'errors.invalid' }).nullable()),
  name: z.string().max(300, { error: 'errors.tooLong' }),
  unit: z.string().max(50, { error: 'errors.tooLong' }),
  baseline: decimal,
  target: decimal,
});

/**
 * The content form: parallel repeated fields (`activityName`, `activityStart`, `activityEnd`;
 * `budgetItem`, `budgetRequested`, `budgetOwn`, `budgetOther`; `indicatorCatalogue`, `indicatorName`,
 * `indicatorUnit`, `indicatorBaseline`, `indicatorTarget`) → rows; errors at `activities.0.name` etc.
 * A new indicator needs a name; one from the catalogue takes its name and unit from there.
 */
export const applicationContentSchema = z
  .record(z.string(), z.unknown())
  .transform((raw) => ({
    activities: rows(raw, { name: 'activityName', startsOn: 'activityStart', endsOn: 'activityEnd' }),
    budget: rows(raw, { item: 'budgetItem', requested: 'budgetRequested', own: 'budgetOwn', other: 'budgetOther' }),
    indicators: rows(raw, { programIndicatorId: 'indicatorCatalogue', name: 'indicatorName', unit: 'indicatorUnit', baseline: 'indicatorBaseline', target: 'indicatorTarget' }),
  }))
  .pipe(
    z.object({
      activities: z.array(activitySchema).max(MAX_ACTIVITIES, { error: 'competition:content.errors.tooManyItems' }),
      budget: z.array(budgetSchema).max(MAX_BUDGET_LINES, { error: 'competition:content.errors.tooManyItems' }),
      indicators: z
        .array(
          indicatorSchema
            .refine((i) => i.programIndicatorId || i.name, { path: ['name'], message: 'errors.required' })
            .refine((i) => i.programIndicatorId || i.unit, { path: ['unit'], message: 'errors.required' }),
        )
        .max(MAX_PROPOSED_INDICATORS, { error: 'competition:content.errors.tooManyItems' }),
    }),
  );
export type ApplicationContentInput = z.infer<typeof applicationContentSchema>;

/**
 * How a lot's budget is held on each of its lines: in proportion to the lines' budgets, largest
 * remainder so the parts sum to the lot exactly (all on the first line when the lines have no budget).
 */
export function allocateLot(lotBudget: Tyiyn, lines: { id: string; budget: Tyiyn }[]): Map<string, Tyiyn> {
  const out = new Map<string, Tyiyn>();
  if (lines.length === 0) return out;
  const sum = lines.reduce((s, l) => s + l.budget, 0);
  if (sum <= 0) {
    lines.forEach((l, i) => out.set(l.id, i === 0 ? lotBudget : 0));
    return out;
  }
  const exact = lines.map((l) => ({ id: l.id, share: (lotBudget * l.budget) / sum }));
  let left = lotBudget;
  for (const e of exact) {
    const floor = Math.floor(e.share);
    out.set(e.id, floor);
    left -= floor;
  }
  for (const e of [...exact].sort((a, b) => b.share - Math.floor(b.share) - (a.share - Math.floor(a.share)))) {
    if (left <= 0) break;
    out.set(e.id, out.get(e.id)! + 1);
    left--;
  }
  return out;
}
