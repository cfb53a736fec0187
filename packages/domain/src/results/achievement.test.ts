import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  achievementPercent,
  achievementStatus,
  aggregateProjects,
  combineSum,
  cumulate,
  cumulativeTarget,
  measureValue,
  trackIndicator,
  type IndicatorKind,
  type Measure,
} from './achievement.ts';

const count = fc.integer({ min: 0, max: 1_000_000 });
const positive = fc.integer({ min: 1, max: 1_000_000 });
const fraction = fc.tuple(count, positive).map(([a, b]) => ({ value: null, numerator: Math.min(a, b), denominator: b }) as Measure);

const inc: IndicatorKind = { type: 'number', direction: 'increase', cumulativeMode: 'per_period' };

describe('achievementPercent', () => {
  it('increase: meeting the target is 100 %, and more actual never lowers it', () => {
    fc.assert(
      fc.property(count, count, positive, (a, b, target) => {
        expect(achievementPercent(inc, target, target)).toBe(100);
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        expect(achievementPercent(inc, hi, target)!).toBeGreaterThanOrEqual(achievementPercent(inc, lo, target)!);
      }),
    );
  });

  it('decrease with a baseline: the baseline is 0 %, the target 100 %, and a lower actual is never worse', () => {
    fc.assert(
      fc.property(count, count, positive, count, (a, b, gap, target) => {
        const kind: IndicatorKind = { type: 'number', direction: 'decrease', cumulativeMode: 'latest_value', baseline: target + gap };
        expect(achievementPercent(kind, target, target)).toBeCloseTo(100, 9);
        expect(achievementPercent(kind, target + gap, target)).toBeCloseTo(0, 9);
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        expect(achievementPercent(kind, lo, target)!).toBeGreaterThanOrEqual(achievementPercent(kind, hi, target)! - 1e-9);
      }),
    );
  });

  it('decrease without a baseline: at or under target is 100 %, above it less, never negative', () => {
    fc.assert(
      fc.property(count, count, (actual, target) => {
        const kind: IndicatorKind = { type: 'number', direction: 'decrease', cumulativeMode: 'latest_value', baseline: null };
        const p = achievementPercent(kind, actual, target)!;
        if (actual <= target) expect(p).toBe(100);
        else expect(p).toBeLessThan(100);
        expect(p).toBeGreaterThanOrEqual(0);
      }),
    );
    // The classic bug: 40 children in institutions against a target of 20 is NOT 200 %.
    expect(achievementPercent({ type: 'number', direction: 'decrease', cumulativeMode: 'latest_value' }, 40, 20)).toBe(50);
  });

  it('maintain: 100 % on target, symmetric, between 0 and 100', () => {
    fc.assert(
      fc.property(positive, fc.integer({ min: 0, max: 1000 }), (target, dev) => {
        const kind: IndicatorKind = { type: 'percentage', direction: 'maintain', cumulativeMode: 'latest_value' };
        expect(achievementPercent(kind, target, target)).toBe(100);
        const up = achievementPercent(kind, target + dev, target)!;
        const down = achievementPercent(kind, target - dev, target)!;
        expect(up).toBeCloseTo(down, 9);
        expect(up).toBeGreaterThanOrEqual(0);
        expect(up).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('yes/no is all or nothing; missing data gives no percentage', () => {
    const yn: IndicatorKind = { type: 'yes_no', direction: 'increase', cumulativeMode: 'latest_value' };
    expect(achievementPercent(yn, 1, 1)).toBe(100);
    expect(achievementPercent(yn, 0, 1)).toBe(0);
    expect(achievementPercent(inc, null, 10)).toBeNull();
    expect(achievementPercent(inc, 10, 0)).toBeNull();
  });
});

describe('percentages pool numerators and denominators', () => {
  it('Σn ÷ Σd across periods equals the denominator-weighted mean of the period rates', () => {
    fc.assert(
      fc.property(fc.array(fraction, { minLength: 1, maxLength: 12 }), (ms) => {
        const pooled = measureValue('percentage', cumulate({ type: 'percentage', cumulativeMode: 'per_period' }, ms))!;
        const n = ms.reduce((s, m) => s + m.numerator!, 0);
        const d = ms.reduce((s, m) => s + m.denominator!, 0);
        expect(pooled).toBeCloseTo((100 * n) / d, 9);
        const weighted = ms.reduce((s, m) => s + measureValue('percentage', m)! * m.denominator!, 0) / d;
        expect(pooled).toBeCloseTo(weighted, 6);
      }),
    );
    // The mean of ratios would say 50 %; the pooled share is 10/110.
    const two = cumulate({ type: 'percentage', cumulativeMode: 'per_period' }, [
      { value: null, numerator: 0, denominator: 100 },
      { value: null, numerator: 10, denominator: 10 },
    ]);
    expect(measureValue('percentage', two)).toBeCloseTo(9.0909, 3);
  });

  it('pooling is the same whatever the grouping (periods, then projects)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fraction, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (projects) => {
        const perProject = projects.map((p) => combineSum('percentage', p));
        const a = measureValue('percentage', combineSum('percentage', perProject));
        const b = measureValue('percentage', combineSum('percentage', projects.flat()));
        expect(a).toBeCloseTo(b!, 9);
      }),
    );
  });
});

describe('cumulative modes', () => {
  const values = fc.array(fc.option(count, { nil: null }), { minLength: 1, maxLength: 12 });
  it('per period sums; running total and latest value take the last reported value', () => {
    fc.assert(
      fc.property(values, (vs) => {
        const ms = vs.map((v) => ({ value: v }));
        const reported = vs.filter((v): v is number => v != null);
        const sum = cumulate({ type: 'number', cumulativeMode: 'per_period' }, ms);
        const running = cumulate({ type: 'number', cumulativeMode: 'running_total' }, ms);
        const latest = cumulate({ type: 'number', cumulativeMode: 'latest_value' }, ms);
        if (reported.length === 0) {
          expect(sum).toBeNull();
          return;
        }
        expect(sum!.value).toBe(reported.reduce((s, v) => s + v, 0));
        expect(running!.value).toBe(reported[reported.length - 1]);
        expect(latest!.value).toBe(reported[reported.length - 1]);
      }),
    );
  });

  it('cumulative targets: sums for per-period counts, the latest for running totals and rates', () => {
    expect(cumulativeTarget({ type: 'number', cumulativeMode: 'per_period' }, [10, 20, null, 30])).toBe(60);
    expect(cumulativeTarget({ type: 'number', cumulativeMode: 'running_total' }, [10, 30, 60])).toBe(60);
    expect(cumulativeTarget({ type: 'percentage', cumulativeMode: 'per_period' }, [70, 80])).toBe(80);
  });

  it('a running total reported 10, 25, 40 against 10, 20, 40 is 100 % cumulatively, not 75/70', () => {
    const kind: IndicatorKind = { type: 'number', direction: 'increase', cumulativeMode: 'running_total' };
    const rows = trackIndicator(kind, ['Q1', 'Q2', 'Q3'], { Q1: 10, Q2: 20, Q3: 40 }, { Q1: { value: 10 }, Q2: { value: 25 }, Q3: { value: 40 } });
    expect(rows.map((r) => r.cumulativePercent)).toEqual([100, 125, 100]);
  });

  it('tracking a per-period count: cumulative % = Σactual ÷ Σtarget', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(count, positive), { minLength: 1, maxLength: 8 }), (pairs) => {
        const keys = pairs.map((_, i) => `P${i}`);
        const rows = trackIndicator(
          inc,
          keys,
          Object.fromEntries(pairs.map(([, t], i) => [keys[i], t])),
          Object.fromEntries(pairs.map(([a], i) => [keys[i], { value: a }])),
        );
        const last = rows[rows.length - 1]!;
        const a = pairs.reduce((s, [x]) => s + x, 0);
        const t = pairs.reduce((s, [, y]) => s + y, 0);
        expect(last.cumulativePercent).toBeCloseTo((100 * a) / t, 9);
      }),
    );
  });
});

describe('status thresholds', () => {
  it('are monotone and configurable', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (x, y) => {
        const order = ['off_track', 'at_risk', 'on_track'];
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(order.indexOf(achievementStatus(hi))).toBeGreaterThanOrEqual(order.indexOf(achievementStatus(lo)));
      }),
    );
    expect(achievementStatus(85)).toBe('at_risk');
    expect(achievementStatus(85, { onTrack: 80, atRisk: 50 })).toBe('on_track');
    expect(achievementStatus(null)).toBe('no_data');
  });
});

describe('program aggregation', () => {
  it('adds counts and targets across projects', () => {
    const r = aggregateProjects('number', [
      { cumulative: { value: 30 }, target: 40 },
      { cumulative: { value: 20 }, target: 60 },
    ]);
    expect(r.actualValue).toBe(50);
    expect(r.target).toBe(100);
  });
  it('pools percentages across projects, weighting targets by denominators', () => {
    const r = aggregateProjects('percentage', [
      { cumulative: { value: null, numerator: 90, denominator: 100 }, target: 80 },
      { cumulative: { value: null, numerator: 1, denominator: 10 }, target: 50 },
    ]);
    expect(r.actualValue).toBeCloseTo((100 * 91) / 110, 9);
    expect(r.target).toBeCloseTo((80 * 100 + 50 * 10) / 110, 9);
  });
});
