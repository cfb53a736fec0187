import { sql } from 'kysely';
import { can, parseDate, parsePeriodKey, type Actor, type CellError, type DisaggregationDimension, type Frequency } from '@kamkor/domain';
import type { Db } from './audit.ts';
import { createStage, type Stage, type StageColumn } from './import-stage.ts';
import { listIndicators } from './results-framework.ts';
import { listDisaggregationCategories, projectResource } from './results-projects.ts';
import { BULK_DIMENSIONS, type ReportFlags } from './results-bulk.ts';
import { computeFlags, gridsOf } from './results-reports.ts';

/**
 * The staged bulk import (issue #12): the read rows are staged in an unlogged table, validated
 * with SQL joins against the few distinct codes a file names (projects the actor may import into,
 * their indicators, periods, categories), and merged with one `insert … on conflict … where … is
 * distinct from`. The dry run counts and flags from the staged rows and writes no real table.
 */
export const BULK_STAGE_COLUMNS: readonly StageColumn[] = [
  { name: 'line', type: 'int' },
  { name: 'project_code', type: 'text' },
  { name: 'indicator_code', type: 'text' },
  { name: 'period', type: 'text' },
  { name: 'sex', type: 'text' },
  { name: 'age_group', type: 'text' },
  { name: 'disability', type: 'text' },
  { name: 'territory', type: 'text' },
  { name: 'value', type: 'numeric' },
  { name: 'numerator', type: 'numeric' },
  { name: 'denominator', type: 'numeric' },
];

/** A staging table for the bulk sheet's rows (`BULK_STAGE_COLUMNS`). */
export function createBulkStage(db: Db): Promise<Stage> {
  return createStage(db, BULK_STAGE_COLUMNS);
}

/** The refusal of a staged row, by code: the column it points at, its message, and whether the cell's text goes with it. */
const ERRORS: Record<number, { col: string; messageKey: string; withValue?: boolean }> = {
  1: { col: 'A', messageKey: 'results:bulk.unknownProject', withValue: true },
  2: { col: 'B', messageKey: 'results:bulk.unknownIndicator', withValue: true },
  3: { col: 'C', messageKey: 'results:bulk.unknownPeriod', withValue: true },
  4: { col: 'C', messageKey: 'results:errors.locked' },
  5: { col: 'C', messageKey: 'results:errors.inReview' },
  6: { col: 'D', messageKey: 'results:bulk.unknownCategory', withValue: true },
  7: { col: 'E', messageKey: 'results:bulk.unknownCategory', withValue: true },
  8: { col: 'F', messageKey: 'results:bulk.unknownCategory', withValue: true },
  9: { col: 'G', messageKey: 'results:bulk.unknownCategory', withValue: true },
  10: { col: 'D', messageKey: 'results:bulk.notInGrid', withValue: true },
  11: { col: 'I', messageKey: 'results:bulk.needFraction' },
  12: { col: 'H', messageKey: 'results:bulk.needValue' },
  13: { col: 'H', messageKey: 'results:excel.notYesNo', withValue: true },
  14: { col: 'A', messageKey: 'results:bulk.duplicate' },
};

/**
 * The distinct keys of a staged bulk sheet, as `resolveBulkStage` would select them from the stage
 * (`collectBulkStageKeys` gathers them while the batches are staged, which saves four scans).
 */
export interface BulkStageKeys {
  projects: string[];
  indicators: { p: string; i: string }[];
  periods: { p: string; k: string }[];
  /** Category texts by dimension (not blank); `p` is the project code for territories, else ''. */
  categories: { d: DisaggregationDimension; p: string; v: string }[];
}

/** Gathers `BulkStageKeys` from staged batches (columns as in `BULK_STAGE_COLUMNS`). */
export function collectBulkStageKeys() {
  const projects = new Set<string>();
  const pairs = { i: new Map<string, { p: string; i: string }>(), k: new Map<string, { p: string; k: string }>(), c: new Map<string, { d: DisaggregationDimension; p: string; v: string }>() };
  const dims: [DisaggregationDimension, 'sex' | 'age_group' | 'disability' | 'territory'][] = [
    ['sex', 'sex'],
    ['age_group', 'age_group'],
    ['disability', 'disability'],
    ['territory', 'territory'],
  ];
  return {
    add(b: { project_code: readonly string[]; indicator_code: readonly string[]; period: readonly string[]; sex: readonly string[]; age_group: readonly string[]; disability: readonly string[]; territory: readonly string[] }) {
      for (let n = 0; n < b.project_code.length; n++) {
        const p = b.project_code[n]!;
        projects.add(p);
        const i = b.indicator_code[n]!;
        const ik = `${p}\u0001${i}`;
        if (!pairs.i.has(ik)) pairs.i.set(ik, { p, i });
        const k = b.period[n]!;
        const kk = `${p}\u0001${k}`;
        if (!pairs.k.has(kk)) pairs.k.set(kk, { p, k });
        for (const [d, col] of dims) {
          const v = b[col][n]!;
          if (v === '') continue;
          const cp = d === 'territory' ? p : '';
          const ck = `${d}\u0001${cp}\u0001${v}`;
          if (!pairs.c.has(ck)) pairs.c.set(ck, { d, p: cp, v });
        }
      }
    },
    keys(): BulkStageKeys {
      return { projects: [...projects], indicators: [...pairs.i.values()], periods: [...pairs.k.values()], categories: [...pairs.c.values()] };
    },
  };
}

/** The staged rows resolved: the summary the import needs next. */
export interface ResolvedBulkStage {
  /** The resolved table (`<stage>_r`): line, report_id, indicator_id, cell_key, value, numerator, denominator, err_code, err_value. */
  table: string;
  /** Grid sizes of the indicators the file names, for the totals of complete grids. */
  gridSizes: Map<string, number>;
  valid: number;
  errorCount: number;
  /** The first `maxErrors` refusals, in row order, each with its row number. */
  errors: (CellError & { row: number })[];
  /** Reports the valid rows write into. */
  reportIds: string[];
}

const lower = (s: string) => s.toLowerCase();

/**
 * Runs a statement on one connection with PostgreSQL's JIT off: the planner over-estimates the
 * staged joins and would spend seconds compiling a plan that runs in a fraction of that. Outside any
 * transaction (no lock held); the setting is restored before the connection goes back to the pool.
 */
export async function withoutJit<T>(db: Db, fn: (c: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    await sql`set local jit = off`.execute(db);
    return fn(db);
  }
  return db.connection().execute(async (c) => {
    await sql`set jit = off`.execute(c);
    try {
      return await fn(c);
    } finally {
      await sql`reset jit`.execute(c);
    }
  });
}

/**
 * Resolves a staged bulk sheet: loads the projects the file names (one query per kind, whatever
 * their number), decides with `can()` which the actor may import into (the others read like unknown
 * codes), maps the distinct indicator codes, periods and category texts of the file in memory, and
 * joins the staged rows against those small sets in one `insert … select` into `<stage>_r`, refusing
 * unknown codes, locked or in-review periods, cells outside the grid, missing numbers and duplicates.
 * Reads only the real tables.
 */
export async function resolveBulkStage(db: Db, actor: Actor, stage: Stage, opts: { sheet: string; maxErrors: number; keys?: BulkStageKeys }): Promise<ResolvedBulkStage> {
  const t = sql.id(stage.table);
  const codes = opts.keys ? opts.keys.projects : (await sql<{ c: string }>`select distinct project_code as c from ${t}`.execute(db)).rows.map((r) => r.c);
  const projects = codes.length
    ? await db.selectFrom('project').select(['id', 'code', 'contractor_id', 'customer_id', 'signed_at', 'frequency']).where(sql<boolean>`code = any(${codes}::text[])`).execute()
    : [];
  const territories = projects.length
    ? await db
        .selectFrom('project_territory')
        .innerJoin('admin_unit', 'admin_unit.soate', 'project_territory.admin_unit_soate')
        .select(['project_territory.project_id', 'admin_unit.soate', 'admin_unit.name_ky', 'admin_unit.name_ru', 'admin_unit.name_en'])
        .where(sql<boolean>`project_territory.project_id = any(${projects.map((p) => p.id)}::uuid[])`)
        .execute()
    : [];
  const territoriesOf = (id: string) => territories.filter((x) => x.project_id === id);
  // The policy decides, project by project; a project the actor may not import into reads like an unknown one.
  const allowed = projects.filter((p) => can(actor, 'import', projectResource({ ...p, territories: territoriesOf(p.id) })));
  const byCode = new Map(allowed.map((p) => [p.code, p]));
  const indicators = await listIndicators(db, { projectIds: allowed.map((p) => p.id) });
  const baseCats = (await listDisaggregationCategories(db)) as Partial<Record<DisaggregationDimension, { code: string; name_ky: string; name_ru: string; name_en: string }[]>>;
  const gridSizes = new Map<string, number>();
  const gridDims = new Map<string, string>();
  for (const p of allowed) {
    const cats = { ...baseCats, territory: territoriesOf(p.id).map((x) => ({ code: x.soate, name_ky: x.name_ky, name_ru: x.name_ru, name_en: x.name_en })) };
    for (const [id, grid] of gridsOf(indicators.filter((i) => i.projectId === p.id), cats)) {
      gridDims.set(id, grid[0]?.parts.map((x) => x.dimension).join('|') ?? '');
      if (grid.length) gridSizes.set(id, grid.length);
    }
  }
  const categoryCode = (d: DisaggregationDimension, projectId: string | null, text: string): string | null => {
    const list = d === 'territory' ? (projectId ? territoriesOf(projectId).map((x) => ({ code: x.soate, name_ky: x.name_ky, name_ru: x.name_ru, name_en: x.name_en })) : []) : (baseCats[d] ?? []);
    const want = lower(text);
    for (const c of list) for (const name of [c.code, c.name_ky, c.name_ru, c.name_en]) if (name && lower(name.trim()) === want) return c.code;
    return null;
  };

  // The distinct keys of the file, each mapped once (a file names a few hundred of each).
  const indPairs = opts.keys ? opts.keys.indicators : (await sql<{ p: string; i: string }>`select distinct project_code as p, indicator_code as i from ${t}`.execute(db)).rows;
  const indByProject = new Map<string, Map<string, (typeof indicators)[number]>>();
  for (const i of indicators) (indByProject.get(i.projectId) ?? indByProject.set(i.projectId, new Map()).get(i.projectId)!).set(lower(i.code), i);
  const ind = { p: [] as string[], c: [] as string[], id: [] as string[], type: [] as string[], dims: [] as string[] };
  for (const r of indPairs) {
    const p = byCode.get(r.p);
    const i = p ? indByProject.get(p.id)?.get(lower(r.i)) : undefined;
    if (!i) continue;
    ind.p.push(r.p);
    ind.c.push(r.i);
    ind.id.push(i.id);
    ind.type.push(i.type);
    ind.dims.push(gridDims.get(i.id) ?? '');
  }
  const periodPairs = (opts.keys ? opts.keys.periods : (await sql<{ p: string; k: string }>`select distinct project_code as p, period as k from ${t}`.execute(db)).rows).filter((r) => byCode.has(r.p));
  const reports = allowed.length
    ? await db.selectFrom('report').select(['id', 'project_id', 'period_key', 'period_start', 'period_end', 'status']).where(sql<boolean>`project_id = any(${allowed.map((p) => p.id)}::uuid[])`).execute()
    : [];
  const per = { p: [] as string[], k: [] as string[], id: [] as string[], status: [] as string[] };
  for (const r of periodPairs) {
    const p = byCode.get(r.p)!;
    const mine = reports.filter((x) => x.project_id === p.id);
    const key = parsePeriodKey(r.k, p.frequency as Frequency);
    const date = key ? null : parseDate(r.k);
    const rep = key ? mine.find((x) => x.period_key === key) : date ? mine.find((x) => x.period_start <= date && date <= x.period_end) : undefined;
    if (!rep) continue;
    per.p.push(r.p);
    per.k.push(r.k);
    per.id.push(rep.id);
    per.status.push(rep.status);
  }
  const catTexts = opts.keys ? opts.keys.categories : (
    await sql<{ d: DisaggregationDimension; p: string; v: string }>`
      select distinct 'sex' as d, '' as p, sex as v from ${t} where sex <> ''
      union select 'age_group', '', age_group from ${t} where age_group <> ''
      union select 'disability', '', disability from ${t} where disability <> ''
      union select 'territory', project_code, territory from ${t} where territory <> ''`.execute(db)
  ).rows;
  const cat = { d: [] as string[], p: [] as string[], v: [] as string[], code: [] as string[] };
  for (const r of catTexts) {
    const code = categoryCode(r.d, r.d === 'territory' ? (byCode.get(r.p)?.id ?? null) : null, r.v);
    if (!code) continue;
    cat.d.push(r.d);
    cat.p.push(r.p);
    cat.v.push(r.v);
    cat.code.push(code);
  }

  const resolved = `${stage.table}_r`;
  const r = sql.id(resolved);
  await sql`create unlogged table ${r} (line int, report_id uuid, indicator_id uuid, cell_key text, value numeric, numerator numeric, denominator numeric, err_code int, err_value text)`.execute(db);
  const [sexD, ageD, disD, terD] = BULK_DIMENSIONS as [DisaggregationDimension, DisaggregationDimension, DisaggregationDimension, DisaggregationDimension];
  // One pass over the staged rows, hash-joined against the small sets above by one key each (the
  // code pairs joined with a separator no cell holds).
  const key = (a: string[], b: string[]) => a.map((x, i) => `${x}\u0001${b[i]}`);
  await withoutJit(db, (c) => sql`
    insert into ${r}
    with ind as (select * from unnest(${key(ind.p, ind.c)}::text[], ${ind.id}::uuid[], ${ind.type}::text[], ${ind.dims}::text[]) as x(k, id, type, dims)),
         per as (select * from unnest(${key(per.p, per.k)}::text[], ${per.id}::uuid[], ${per.status}::text[]) as x(k, id, status)),
         cat as (select * from unnest(${key(cat.d, cat.v)}::text[], ${cat.code}::text[]) as x(k, code)),
         ter as (select * from unnest(${key(cat.p, cat.v)}::text[], ${cat.code}::text[], ${cat.d}::text[]) as x(k, code, d) where d = 'territory'),
         prj as (select * from unnest(${[...byCode.keys()]}::text[]) as x(code)),
         j as (
           select s.line, s.project_code, s.indicator_code, s.period, s.sex, s.age_group, s.disability, s.territory,
                  prj.code is not null as known, ind.id as indicator_id, ind.type, ind.dims, per.id as report_id, per.status,
                  sx.code as sx, ag.code as ag, di.code as di, te.code as te,
                  s.value, s.numerator, s.denominator,
                  concat_ws('|', case when s.sex <> '' then ${sexD}::text end, case when s.age_group <> '' then ${ageD}::text end,
                                 case when s.disability <> '' then ${disD}::text end, case when s.territory <> '' then ${terD}::text end) as given
           from ${t} s
           left join prj on prj.code = s.project_code
           left join ind on ind.k = s.project_code || chr(1) || s.indicator_code
           left join per on per.k = s.project_code || chr(1) || s.period
           left join cat sx on sx.k = 'sex' || chr(1) || s.sex
           left join cat ag on ag.k = 'age_group' || chr(1) || s.age_group
           left join cat di on di.k = 'disability' || chr(1) || s.disability
           left join ter te on te.k = s.project_code || chr(1) || s.territory
         ),
         k as (
           select j.*,
                  concat_ws('|', 'sex=' || sx, 'age_group=' || ag, 'disability=' || di, 'territory=' || te) as ck,
                  case
                    when not known then 1
                    when indicator_id is null then 2
                    when report_id is null then 3
                    when status = 'approved' then 4
                    when status not in ('draft', 'returned') then 5
                    when sex <> '' and sx is null then 6
                    when age_group <> '' and ag is null then 7
                    when disability <> '' and di is null then 8
                    when territory <> '' and te is null then 9
                    when given <> '' and given <> dims then 10
                    when type = 'percentage' and (numerator is null or denominator is null) then 11
                    when type <> 'percentage' and value is null then 12
                    when type = 'yes_no' and value not in (0, 1) then 13
                  end as err
           from j
         )
    select line, report_id, indicator_id, ck,
           case when type = 'percentage' then null else value end,
           case when type = 'percentage' then numerator end,
           case when type = 'percentage' then denominator end,
           err,
           case err
             when 1 then project_code when 2 then indicator_code when 3 then period
             when 6 then sex when 7 then age_group when 8 then disability when 9 then territory
             when 10 then ck when 13 then value::text
           end
    from k`.execute(c));
  // A cell given twice: the later rows are refused (a hash count first; the ordered pass only when there are any).
  const dup = await sql<{ n: number }>`
    select count(*)::int as n from (select 1 from ${r} where err_code is null group by report_id, indicator_id, cell_key having count(*) > 1) d`.execute(db);
  if (dup.rows[0]!.n > 0) {
    await sql`
      update ${r} set err_code = 14
      where line in (
        select line from (
          select line, row_number() over (partition by report_id, indicator_id, cell_key order by line) as n
          from ${r} where err_code is null) d
        where d.n > 1)`.execute(db);
  }
  const sums = (await sql<{ valid: number; errors: number }>`select count(*) filter (where err_code is null)::int as valid, count(*) filter (where err_code is not null)::int as errors from ${r}`.execute(db)).rows[0]!;
  const errorRows = sums.errors
    ? (await sql<{ line: number; err_code: number; err_value: string | null }>`select line, err_code, err_value from ${r} where err_code is not null order by line limit ${opts.maxErrors}`.execute(db)).rows
    : [];
  const errors = errorRows.map((e) => {
    const d = ERRORS[e.err_code]!;
    const value = e.err_code === 13 ? Number(e.err_value) : e.err_value;
    return { row: e.line, sheet: opts.sheet, cell: `${d.col}${e.line}`, messageKey: d.messageKey, params: d.withValue ? { value } : undefined };
  });
  const reportIds = sums.valid ? (await sql<{ id: string }>`select distinct report_id as id from ${r} where err_code is null`.execute(db)).rows.map((x) => x.id) : [];
  return { table: resolved, gridSizes, valid: sums.valid, errorCount: sums.errors, errors, reportIds };
}

/**
 * What the merge would do, read only: each valid staged row is new (created), differs from the
 * stored numbers (updated) or is the same (unchanged). One query, no write to a real table.
 */
export async function previewBulkStage(db: Db, resolved: ResolvedBulkStage) {
  const r = sql.id(resolved.table);
  const c = (
    await sql<{ created: number; updated: number }>`
      select count(*) filter (where s.report_id is null)::int as created,
             count(*) filter (where s.report_id is not null and (s.value, s.numerator, s.denominator) is distinct from (t.value, t.numerator, t.denominator))::int as updated
      from ${r} t
      left join report_value s on s.report_id = t.report_id and s.indicator_id = t.indicator_id and s.cell_key = t.cell_key
      where t.err_code is null`.execute(db)
  ).rows[0]!;
  return { created: c.created, updated: c.updated, unchanged: resolved.valid - c.created - c.updated };
}

/**
 * The data-quality flags the reports would carry once the staged values are in (stored values
 * overlaid with staged ones, totals of complete grids filled): shown by the dry run, before the apply.
 */
export async function previewBulkFlags(db: Db, resolved: ResolvedBulkStage): Promise<ReportFlags[]> {
  const computed = (await computeFlags(db, resolved.reportIds, { staged: resolved.table })).filter((f) => f.flags.length > 0);
  return describeFlags(db, computed);
}

/** Codes of the projects, periods and indicators of computed flags, ordered as `listReportFlags`. */
async function describeFlags(db: Db, computed: { report_id: string; indicator_id: string; flags: string[] }[]): Promise<ReportFlags[]> {
  if (!computed.length) return [];
  const reports = await db
    .selectFrom('report')
    .innerJoin('project', 'project.id', 'report.project_id')
    .select(['report.id', 'report.period_key', 'project.code'])
    .where(sql<boolean>`report.id = any(${[...new Set(computed.map((c) => c.report_id))]}::uuid[])`)
    .execute();
  const inds = await db.selectFrom('indicator').select(['id', 'code', 'sort']).where(sql<boolean>`id = any(${[...new Set(computed.map((c) => c.indicator_id))]}::uuid[])`).execute();
  const rep = new Map(reports.map((x) => [x.id, x]));
  const ind = new Map(inds.map((x) => [x.id, x]));
  return computed
    .map((c) => ({ projectCode: rep.get(c.report_id)!.code, periodKey: rep.get(c.report_id)!.period_key, indicatorCode: ind.get(c.indicator_id)!.code, sort: ind.get(c.indicator_id)!.sort, flags: c.flags }))
    .sort((a, b) => (a.projectCode < b.projectCode ? -1 : a.projectCode > b.projectCode ? 1 : a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : a.sort - b.sort))
    .map(({ sort: _sort, ...f }) => f);
}

/**
 * The merge: one `insert … select … on conflict do update … where … is distinct from` of every valid
 * staged row (an unchanged row is not touched), counted from its own result, with the reports it
 * really changed (`changedReportIds`: the only ones whose totals and flags can change). Call in the apply's
 * transaction, only when the stage has no errors.
 */
export async function mergeBulkStage(db: Db, resolved: ResolvedBulkStage, userId: string | null) {
  const r = sql.id(resolved.table);
  // Counted per report (a hash aggregate over a few hundred groups), so the changed reports come with the counts.
  const per = (
    await sql<{ report_id: string; created: number; updated: number }>`
      with up as (
        insert into report_value (report_id, indicator_id, cell_key, value, numerator, denominator, updated_by)
        select report_id, indicator_id, cell_key, value, numerator, denominator, ${userId}::uuid from ${r} where err_code is null
        on conflict (report_id, indicator_id, cell_key) do update
          set value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator,
              updated_by = excluded.updated_by, updated_at = now()
          where (report_value.value, report_value.numerator, report_value.denominator)
                is distinct from (excluded.value, excluded.numerator, excluded.denominator)
        returning report_id, (xmax = 0) as inserted)
      select report_id, count(*) filter (where inserted)::int as created, count(*) filter (where not inserted)::int as updated
      from up group by report_id`.execute(db)
  ).rows;
  const created = per.reduce((n, x) => n + x.created, 0);
  const updated = per.reduce((n, x) => n + x.updated, 0);
  return { created, updated, unchanged: resolved.valid - created - updated, changedReportIds: per.map((x) => x.report_id) };
}
