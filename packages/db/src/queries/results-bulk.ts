import { sql } from 'kysely';
import { can, type Actor, type DisaggregationDimension, type Frequency, type ReportStatus } from '@kamkor/domain';
import type { Db } from './audit.ts';
import { listIndicators, type Indicator } from './results-framework.ts';
import { projectResource } from './results-projects.ts';
import { gridsOf, projectCategories } from './results-reports.ts';

/** The disaggregation columns of the bulk long sheet, in sheet order. */
export const BULK_DIMENSIONS: DisaggregationDimension[] = ['sex', 'age_group', 'disability', 'territory'];

/** What the bulk import needs to know about one project, loaded once per code in a file. */
export interface BulkProject {
  id: string;
  /** May the actor import into it (a project they may not touch reads like an unknown one). */
  allowed: boolean;
  frequency: Frequency;
  /** By lower-case indicator code. */
  indicators: Map<string, Indicator>;
  /** Cell keys of each indicator's disaggregation grid. */
  grids: Map<string, Set<string>>;
  /** Category code by lower-case code or name (ky/ru/en), per dimension. */
  categories: Map<DisaggregationDimension, Map<string, string>>;
  reports: { id: string; key: string; start: string; end: string; status: ReportStatus }[];
}

/** Loads a project of the bulk import by its code; null when there is none. */
export async function findBulkProject(db: Db, actor: Actor, code: string): Promise<BulkProject | null> {
  const p = await db.selectFrom('project').select(['id', 'contractor_id', 'customer_id', 'signed_at', 'frequency']).where('code', '=', code).executeTakeFirst();
  if (!p) return null;
  const territories = await db
    .selectFrom('project_territory')
    .innerJoin('admin_unit', 'admin_unit.soate', 'project_territory.admin_unit_soate')
    .select(['admin_unit.soate', 'admin_unit.name_ky', 'admin_unit.name_ru', 'admin_unit.name_en'])
    .where('project_id', '=', p.id)
    .execute();
  const allowed = can(actor, 'import', projectResource({ ...p, territories }));
  const indicators = await listIndicators(db, { projectId: p.id });
  const cats = await projectCategories(db, { territories });
  const grids = gridsOf(indicators, cats);
  const categories = new Map<DisaggregationDimension, Map<string, string>>();
  for (const d of BULK_DIMENSIONS) {
    const m = new Map<string, string>();
    for (const c of cats[d] ?? []) for (const name of [c.code, c.name_ky, c.name_ru, c.name_en]) if (name) m.set(name.trim().toLowerCase(), c.code);
    categories.set(d, m);
  }
  const reports = (await db.selectFrom('report').select(['id', 'period_key', 'period_start', 'period_end', 'status']).where('project_id', '=', p.id).execute()).map((r) => ({
    id: r.id,
    key: r.period_key,
    start: r.period_start,
    end: r.period_end,
    status: r.status as ReportStatus,
  }));
  return {
    id: p.id,
    allowed,
    frequency: p.frequency as Frequency,
    indicators: new Map(indicators.map((i) => [i.code.toLowerCase(), i])),
    grids: new Map([...grids].map(([id, g]) => [id, new Set(g.map((c) => c.key))])),
    categories,
    reports,
  };
}

/**
 * Totals of complete grids where a sheet gave only the cells, set-based: for each touched report and
 * indicator whose grid (of `size` cells by indicator id) is fully filled, the total row is the sum.
 * A total already present is kept.
 */
export async function completeGridTotals(db: Db, actorId: string, gridSizes: Map<string, number>, reportIds: string[]): Promise<void> {
  if (!reportIds.length || !gridSizes.size) return;
  await sql`
    insert into report_value (report_id, indicator_id, cell_key, value, numerator, denominator, updated_by)
    select v.report_id, v.indicator_id, '', sum(v.value), sum(v.numerator), sum(v.denominator), ${actorId}::uuid
    from report_value v
    join unnest(${[...gridSizes.keys()]}::uuid[], ${[...gridSizes.values()]}::int[]) as g(indicator_id, size) on g.indicator_id = v.indicator_id
    where v.report_id = any(${reportIds}::uuid[]) and v.cell_key <> ''
    group by v.report_id, v.indicator_id, g.size
    having count(*) = g.size
    on conflict (report_id, indicator_id, cell_key) do nothing`.execute(db);
}

/** One indicator of a report that carries data-quality flags. */
export interface ReportFlags {
  projectCode: string;
  periodKey: string;
  indicatorCode: string;
  flags: string[];
}

/**
 * The data-quality flags the given reports carry now (in the caller's transaction, so a dry run's
 * rolled-back values are seen): shown before the apply, so impossible values are questioned early.
 */
export async function listReportFlags(db: Db, reportIds: string[]): Promise<ReportFlags[]> {
  if (reportIds.length === 0) return [];
  const rows = await db
    .selectFrom('report_indicator')
    .innerJoin('indicator', 'indicator.id', 'report_indicator.indicator_id')
    .innerJoin('report', 'report.id', 'report_indicator.report_id')
    .innerJoin('project', 'project.id', 'report.project_id')
    .select(['project.code as projectCode', 'report.period_key as periodKey', 'indicator.code as indicatorCode', 'report_indicator.flags'])
    .where('report_indicator.report_id', 'in', reportIds)
    .orderBy('project.code')
    .orderBy('report.period_key')
    .orderBy('indicator.sort')
    .execute();
  return rows.filter((r) => r.flags.length > 0);
}
