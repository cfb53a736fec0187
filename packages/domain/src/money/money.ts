/**
 * Money is kept as an integer number of tyiyn (1 som = 100 tyiyn) so sums are exact.
 * Values stay below Number.MAX_SAFE_INTEGER (90 trillion som), far above any budget.
 */
export type Tyiyn = number;

/** Parses what people type for an amount in som: "1 000 000,50", "1000000.5", "1 000 000" → tyiyn. */
export function parseSom(input: string | number): Tyiyn | null {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    return Math.round(input * 100);
  }
  const cleaned = input
    .trim()
    .replace(/\s|\u00a0|\u202f/g, '')
    .replace(/сом$/i, '')
    .replace(/som$/i, '');
  if (!/^-?\d+([.,]\d{1,2})?$/.test(cleaned)) return null;
  const [whole, frac = ''] = cleaned.replace(',', '.').split('.');
  const sign = whole!.startsWith('-') ? -1 : 1;
  const value = Math.abs(Number(whole)) * 100 + Number((frac + '00').slice(0, 2));
  if (!Number.isSafeInteger(value)) return null;
  return sign * value;
}

/** Sum of tyiyn amounts; throws if the result is no longer exact. */
export function sumTyiyn(values: Iterable<Tyiyn>): Tyiyn {
  let total = 0;
  for (const v of values) total += v;
  if (!Number.isSafeInteger(total)) throw new RangeError('money total out of exact range');
  return total;
}
