import type { IndicatorType, Measure } from './achievement.ts';
import { measureValue } from './achievement.ts';

/** The fields a value of an indicator type is entered in; the others are computed or unused, and locked. */
export function enteredFields(type: IndicatorType): readonly ('value' | 'numerator' | 'denominator')[] {
  return type === 'percentage' ? ['numerator', 'denominator'] : ['value'];
}

/** The fields locked for an indicator type: anything typed there is questioned, never silently dropped. */
export function lockedFields(type: IndicatorType): readonly ('value' | 'numerator' | 'denominator')[] {
  return (['value', 'numerator', 'denominator'] as const).filter((f) => !enteredFields(type).includes(f));
}

/** Data-quality flags a value can carry; each has a message in the `results` namespace. */
export const qualityFlags = [
  'disaggregation_sum',
  'below_min',
  'above_max',
  'numerator_gt_denominator',
  'negative',
  'outlier',
  'over_target',
  'not_yes_no',
] as const;
export type QualityFlag = (typeof qualityFlags)[number];

export interface QualityInput {
  type: IndicatorType;
  /** The reported total. */
  total: Measure | null;
  /** The disaggregation cells of one dimension set (all cells of the grid); empty when none. */
  cells: (Measure | null)[];
  min?: number | null;
  max?: number | null;
  /** This period's target (a percentage target is a percentage). */
  target?: number | null;
  /** The indicator's own earlier values (same cumulative mode), for the outlier rule. */
  history?: number[];
  /** How many times the target counts as implausible; 3 by default. */
  overTargetFactor?: number;
  /** Modified z-score above which a value is an outlier; 3.5 by default (Iglewicz and Hoaglin). */
  outlierZ?: number;
  /**
   * Minimum relative distance from the historical median for an outlier, 0.5 by default: with the
   * handful of periods a project has, MAD can be tiny and would flag ordinary variation.
   */
  outlierMinShare?: number;
}

const approxEqual = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** The median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Modified z-score of `x` against `history`: 0.6745·(x − median) ÷ MAD. Null with fewer than four
 * earlier values; when MAD is 0 (a flat history), any different value scores Infinity.
 */
export function modifiedZScore(x: number, history: number[]): number | null {
  if (history.length < 4) return null;
  const med = median(history);
  const mad = median(history.map((h) => Math.abs(h - med)));
  if (mad === 0) return x === med ? 0 : Infinity;
  return (0.6745 * (x - med)) / mad;
}

/**
 * Flags for one indicator value. Rules: disaggregates sum to the total (numerators and denominators
 * separately for a percentage); within min/max; numerator ≤ denominator; no negatives for counts,
 * money or percentages; outlier against the indicator's own history (|modified z| > 3.5 and at least
 * 50 % away from its median); more than
 * 3× the period target.
 */
export function checkValue(input: QualityInput): QualityFlag[] {
  const flags = new Set<QualityFlag>();
  const { type, total } = input;
  const all = [total, ...input.cells].filter((m): m is Measure => !!m);
  for (const m of all) {
    const parts = type === 'percentage' ? [m.numerator, m.denominator] : [m.value];
    if (parts.some((p) => p != null && p < 0)) flags.add('negative');
    if (type === 'percentage' && m.numerator != null && m.denominator != null && m.numerator > m.denominator) flags.add('numerator_gt_denominator');
    if (type === 'yes_no' && m.value != null && m.value !== 0 && m.value !== 1) flags.add('not_yes_no');
  }
  if (total && input.cells.length > 0 && input.cells.every((c) => c != null) && type !== 'yes_no') {
    const cells = input.cells as Measure[];
    const sum = (f: (m: Measure) => number | null | undefined) => cells.reduce((s, c) => s + (f(c) ?? 0), 0);
    const mismatch =
      type === 'percentage'
        ? !approxEqual(sum((c) => c.numerator), total.numerator ?? 0) || !approxEqual(sum((c) => c.denominator), total.denominator ?? 0)
        : !approxEqual(sum((c) => c.value), total.value ?? 0);
    if (mismatch) flags.add('disaggregation_sum');
  }
  const v = measureValue(type, total);
  if (v != null) {
    if (input.min != null && v < input.min) flags.add('below_min');
    if (input.max != null && v > input.max) flags.add('above_max');
    const factor = input.overTargetFactor ?? 3;
    if (input.target != null && input.target > 0 && type !== 'yes_no' && v > factor * input.target) flags.add('over_target');
    if (input.history && type !== 'yes_no') {
      const z = modifiedZScore(v, input.history);
      const med = input.history.length ? median(input.history) : 0;
      const farEnough = Math.abs(v - med) > (input.outlierMinShare ?? 0.5) * Math.abs(med);
      if (z != null && Math.abs(z) > (input.outlierZ ?? 3.5) && farEnough) flags.add('outlier');
    }
  }
  return [...flags];
}
