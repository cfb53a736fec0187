/**
 * SOATE (ky ААББТ, ru СОАТЕ) codes: 14 digits, `417 | oblast 2 | rayon 3 | aiyl aimak 3 | place 3`.
 * A unit's descendants share the non-zero prefix of its code, which is how territory scopes are checked.
 */
export const adminUnitLevels = [
  'country',
  'oblast',
  'city_republican',
  'rayon',
  'city',
  'aiyl_aimak',
  'village',
] as const;
export type AdminUnitLevel = (typeof adminUnitLevels)[number];

const SEGMENTS = [3, 2, 3, 3, 3] as const;

export function isSoate(code: string): boolean {
  return /^417\d{11}$/.test(code);
}

/** The code's meaningful prefix: 41704000000000 → "41704"; 41704210000000 → "41704210". */
export function soatePrefix(code: string): string {
  let end = 0;
  let pos = 0;
  for (const len of SEGMENTS) {
    const seg = code.slice(pos, pos + len);
    pos += len;
    if (/^0+$/.test(seg)) break;
    end = pos;
  }
  return code.slice(0, end);
}

/** True when `unit` lies inside `area` (or is the area itself). */
export function isWithin(unit: string, area: string): boolean {
  return unit.startsWith(soatePrefix(area));
}

/** The depth of a code: 0 country, 1 oblast level, 2 rayon level, 3 aiyl aimak level, 4 place. */
export function soateDepth(code: string): number {
  const prefix = soatePrefix(code);
  let depth = 0;
  let len = 0;
  for (const seg of SEGMENTS) {
    len += seg;
    if (prefix.length >= len) depth++;
  }
  return depth - 1;
}

/** Codes of all ancestors of `code`, from the country down, excluding the code itself. */
export function soateAncestors(code: string): string[] {
  const prefix = soatePrefix(code);
  const result: string[] = [];
  let len = 0;
  for (const seg of SEGMENTS) {
    len += seg;
    if (len >= prefix.length) break;
    result.push(prefix.slice(0, len).padEnd(14, '0'));
  }
  return result;
}
