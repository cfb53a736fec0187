import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  AppError,
  EXPLORER_MAX_GROUPS,
  PUBLISHED_SCOPE,
  TOTAL_CELL,
  bishkekDay,
  can,
  disaggregationOf,
  disaggregationPivots,
  explorerScope,
  pooledPercent,
  publishedProgramStatuses,
  publishedState,
  savedViewSchema,
  soatePrefix,
  successorMap,
  type TerritoryMode,
  type Actor,
  type ExplorerDimension,
  type ExplorerGroup,
  type ExplorerScope,
  type ExplorerState,
  type Language,
} from '@kamkor/domain';
import type { Database } from '../schema/index.ts';
import { writeAudit, type Db } from './audit.ts';
import { analyticsCached, analyticsCachedMany } from './analytics-cache.ts';

/**
 * The dataset explorer's SQL (issue 10). One query per view: the facts (report values at the total
 * cell of reports in the chosen statuses, with their period target) filtered by the actor's
 * explorerScope and the view's filters, keyed by the view's row and column dimensions, then grouped
 * by grouping sets so the cells, the row and column totals and the grand total are pooled by the
 * database (never by summing percentages in JavaScript).
 */

const n = (v: unknown): number | null => (v == null ? null : Number(v));

/** Cell-key conditions of a values view: the totals, or the cells carrying every disaggregation used. */
function cellWhere(state: ExplorerState): RawBuilder<unknown> {
  const dims = disaggregationOf(state);
  if (!dims.length) return sql`rv.cell_key = ${TOTAL_CELL}`;
  const parts = dims.map((d) => sql`('|' || rv.cell_key || '|') like ${`%|${d}=%`}`);
  if (state.category) parts.push(sql`('|' || rv.cell_key || '|') like ${`%|${state.category}|%`}`);
  return sql.join(parts, sql` and `);
}

/** The actor's explorer scope as a WHERE on `p` (project). The published scope names no project. */
export function scopeWhere(scope: ExplorerScope): RawBuilder<unknown> {
  if (scope.all) return sql`true`;
  const parts: RawBuilder<unknown>[] = [];
  if (scope.contractorIds.length) parts.push(sql`p.contractor_id in (${sql.join(scope.contractorIds)})`);
  if (scope.customerIds.length) parts.push(sql`p.customer_id in (${sql.join(scope.customerIds)})`);
  for (const prefix of scope.soatePrefixes) {
    parts.push(sql`exists (select 1 from project_territory spt where spt.project_id = p.id and spt.admin_unit_soate like ${`${prefix}%`})`);
  }
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

const isPublished = (scope: ExplorerScope) => 'published' in scope;

/**
 * The reform's successor links, which every view's SQL embeds, change only when an admin loads a new
 * classifier: each server keeps them for REFERENCE_TTL_MS per database handle instead of asking on
 * every request. An edit shows up within that time on every server. (The views' answers and filter
 * choices themselves are in the shared, versioned cache of analytics-cache.ts.)
 */
export const REFERENCE_TTL_MS = 60_000;
const referenceCache = new WeakMap<object, Map<string, { at: number; value: Promise<unknown> }>>();
function cached<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  let m = referenceCache.get(db);
  if (!m) referenceCache.set(db, (m = new Map()));
  const hit = m.get(key);
  if (hit && Date.now() - hit.at < REFERENCE_TTL_MS) return hit.value as Promise<T>;
  const value = load();
  m.set(key, { at: Date.now(), value });
  value.catch(() => m.delete(key));
  return value;
}

/** The closed → current unit map of the reform (admin_unit.successor_soate), a handful of rows. */
export async function loadSuccessorMap(db: Db): Promise<Map<string, string>> {
  return cached(db, 'successors', async () => {
    const rows = await db.selectFrom('admin_unit').select(['soate', 'successor_soate']).where('successor_soate', 'is not', null).execute();
    return successorMap(rows.map((r) => ({ soate: r.soate, successor: r.successor_soate! })));
  });
}

/** A unit column as counted in the view's territory mode: closed units map to their successor in "new". */
function unitIn(col: RawBuilder<unknown>, mode: TerritoryMode, map: Map<string, string>): RawBuilder<string> {
  if (mode === 'old' || map.size === 0) return col as RawBuilder<string>;
  return sql<string>`(case ${col} ${sql.join([...map].map(([from, to]) => sql`when ${from} then ${to}`), sql` `)} else ${col} end)`;
}

type Ctx = { state: ExplorerState; scope: ExplorerScope; map: Map<string, string>; lang: Language; today: string };

/** Filters shared by every dataset over `pl` (program line), `pg` (program) and a territory table. */
function lineFilters(c: Ctx, territory: RawBuilder<unknown> | null): RawBuilder<unknown>[] {
  const { state } = c;
  const parts: RawBuilder<unknown>[] = [];
  if (state.year != null) parts.push(sql`pg.year_from = ${state.year}`);
  if (state.area) parts.push(sql`pl.priority_area_code = ${state.area}`);
  if (state.service) parts.push(sql`pl.service_code = ${state.service}`);
  if (state.targetGroup) parts.push(sql`exists (select 1 from program_line_target_group tg where tg.line_id = pl.id and tg.target_group_code = ${state.targetGroup})`);
  if (state.territory && territory) parts.push(territory);
  return parts;
}

function projectTerritoryFilter(c: Ctx): RawBuilder<unknown> | null {
  if (!c.state.territory) return null;
  const prefix = soatePrefix(c.state.territory);
  return sql`exists (select 1 from project_territory fpt where fpt.project_id = p.id and ${unitIn(sql.ref('fpt.admin_unit_soate'), c.state.territoryMode, c.map)} like ${`${prefix}%`})`;
}

function lineTerritoryFilter(c: Ctx): RawBuilder<unknown> | null {
  if (!c.state.territory) return null;
  const prefix = soatePrefix(c.state.territory);
  return sql`exists (select 1 from program_line_territory flt where flt.line_id = pl.id and ${unitIn(sql.ref('flt.admin_unit_soate'), c.state.territoryMode, c.map)} like ${`${prefix}%`})`;
}

const projectFilters = (c: Ctx) => {
  const parts = lineFilters(c, projectTerritoryFilter(c));
  if (c.state.ngo) parts.push(sql`p.contractor_id = ${c.state.ngo}`);
  if (c.state.project) parts.push(sql`p.id = ${c.state.project}`);
  return parts;
};
const and = (parts: RawBuilder<unknown>[]) => (parts.length ? sql.join(parts, sql` and `) : sql`true`);
const nameOf = (alias: string, lang: Language) => sql.ref(`${alias}.name_${lang}`);

/** Columns every dataset's base produces, null where they do not apply. */
const LINE_COLS = (lang: Language) => sql`pg.year_from, pl.priority_area_code as area_code, ${nameOf('pa', lang)} as area_name, pl.service_code, ${nameOf('sv', lang)} as service_name`;
const LINE_JOINS = sql`left join program pg on pg.id = pl.program_id
      left join priority_area pa on pa.code = pl.priority_area_code
      left join service sv on sv.code = pl.service_code`;
// The primary unit (lowest SOATE code) of each project or line, aggregated once and hash-joined: a
// correlated subquery per fact made the planner re-run it for every admin_unit probe (≈ 5× slower).
const PROJECT_UNIT = sql`pu.unit`;
const PROJECT_UNIT_JOIN = sql`left join (select project_id, min(admin_unit_soate) as unit from project_territory group by project_id) pu on pu.project_id = p.id`;
const LINE_UNIT = sql`lu.unit`;
const LINE_UNIT_JOIN = sql`left join (select line_id, min(admin_unit_soate) as unit from program_line_territory group by line_id) lu on lu.line_id = pl.id`;

/**
 * The WHERE of the values dataset's facts as the explorer counts them (cells, report status, the
 * view's filters and territory mode) over `rv`, `r`, `i`, `p`, `pl`, `pg`; for row-level exports, so
 * the rows behind a view can never drift from its figures. The actor's scope is `scopeWhere`'s.
 */
export async function valuesFactsWhere(db: Db, state: ExplorerState): Promise<RawBuilder<unknown>> {
  const c: Ctx = { state, scope: { all: true }, map: await loadSuccessorMap(db), lang: 'ru', today: new Date().toISOString().slice(0, 10) };
  const parts = [...projectFilters(c), cellWhere(state), sql`r.status in (${sql.join(state.basis === 'reported' ? ['submitted', 'resubmitted', 'approved'] : ['approved'])})`];
  if (state.indicator) parts.push(sql`i.program_indicator_id = ${state.indicator}`);
  if (state.period) parts.push(sql`r.period_key = ${state.period}`);
  return and(parts);
}

/** The base facts of a dataset: one row per fact with the shared columns. */
function baseOf(c: Ctx): RawBuilder<unknown> {
  const { state, scope, lang } = c;
  const typed: Record<string, string> = {};
  const nulls = (cols: string[]) => sql.raw(cols.map((x) => `null::${typed[x] ?? 'text'} as ${x}`).join(', '));
  const noMeasures = sql.raw('null::numeric as c_actual, null::numeric as c_target, null::numeric as ach_a, null::numeric as ach_t, 1 as weight');
  switch (state.dataset) {
    case 'values': {
      const published = isPublished(scope);
      const statuses = state.basis === 'reported' && !published ? ['submitted', 'resubmitted', 'approved'] : ['approved'];
      // Totals only: the summary rows (one per report and program indicator, kept equal to the values
      // by triggers) pool exactly the facts the values would; a disaggregated view reads the cells.
      const totals = !disaggregationOf(state).length;
      const ind = totals ? 'vt' : 'i';
      const parts = [...projectFilters(c), sql`r.status in (${sql.join(statuses)})`];
      if (!totals) parts.push(cellWhere(state));
      if (state.indicator) parts.push(sql`${sql.ref(`${ind}.program_indicator_id`)} = ${state.indicator}`);
      if (state.period) parts.push(sql`r.period_key = ${state.period}`);
      // Published results: pooled program indicators of approved reports, never a project's own.
      if (published) parts.push(sql`${sql.ref(`${ind}.program_indicator_id`)} is not null`);
      else parts.push(scopeWhere(scope));
      if (totals) {
        return sql`select p.id as project_id, p.code as project_code, p.contractor_id, ${nameOf('o', lang)} as ngo_name,
            vt.program_indicator_id, pi.code || ' ' || ${nameOf('pi', lang)} as indicator_label, r.period_key, ${LINE_COLS(lang)},
            ${PROJECT_UNIT} as unit, null::text as status_code, null::text as item_id, null::text as item_label,
            null::text as sex_code, null::text as age_code, null::text as disability_code,
            vt.actual as c_actual, vt.target as c_target, vt.ach_actual as ach_a, vt.ach_target as ach_t, vt.facts as weight,
            null::numeric as amount, null::int as due, null::int as on_time
          from explorer_value_total vt
          join report r on r.id = vt.report_id
          join project p on p.id = r.project_id
          join organisation o on o.id = p.contractor_id
          left join program_indicator pi on pi.id = vt.program_indicator_id
          left join program_line pl on pl.id = p.program_line_id
          ${LINE_JOINS}
          ${PROJECT_UNIT_JOIN}
          where ${and(parts)}`;
      }
      return sql`select p.id as project_id, p.code as project_code, p.contractor_id, ${nameOf('o', lang)} as ngo_name,
          i.program_indicator_id, pi.code || ' ' || ${nameOf('pi', lang)} as indicator_label, r.period_key, ${LINE_COLS(lang)},
          ${PROJECT_UNIT} as unit, null::text as status_code, null::text as item_id, null::text as item_label,
          substring(rv.cell_key from '(?:^|[|])sex=([^|]*)') as sex_code,
          substring(rv.cell_key from '(?:^|[|])age_group=([^|]*)') as age_code,
          substring(rv.cell_key from '(?:^|[|])disability=([^|]*)') as disability_code,
          m.c_actual, m.c_target,
          case when i.direction = 'increase' and m.c_actual is not null and m.c_target is not null then m.c_actual end as ach_a,
          case when i.direction = 'increase' and m.c_actual is not null and m.c_target is not null then m.c_target end as ach_t,
          1 as weight,
          null::numeric as amount, null::int as due, null::int as on_time
        from report_value rv
        join report r on r.id = rv.report_id
        join indicator i on i.id = rv.indicator_id
        join project p on p.id = r.project_id
        join organisation o on o.id = p.contractor_id
        left join program_indicator pi on pi.id = i.program_indicator_id
        left join indicator_target it on it.indicator_id = i.id and it.period_key = r.period_key
        left join program_line pl on pl.id = p.program_line_id
        ${LINE_JOINS}
        ${PROJECT_UNIT_JOIN}
        cross join lateral (select
          case when i.type = 'percentage' then rv.numerator else rv.value end as c_actual,
          case when rv.cell_key = ${TOTAL_CELL} then (case when i.type = 'percentage' then it.target * rv.denominator / 100 else it.target end) end as c_target) m
        where ${and(parts)}`;
    }
    case 'budgets': {
      const parts = lineFilters(c, lineTerritoryFilter(c));
      if (!scope.all) parts.push(sql`pg.status in (${sql.join([...publishedProgramStatuses])})`);
      if (state.status) parts.push(sql`pg.status = ${state.status}`);
      if (state.line) parts.push(sql`pl.id = ${state.line}`);
      return sql`select null::uuid as project_id, null::text as project_code, null::uuid as contractor_id, null::text as ngo_name,
          null::uuid as program_indicator_id, null::text as indicator_label, null::text as period_key, ${LINE_COLS(lang)},
          ${LINE_UNIT} as unit, pg.status as status_code, pl.id::text as item_id, pg.title || ' · ' || pl.line_no as item_label,
          ${nulls(['sex_code', 'age_code', 'disability_code'])}, ${noMeasures},
          pl.budget_tyiyn / 100.0 as amount, null::int as due, null::int as on_time
        from program_line pl
        ${LINE_JOINS}
        ${LINE_UNIT_JOIN}
        where ${and(parts)}`;
    }
    case 'competitions': {
      const parts = lineFilters(c, lineTerritoryFilter(c));
      if (!scope.all) parts.push(sql`cm.status <> 'planned'`);
      if (state.status) parts.push(sql`cm.status = ${state.status}`);
      if (state.competition) parts.push(sql`cm.id = ${state.competition}`);
      return sql`select null::uuid as project_id, null::text as project_code, null::uuid as contractor_id, null::text as ngo_name,
          null::uuid as program_indicator_id, null::text as indicator_label, null::text as period_key, ${LINE_COLS(lang)},
          ${LINE_UNIT} as unit, cm.status as status_code, cm.id::text as item_id, cm.title as item_label,
          ${nulls(['sex_code', 'age_code', 'disability_code'])}, ${noMeasures},
          cm.lot_budget_tyiyn / 100.0 as amount, null::int as due, null::int as on_time
        from competition cm
        join program_line pl on pl.id = cm.program_line_id
        ${LINE_JOINS}
        ${LINE_UNIT_JOIN}
        where ${and(parts)}`;
    }
    case 'contracts':
    case 'reports': {
      const reports = state.dataset === 'reports';
      const parts = [...projectFilters(c), scopeWhere(scope)];
      if (reports && state.period) parts.push(sql`r.period_key = ${state.period}`);
      if (reports && state.status) parts.push(sql`r.status = ${state.status}`);
      // On time: first submitted by the end of the due day in Bishkek (UTC+6), as reportTimeliness.
      const onTime = sql`(r.first_submitted_at is not null and ((r.first_submitted_at at time zone 'UTC') + interval '6 hours')::date <= r.due_date)`;
      return sql`select p.id as project_id, p.code as project_code, p.contractor_id, ${nameOf('o', lang)} as ngo_name,
          null::uuid as program_indicator_id, null::text as indicator_label, ${reports ? sql`r.period_key` : sql`null::text`} as period_key, ${LINE_COLS(lang)},
          ${PROJECT_UNIT} as unit, ${reports ? sql`r.status` : sql`null::text`} as status_code, null::text as item_id, null::text as item_label,
          ${nulls(['sex_code', 'age_code', 'disability_code'])}, ${noMeasures},
          ${reports ? sql`null::numeric` : sql`p.amount_tyiyn / 100.0`} as amount,
          ${reports ? sql`case when r.due_date <= ${c.today}::date or ${onTime} then 1 else 0 end` : sql`null::int`} as due,
          ${reports ? sql`case when ${onTime} then 1 else 0 end` : sql`null::int`} as on_time
        from project p
        join organisation o on o.id = p.contractor_id
        ${reports ? sql`join report r on r.project_id = p.id` : sql``}
        left join program_line pl on pl.id = p.program_line_id
        ${LINE_JOINS}
        ${PROJECT_UNIT_JOIN}
        where ${and(parts)}`;
    }
  }
}

/** Key and label of a dimension over the `facts` CTE. */
function dimension(dim: ExplorerDimension): { key: RawBuilder<string>; label: RawBuilder<string> } {
  switch (dim) {
    case 'year':
      return { key: sql`coalesce(year_from::text, '')`, label: sql`coalesce(year_from::text, '')` };
    case 'priority_area':
      return { key: sql`coalesce(area_code, '')`, label: sql`coalesce(area_name, '')` };
    case 'service':
      return { key: sql`coalesce(service_code, '')`, label: sql`coalesce(service_name, '')` };
    case 'oblast':
      return { key: sql`coalesce(oblast_soate, '')`, label: sql`coalesce(oblast_name, '')` };
    case 'rayon':
      return { key: sql`coalesce(rayon_soate, '')`, label: sql`coalesce(rayon_name, '')` };
    case 'municipality':
      return { key: sql`coalesce(mun_soate, '')`, label: sql`coalesce(mun_name, '')` };
    case 'ngo':
      return { key: sql`coalesce(contractor_id::text, '')`, label: sql`coalesce(ngo_name, '')` };
    case 'project':
      return { key: sql`coalesce(project_id::text, '')`, label: sql`coalesce(project_code, '')` };
    case 'indicator':
      return { key: sql`coalesce(program_indicator_id::text, '')`, label: sql`coalesce(indicator_label, '')` };
    case 'period':
      return { key: sql`coalesce(period_key, '')`, label: sql`coalesce(period_key, '')` };
    case 'sex':
      return { key: sql`coalesce(sex_code, '')`, label: sql`coalesce(sex_name, sex_code, '')` };
    case 'age_group':
      return { key: sql`coalesce(age_code, '')`, label: sql`coalesce(age_name, age_code, '')` };
    case 'disability':
      return { key: sql`coalesce(disability_code, '')`, label: sql`coalesce(disability_name, disability_code, '')` };
    case 'status':
      return { key: sql`coalesce(status_code, '')`, label: sql`coalesce(status_code, '')` };
    case 'line':
    case 'competition':
      return { key: sql`coalesce(item_id, '')`, label: sql`coalesce(item_label, '')` };
  }
}

export interface ExplorerResult {
  groups: ExplorerGroup[];
  /** True when the view has more than EXPLORER_MAX_GROUPS groups; the user narrows the filters. */
  truncated: boolean;
}

/**
 * An explorer view for an actor: one SQL query, grouped in the database, bounded to
 * EXPLORER_MAX_GROUPS groups (totals always included). Denied (NOT_FOUND) without an explorer scope.
 */
export async function exploreIndicatorValues(db: Db, actor: Actor | null, state: ExplorerState, lang: Language): Promise<ExplorerResult> {
  const [result] = await exploreIndicatorValuesMany(db, actor, [state], lang);
  return result!;
}

/** Several views of one actor (a dashboard's panels), read from the result cache at once. */
export async function exploreIndicatorValuesMany(db: Db, actor: Actor | null, states: ExplorerState[], lang: Language): Promise<ExplorerResult[]> {
  const scope = explorerScope(actor);
  if (!scope || !can(actor, 'view', { type: 'analytics_explorer' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  return analyticsCachedMany(db, states.map((state) => explorerQuestion(db, scope, state, lang)));
}

/** A view as a question to the shared result cache (decision 022): the same scope, view, language and day share its answer. */
function explorerQuestion(db: Db, scope: ExplorerScope, state: ExplorerState, lang: Language) {
  return { what: ['explorer', scope, state, lang, bishkekDay(new Date())], compute: () => runExplorer(db, scope, state, lang) };
}

/** The public's view: published aggregates only (publishedState narrows the dimensions). */
export async function explorePublished(db: Db, state: ExplorerState, lang: Language): Promise<ExplorerResult & { state: ExplorerState }> {
  const narrowed = publishedState(state);
  const [result] = await analyticsCachedMany(db, [explorerQuestion(db, PUBLISHED_SCOPE, narrowed, lang)]);
  return { ...result!, state: narrowed };
}

async function runExplorer(db: Db, scope: ExplorerScope, state: ExplorerState, lang: Language): Promise<ExplorerResult> {
  const map = await loadSuccessorMap(db);
  const c: Ctx = { state, scope, map, lang, today: bishkekDay(new Date()) };
  const row = dimension(state.rows);
  const col = state.cols ? dimension(state.cols) : { key: sql<string>`''`, label: sql<string>`''` };
  const groupSets = state.cols ? sql`grouping sets ((rk, ck), (rk), (ck), ())` : sql`grouping sets ((rk, ck), ())`;
  const mu = unitIn(sql.ref('au.soate'), state.territoryMode, map);
  const result = await sql<{
    rk: string | null;
    rl: string | null;
    ck: string | null;
    cl: string | null;
    row_total: number;
    col_total: number;
    actual: string | null;
    target: string | null;
    ach_a: string | null;
    ach_t: string | null;
    projects: number;
    amount: string | null;
    cnt: number;
    due: string | null;
    on_time: string | null;
  }>`
    with base as (${baseOf(c)}),
    -- Every unit a fact can name, with its mapped unit and the oblast, rayon and aiyl aimak it rolls up
    -- to: a few hundred rows, hash-joined to the facts (per fact, the lookups were most of the time).
    units as (
      select au.soate as unit, m.munit, ob.soate as oblast_soate, ${nameOf('ob', lang)} as oblast_name, ry.soate as rayon_soate, ${nameOf('ry', lang)} as rayon_name,
        mn.soate as mun_soate, ${nameOf('mn', lang)} as mun_name
      from admin_unit au
      cross join lateral (select ${mu} as munit) m
      left join admin_unit ob on ob.soate = rpad(substr(m.munit, 1, 5), 14, '0')
      left join admin_unit ry on ry.soate = rpad(substr(m.munit, 1, 8), 14, '0')
      left join admin_unit mn on substr(m.munit, 9, 3) <> '000' and mn.soate = rpad(substr(m.munit, 1, 11), 14, '0')
    ),
    facts as (
      select b.*, u.munit, u.oblast_soate, u.oblast_name, u.rayon_soate, u.rayon_name, u.mun_soate, u.mun_name,
        ${nameOf('dsx', lang)} as sex_name, ${nameOf('dag', lang)} as age_name, ${nameOf('dds', lang)} as disability_name
      from base b
      left join units u on u.unit = b.unit
      left join disaggregation_category dsx on dsx.dimension = 'sex' and dsx.code = b.sex_code
      left join disaggregation_category dag on dag.dimension = 'age_group' and dag.code = b.age_code
      left join disaggregation_category dds on dds.dimension = 'disability' and dds.code = b.disability_code
    ),
    keyed as (
      select ${row.key} as rk, ${row.label} as rl, ${col.key} as ck, ${col.label} as cl, project_id, c_actual, c_target, ach_a, ach_t, weight, amount, due, on_time
      from facts
    ),
    -- First per cell and project (a hash aggregate, no distinct): the sums of sums are the same sums
    -- (null when every fact is null, as before), and the grouping sets below sort far fewer rows.
    pre as (
      select rk, min(rl) as rl, ck, min(cl) as cl, project_id, sum(c_actual) as c_actual, sum(c_target) as c_target,
        sum(ach_a) as ach_a, sum(ach_t) as ach_t, sum(weight) as weight, sum(amount) as amount, sum(due) as due, sum(on_time) as on_time
      from keyed
      group by rk, ck, project_id
    )
    select rk, min(rl) as rl, ck, min(cl) as cl, grouping(rk)::int as row_total, grouping(ck)::int as col_total,
      sum(c_actual)::text as actual, sum(c_target)::text as target, sum(ach_a)::text as ach_a, sum(ach_t)::text as ach_t,
      count(distinct project_id)::int as projects, sum(amount)::text as amount, coalesce(sum(weight), 0)::int as cnt,
      sum(due)::text as due, sum(on_time)::text as on_time
    from pre
    group by ${groupSets}
    order by grouping(rk) + grouping(ck) desc, rk, ck
    limit ${EXPLORER_MAX_GROUPS + 1}
  `.execute(db);
  const rows = result.rows;
  const truncated = rows.length > EXPLORER_MAX_GROUPS;
  const reports = state.dataset === 'reports';
  const groups = rows.slice(0, EXPLORER_MAX_GROUPS).map((r): ExplorerGroup => {
    const achA = n(r.ach_a);
    const achT = n(r.ach_t);
    const due = n(r.due);
    const onTime = n(r.on_time);
    return {
      row: r.rk,
      col: r.ck,
      rowTotal: Number(r.row_total) === 1,
      colTotal: Number(r.col_total) === 1 || !state.cols,
      rowLabel: r.rl ?? '',
      colLabel: r.cl ?? '',
      measures: {
        actual: n(r.actual),
        target: n(r.target),
        achieved: pooledPercent(achA, achT),
        projects: Number(r.projects),
        amount: n(r.amount),
        count: Number(r.cnt),
        on_time: reports ? pooledPercent(onTime, due) : null,
        late: reports && due != null && onTime != null ? countLate(r) : null,
      },
    };
  });
  return { groups, truncated };
}

/** Late = due − on time (every on-time report counts as due). */
function countLate(r: { due: string | null; on_time: string | null }): number {
  return Number(r.due ?? 0) - Number(r.on_time ?? 0);
}

export interface ExplorerOption {
  value: string;
  label: string;
  group?: string;
}

/** Choices for the explorer's filters, limited to what the actor may see where it names projects. */
export async function listExplorerOptions(db: Db, actor: Actor | null, lang: Language, opts: { published?: boolean } = {}) {
  const scope = opts.published ? PUBLISHED_SCOPE : explorerScope(actor);
  if (!scope) throw new AppError('NOT_FOUND', 'errors.notFound');
  return analyticsCached(db, ['explorer-options', scope, lang], () => loadExplorerOptions(db, scope, lang));
}

async function loadExplorerOptions(db: Db, scope: ExplorerScope, lang: Language) {
  const nameCol = `name_${lang}` as 'name_en';
  const visible = sql<boolean>`${scopeWhere(scope)}`;
  const published = isPublished(scope);
  const [catalogues, projects, indicators, periods, lines, competitions] = await Promise.all([
    Promise.all([
      db.selectFrom('program').select('year_from').distinct().orderBy('year_from', 'desc').limit(50).execute(),
      db.selectFrom('priority_area').select(['code', nameCol]).where('is_active', '=', true).orderBy('sort_order').limit(200).execute(),
      db.selectFrom('service').select(['code', nameCol]).where('is_active', '=', true).orderBy('sort_order').limit(300).execute(),
      db.selectFrom('target_group').select(['code', nameCol]).where('is_active', '=', true).orderBy('sort_order').limit(200).execute(),
      db
        .selectFrom('admin_unit')
        .select(['soate', 'level', nameCol])
        .where('level', 'in', ['oblast', 'city_republican', 'rayon', 'city'])
        .where('valid_to', 'is', null)
        .orderBy('soate')
        .limit(300)
        .execute(),
      db
        .selectFrom('disaggregation_category')
        .select(['dimension', 'code', nameCol])
        .where('dimension', 'in', [...disaggregationPivots])
        .where('is_active', '=', true)
        .orderBy('dimension')
        .orderBy('sort_order')
        .limit(200)
        .execute(),
    ]),
    Promise.all([
      db.selectFrom('project as p').select(['p.id', 'p.code']).where(visible).orderBy('p.code').limit(EXPLORER_PROJECT_CHOICES + 1).execute(),
      db
        .selectFrom('project as p')
        .innerJoin('organisation as o', 'o.id', 'p.contractor_id')
        .select(['o.id', `o.${nameCol} as ngo`])
        .distinct()
        .where(visible)
        .orderBy(`o.${nameCol}`)
        .limit(300)
        .execute(),
    ]),
    // Indicators of a draft (or an amendment being drafted) are the ministry's working text: others
    // see only those of published programs.
    db
      .selectFrom('program_indicator as pi')
      .innerJoin('program as pg', 'pg.id', 'pi.program_id')
      .select(['pi.id', 'pi.code', `pi.${nameCol}`])
      .$if(!scope.all, (q) => q.where('pg.status', 'in', [...publishedProgramStatuses]))
      .orderBy('pi.code')
      .limit(300)
      .execute(),
    db
      .selectFrom('report as r')
      .innerJoin('project as p', 'p.id', 'r.project_id')
      .select('r.period_key')
      .distinct()
      .where(published ? sql<boolean>`r.status = 'approved'` : visible)
      .orderBy('r.period_key')
      .limit(100)
      .execute(),
    published
      ? Promise.resolve([])
      : db
          .selectFrom('program_line as pl')
          .innerJoin('program as pg', 'pg.id', 'pl.program_id')
          .select(['pl.id', 'pl.line_no', 'pg.title'])
          .$if(!scope.all, (q) => q.where('pg.status', 'in', [...publishedProgramStatuses]))
          .orderBy('pg.title')
          .orderBy('pl.line_no')
          .limit(300)
          .execute(),
    published
      ? Promise.resolve([])
      : db
          .selectFrom('competition')
          .select(['id', 'title'])
          .$if(!scope.all, (q) => q.where('status', '<>', 'planned'))
          .orderBy('title')
          .limit(300)
          .execute(),
  ]);
  const [years, areas, services, groups, units, categories] = catalogues;
  const [projectRows, ngos] = projects;
  // Past EXPLORER_PROJECT_CHOICES the project is typed by its code (findExplorerProject), not picked from a list.
  const projectSearch = projectRows.length > EXPLORER_PROJECT_CHOICES;
  const label = (r: Record<string, unknown>) => String(r[nameCol] ?? '');
  return {
    year: years.map((y) => ({ value: String(y.year_from), label: String(y.year_from) })),
    area: areas.map((a) => ({ value: a.code, label: label(a) })),
    service: services.map((s) => ({ value: s.code, label: label(s) })),
    targetGroup: groups.map((g) => ({ value: g.code, label: label(g) })),
    territory: units.map((u) => ({ value: u.soate, label: `${u.level === 'rayon' || u.level === 'city' ? '— ' : ''}${label(u)}` })),
    ngo: ngos.map((o) => ({ value: o.id, label: String(o.ngo ?? '') })),
    project: projectSearch ? [] : projectRows.map((p) => ({ value: p.id, label: p.code })),
    indicator: indicators.map((i) => ({ value: i.id, label: `${i.code} ${label(i)}` })),
    period: periods.map((p) => ({ value: p.period_key, label: p.period_key })),
    category: categories.map((c) => ({ value: `${c.dimension}=${c.code}`, label: label(c), group: c.dimension })),
    status: [] as ExplorerOption[],
    line: lines.map((l) => ({ value: l.id, label: `${l.title} · ${l.line_no}` })),
    competition: competitions.map((c) => ({ value: c.id, label: c.title })),
    projectSearch,
  } satisfies Record<string, ExplorerOption[] | boolean>;
}

/** How many projects the explorer's project filter lists; an actor who sees more types the code. */
export const EXPLORER_PROJECT_CHOICES = 100;

/** A project the actor may explore, by its code (as typed, any case) or id; null when there is none in their scope. */
export async function findExplorerProject(db: Db, actor: Actor | null, by: { code: string } | { id: string }): Promise<{ id: string; code: string } | null> {
  const scope = explorerScope(actor);
  if (!scope) return null;
  const inScope = db.selectFrom('project as p').select(['p.id', 'p.code']).where(sql<boolean>`${scopeWhere(scope)}`).limit(1);
  const query =
    'code' in by
      ? inScope.where(sql<boolean>`upper(p.code) = upper(${by.code.trim().slice(0, 100)})`)
      : /^[0-9a-f-]{36}$/i.test(by.id)
        ? inScope.where('p.id', '=', by.id)
        : null;
  return query ? ((await query.executeTakeFirst()) ?? null) : null;
}

/** The actor's saved views, newest first (at most 50). */
export async function listSavedViewsForActor(db: Db, actor: Actor) {
  if (!can(actor, 'view', { type: 'analytics_explorer' })) return [];
  return db
    .selectFrom('analytics_saved_view')
    .select(['id', 'name', 'query', 'created_at'])
    .where('owner_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
}

/** Saves a named view for the actor, audited. */
export async function saveExplorerView(db: Kysely<Database>, actor: Actor, input: { name: string; query: string }) {
  if (!can(actor, 'create', { type: 'analytics_explorer' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const v = savedViewSchema.parse(input);
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('analytics_saved_view').values({ owner_id: actor.userId, name: v.name, query: v.query }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(trx, { actorId: actor.userId, action: 'create', entity: 'analytics_saved_view', entityId: row.id, after: v });
    return row.id;
  });
}

/** Deletes one of the actor's saved views, audited; another user's view is NOT_FOUND. */
export async function deleteExplorerView(db: Kysely<Database>, actor: Actor, id: string) {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('analytics_saved_view').select(['id', 'owner_id', 'name', 'query']).where('id', '=', id).executeTakeFirst();
    if (!row || !can(actor, 'delete', { type: 'analytics_view', ownerId: row.owner_id })) throw new AppError('NOT_FOUND', 'errors.notFound');
    await trx.deleteFrom('analytics_saved_view').where('id', '=', id).execute();
    await writeAudit(trx, { actorId: actor.userId, action: 'delete', entity: 'analytics_saved_view', entityId: id, before: { name: row.name, query: row.query } });
  });
}
