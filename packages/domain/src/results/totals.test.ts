import { describe, expect, it } from 'vitest';
import { completeTotals, type CellValue } from './totals.ts';

const grid = new Map([['n', [{ key: 'sex=f' }, { key: 'sex=m' }]], ['p', [{ key: 'sex=f' }, { key: 'sex=m' }]], ['y', [{ key: 'sex=f' }, { key: 'sex=m' }]]]);
const v = (indicatorId: string, cellKey: string, value: number | null, numerator: number | null = null, denominator: number | null = null): CellValue => ({
  indicatorId, cellKey, value, numerator, denominator,
});

describe('completeTotals', () => {
  it('sums a complete grid into a missing total (numbers, and numerators and denominators of percentages)', () => {
    const out = completeTotals([{ id: 'n', type: 'number' }, { id: 'p', type: 'percentage' }], grid, [
      v('n', 'sex=f', 3), v('n', 'sex=m', 4), v('p', 'sex=f', null, 1, 2), v('p', 'sex=m', null, 3, 4),
    ]);
    expect(out).toContainEqual(v('n', '', 7));
    expect(out).toContainEqual(v('p', '', null, 4, 6));
  });
  it('keeps a typed total, leaves an incomplete grid alone and never sums yes/no', () => {
    const typed = [v('n', '', 10), v('n', 'sex=f', 3), v('n', 'sex=m', 4)];
    expect(completeTotals([{ id: 'n', type: 'number' }], grid, typed)).toEqual(typed);
    const partial = [v('n', 'sex=f', 3)];
    expect(completeTotals([{ id: 'n', type: 'number' }], grid, partial)).toEqual(partial);
    const yesNo = [v('y', 'sex=f', 1), v('y', 'sex=m', 0)];
    expect(completeTotals([{ id: 'y', type: 'yes_no' }], grid, yesNo)).toEqual(yesNo);
  });
  it('replaces an empty total row with the computed one', () => {
    const out = completeTotals([{ id: 'n', type: 'number' }], grid, [v('n', '', null), v('n', 'sex=f', 1), v('n', 'sex=m', 2)]);
    expect(out.filter((x) => x.cellKey === '')).toEqual([v('n', '', 3)]);
  });
});
