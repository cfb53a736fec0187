import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent, formatPeriod, parseDate, parseNumber } from './format.ts';
import { parseSom, sumTyiyn } from '../money/money.ts';

describe('formatting as users read it', () => {
  it('writes money in som with a decimal comma and space groups in ky and ru', () => {
    expect(formatMoney(100_000_000, 'ky')).toBe('1\u00a0000\u00a0000,00\u00a0сом');
    expect(formatMoney(100_000_050, 'ru')).toBe('1\u00a0000\u00a0000,50\u00a0сом');
    expect(formatMoney(123_456, 'en')).toBe('1,234.56\u00a0som');
    expect(formatMoney(260_000_000, 'ky')).toBe('2\u00a0600\u00a0000,00\u00a0сом');
    expect(formatMoney(-5, 'ru')).toBe('-0,05\u00a0сом');
    expect(formatMoney(0, 'en')).toBe('0.00\u00a0som');
  });
  it('uses a decimal comma for numbers in ky/ru and a point in en', () => {
    expect(formatNumber(1234.5, 'ky')).toBe('1\u00a0234,5');
    expect(formatNumber(1234.5, 'ru')).toBe('1\u00a0234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
  });
  it('rounds, pads and drops trailing zeros as asked', () => {
    expect(formatNumber(87.5, 'ky', 0)).toBe('88');
    expect(formatNumber(-87.5, 'ky', 0)).toBe('-88');
    expect(formatNumber(0.125, 'en')).toBe('0.13');
    expect(formatNumber(2.5, 'ru', 2)).toBe('2,50');
    expect(formatNumber(2.1, 'ru')).toBe('2,1');
    expect(formatNumber(1_000_000, 'en')).toBe('1,000,000');
    expect(formatNumber(999, 'ky')).toBe('999');
    expect(formatNumber(-0.001, 'ru')).toBe('0');
    expect(formatNumber(1e21, 'en', 0)).toBe('1,000,000,000,000,000,000,000');
    // Rounded on the shortest decimal form, as ICU does (the binary value lies just below the tie).
    expect(formatNumber(-199550513973.9705, 'ru', 3)).toBe('-199\u00a0550\u00a0513\u00a0973,971');
    expect(formatNumber(1.005, 'en', 2)).toBe('1.01');
  });
  it('gives the same strings as Node\'s own ICU data for ru and en, without using it', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 3 }), (x, d) => {
        const icu = (locale: string) =>
          new Intl.NumberFormat(locale, { minimumFractionDigits: d, maximumFractionDigits: d, roundingMode: 'halfExpand' } as Intl.NumberFormatOptions)
            .format(x)
            .replace('\u2212', '-')
            .replace(/^-(0([.,]0*)?)$/, '$1');
        expect(formatNumber(x, 'ru', d)).toBe(icu('ru-RU'));
        expect(formatNumber(x, 'en', d)).toBe(icu('en-GB'));
      }),
    );
  });
  it('puts periods in words in each language', () => {
    expect(formatPeriod('2026-Q4', 'ky')).toBe('2026-жылдын IV чейреги');
    expect(formatPeriod('2026-Q4', 'ru')).toBe('IV квартал 2026 г.');
    expect(formatPeriod('2026-Q4', 'en')).toBe('Q4 2026');
    expect(formatPeriod('2025-H1', 'ru')).toBe('I полугодие 2025 г.');
    expect(formatPeriod('2025-H2', 'en')).toBe('H2 2025');
    expect(formatPeriod('2025-03', 'ru')).toBe('март 2025 г.');
    expect(formatPeriod('2025-03', 'en')).toBe('March 2025');
    expect(formatPeriod('2025', 'ky')).toBe('2025-жыл');
    expect(formatPeriod('someday', 'en')).toBe('someday');
  });
  it('prints dates as DD.MM.YYYY whatever the locale would do', () => {
    expect(formatDate('2027-03-31')).toBe('31.03.2027');
    expect(formatDate(new Date(Date.UTC(2026, 0, 5)))).toBe('05.01.2026');
    expect(formatDate(null)).toBe('');
  });
  it('shows times in Bishkek time', () => {
    expect(formatDateTime('2026-11-27T18:30:00Z')).toBe('28.11.2026 00:30');
  });
});

describe('parsing what people type', () => {
  it('reads amounts in som into exact tyiyn', () => {
    expect(parseSom('1 000 000,50')).toBe(100_000_050);
    expect(parseSom('1000000.5')).toBe(100_000_050);
    expect(parseSom('4 884 000 сом')).toBe(488_400_000);
    expect(parseSom('0,1')).toBe(10);
    expect(parseSom('abc')).toBeNull();
    expect(parseSom('1,234,5')).toBeNull();
  });
  it('sums money exactly (no float drift)', () => {
    expect(sumTyiyn([10, 20, 30_000_000_01])).toBe(30_000_000_31);
    expect(sumTyiyn(Array(10).fill(10))).toBe(100);
  });
  it('reads numbers with decimal comma, spaces and no-break spaces', () => {
    expect(parseNumber('1 234,5')).toBe(1234.5);
    expect(parseNumber('1\u00a0234')).toBe(1234);
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('12a')).toBeNull();
  });
  it('reads DD.MM.YYYY, ISO and Excel serial dates and rejects impossible ones', () => {
    expect(parseDate('31.03.2027')).toBe('2027-03-31');
    expect(parseDate('1.4.2027')).toBe('2027-04-01');
    expect(parseDate('2027-03-31')).toBe('2027-03-31');
    expect(parseDate(46112)).toBe('2026-03-31');
    expect(parseDate('31.02.2027')).toBeNull();
    expect(parseDate('hello')).toBeNull();
  });
});

describe('percentages', () => {
  it('keep the sign on the number with a no-break space', () => {
    expect(formatPercent(9.09, 'ru')).toBe('9,1\u00a0%');
    expect(formatPercent(87.5, 'en', 0)).toBe('88\u00a0%');
  });
});
