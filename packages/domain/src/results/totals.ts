import type { IndicatorType } from './achievement.ts';
import { TOTAL_CELL, type GridCell } from './disaggregation.ts';

/** One reported number: a total (cellKey '') or a disaggregation cell of an indicator. */
export interface CellValue {
  indicatorId: string;
  cellKey: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

const isEmpty = (v?: CellValue) => !v || (v.value == null && v.numerator == null && v.denominator == null);

/**
 * Fills a missing total from complete disaggregation cells (totals are computed, then checked like
 * typed ones). A total someone typed is kept; a grid with an empty cell gives no total; yes/no
 * indicators are never summed; a percentage sums its numerators and denominators.
 */
export function completeTotals(indicators: { id: string; type: IndicatorType }[], grids: Map<string, Pick<GridCell, 'key'>[]>, values: CellValue[]): CellValue[] {
  const out = [...values];
  for (const ind of indicators) {
    const grid = grids.get(ind.id) ?? [];
    if (grid.length === 0 || ind.type === 'yes_no') continue;
    const mine = values.filter((v) => v.indicatorId === ind.id);
    if (!isEmpty(mine.find((v) => v.cellKey === TOTAL_CELL))) continue;
    const cells = grid.map((g) => mine.find((v) => v.cellKey === g.key));
    if (cells.some(isEmpty)) continue;
    const sum = (f: (v: CellValue) => number | null) => cells.reduce((s, c) => s + (f(c!) ?? 0), 0);
    const computed: CellValue =
      ind.type === 'percentage'
        ? { indicatorId: ind.id, cellKey: TOTAL_CELL, value: null, numerator: sum((c) => c.numerator), denominator: sum((c) => c.denominator) }
        : { indicatorId: ind.id, cellKey: TOTAL_CELL, value: sum((c) => c.value), numerator: null, denominator: null };
    const idx = out.findIndex((v) => v.indicatorId === ind.id && v.cellKey === TOTAL_CELL);
    if (idx >= 0) out[idx] = computed;
    else out.push(computed);
  }
  return out;
}
