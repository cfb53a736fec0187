/**
 * Achievement arithmetic for every kind of indicator. Pure functions on plain numbers; the database
 * and the UI feed them reported values and targets. The rules that users of other M&E systems keep
 * tripping over are spelled out here:
 * - a percentage is aggregated as Σ numerators ÷ Σ denominators, never as a mean of ratios;
 * - a decrease indicator is on target when the actual is at or below the target;
 * - a running total is already cumulative, so it is never summed across periods.
 */

export const indicatorTypes = ['number', 'percentage', 'yes_no', 'money'] as const;
export type IndicatorType = (typeof indicatorTypes)[number];
export const directions = ['increase', 'decrease', 'maintain'] as const;
export type Direction = (typeof directions)[number];
export const cumulativeModes = ['per_period', 'running_total', 'latest_value'] as const;
export type CumulativeMode = (typeof cumulativeModes)[number];

/** One reported total: `value` for number/money/yes-no (1 = yes), numerator and denominator for a percentage. */
export interface Measure {
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
}

export interface IndicatorKind {
  type: IndicatorType;
  direction: Direction;
  cumulativeMode: CumulativeMode;
  /** Baseline (a percentage baseline is a percentage), or null when not applicable. */
  baseline?: number | null;
}

/** The single number a measure stands for: a percentage is 100·n/d (null when d is 0 or missing). */
export function measureValue(type: IndicatorType, m: Measure | null | undefined): number | null {
  if (!m) return null;
  if (type === 'percentage') {
    if (m.numerator == null || m.denominator == null || m.denominator === 0) return null;
    return (100 * m.numerator) / m.denominator;
  }
  return m.value ?? null;
}

const hasData = (type: IndicatorType, m: Measure | null | undefined): m is Measure =>
  !!m && (type === 'percentage' ? m.numerator != null && m.denominator != null : m.value != null);

/**
 * Combines measures of consecutive periods (in period order) into the cumulative measure:
 * per period → sums (percentages: Σn / Σd); running total and latest value → the latest reported one.
 * A yes/no indicator is always its latest answer.
 */
export function cumulate(kind: Pick<IndicatorKind, 'type' | 'cumulativeMode'>, periods: (Measure | null | undefined)[]): Measure | null {
  const reported = periods.filter((m) => hasData(kind.type, m));
  if (reported.length === 0) return null;
  if (kind.cumulativeMode !== 'per_period' || kind.type === 'yes_no') return reported[reported.length - 1]!;
  return combineSum(kind.type, reported);
}

/** Sums measures (of periods, or of projects): values add, percentages pool their numerators and denominators. */
export function combineSum(type: IndicatorType, measures: (Measure | null | undefined)[]): Measure | null {
  const reported = measures.filter((m) => hasData(type, m));
  if (reported.length === 0) return null;
  if (type === 'percentage') {
    return {
      value: null,
      numerator: reported.reduce((s, m) => s + (m.numerator ?? 0), 0),
      denominator: reported.reduce((s, m) => s + (m.denominator ?? 0), 0),
    };
  }
  if (type === 'yes_no') {
    // Across projects a yes/no becomes the share of "yes": pooled as a percentage.
    return { value: null, numerator: reported.filter((m) => m.value === 1).length, denominator: reported.length };
  }
  return { value: reported.reduce((s, m) => s + (m.value ?? 0), 0) };
}

/**
 * The cumulative target up to and including a period: per period → sum of the period targets
 * (a percentage target is a rate, so its cumulative target is the latest one); running total and
 * latest value → the latest period's target.
 */
export function cumulativeTarget(kind: Pick<IndicatorKind, 'type' | 'cumulativeMode'>, targets: (number | null | undefined)[]): number | null {
  const set = targets.filter((t): t is number => t != null);
  if (set.length === 0) return null;
  if (kind.cumulativeMode === 'per_period' && (kind.type === 'number' || kind.type === 'money')) return set.reduce((s, t) => s + t, 0);
  return set[set.length - 1]!;
}

/**
 * Per cent of target achieved.
 * - increase: actual ÷ target;
 * - decrease: with a baseline above the target, the share of the planned reduction done,
 *   (baseline − actual) ÷ (baseline − target); without one, 100 at or below target and target ÷ actual above it;
 * - maintain: 100 minus the relative deviation from the target, not below 0;
 * - yes/no: 100 when the answer equals the target, else 0.
 * Null when there is no actual or no usable target.
 */
export function achievementPercent(kind: IndicatorKind, actual: number | null, target: number | null): number | null {
  if (actual == null || target == null || !Number.isFinite(actual) || !Number.isFinite(target)) return null;
  if (kind.type === 'yes_no') return actual === target ? 100 : 0;
  switch (kind.direction) {
    case 'increase':
      if (target === 0) return null;
      return (100 * actual) / target;
    case 'decrease': {
      const b = kind.baseline;
      if (b != null && b > target) return (100 * (b - actual)) / (b - target);
      if (actual <= target) return 100;
      return actual === 0 ? 100 : (100 * target) / actual;
    }
    case 'maintain': {
      if (target === 0) return actual === 0 ? 100 : 0;
      return Math.max(0, 100 - (100 * Math.abs(actual - target)) / Math.abs(target));
    }
  }
}

export const achievementStatuses = ['on_track', 'at_risk', 'off_track', 'no_data'] as const;
export type AchievementStatus = (typeof achievementStatuses)[number];

/** Thresholds in per cent: at or above `onTrack` is on track, at or above `atRisk` at risk, below off track. */
export interface StatusThresholds {
  onTrack: number;
  atRisk: number;
}
export const defaultThresholds: StatusThresholds = { onTrack: 90, atRisk: 70 };

/** Status of an achievement percentage under configurable thresholds. */
export function achievementStatus(percent: number | null, thresholds: StatusThresholds = defaultThresholds): AchievementStatus {
  if (percent == null || Number.isNaN(percent)) return 'no_data';
  if (percent >= thresholds.onTrack) return 'on_track';
  if (percent >= thresholds.atRisk) return 'at_risk';
  return 'off_track';
}

/** One row of a tracking table: per period target, actual, % and status; then cumulative ones. */
export interface TrackingCell {
  periodKey: string;
  target: number | null;
  actual: Measure | null;
  actualValue: number | null;
  percent: number | null;
  status: AchievementStatus;
  cumulativeTarget: number | null;
  cumulativeActual: Measure | null;
  cumulativeActualValue: number | null;
  cumulativePercent: number | null;
  cumulativeStatus: AchievementStatus;
}

/**
 * The performance tracking row of one indicator over ordered periods. `actuals` maps period keys to
 * approved (or reported) totals; `targets` maps period keys to targets.
 */
export function trackIndicator(
  kind: IndicatorKind,
  periodKeys: string[],
  targets: Record<string, number | null | undefined>,
  actuals: Record<string, Measure | null | undefined>,
  thresholds: StatusThresholds = defaultThresholds,
): TrackingCell[] {
  const out: TrackingCell[] = [];
  for (let i = 0; i < periodKeys.length; i++) {
    const key = periodKeys[i]!;
    const upTo = periodKeys.slice(0, i + 1);
    const actual = hasData(kind.type, actuals[key]) ? actuals[key]! : null;
    const actualValue = measureValue(kind.type, actual);
    const target = targets[key] ?? null;
    const percent = achievementPercent(kind, actualValue, target);
    const cumActual = cumulate(kind, upTo.map((k) => actuals[k]));
    const cumActualValue = measureValue(kind.type, cumActual);
    const cumTarget = cumulativeTarget(kind, upTo.map((k) => targets[k]));
    const cumPercent = achievementPercent(kind, cumActualValue, cumTarget);
    out.push({
      periodKey: key,
      target,
      actual,
      actualValue,
      percent,
      status: achievementStatus(percent, thresholds),
      cumulativeTarget: cumTarget,
      cumulativeActual: cumActual,
      cumulativeActualValue: cumActualValue,
      cumulativePercent: cumPercent,
      cumulativeStatus: achievementStatus(cumPercent, thresholds),
    });
  }
  return out;
}

/**
 * A program indicator over its linked project indicators: for each project the cumulative measure
 * (respecting the project indicator's own mode), then combined across projects (sums; percentages
 * pooled Σn ÷ Σd). Targets add up for counts and money; for rates the pooled target is weighted by
 * the projects' denominators when known, else the plain mean.
 */
export function aggregateProjects(
  type: IndicatorType,
  projects: { cumulative: Measure | null; target: number | null }[],
): { actual: Measure | null; actualValue: number | null; target: number | null } {
  const actual = combineSum(type, projects.map((p) => p.cumulative));
  const targets = projects.filter((p) => p.target != null);
  let target: number | null = null;
  if (targets.length) {
    if (type === 'number' || type === 'money') target = targets.reduce((s, p) => s + p.target!, 0);
    else {
      // A yes/no target (1 = yes) becomes "100 % of projects say yes", comparable to the pooled share.
      const scale = type === 'yes_no' ? 100 : 1;
      const weights = targets.map((p) => p.cumulative?.denominator ?? 0);
      const total = weights.reduce((s, w) => s + w, 0);
      target =
        scale *
        (total > 0
          ? targets.reduce((s, p, i) => s + p.target! * weights[i]!, 0) / total
          : targets.reduce((s, p) => s + p.target!, 0) / targets.length);
    }
  }
  const valueType = type === 'yes_no' ? 'percentage' : type;
  return { actual, actualValue: measureValue(valueType, actual), target };
}
