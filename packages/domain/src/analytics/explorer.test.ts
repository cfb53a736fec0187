import { describe, expect, it } from 'vitest';
import { can } from '../auth/can.ts';
import type { Actor, Role } from '../auth/roles.ts';
import { cellCategory, cellCounts, dashboardPanels, disaggregationOf, drillDown, explorerQueryString, explorerScope, factContribution, parseExplorerState, pivot, poolFacts, pooledPercent, publishedState, reportTimeliness, type ExplorerFact } from './explorer.ts';

const actor = (role: Role, organisationId: string, adminUnitSoate: string | null = null): Actor => ({
  userId: `${role}-${organisationId}`,
  memberships: [{ organisationId, organisationKind: role === 'ngo_staff' ? 'ngo' : role === 'municipal_officer' ? 'municipality' : 'ministry', role, adminUnitSoate }],
});
const fact = (f: Partial<ExplorerFact> & { projectId: string }): ExplorerFact & { projectId: string } => ({
  type: 'number',
  direction: 'increase',
  value: null,
  numerator: null,
  denominator: null,
  target: null,
  ...f,
});

describe('explorer arithmetic', () => {
  it('pools numerators and denominators instead of averaging ratios', () => {
    // Project A: 10 of a target of 10 (100 %); project B: 10 of a target of 90 (11 %).
    const facts = [fact({ projectId: 'a', value: 10, target: 10 }), fact({ projectId: 'b', value: 10, target: 90 })];
    const m = poolFacts(facts);
    expect(m.actual).toBe(20);
    expect(m.target).toBe(100);
    expect(m.achieved).toBe(20); // pooled: 20 ÷ 100
    const meanOfRatios = (100 + (100 * 10) / 90) / 2;
    expect(m.achieved).not.toBeCloseTo(meanOfRatios, 1);
    expect(m.projects).toBe(2);
  });

  it('pools percentage indicators by their numerators against the numerators aimed at', () => {
    // 45 of 50 (90 %) against 80 %, and 10 of 100 (10 %) against 50 %: aimed at 40 + 50 = 90 numerators.
    const facts = [
      fact({ projectId: 'a', type: 'percentage', numerator: 45, denominator: 50, target: 80 }),
      fact({ projectId: 'b', type: 'percentage', numerator: 10, denominator: 100, target: 50 }),
    ];
    expect(factContribution(facts[0]!)).toEqual({ actual: 45, achievedActual: 45, achievedTarget: 40 });
    const m = poolFacts(facts);
    expect(m.actual).toBe(55);
    expect(m.target).toBe(90);
    expect(m.achieved).toBeCloseTo((100 * 55) / 90, 10);
  });

  it('leaves decrease indicators and values without a target out of % achieved, not out of the actual', () => {
    const m = poolFacts([
      fact({ projectId: 'a', value: 5, target: 10 }),
      fact({ projectId: 'a', value: 3, target: 1, direction: 'decrease' }),
      fact({ projectId: 'b', value: 7 }),
    ]);
    expect(m.actual).toBe(15);
    expect(m.achieved).toBe(50);
    expect(m.projects).toBe(2);
  });

  it('has no percentage without a positive denominator', () => {
    expect(pooledPercent(5, 0)).toBeNull();
    expect(pooledPercent(null, 3)).toBeNull();
    expect(poolFacts([fact({ projectId: 'a', value: 4 })]).achieved).toBeNull();
  });
});

describe('explorer state in the URL', () => {
  it('round-trips through the query string and drops invalid fields', () => {
    const s = parseExplorerState(new URLSearchParams('rows=oblast&cols=period&measure=achieved&year=2026&territory=41704000000000&ngo=not-a-uuid&area=%3Dcmd'));
    expect(s).toMatchObject({ rows: 'oblast', cols: 'period', measure: 'achieved', year: 2026, territory: '41704000000000', basis: 'approved' });
    expect(s.ngo).toBeUndefined();
    expect(s.area).toBeUndefined();
    expect(parseExplorerState(new URLSearchParams(explorerQueryString(s)))).toEqual(s);
  });
  it('falls back to defaults and never pivots a dimension against itself', () => {
    const s = parseExplorerState(new URLSearchParams('rows=nonsense&cols=oblast'));
    expect(s.rows).toBe('oblast');
    expect(s.cols).toBeUndefined();
  });
});

describe('explorer visibility', () => {
  it('gives the ministry and analysts everything, others their own slice, and denies the rest', () => {
    expect(explorerScope(actor('analyst', 'min'))).toEqual({ all: true });
    expect(explorerScope(actor('program_officer', 'min'))).toEqual({ all: true });
    expect(explorerScope(actor('ngo_staff', 'ngo-1'))).toEqual({ all: false, contractorIds: ['ngo-1'], customerIds: [], soatePrefixes: [] });
    expect(explorerScope(actor('territorial_officer', 'div', '41704000000000'))).toEqual({ all: false, contractorIds: [], customerIds: [], soatePrefixes: ['41704'] });
    expect(explorerScope(actor('municipal_officer', 'mun-1', '41708203000000'))).toEqual({ all: false, contractorIds: [], customerIds: ['mun-1'], soatePrefixes: ['41708203'] });
    expect(explorerScope(actor('commission_member', 'min'))).toBeNull();
    expect(explorerScope(null)).toBeNull();
  });
  it('denies the explorer and its exports (404) to those without a scope', () => {
    for (const a of [null, actor('commission_member', 'min')]) {
      expect(can(a, 'view', { type: 'analytics_explorer' })).toBe(false);
      expect(can(a, 'export', { type: 'analytics_explorer' })).toBe(false);
    }
    expect(can(actor('ngo_staff', 'ngo-1'), 'export', { type: 'analytics_explorer' })).toBe(true);
    expect(can(actor('ngo_staff', 'ngo-1'), 'update', { type: 'analytics_explorer' })).toBe(false);
  });
  it('lets only the owner open or delete a saved view', () => {
    const a = actor('analyst', 'min');
    expect(can(a, 'delete', { type: 'analytics_view', ownerId: a.userId })).toBe(true);
    expect(can(actor('analyst', 'other'), 'delete', { type: 'analytics_view', ownerId: a.userId })).toBe(false);
    expect(can(null, 'view', { type: 'analytics_view', ownerId: a.userId })).toBe(false);
  });
});

describe('pivot', () => {
  it('lays cells and grouping-set totals out by key', () => {
    const m = (actual: number) => ({ actual, target: null, achieved: null, projects: 1 });
    const t = pivot([
      { row: 'b', col: 'q1', rowTotal: false, colTotal: false, rowLabel: 'B', colLabel: 'Q1', measures: m(1) },
      { row: 'a', col: 'q1', rowTotal: false, colTotal: false, rowLabel: 'A', colLabel: 'Q1', measures: m(2) },
      { row: 'a', col: null, rowTotal: false, colTotal: true, rowLabel: 'A', colLabel: '', measures: m(2) },
      { row: null, col: null, rowTotal: true, colTotal: true, rowLabel: '', colLabel: '', measures: m(3) },
    ]);
    expect(t.rows.map((r) => r.key)).toEqual(['a', 'b']);
    expect(t.cols.map((c) => c.key)).toEqual(['q1']);
    expect(t.cell('a', null)?.actual).toBe(2);
    expect(t.cell(null, null)?.actual).toBe(3);
    expect(t.cell('b', 'q1')?.actual).toBe(1);
  });
});

describe('drill-down', () => {
  const base = parseExplorerState(new URLSearchParams('rows=oblast&cols=period&measure=achieved&ngo=6f1c2c1e-8d4b-4b8a-9a7f-1c2d3e4f5a6b'));
  it('filters to the row and column of a number and lays the rows behind it out by project', () => {
    expect(drillDown(base, '41704000000000', '2026-Q1')).toMatchObject({ rows: 'project', cols: undefined, territory: '41704000000000', period: '2026-Q1', measure: 'achieved', ngo: base.ngo });
    expect(drillDown(base, '41704000000000', null)).toMatchObject({ rows: 'project', territory: '41704000000000' });
    expect(drillDown(base, '41704000000000', null)?.period).toBeUndefined();
    expect(drillDown({ ...base, rows: 'year' }, '2026', null)?.year).toBe(2026);
  });
  it('opens one project by period, and gives no link for a key that is not set', () => {
    const p = 'a1b2c3d4-0000-4000-8000-000000000001';
    expect(drillDown({ ...base, rows: 'project', cols: undefined }, p, null)).toMatchObject({ rows: 'period', project: p });
    expect(drillDown(base, '', '2026-Q1')).toBeNull();
  });
});

describe('dashboards', () => {
  it('gives each role explorer views of its own scope, and nothing to those without one', () => {
    expect(dashboardPanels(actor('analyst', 'min')).map((p) => p.id)).toEqual(['budget-by-area', 'budget-by-oblast', 'competitions-by-status', 'reports-on-time', 'by-area', 'by-oblast']);
    expect(dashboardPanels(actor('territorial_officer', 'div', '41704000000000')).map((p) => p.id)).toEqual(['by-rayon', 'by-project', 'late-reports']);
    expect(dashboardPanels(actor('ngo_staff', 'ngo-1')).map((p) => p.id)).toEqual(['reporting-calendar', 'by-project']);
    expect(dashboardPanels(actor('municipal_officer', 'mun-1', '41708203000000')).map((p) => p.id)).toEqual(['contracts', 'reports-on-time', 'by-project']);
    expect(dashboardPanels(actor('commission_member', 'min'))).toEqual([]);
    expect(dashboardPanels(null)).toEqual([]);
    expect(dashboardPanels(actor('analyst', 'min'))[5]!.state).toMatchObject({ rows: 'oblast', measure: 'achieved', basis: 'approved' });
    expect(dashboardPanels(actor('analyst', 'min'))[0]!.state).toMatchObject({ dataset: 'budgets', rows: 'priority_area', measure: 'amount' });
  });
});

describe('datasets, disaggregation and timeliness', () => {
  it('keeps only the dimensions, measures and filters of the chosen dataset', () => {
    const s = parseExplorerState(new URLSearchParams('dataset=budgets&rows=project&cols=ngo&measure=achieved&ngo=6f1c2c1e-8d4b-4b8a-9a7f-1c2d3e4f5a6b&status=approved'));
    expect(s).toMatchObject({ dataset: 'budgets', rows: 'oblast', cols: undefined, measure: 'amount', status: 'approved', territoryMode: 'new' });
    expect(s.ngo).toBeUndefined();
    expect(parseExplorerState(new URLSearchParams('dataset=nonsense')).dataset).toBe('values');
    expect(parseExplorerState(new URLSearchParams('territoryMode=old')).territoryMode).toBe('old');
    expect(parseExplorerState(new URLSearchParams('category=sex%3Df')).category).toBe('sex=f');
    expect(parseExplorerState(new URLSearchParams('category=%3Dcmd')).category).toBeUndefined();
  });
  it('reads the cells that carry every disaggregation of the view, never the total', () => {
    expect(disaggregationOf(parseExplorerState(new URLSearchParams('rows=sex&cols=age_group')))).toEqual(['sex', 'age_group']);
    expect(disaggregationOf(parseExplorerState(new URLSearchParams('rows=oblast&category=age_group%3D0-17')))).toEqual(['age_group']);
    expect(cellCategory('sex=f|age_group=0-17', 'age_group')).toBe('0-17');
    expect(cellCounts('', ['sex'])).toBe(false);
    expect(cellCounts('sex=f|age_group=0-17', ['sex'])).toBe(true);
    expect(cellCounts('age_group=0-17', ['sex'])).toBe(false);
    expect(cellCounts('sex=f|age_group=0-17', ['sex'], 'sex=m')).toBe(false);
    // Summing one sex over the age cells gives that sex's total, counted once.
    const cells = { 'sex=f|age_group=0-17': 3, 'sex=f|age_group=18+': 4, 'sex=m|age_group=0-17': 5, 'sex=m|age_group=18+': 6 };
    const f = Object.entries(cells).filter(([k]) => cellCounts(k, ['sex'], 'sex=f')).reduce((a, [, v]) => a + v, 0);
    expect(f).toBe(7);
  });
  it('drills a disaggregated number down to its category, and a budget to its lines', () => {
    const s = parseExplorerState(new URLSearchParams('rows=oblast&cols=sex'));
    expect(drillDown(s, '41704000000000', 'f')).toMatchObject({ rows: 'project', category: 'sex=f', territory: '41704000000000' });
    const b = parseExplorerState(new URLSearchParams('dataset=budgets&rows=priority_area&measure=amount'));
    expect(drillDown(b, 'PA-01', null)).toMatchObject({ dataset: 'budgets', rows: 'line', area: 'PA-01', measure: 'amount' });
  });
  it('calls a report on time when first submitted by the end of its due day in Bishkek', () => {
    expect(reportTimeliness({ dueDate: '2026-04-15', firstSubmittedAt: '2026-04-15T17:59:00Z' }, '2026-11-29')).toEqual({ due: true, onTime: true, late: false });
    expect(reportTimeliness({ dueDate: '2026-04-15', firstSubmittedAt: '2026-04-15T18:01:00Z' }, '2026-11-29')).toEqual({ due: true, onTime: false, late: true });
    expect(reportTimeliness({ dueDate: '2026-04-15', firstSubmittedAt: null }, '2026-11-29')).toEqual({ due: true, onTime: false, late: true });
    expect(reportTimeliness({ dueDate: '2027-01-15', firstSubmittedAt: null }, '2026-11-29')).toEqual({ due: false, onTime: false, late: false });
  });
  it('narrows the public to published datasets and aggregate dimensions', () => {
    const s = publishedState(parseExplorerState(new URLSearchParams('rows=project&ngo=6f1c2c1e-8d4b-4b8a-9a7f-1c2d3e4f5a6b&basis=reported&measure=projects')));
    expect(s).toMatchObject({ dataset: 'values', rows: 'year', basis: 'approved', measure: 'actual' });
    expect(s.ngo).toBeUndefined();
    expect(publishedState(parseExplorerState(new URLSearchParams('dataset=contracts'))).dataset).toBe('budgets');
  });
});
