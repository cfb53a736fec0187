import { sumTyiyn, type Tyiyn } from '../money/money.ts';
import { soateAncestors } from '../territory/soate.ts';

/** A program line as the rules see it (also the shape frozen in a version snapshot). */
export interface LineData {
  id: string;
  lineNo: number;
  priorityAreaCode: string;
  serviceCode: string;
  targetGroupCodes: string[];
  territorySoates: string[];
  plannedBeneficiaries: number;
  budgetTyiyn: Tyiyn;
  periodStart: string;
  periodEnd: string;
  expectedResults: string | null;
  indicatorIds: string[];
}

export interface TotalRow {
  key: string;
  budgetTyiyn: Tyiyn;
  beneficiaries: number;
  lines: number;
}

export interface ProgramTotals {
  budgetTyiyn: Tyiyn;
  beneficiaries: number;
  lines: number;
  byArea: TotalRow[];
  byService: TotalRow[];
  /**
   * Every territory named by a line and all its ancestors. A line counts once in each unit it
   * touches, so sibling rows can overlap when a line names several units; never add them up.
   */
  byTerritory: TotalRow[];
  byTargetGroup: TotalRow[];
}

function group(lines: LineData[], keysOf: (l: LineData) => string[]): TotalRow[] {
  const map = new Map<string, { budget: Tyiyn[]; beneficiaries: number; lines: number }>();
  for (const line of lines) {
    for (const key of new Set(keysOf(line))) {
      const row = map.get(key) ?? { budget: [], beneficiaries: 0, lines: 0 };
      row.budget.push(line.budgetTyiyn);
      row.beneficiaries += line.plannedBeneficiaries;
      row.lines += 1;
      map.set(key, row);
    }
  }
  return [...map.entries()]
    .map(([key, r]) => ({ key, budgetTyiyn: sumTyiyn(r.budget), beneficiaries: r.beneficiaries, lines: r.lines }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Totals of a program's lines by area, service, territory (rolled up the SOATE tree) and target group. */
export function programTotals(lines: LineData[]): ProgramTotals {
  return {
    budgetTyiyn: sumTyiyn(lines.map((l) => l.budgetTyiyn)),
    beneficiaries: lines.reduce((s, l) => s + l.plannedBeneficiaries, 0),
    lines: lines.length,
    byArea: group(lines, (l) => [l.priorityAreaCode]),
    byService: group(lines, (l) => [l.serviceCode]),
    byTerritory: group(lines, (l) => l.territorySoates.flatMap((s) => [...soateAncestors(s), s])),
    byTargetGroup: group(lines, (l) => l.targetGroupCodes),
  };
}

/**
 * Budget by oblast-level unit (oblasts and the republican cities) for the chart; lines naming the
 * whole country go to the country row. A line naming two oblasts counts in both.
 */
export function budgetByOblast(lines: LineData[]): TotalRow[] {
  return group(lines, (l) =>
    l.territorySoates.map((s) => (s.slice(3, 5) === '00' ? '41700000000000' : s.slice(0, 5).padEnd(14, '0'))),
  );
}

export interface CeilingCheck {
  ok: boolean;
  totalTyiyn: Tyiyn;
  ceilingTyiyn: Tyiyn;
  /** How much the lines exceed the ceiling (0 when within). */
  excessTyiyn: Tyiyn;
}

/** The sum of lines may not exceed the program's ceiling. */
export function checkCeiling(lines: Pick<LineData, 'budgetTyiyn'>[], ceilingTyiyn: Tyiyn): CeilingCheck {
  const totalTyiyn = sumTyiyn(lines.map((l) => l.budgetTyiyn));
  const excessTyiyn = Math.max(0, totalTyiyn - ceilingTyiyn);
  return { ok: excessTyiyn === 0, totalTyiyn, ceilingTyiyn, excessTyiyn };
}

export type LineWarning = { lineId: string; lineNo: number; key: 'program:warnings.noIndicator' | 'program:warnings.zeroBeneficiaries' };

/** Lines that can be saved but need attention before approval. */
export function lineWarnings(lines: LineData[]): LineWarning[] {
  const out: LineWarning[] = [];
  for (const l of [...lines].sort((a, b) => a.lineNo - b.lineNo)) {
    if (l.indicatorIds.length === 0) out.push({ lineId: l.id, lineNo: l.lineNo, key: 'program:warnings.noIndicator' });
    if (l.plannedBeneficiaries === 0) out.push({ lineId: l.id, lineNo: l.lineNo, key: 'program:warnings.zeroBeneficiaries' });
  }
  return out;
}
