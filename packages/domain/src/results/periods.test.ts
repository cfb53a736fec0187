import { describe, expect, it } from 'vitest';
import { parsePeriodKey, reportingPeriods } from './periods.ts';
import { numberFramework } from './numbering.ts';
import { disaggregationGrid } from './disaggregation.ts';
import { nextStatus } from './workflow.ts';

describe('reportingPeriods', () => {
  it('cuts a contract into calendar quarters clipped to its dates, due 15 days after', () => {
    const ps = reportingPeriods('2025-02-10', '2025-11-30', 'quarterly');
    expect(ps.map((p) => p.key)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(ps[0]).toEqual({ key: '2025-Q1', start: '2025-02-10', end: '2025-03-31', due: '2025-04-15' });
    expect(ps[3]!.end).toBe('2025-11-30');
  });
  it('handles months across a year end, halves and years', () => {
    expect(reportingPeriods('2024-11-01', '2025-02-28', 'monthly').map((p) => p.key)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(reportingPeriods('2024-03-01', '2025-08-01', 'semi_annual').map((p) => p.key)).toEqual(['2024-H1', '2024-H2', '2025-H1', '2025-H2']);
    expect(reportingPeriods('2024-03-01', '2025-08-01', 'annual').map((p) => p.key)).toEqual(['2024', '2025']);
    expect(reportingPeriods('2025-01-01', '2024-01-01', 'annual')).toEqual([]);
  });
  it('reads periods as people write them', () => {
    expect(parsePeriodKey('Q1 2025', 'quarterly')).toBe('2025-Q1');
    expect(parsePeriodKey('2025 q3', 'quarterly')).toBe('2025-Q3');
    expect(parsePeriodKey('III кв. 2025', 'quarterly')).toBe('2025-Q3');
    expect(parsePeriodKey('3.2025', 'monthly')).toBe('2025-03');
    expect(parsePeriodKey('2025-Q5', 'quarterly')).toBeNull();
  });
});

describe('framework numbering, grid, workflow', () => {
  it('numbers 1, 1.1, 1.1.1 by sort order', () => {
    const n = numberFramework([
      { id: 'g', parentId: null, sort: 0 },
      { id: 'r2', parentId: 'g', sort: 2 },
      { id: 'r1', parentId: 'g', sort: 1 },
      { id: 'o', parentId: 'r2', sort: 0 },
    ]);
    expect(Object.fromEntries(n)).toEqual({ g: '1', r1: '1.1', r2: '1.2', o: '1.2.1' });
  });
  it('crosses dimensions into cells', () => {
    const cat = (code: string) => ({ code, name_ky: code, name_ru: code, name_en: code });
    const grid = disaggregationGrid(['age_group', 'sex'], { sex: [cat('f'), cat('m')], age_group: [cat('0-17'), cat('18+')] });
    expect(grid.map((c) => c.key)).toEqual(['sex=f|age_group=0-17', 'sex=f|age_group=18+', 'sex=m|age_group=0-17', 'sex=m|age_group=18+']);
  });
  it('follows draft → submitted → returned → resubmitted → approved', () => {
    expect(nextStatus('draft', 'submit')).toBe('submitted');
    expect(nextStatus('submitted', 'return')).toBe('returned');
    expect(nextStatus('returned', 'submit')).toBe('resubmitted');
    expect(nextStatus('resubmitted', 'approve')).toBe('approved');
    expect(nextStatus('draft', 'approve')).toBeNull();
    expect(nextStatus('approved', 'submit')).toBeNull();
    expect(nextStatus('approved', 'unlock')).toBe('returned');
  });
});
