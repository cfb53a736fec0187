import { describe, expect, it } from 'vitest';
import { reportableYears } from './annual-report.ts';

describe('reportableYears', () => {
  it('lists each year the program covers up to this year', () => {
    expect(reportableYears({ year_from: 2024, year_to: 2028 }, '2026-11-30')).toEqual([2024, 2025, 2026]);
    expect(reportableYears({ year_from: 2023, year_to: 2025 }, '2026-01-01')).toEqual([2023, 2024, 2025]);
  });

  it('has none for a program that starts next year', () => {
    expect(reportableYears({ year_from: 2027, year_to: 2029 }, '2026-12-31')).toEqual([]);
  });
});
