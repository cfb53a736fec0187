import type { Tyiyn } from '../money/money.ts';
import { sumTyiyn } from '../money/money.ts';

/** Funding of an activity or a whole plan, in tyiyn. */
export interface Funding {
  own: Tyiyn;
  grant: Tyiyn;
  other: Tyiyn;
}

export interface CoFinancing extends Funding {
  total: Tyiyn;
  /** The municipality's own contribution as a share of the total, 0..1; null when the total is 0. */
  ownShare: number | null;
}

/** Adds up funding and computes the co-financing share (own contribution / total). */
export function coFinancing(items: Funding[]): CoFinancing {
  const own = sumTyiyn(items.map((i) => i.own));
  const grant = sumTyiyn(items.map((i) => i.grant));
  const other = sumTyiyn(items.map((i) => i.other));
  if ([own, grant, other].some((v) => v < 0)) throw new RangeError('funding cannot be negative');
  const total = sumTyiyn([own, grant, other]);
  return { own, grant, other, total, ownShare: total > 0 ? own / total : null };
}

/**
 * A share as a whole-number percent, rounded half up on exact integers (no float drift):
 * 1 450 000 of 4 884 000 → 30; 32 of 129 → 25.
 */
export function percentRounded(part: number, total: number, decimals = 0): number | null {
  if (total <= 0) return null;
  const scale = 10 ** decimals;
  // (part * 100 * scale * 2 + total) / (2 * total), floored, is round-half-up in integers.
  const scaled = Math.floor((part * 100 * scale * 2 + total) / (2 * total));
  return scaled / scale;
}
