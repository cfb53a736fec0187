/** How often a project reports. */
export const frequencies = ['monthly', 'quarterly', 'semi_annual', 'annual'] as const;
export type Frequency = (typeof frequencies)[number];

/** One reporting period: a stable key ('2025-Q1', '2025-03', '2025-H2', '2025'), its dates and due date. */
export interface ReportingPeriod {
  key: string;
  start: string;
  end: string;
  due: string;
}

const monthsPer: Record<Frequency, number> = { monthly: 1, quarterly: 3, semi_annual: 6, annual: 12 };

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (s: string) => new Date(`${s}T00:00:00Z`);

function keyOf(year: number, monthIndex: number, frequency: Frequency): string {
  switch (frequency) {
    case 'monthly':
      return `${year}-${String(monthIndex + 1).padStart(2, '0')}`;
    case 'quarterly':
      return `${year}-Q${Math.floor(monthIndex / 3) + 1}`;
    case 'semi_annual':
      return `${year}-H${Math.floor(monthIndex / 6) + 1}`;
    case 'annual':
      return String(year);
  }
}

/** Adds days to an ISO date. */
export function addDays(date: string, days: number): string {
  const d = utc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return iso(d);
}

/**
 * Reporting periods from a contract's dates and frequency: calendar periods (months, quarters,
 * halves, years) that overlap the contract, clipped to its first and last day. A report is due
 * `dueDays` after its period ends.
 */
export function reportingPeriods(start: string, end: string, frequency: Frequency, dueDays = 15): ReportingPeriod[] {
  if (end < start) return [];
  const step = monthsPer[frequency];
  const s = utc(start);
  let year = s.getUTCFullYear();
  let month = Math.floor(s.getUTCMonth() / step) * step;
  const out: ReportingPeriod[] = [];
  for (;;) {
    const pStart = iso(new Date(Date.UTC(year, month, 1)));
    if (pStart > end) break;
    const pEnd = iso(new Date(Date.UTC(year, month + step, 0)));
    const clippedEnd = pEnd < end ? pEnd : end;
    out.push({ key: keyOf(year, month, frequency), start: pStart < start ? start : pStart, end: clippedEnd, due: addDays(clippedEnd, dueDays) });
    month += step;
    if (month >= 12) {
      month -= 12;
      year += 1;
    }
  }
  return out;
}

/** The period among `periods` containing a date, or undefined. */
export function periodContaining(periods: ReportingPeriod[], date: string): ReportingPeriod | undefined {
  return periods.find((p) => p.start <= date && date <= p.end);
}

/**
 * Reads a period as people write it in spreadsheets: '2025-Q1', 'Q1 2025', '2025 Q1', 'I кв. 2025',
 * '2025-03', '03.2025', '2025-H1', '2025'. Returns a period key in the given frequency's form, or null.
 */
export function parsePeriodKey(input: string, frequency: Frequency): string | null {
  const s = input.trim().toUpperCase().replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  const roman: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4 };
  if (frequency === 'quarterly') {
    if ((m = /^(\d{4})[- ]?Q([1-4])$/.exec(s))) return `${m[1]}-Q${m[2]}`;
    if ((m = /^Q([1-4])[- ]?(\d{4})$/.exec(s))) return `${m[2]}-Q${m[1]}`;
    if ((m = /^(I{1,3}|IV)\s*(КВ|KV|КВАРТАЛ|ЧЕЙРЕК)?\.?\s*(\d{4})/.exec(s))) return `${m[3]}-Q${roman[m[1]!]}`;
    if ((m = /^([1-4])\s*(КВ|KV|КВАРТАЛ|ЧЕЙРЕК)\.?\s*(\d{4})/.exec(s))) return `${m[3]}-Q${m[1]}`;
  }
  if (frequency === 'semi_annual') {
    if ((m = /^(\d{4})[- ]?H([12])$/.exec(s))) return `${m[1]}-H${m[2]}`;
    if ((m = /^H([12])[- ]?(\d{4})$/.exec(s))) return `${m[2]}-H${m[1]}`;
  }
  if (frequency === 'monthly') {
    if ((m = /^(\d{4})-(\d{2})$/.exec(s)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2]}`;
    if ((m = /^(\d{1,2})[./](\d{4})$/.exec(s)) && Number(m[1]) >= 1 && Number(m[1]) <= 12) return `${m[2]}-${m[1]!.padStart(2, '0')}`;
  }
  if (frequency === 'annual' && (m = /^(\d{4})$/.exec(s))) return m[1]!;
  return null;
}
