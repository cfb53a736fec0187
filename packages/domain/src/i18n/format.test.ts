import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatNumber, parseDate, parseNumber } from './format.ts';
import { parseSom, sumTyiyn } from '../money/money.ts';

describe('formatting as users read it', () => {
  it('writes money in som with a decimal comma and space groups in ky and ru', () => {
    expect(formatMoney(100_000_000, 'ky')).toBe('1 000 000,00 сом');
    expect(formatMoney(100_000_050, 'ru')).toBe('1 000 000,50 сом');
    expect(formatMoney(123_456, 'en')).toBe('1,234.56 som');
  });
  it('uses a decimal comma for numbers in ky/ru and a point in en', () => {
    expect(formatNumber(1234.5, 'ky')).toBe('1 234,5');
    expect(formatNumber(1234.5, 'ru')).toBe('1 234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
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
