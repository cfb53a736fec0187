import type { Tyiyn } from '../money/money.ts';
import type { LineData } from './totals.ts';

export type LineField = Exclude<keyof LineData, 'id'>;

const compared: LineField[] = [
  'lineNo',
  'priorityAreaCode',
  'serviceCode',
  'targetGroupCodes',
  'territorySoates',
  'plannedBeneficiaries',
  'budgetTyiyn',
  'periodStart',
  'periodEnd',
  'expectedResults',
  'indicatorIds',
];

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const x = [...a].sort();
    const y = [...b].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return (a ?? null) === (b ?? null);
}

export interface LineChange {
  before: LineData;
  after: LineData;
  fields: LineField[];
  budgetDeltaTyiyn: Tyiyn;
}

export interface VersionDiff {
  added: LineData[];
  removed: LineData[];
  changed: LineChange[];
  unchanged: number;
  budgetBeforeTyiyn: Tyiyn;
  budgetAfterTyiyn: Tyiyn;
  budgetDeltaTyiyn: Tyiyn;
}

/**
 * Side-by-side difference of two versions' lines. Lines are matched by id, which an amendment
 * keeps (the draft continues the same rows), so renumbering shows as a change, not remove + add.
 */
export function diffVersions(before: LineData[], after: LineData[]): VersionDiff {
  const beforeById = new Map(before.map((l) => [l.id, l]));
  const afterIds = new Set(after.map((l) => l.id));
  const diff: VersionDiff = {
    added: [],
    removed: before.filter((l) => !afterIds.has(l.id)).sort((a, b) => a.lineNo - b.lineNo),
    changed: [],
    unchanged: 0,
    budgetBeforeTyiyn: before.reduce((s, l) => s + l.budgetTyiyn, 0),
    budgetAfterTyiyn: after.reduce((s, l) => s + l.budgetTyiyn, 0),
    budgetDeltaTyiyn: 0,
  };
  for (const line of [...after].sort((a, b) => a.lineNo - b.lineNo)) {
    const old = beforeById.get(line.id);
    if (!old) {
      diff.added.push(line);
      continue;
    }
    const fields = compared.filter((f) => !same(old[f], line[f]));
    if (fields.length) diff.changed.push({ before: old, after: line, fields, budgetDeltaTyiyn: line.budgetTyiyn - old.budgetTyiyn });
    else diff.unchanged++;
  }
  diff.budgetDeltaTyiyn = diff.budgetAfterTyiyn - diff.budgetBeforeTyiyn;
  return diff;
}
