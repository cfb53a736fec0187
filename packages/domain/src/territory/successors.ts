import { soatePrefix } from './soate.ts';

/**
 * The territorial reform of 2024-25 closed units and merged them into successors (admin_unit
 * `successor_soate`). Figures recorded against a closed unit add up under the unit that covers it
 * today ("new units"), or stay under the unit they were recorded against ("old units").
 */
export const territoryModes = ['new', 'old'] as const;
export type TerritoryMode = (typeof territoryModes)[number];

export interface SuccessorLink {
  soate: string;
  successor: string;
}

/**
 * Each closed unit → the unit that covers it now, following chains (A → B → C gives A → C and
 * B → C). A cycle in bad reference data stops at the last unit before it repeats.
 */
export function successorMap(links: SuccessorLink[]): Map<string, string> {
  const next = new Map(links.filter((l) => l.soate !== l.successor).map((l) => [l.soate, l.successor]));
  const out = new Map<string, string>();
  for (const start of next.keys()) {
    const seen = new Set([start]);
    let cur = next.get(start)!;
    while (next.has(cur) && !seen.has(next.get(cur)!)) {
      seen.add(cur);
      cur = next.get(cur)!;
    }
    out.set(start, cur);
  }
  return out;
}

/** The unit that covers `code` today (itself when it was not merged). */
export function currentUnit(code: string, map: Map<string, string>): string {
  return map.get(code) ?? code;
}

/** The closed units whose figures add up under `code` in the new units (not including itself). */
export function predecessorsOf(code: string, map: Map<string, string>): string[] {
  return [...map].filter(([, now]) => now === code).map(([old]) => old).sort();
}

/** The unit a figure recorded against `code` is counted under in a territory mode. */
export function unitInMode(code: string, mode: TerritoryMode, map: Map<string, string>): string {
  return mode === 'new' ? currentUnit(code, map) : code;
}

const DEPTH_LENGTHS = [3, 5, 8, 11, 14] as const;

/**
 * The ancestor of `code` at a depth (1 oblast, 2 rayon, 3 aiyl aimak / town), as a 14-digit code,
 * or null when the code is less precise than that depth (a rayon has no aiyl aimak).
 */
export function rollUpUnit(code: string, depth: 1 | 2 | 3): string | null {
  const len = DEPTH_LENGTHS[depth]!;
  if (soatePrefix(code).length < len) return null;
  return code.slice(0, len).padEnd(14, '0');
}

/**
 * Groups items by the unit they count under at a depth in a mode: the pure form of the explorer's
 * territory roll-up (the SQL maps the project's unit the same way). Items with no unit at that depth
 * fall under `null`.
 */
export function groupByUnit<T>(items: T[], unitOf: (item: T) => string | null, depth: 1 | 2 | 3, mode: TerritoryMode, map: Map<string, string>): Map<string | null, T[]> {
  const out = new Map<string | null, T[]>();
  for (const item of items) {
    const u = unitOf(item);
    const key = u == null ? null : rollUpUnit(unitInMode(u, mode, map), depth);
    const list = out.get(key) ?? [];
    list.push(item);
    out.set(key, list);
  }
  return out;
}
