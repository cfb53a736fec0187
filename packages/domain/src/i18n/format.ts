/** The three interface languages; Kyrgyz is the state language and the default. */
export const languages = ['ky', 'ru', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'ky';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/**
 * The number rules of each language, written out rather than taken from the runtime's Intl data:
 * Chromium ships no ky-KG number data (it falls back to English), so Intl would give the server and
 * the browser different strings and React would throw away the server HTML (errors #418/#423/#425).
 * ky and ru group thousands with a no-break space (U+00A0, never a plain space, so "2 600 000,00 сом"
 * does not wrap) and use a decimal comma; en groups with a comma and uses a decimal point.
 */
export const numberRules: Record<Language, { group: string; decimal: string; currency: string }> = {
  ky: { group: '\u00a0', decimal: ',', currency: 'сом' },
  ru: { group: '\u00a0', decimal: ',', currency: 'сом' },
  en: { group: ',', decimal: '.', currency: 'som' },
};

/** The space between a number and its unit: no-break, so the unit never wraps away from the number. */
export const unitSpace = '\u00a0';

function groupDigits(digits: string, separator: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += separator;
    out += digits[i];
  }
  return out;
}

/**
 * Rounds half away from zero on the shortest decimal form of the number (what `String(x)` prints),
 * as ICU does: 973.9705 to 3 digits is 973.971, although the binary value lies just below the tie.
 */
function roundDecimal(abs: number, digits: number): string {
  const shortest = String(abs);
  // Exponent forms (below 1e-6 or from 1e21): toFixed's exact rounding is what ICU shows there too.
  if (shortest.includes('e')) {
    const fixed = abs.toFixed(digits);
    return fixed.includes('e') ? BigInt(Math.round(abs)).toString() : fixed;
  }
  const [int = '0', frac = ''] = shortest.split('.');
  if (frac.length <= digits) return digits ? `${int}.${frac.padEnd(digits, '0')}` : int;
  let scaled = BigInt(int + frac.slice(0, digits));
  if (frac.charCodeAt(digits) >= 53 /* '5' */) scaled += 1n;
  const text = scaled.toString().padStart(digits + 1, '0');
  return digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
}

/**
 * Formats a number by the explicit rules of `lang`: "1 234,5" in ky/ru, "1,234.5" in en. With
 * `fractionDigits` it always shows that many decimals; without, at most two and no trailing zeros.
 * Rounds half away from zero on the decimal digits (as Intl does); the same string on every runtime.
 */
export function formatNumber(value: number, lang: Language, fractionDigits?: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rules = numberRules[lang];
  const digits = fractionDigits ?? 2;
  const fixed = roundDecimal(Math.abs(value), digits);
  const [int = '0', rawFrac = ''] = fixed.split('.');
  const frac = fractionDigits === undefined ? rawFrac.replace(/0+$/, '') : rawFrac;
  const negative = value < 0 && /[1-9]/.test(int + frac);
  return `${negative ? '-' : ''}${groupDigits(int, rules.group)}${frac ? rules.decimal + frac : ''}`;
}

/** Money from tyiyn: "1 000 000,00 сом" in ky/ru, "1,000,000.00 som" in en (no-break spaces). */
export function formatMoney(tyiyn: number, lang: Language): string {
  const som = tyiyn / 100;
  return `${formatNumber(som, lang, 2)}${unitSpace}${numberRules[lang].currency}`;
}

/** A percentage: "87,5 %" in ky/ru, "87.5 %" in en, with a no-break space before the sign. */
export function formatPercent(value: number, lang: Language, fractionDigits = 1): string {
  return `${formatNumber(value, lang, fractionDigits)}${unitSpace}%`;
}

const roman = ['I', 'II', 'III', 'IV'];
const months: Record<Language, string[]> = {
  ky: ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'],
  ru: ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/**
 * A reporting period key in words: '2026-Q4' is "2026-жылдын IV чейреги", "IV квартал 2026 г.",
 * "Q4 2026"; '2026-H1' a half-year, '2026-03' a month, '2026' a year. Anything else is returned as is.
 */
export function formatPeriod(key: string, lang: Language): string {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) {
    const [y, q] = [m[1]!, Number(m[2])];
    return { ky: `${y}-жылдын ${roman[q - 1]} чейреги`, ru: `${roman[q - 1]} квартал ${y} г.`, en: `Q${q} ${y}` }[lang];
  }
  if ((m = /^(\d{4})-H([12])$/.exec(key))) {
    const [y, h] = [m[1]!, Number(m[2])];
    return { ky: `${y}-жылдын ${roman[h - 1]} жарым жылдыгы`, ru: `${roman[h - 1]} полугодие ${y} г.`, en: `H${h} ${y}` }[lang];
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(key)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const [y, name] = [m[1]!, months[lang][Number(m[2]) - 1]!];
    return { ky: `${y}-жыл, ${name}`, ru: `${name} ${y} г.`, en: `${name} ${y}` }[lang];
  }
  if (/^\d{4}$/.test(key)) return { ky: `${key}-жыл`, ru: `${key} г.`, en: key }[lang];
  return key;
}

/** Dates are always DD.MM.YYYY: the ky-KG locale default would print 2027-31-03. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '';
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (m) return `${m[3]}.${m[2]}.${m[1]}`;
    value = new Date(value);
  }
  const d = value;
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}.${mm}.${d.getUTCFullYear()}`;
}

/** Date and time in Bishkek time (UTC+6, no daylight saving): DD.MM.YYYY HH:MM. */
export function formatDateTime(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  const local = new Date(d.getTime() + 6 * 3600_000);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mi = String(local.getUTCMinutes()).padStart(2, '0');
  return `${formatDate(local)} ${hh}:${mi}`;
}

/** Parses DD.MM.YYYY, YYYY-MM-DD or an Excel serial day number into an ISO date string. */
export function parseDate(input: string | number | Date): string | null {
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? null : input.toISOString().slice(0, 10);
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 1 || input > 2958465) return null;
    // Excel's day 1 is 1900-01-01 and it counts the non-existent 29.02.1900, hence the 25569 offset.
    const ms = Math.round((input - 25569) * 86400_000);
    return new Date(ms).toISOString().slice(0, 10);
  }
  const s = input.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s);
  if (match) {
    d = Number(match[1]);
    m = Number(match[2]);
    y = Number(match[3]);
  } else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Parses a number as people type it: "1 234,5", "1234.5", " 12 ", with no-break spaces. */
export function parseNumber(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) ? input : null;
  const s = input.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return null;
  if (/^-?\d+(,\d+)?$/.test(s)) return Number(s.replace(',', '.'));
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  // "1,234.5" (English grouping)
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return Number(s.replace(/,/g, ''));
  // "1.234,5" (German-style grouping some people type)
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) return Number(s.replace(/\./g, '').replace(',', '.'));
  return null;
}

/** Picks the name in the user's language from a ky/ru/en triple, falling back to another language. */
export function localName(row: { name_ky: string; name_ru: string; name_en: string }, lang: Language): string {
  const byLang = { ky: row.name_ky, ru: row.name_ru, en: row.name_en };
  return byLang[lang] || row.name_ru || row.name_ky || row.name_en;
}
