/** The three interface languages; Kyrgyz is the state language and the default. */
export const languages = ['ky', 'ru', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'ky';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

const numberLocale: Record<Language, string> = { ky: 'ky-KG', ru: 'ru-RU', en: 'en-GB' };

/** Groups thousands with a space and uses a decimal comma in ky/ru; en uses comma grouping and a point. */
export function formatNumber(value: number, lang: Language, fractionDigits?: number): string {
  const opts: Intl.NumberFormatOptions =
    fractionDigits === undefined
      ? { maximumFractionDigits: 2 }
      : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  // Normalise the narrow no-break spaces ICU uses so output is the same on every machine.
  return new Intl.NumberFormat(numberLocale[lang], opts).format(value).replace(/[\u00a0\u202f]/g, ' ');
}

/** Money from tyiyn: "1 000 000,00 сом" in ky/ru, "1,000,000.00 som" in en. */
export function formatMoney(tyiyn: number, lang: Language): string {
  const som = tyiyn / 100;
  return `${formatNumber(som, lang, 2)} ${lang === 'en' ? 'som' : 'сом'}`;
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
