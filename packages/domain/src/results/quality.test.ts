import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkValue, enteredFields, lockedFields, modifiedZScore } from './quality.ts';
import { reportCommentSchema, reportTextProblem } from './schemas.ts';

describe('checkValue', () => {
  it('flags disaggregates that do not sum to the total, and not when they do', () => {
    expect(checkValue({ type: 'number', total: { value: 10 }, cells: [{ value: 4 }, { value: 5 }] })).toContain('disaggregation_sum');
    expect(checkValue({ type: 'number', total: { value: 9 }, cells: [{ value: 4 }, { value: 5 }] })).toEqual([]);
    // Incomplete grids are not checked (the total may be known better than the split).
    expect(checkValue({ type: 'number', total: { value: 10 }, cells: [{ value: 4 }, null] })).toEqual([]);
  });
  it('checks numerators and denominators of percentage cells separately', () => {
    const flags = checkValue({
      type: 'percentage',
      total: { value: null, numerator: 8, denominator: 10 },
      cells: [{ value: null, numerator: 4, denominator: 5 }, { value: null, numerator: 4, denominator: 6 }],
    });
    expect(flags).toEqual(['disaggregation_sum']);
  });
  it('flags numerator > denominator, negatives, min/max and over 3× target', () => {
    expect(checkValue({ type: 'percentage', total: { value: null, numerator: 11, denominator: 10 }, cells: [] })).toContain('numerator_gt_denominator');
    expect(checkValue({ type: 'number', total: { value: -1 }, cells: [] })).toContain('negative');
    expect(checkValue({ type: 'number', total: { value: 5 }, cells: [], min: 10 })).toContain('below_min');
    expect(checkValue({ type: 'number', total: { value: 50 }, cells: [], max: 10 })).toContain('above_max');
    expect(checkValue({ type: 'number', total: { value: 31 }, cells: [], target: 10 })).toContain('over_target');
    expect(checkValue({ type: 'number', total: { value: 30 }, cells: [], target: 10 })).not.toContain('over_target');
    expect(checkValue({ type: 'yes_no', total: { value: 2 }, cells: [] })).toContain('not_yes_no');
  });
  it('flags outliers against the indicator’s own history with the modified z-score', () => {
    const history = [100, 110, 95, 105, 98];
    expect(checkValue({ type: 'number', total: { value: 400 }, cells: [], history })).toContain('outlier');
    expect(checkValue({ type: 'number', total: { value: 108 }, cells: [], history })).not.toContain('outlier');
    expect(modifiedZScore(5, [1, 2])).toBeNull();
  });
  it('a total that equals the sum of its cells is never flagged for the sum (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 20 }), (cells) => {
        const total = cells.reduce((s, c) => s + c, 0);
        expect(checkValue({ type: 'number', total: { value: total }, cells: cells.map((value) => ({ value })) })).not.toContain('disaggregation_sum');
      }),
    );
  });
});

describe('free text of a report is capped in the schema', () => {
  it('refuses a 10,000,000-character narrative with its limit, accepts 10,000', () => {
    expect(reportTextProblem({ narrative: 'а'.repeat(10_000_000) })).toEqual({ messageKey: 'results:errors.narrativeTooLong', params: { max: 10_000 }, field: 'narrative' });
    expect(reportTextProblem({ narrative: 'а'.repeat(10_000), explanations: { i1: 'ok' } })).toBeNull();
  });
  it('caps explanations, comments and reasons too', () => {
    expect(reportTextProblem({ explanations: { i1: 'x'.repeat(2_001) } })?.messageKey).toBe('results:errors.explanationTooLong');
    expect(reportTextProblem({ comment: 'x'.repeat(2_001) })?.params.max).toBe(2_000);
    expect(reportTextProblem({ reason: 'x'.repeat(1_001) })?.messageKey).toBe('results:errors.reasonTooLong');
    expect(reportCommentSchema.safeParse({ indicatorId: '', body: 'x'.repeat(2_001) }).success).toBe(false);
  });
});

describe('locked cells', () => {
  it('a percentage is entered as numerator and denominator; its value is computed and locked', () => {
    expect(enteredFields('percentage')).toEqual(['numerator', 'denominator']);
    expect(lockedFields('percentage')).toEqual(['value']);
    expect(lockedFields('number')).toEqual(['numerator', 'denominator']);
  });
});
