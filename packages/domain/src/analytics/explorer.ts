import { z } from 'zod';
import { hasRole, orgsWithRole, territoriesWithRole, type Actor } from '../auth/roles.ts';
import { soatePrefix } from '../territory/soate.ts';
import { territoryModes } from '../territory/successors.ts';
import type { disaggregationDimensions } from '../results/disaggregation.ts';
import { formatNumber, formatPercent } from '../i18n/format.ts';
import type { Language } from '../i18n/format.ts';

/**
 * The dataset explorer over indicator values (issue 10): what can be filtered and pivoted, the state
 * that lives in the URL, who sees which rows, and the pooled arithmetic the SQL mirrors.
 */

/** Dimensions a view may pivot by (rows × columns). Territory rolls up SOATE to oblast or rayon. */
export const explorerDimensions = [
  'year', 'priority_area', 'service', 'oblast', 'rayon', 'ngo', 'project', 'indicator', 'period',
  'municipality', 'sex', 'age_group', 'disability', 'status', 'line', 'competition',
] as const;
export type ExplorerDimension = (typeof explorerDimensions)[number];

export const explorerMeasures = ['actual', 'target', 'achieved', 'projects', 'amount', 'count', 'on_time', 'late'] as const;
export type ExplorerMeasure = (typeof explorerMeasures)[number];

/**
 * What a view counts: indicator values (report totals, or their disaggregated cells), program line
 * budgets, contracts (projects and their amounts), competitions (lots) and reports (on time, late).
 */
export const explorerDatasets = ['values', 'budgets', 'contracts', 'competitions', 'reports'] as const;
export type ExplorerDataset = (typeof explorerDatasets)[number];

const territoryDims = ['oblast', 'rayon', 'municipality'] as const;
const lineDims = ['year', 'priority_area', 'service', ...territoryDims] as const;
/** The dimensions and measures each dataset has (the first of each is its default). */
export const datasetDimensions: Record<ExplorerDataset, readonly ExplorerDimension[]> = {
  values: [...lineDims, 'ngo', 'project', 'indicator', 'period', 'sex', 'age_group', 'disability'],
  budgets: [...lineDims, 'status', 'line'],
  contracts: [...lineDims, 'ngo', 'project'],
  competitions: [...lineDims, 'status', 'competition'],
  reports: [...lineDims, 'ngo', 'project', 'period', 'status'],
};
export const datasetMeasures: Record<ExplorerDataset, readonly ExplorerMeasure[]> = {
  values: ['actual', 'target', 'achieved', 'projects'],
  budgets: ['amount', 'count'],
  contracts: ['amount', 'count', 'projects'],
  competitions: ['count', 'amount'],
  reports: ['on_time', 'late', 'count', 'projects'],
};
/** Disaggregation dimensions a values view can pivot by (then it reads the cells, not the totals). */
export const disaggregationPivots = ['sex', 'age_group', 'disability'] as const satisfies readonly (typeof disaggregationDimensions)[number][];

/** Most groups one view may produce (rows × columns); the query asks for one more to tell the user. */
export const EXPLORER_MAX_GROUPS = 500;

const code = z.string().max(40).regex(/^[A-Za-z0-9_.-]+$/);
const uuid = z.string().uuid();
const opt = <T extends z.ZodType>(s: T) => s.optional().catch(undefined);

/**
 * The whole state of an explorer view, as read from the URL (GET form, bookmarkable). An invalid
 * field falls back to its default rather than failing the page, so an old bookmark still opens.
 */
export const explorerStateSchema = z.object({
  dataset: z.enum(explorerDatasets).catch('values'),
  territoryMode: z.enum(territoryModes).catch('new'),
  rows: z.enum(explorerDimensions).catch('oblast'),
  cols: z.enum(explorerDimensions).optional().catch(undefined),
  measure: z.enum(explorerMeasures).catch('actual'),
  basis: z.enum(['approved', 'reported']).catch('approved'),
  chart: z.enum(['bar', 'line']).catch('bar'),
  year: opt(z.coerce.number().int().min(2000).max(2100)),
  area: opt(code),
  service: opt(code),
  targetGroup: opt(code),
  territory: opt(z.string().regex(/^417\d{11}$/)),
  ngo: opt(uuid),
  project: opt(uuid),
  indicator: opt(uuid),
  period: opt(z.string().max(20).regex(/^[0-9A-Za-z-]+$/)),
  /** One disaggregation category, `sex=f`: the view reads that category's cells. */
  category: opt(z.string().max(60).regex(/^(sex|age_group|disability)=[A-Za-z0-9_.+-]{1,40}$/)),
  status: opt(code),
  line: opt(uuid),
  competition: opt(uuid),
});
export type ExplorerState = z.infer<typeof explorerStateSchema>;

/** Filter fields, in the order the form shows them and the export lists them. */
export const explorerFilterKeys = ['year', 'area', 'service', 'targetGroup', 'territory', 'ngo', 'project', 'indicator', 'period', 'category', 'status', 'line', 'competition'] as const;
export type ExplorerFilterKey = (typeof explorerFilterKeys)[number];
const stateKeys = ['dataset', 'territoryMode', 'rows', 'cols', 'measure', 'basis', 'chart', ...explorerFilterKeys] as const;

/** The filters each dataset understands (the others are dropped when the state is read). */
export const datasetFilters: Record<ExplorerDataset, readonly ExplorerFilterKey[]> = {
  values: ['year', 'area', 'service', 'targetGroup', 'territory', 'ngo', 'project', 'indicator', 'period', 'category'],
  budgets: ['year', 'area', 'service', 'targetGroup', 'territory', 'status', 'line'],
  contracts: ['year', 'area', 'service', 'targetGroup', 'territory', 'ngo', 'project'],
  competitions: ['year', 'area', 'service', 'targetGroup', 'territory', 'status', 'competition'],
  reports: ['year', 'area', 'service', 'targetGroup', 'territory', 'ngo', 'project', 'period', 'status'],
};

/** Reads the state from a query string; empty fields are absent. Columns equal to rows are dropped. */
export function parseExplorerState(params: URLSearchParams): ExplorerState {
  const raw: Record<string, string> = {};
  for (const k of stateKeys) {
    const v = params.get(k)?.trim();
    if (v) raw[k] = v;
  }
  const state = explorerStateSchema.parse(raw);
  const dims = datasetDimensions[state.dataset];
  if (!dims.includes(state.rows)) state.rows = dims.includes('oblast') ? 'oblast' : dims[0]!;
  if (state.cols && !dims.includes(state.cols)) state.cols = undefined;
  if (state.cols === state.rows) state.cols = undefined;
  if (!datasetMeasures[state.dataset].includes(state.measure)) state.measure = datasetMeasures[state.dataset][0]!;
  for (const k of explorerFilterKeys) if (!datasetFilters[state.dataset].includes(k)) delete state[k];
  return state;
}

/** The disaggregation dimensions a values view reads cells by (its pivots and its category filter). */
export function disaggregationOf(state: ExplorerState): (typeof disaggregationPivots)[number][] {
  const used = new Set<(typeof disaggregationPivots)[number]>();
  for (const d of [state.rows, state.cols]) if ((disaggregationPivots as readonly string[]).includes(d ?? '')) used.add(d as (typeof disaggregationPivots)[number]);
  if (state.category) used.add(state.category.split('=')[0] as (typeof disaggregationPivots)[number]);
  return disaggregationPivots.filter((d) => used.has(d));
}

/** The category of one disaggregation dimension in a cell key (`sex=f|age_group=0-17`, `age_group` → `0-17`). */
export function cellCategory(cellKey: string, dimension: string): string | null {
  for (const part of cellKey.split('|')) {
    const [d, c] = part.split('=');
    if (d === dimension && c !== undefined) return c;
  }
  return null;
}

/**
 * Whether a cell counts in a view that reads cells by `dims`: it must carry every one of them (an
 * indicator's cells are the full grid of its dimensions, so summing the cells of one category over the
 * other dimensions gives that category's total, never twice), and match the category filter.
 */
export function cellCounts(cellKey: string, dims: readonly string[], category?: string): boolean {
  if (!cellKey || dims.length === 0) return false;
  if (!dims.every((d) => cellCategory(cellKey, d) !== null)) return false;
  if (category) {
    const [d, c] = category.split('=');
    return cellCategory(cellKey, d!) === c;
  }
  return true;
}

/**
 * A report's timeliness on a day: due once its due date has passed; on time when first submitted by
 * the end of the due date (Bishkek); late when due and not submitted on time (submitted late or
 * not at all). On-time % pools reports: 100 × on time ÷ due, never a mean of projects' percentages.
 */
export function reportTimeliness(r: { dueDate: string; firstSubmittedAt: Date | string | null }, today: string): { due: boolean; onTime: boolean; late: boolean } {
  const due = r.dueDate <= today;
  const submittedDay = r.firstSubmittedAt == null ? null : bishkekDay(new Date(r.firstSubmittedAt));
  const onTime = submittedDay != null && submittedDay <= r.dueDate;
  return { due: due || onTime, onTime, late: due && !onTime };
}

/** The calendar day in Bishkek (UTC+6, no daylight saving) of an instant, YYYY-MM-DD. */
export function bishkekDay(d: Date): string {
  return new Date(d.getTime() + 6 * 3600_000).toISOString().slice(0, 10);
}

/** The query string of a state (stable order, defaults included), for links and saved views. */
export function explorerQueryString(state: Partial<ExplorerState>): string {
  const p = new URLSearchParams();
  for (const k of stateKeys) {
    const v = state[k];
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  return p.toString();
}

/** A saved view: a name and the state's query string. */
export const savedViewSchema = z.object({
  name: z.string().trim().min(1).max(120),
  query: z.string().max(2000),
});

/**
 * Whose indicator values an actor may explore: all (ministry program officers, analysts, admins), or
 * the projects of their NGOs (contractor), of their municipalities (customer), and those with a
 * territory inside their territorial division's or municipality's unit (SOATE prefixes). `null`: none
 * at all (commission members, the public — published aggregates are not built yet), a 404.
 * The explorer rule in can() uses it and the explorer query turns it into its WHERE clause.
 */
export type ExplorerScope =
  | { all: true }
  | { all: false; contractorIds: string[]; customerIds: string[]; soatePrefixes: string[] }
  | { all: false; published: true; contractorIds: []; customerIds: []; soatePrefixes: [] };

/**
 * The public's scope: published aggregates only — budgets of approved programs, competitions once
 * announced, and results of approved reports pooled by program indicator, never by project or NGO.
 */
export const PUBLISHED_SCOPE: ExplorerScope = { all: false, published: true, contractorIds: [], customerIds: [], soatePrefixes: [] };
export const publishedDatasets = ['budgets', 'competitions', 'values'] as const satisfies readonly ExplorerDataset[];
export const publishedDimensions = ['year', 'priority_area', 'service', 'oblast', 'rayon', 'municipality', 'indicator', 'period', 'status', 'sex', 'age_group', 'disability'] as const satisfies readonly ExplorerDimension[];
/** Program statuses whose budgets are published (decision 006: approved programs are public). */
export const publishedProgramStatuses = ['approved', 'amended', 'closed'] as const;

/** Narrows a state to what the public may see (published datasets and aggregate dimensions). */
export function publishedState(state: ExplorerState): ExplorerState {
  const s = { ...state };
  if (!(publishedDatasets as readonly string[]).includes(s.dataset)) return parseExplorerState(new URLSearchParams('dataset=budgets&rows=priority_area'));
  if (!(publishedDimensions as readonly string[]).includes(s.rows)) s.rows = datasetDimensions[s.dataset][0]!;
  if (s.cols && !(publishedDimensions as readonly string[]).includes(s.cols)) s.cols = undefined;
  if (s.cols === s.rows) s.cols = undefined;
  s.basis = 'approved';
  delete s.ngo;
  delete s.project;
  delete s.line;
  delete s.competition;
  if (s.measure === 'projects') s.measure = 'actual';
  return s;
}

export function explorerScope(actor: Actor | null): ExplorerScope | null {
  if (!actor) return null;
  if (hasRole(actor, 'program_officer', 'analyst', 'admin')) return { all: true };
  const contractorIds = orgsWithRole(actor, 'ngo_staff');
  const customerIds = orgsWithRole(actor, 'municipal_officer');
  const soatePrefixes = territoriesWithRole(actor, 'territorial_officer', 'municipal_officer').map(soatePrefix).filter((p) => p.length > 3);
  if (!contractorIds.length && !customerIds.length && !soatePrefixes.length) return null;
  return { all: false, contractorIds, customerIds, soatePrefixes };
}

/** One reported total with its target, as the explorer's SQL reads it (report_value at the total cell). */
export interface ExplorerFact {
  type: string;
  direction: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
}

/**
 * What one fact adds to a group's pooled actual and target. Counts and money add their value and
 * target; a yes/no its answer (1/0); a percentage its numerator, and as target the numerator it
 * aimed at (target % × denominator ÷ 100), so a group's % achieved is Σ actual ÷ Σ target — the
 * pooled ratio, never a mean of ratios. Only "increase" indicators with a target count towards
 * % achieved (a decrease or maintain target is not "more is better"); all count towards actual.
 * The SQL in packages/db (analytics-explorer.ts) is the same CASE; a test holds them together.
 */
export function factContribution(f: ExplorerFact): { actual: number | null; achievedActual: number | null; achievedTarget: number | null } {
  const actual = f.type === 'percentage' ? f.numerator : f.value;
  const target = f.type === 'percentage' ? (f.target != null && f.denominator != null ? (f.target * f.denominator) / 100 : null) : f.target;
  const counts = f.direction === 'increase' && actual != null && target != null;
  return { actual, achievedActual: counts ? actual : null, achievedTarget: counts ? target : null };
}

/** 100 × Σ numerators ÷ Σ denominators; null without a positive denominator. */
export function pooledPercent(numerator: number | null, denominator: number | null): number | null {
  if (numerator == null || denominator == null || !(denominator > 0)) return null;
  return (100 * numerator) / denominator;
}

export interface ExplorerMeasures {
  actual: number | null;
  target: number | null;
  achieved: number | null;
  projects: number;
  /** Budgets, contract amounts, lot budgets: som. */
  amount?: number | null;
  /** Program lines, contracts, competitions or reports counted. */
  count?: number | null;
  /** Reports: 100 × on time ÷ due (pooled). */
  on_time?: number | null;
  /** Reports due and not submitted on time. */
  late?: number | null;
}

/** The measures of a group of facts (reference implementation of the SQL; `projects` are their project ids). */
export function poolFacts(facts: (ExplorerFact & { projectId: string })[]): ExplorerMeasures {
  let actual: number | null = null;
  let target: number | null = null;
  let achievedActual = 0;
  let achievedTarget = 0;
  for (const f of facts) {
    const c = factContribution(f);
    if (c.actual != null) actual = (actual ?? 0) + c.actual;
    const t = f.type === 'percentage' ? (f.target != null && f.denominator != null ? (f.target * f.denominator) / 100 : null) : f.target;
    if (t != null) target = (target ?? 0) + t;
    if (c.achievedActual != null && c.achievedTarget != null) {
      achievedActual += c.achievedActual;
      achievedTarget += c.achievedTarget;
    }
  }
  return { actual, target, achieved: pooledPercent(achievedActual, achievedTarget), projects: new Set(facts.map((f) => f.projectId)).size };
}

/** One group as the query returns it: its row and column keys (null = the total over that axis). */
export interface ExplorerGroup {
  row: string | null;
  col: string | null;
  rowTotal: boolean;
  colTotal: boolean;
  rowLabel: string;
  colLabel: string;
  measures: ExplorerMeasures;
}

export interface PivotTable {
  rows: { key: string; label: string }[];
  cols: { key: string; label: string }[];
  /** cell(rowKey, colKey); `null` keys are the totals. */
  cell: (row: string | null, col: string | null) => ExplorerMeasures | undefined;
}

/** Lays the groups of one query (grouping sets: cells, row totals, column totals, grand total) out as a table. */
export function pivot(groups: ExplorerGroup[]): PivotTable {
  const rows = new Map<string, string>();
  const cols = new Map<string, string>();
  const cells = new Map<string, ExplorerMeasures>();
  const k = (r: string | null, c: string | null) => `${r === null ? '\u0000T' : r}\u0001${c === null ? '\u0000T' : c}`;
  for (const g of groups) {
    const r = g.rowTotal ? null : (g.row ?? '');
    const c = g.colTotal ? null : (g.col ?? '');
    if (r !== null) rows.set(r, g.rowLabel);
    if (c !== null) cols.set(c, g.colLabel);
    cells.set(k(r, c), g.measures);
  }
  const sorted = (m: Map<string, string>) => [...m].map(([key, label]) => ({ key, label })).sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
  return { rows: sorted(rows), cols: sorted(cols), cell: (r, c) => cells.get(k(r, c)) };
}

/** The filter a dimension's key narrows (oblast and rayon keys are SOATE codes of the territory filter). */
const filterOf: Record<ExplorerDimension, ExplorerFilterKey> = {
  year: 'year',
  priority_area: 'area',
  service: 'service',
  oblast: 'territory',
  rayon: 'territory',
  municipality: 'territory',
  ngo: 'ngo',
  project: 'project',
  indicator: 'indicator',
  period: 'period',
  sex: 'category',
  age_group: 'category',
  disability: 'category',
  status: 'status',
  line: 'line',
  competition: 'competition',
};

/** The finest dimension of a dataset a drill-down lays its rows out by (then by period for one project). */
const finest: Record<ExplorerDataset, ExplorerDimension> = { values: 'project', budgets: 'line', contracts: 'project', competitions: 'competition', reports: 'project' };

/**
 * The view behind one number: the same view filtered to its row (and column) and laid out by project
 * (by period when it already is one project), so a total opens the rows it adds up. Null when a key is
 * "not set", which no filter can name.
 */
export function drillDown(state: ExplorerState, row: string | null, col: string | null): ExplorerState | null {
  const next: ExplorerState = { ...state, cols: undefined };
  for (const [dim, key] of [[state.rows, row], [state.cols, col]] as const) {
    if (!dim || key === null) continue;
    if (key === '') return null;
    const filter = filterOf[dim];
    if (filter === 'year') next.year = Number(key);
    else if (filter === 'category') next.category = `${dim}=${key}`;
    else next[filter] = key;
  }
  next.rows = next.project && (state.dataset === 'values' || state.dataset === 'reports') ? 'period' : finest[state.dataset];
  // Measures stay; a drill-down into a disaggregated number keeps reading that category's cells.
  return next;
}

/** A dashboard panel: a title key and the explorer view it shows (each of its numbers links to its rows). */
export interface DashboardPanel {
  id: string;
  title: string;
  state: ExplorerState;
}

const view = (q: string) => parseExplorerState(new URLSearchParams(q));

/**
 * The panels of an actor's dashboard, by role, all explorer views (so they see only their scope and
 * every number opens the explorer with the rows behind it). The ministry and analysts: budgets by
 * area and oblast, competitions by status, reports on time, achievement by area and oblast. A
 * territorial officer: achievement by rayon and by project, late reports. An NGO: its reporting
 * calendar (reports by period and status) and its projects. A municipal officer: its contracts,
 * their reports on time and achievement. Empty without an explorer scope.
 */
export function dashboardPanels(actor: Actor | null): DashboardPanel[] {
  const scope = explorerScope(actor);
  if (!scope) return [];
  if (scope.all) {
    return [
      { id: 'budget-by-area', title: 'analytics:dashboard.budgetByArea', state: view('dataset=budgets&rows=priority_area&measure=amount') },
      { id: 'budget-by-oblast', title: 'analytics:dashboard.budgetByOblast', state: view('dataset=budgets&rows=oblast&measure=amount') },
      { id: 'competitions-by-status', title: 'analytics:dashboard.competitionsByStatus', state: view('dataset=competitions&rows=status&measure=count') },
      { id: 'reports-on-time', title: 'analytics:dashboard.reportsOnTime', state: view('dataset=reports&rows=oblast&measure=on_time') },
      { id: 'by-area', title: 'analytics:dashboard.byArea', state: view('rows=priority_area&measure=achieved') },
      { id: 'by-oblast', title: 'analytics:dashboard.byOblast', state: view('rows=oblast&measure=achieved') },
    ];
  }
  if (scope.contractorIds.length) {
    return [
      { id: 'reporting-calendar', title: 'analytics:dashboard.reportingCalendar', state: view('dataset=reports&rows=period&cols=status&measure=count') },
      { id: 'by-project', title: 'analytics:dashboard.byProject', state: view('rows=project&measure=achieved') },
    ];
  }
  if (scope.customerIds.length) {
    return [
      { id: 'contracts', title: 'analytics:dashboard.contracts', state: view('dataset=contracts&rows=project&measure=amount') },
      { id: 'reports-on-time', title: 'analytics:dashboard.reportsOnTime', state: view('dataset=reports&rows=project&measure=on_time') },
      { id: 'by-project', title: 'analytics:dashboard.byProject', state: view('rows=project&measure=achieved') },
    ];
  }
  return [
    { id: 'by-rayon', title: 'analytics:dashboard.byRayon', state: view('rows=rayon&measure=achieved') },
    { id: 'by-project', title: 'analytics:dashboard.byProject', state: view('rows=project&measure=achieved') },
    { id: 'late-reports', title: 'analytics:dashboard.lateReports', state: view('dataset=reports&rows=project&measure=late') },
  ];
}

/** The i18n key naming a status code of a dataset (program, competition or report statuses). */
export function statusLabelKey(dataset: ExplorerDataset, code: string): string {
  if (dataset === 'budgets') return `program:status.${code}`;
  if (dataset === 'competitions') return `competition:statuses.${code}`;
  return `results:statuses.${code}`;
}

/** The status codes a dataset's status filter offers. */
export const datasetStatuses: Partial<Record<ExplorerDataset, readonly string[]>> = {
  budgets: ['draft', 'public_discussion', 'revision', 'approved', 'amended', 'closed'],
  competitions: ['planned', 'announced', 'accepting', 'closed', 'evaluating', 'awarded', 'unsuccessful', 'cancelled'],
  reports: ['draft', 'submitted', 'returned', 'resubmitted', 'approved'],
};

/** Shown with a percent sign and one decimal. */
export const percentMeasures: readonly ExplorerMeasure[] = ['achieved', 'on_time'];
/** Whole numbers. */
export const countMeasures: readonly ExplorerMeasure[] = ['projects', 'count', 'late'];

/** A measure's value as the tables show it: percentages with one decimal, counts whole, amounts in som. */
export function formatMeasure(value: number | null | undefined, measure: ExplorerMeasure, lang: Language): string {
  if (value == null) return '—';
  if (percentMeasures.includes(measure)) return formatPercent(value, lang, 1);
  if (countMeasures.includes(measure)) return formatNumber(value, lang, 0);
  return formatNumber(value, lang, 2);
}
