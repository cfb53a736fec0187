import { sql } from 'kysely';
import {
  AppError,
  TOTAL_CELL,
  can,
  checkValue,
  completeTotals,
  disaggregationGrid,
  isReportEditable,
  isOnTime,
  measureValue,
  nextStatus,
  type Action,
  type Actor,
  type Category,
  type CellValue,
  type DisaggregationDimension,
  type GridCell,
  type Measure,
  type QualityFlag,
  type ReportStatus,
  type ReportTransition,
} from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { listIndicators, type Indicator } from './results-framework.ts';
import { getProject, listDisaggregationCategories, num, projectResource, type ProjectRow } from './results-projects.ts';
import { isUuid } from './people.ts';
import { databaseStorage } from './storage.ts';
import { createStage, dropStage, stageColumns } from './import-stage.ts';
import { previewValues } from './values-preview.ts';

export type { CellValue } from '@kamkor/domain';

export type ReportRow = Awaited<ReturnType<typeof getReport>>;

/** A report; throws NOT_FOUND. */
export async function getReport(db: Db, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const r = await db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', 'errors.notFound');
  return { ...r, status: r.status as ReportStatus, onTime: isOnTime(r.first_submitted_at, r.due_date) };
}

/** The report of a project's period; throws NOT_FOUND. */
export async function getReportByPeriod(db: Db, projectId: string, periodKey: string) {
  const r = await db.selectFrom('report').select('id').where('project_id', '=', projectId).where('period_key', '=', periodKey).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', 'errors.notFound');
  return getReport(db, r.id);
}

/** Loads a report and its project, and checks the actor may `action` it (else NOT_FOUND). */
export async function getReportForActor(db: Db, actor: Actor | null, reportId: string, action: Action = 'view') {
  const report = await getReport(db, reportId);
  const project = await getProject(db, report.project_id);
  if (!can(actor, action, projectResource(project))) throw new AppError('NOT_FOUND', 'errors.notFound');
  return { report, project };
}

/** Reports of a project by period, with on-time flags and counts of flagged indicators. */
export async function listReports(db: Db, projectId: string) {
  const rows = await db
    .selectFrom('report')
    .selectAll()
    .select((eb) =>
      eb
        .selectFrom('report_indicator')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('report_indicator.report_id', '=', 'report.id')
        .where(sql<boolean>`cardinality(report_indicator.flags) > 0`)
        .as('flagged'),
    )
    .where('project_id', '=', projectId)
    .orderBy('period_start')
    .execute();
  return rows.map((r) => ({ ...r, status: r.status as ReportStatus, onTime: isOnTime(r.first_submitted_at, r.due_date) }));
}

/** Categories of every dimension for a project: configured ones plus its territories. */
export async function projectCategories(db: Db, project: Pick<ProjectRow, 'territories'>): Promise<Partial<Record<DisaggregationDimension, Category[]>>> {
  const cats = (await listDisaggregationCategories(db)) as Partial<Record<DisaggregationDimension, Category[]>>;
  cats.territory = project.territories.map((t) => ({ code: t.soate, name_ky: t.name_ky, name_ru: t.name_ru, name_en: t.name_en }));
  return cats;
}

/** The disaggregation grid of each indicator. */
export function gridsOf(indicators: Indicator[], categories: Partial<Record<DisaggregationDimension, Category[]>>): Map<string, GridCell[]> {
  return new Map(indicators.map((i) => [i.id, disaggregationGrid(i.disaggregations, categories)]));
}

const toCell = (r: { indicator_id: string; cell_key: string; value: string | null; numerator: string | null; denominator: string | null }): CellValue => ({
  indicatorId: r.indicator_id,
  cellKey: r.cell_key,
  value: num(r.value),
  numerator: num(r.numerator),
  denominator: num(r.denominator),
});

/** Everything the report page and the template need. */
export async function loadReport(db: Db, reportId: string) {
  const report = await getReport(db, reportId);
  const project = await getProject(db, report.project_id);
  const indicators = await listIndicators(db, { projectId: project.id });
  const categories = await projectCategories(db, project);
  const values = (await db.selectFrom('report_value').selectAll().where('report_id', '=', reportId).execute()).map(toCell);
  const states = await db.selectFrom('report_indicator').selectAll().where('report_id', '=', reportId).execute();
  const comments = await db
    .selectFrom('report_comment')
    .leftJoin('app_user', 'app_user.id', 'report_comment.author_id')
    .select(['report_comment.id', 'report_comment.indicator_id', 'report_comment.body', 'report_comment.created_at', 'app_user.full_name'])
    .where('report_id', '=', reportId)
    .orderBy('report_comment.created_at')
    .execute();
  const evidenceRows = await db
    .selectFrom('report_evidence')
    .select(['report_evidence.id', 'report_evidence.indicator_id', 'report_evidence.file_id'])
    .where('report_evidence.report_id', '=', reportId)
    .execute();
  // File names and sizes come from the file storage, which alone reads stored files.
  const files = await databaseStorage(db).describe(evidenceRows.map((e) => e.file_id));
  const evidence = evidenceRows
    .filter((e) => files.has(e.file_id))
    .map((e) => ({ ...e, file_name: files.get(e.file_id)!.fileName, size_bytes: files.get(e.file_id)!.sizeBytes }));
  return {
    report,
    project,
    indicators,
    categories,
    grids: gridsOf(indicators, categories),
    values,
    states: new Map(states.map((s) => [s.indicator_id, { flags: s.flags as QualityFlag[], explanation: s.explanation, followUp: s.follow_up }])),
    comments,
    evidence,
  };
}

const round4 = (v: number | null) => (v == null ? null : Math.round(v * 10_000) / 10_000);

/**
 * Writes values in batches and counts what changed. Rows whose three numbers are all empty remove the
 * stored value. Uses the insert-or-update's own result: a new row is created, a changed row updated,
 * a row with the same numbers is left alone (so re-uploading the same file changes nothing).
 */
export async function upsertValues(db: Db, reportIdOf: (v: CellValue) => string, values: CellValue[], userId: string | null) {
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  const writes = values.filter((v) => v.value != null || v.numerator != null || v.denominator != null);
  const clears = values.filter((v) => v.value == null && v.numerator == null && v.denominator == null);
  const BATCH = 5000;
  for (let i = 0; i < writes.length; i += BATCH) {
    const chunk = writes.slice(i, i + BATCH);
    const res = await sql<{ inserted: boolean }>`
      insert into report_value (report_id, indicator_id, cell_key, value, numerator, denominator, updated_by)
      select r, i, c, v, n, d, ${userId}::uuid
      from unnest(${chunk.map(reportIdOf)}::uuid[], ${chunk.map((v) => v.indicatorId)}::uuid[], ${chunk.map((v) => v.cellKey)}::text[],
                  ${chunk.map((v) => round4(v.value))}::numeric[], ${chunk.map((v) => round4(v.numerator))}::numeric[],
                  ${chunk.map((v) => round4(v.denominator))}::numeric[]) as t(r, i, c, v, n, d)
      on conflict (report_id, indicator_id, cell_key) do update
        set value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator,
            updated_by = excluded.updated_by, updated_at = now()
        where (report_value.value, report_value.numerator, report_value.denominator)
              is distinct from (excluded.value, excluded.numerator, excluded.denominator)
      returning (xmax = 0) as inserted`.execute(db);
    for (const r of res.rows) {
      if (r.inserted) created++;
      else updated++;
    }
    unchanged += chunk.length - res.rows.length;
  }
  for (let i = 0; i < clears.length; i += BATCH) {
    const chunk = clears.slice(i, i + BATCH);
    const res = await sql<{ n: number }>`
      delete from report_value v using unnest(${chunk.map(reportIdOf)}::uuid[], ${chunk.map((v) => v.indicatorId)}::uuid[], ${chunk.map((v) => v.cellKey)}::text[]) as t(r, i, c)
      where v.report_id = t.r and v.indicator_id = t.i and v.cell_key = t.c
      returning 1 as n`.execute(db);
    updated += res.rows.length;
    unchanged += chunk.length - res.rows.length;
  }
  return { created, updated, unchanged };
}

/**
 * Recomputes data-quality flags of the given reports: disaggregates against the total, min/max,
 * numerator ≤ denominator, negatives, > 3× target, and outliers against the indicator's values in
 * the project's other periods. One query per project, whatever the number of values. Writes only
 * what changed: a row whose flags are the same is not touched, and an indicator with no flags and no
 * row yet gets none (no row reads as no flags).
 */
export async function recomputeFlags(db: Db, reportIds: string[]): Promise<void> {
  const upserts = await computeFlags(db, reportIds);
  for (let i = 0; i < upserts.length; i += 5000) {
    const chunk = upserts.slice(i, i + 5000);
    await sql`
      insert into report_indicator (report_id, indicator_id, flags)
      select r, i, case when f = '' then '{}'::text[] else string_to_array(f, ',') end
      from unnest(${chunk.map((u) => u.report_id)}::uuid[], ${chunk.map((u) => u.indicator_id)}::uuid[], ${chunk.map((u) => u.flags.join(','))}::text[]) as t(r, i, f)
      where f <> '' or exists (select 1 from report_indicator x where x.report_id = t.r and x.indicator_id = t.i)
      on conflict (report_id, indicator_id) do update set flags = excluded.flags
        where report_indicator.flags is distinct from excluded.flags`.execute(db);
  }
}

/** Projects whose values `computeFlags` holds in memory at once. */
const FLAG_PROJECTS_PER_PASS = 25;

/** The flags of one report's indicator, as `computeFlags` finds them. */
export interface ComputedFlags {
  report_id: string;
  indicator_id: string;
  flags: QualityFlag[];
}

/**
 * The data-quality flags of the given reports, computed with the domain's `checkValue` and written
 * nowhere. With `staged` (the resolved table of a staged import: report_id, indicator_id, cell_key,
 * value, numerator, denominator, err_code), the staged values are read over the stored ones and the
 * totals of complete grids are filled as the apply would fill them: the flags the import would raise,
 * before anything is written (a dry run). A fixed number of queries whatever the number of values.
 */
export async function computeFlags(db: Db, reportIds: string[], opts: { staged?: string; projectsPerPass?: number } = {}): Promise<ComputedFlags[]> {
  if (reportIds.length === 0) return [];
  // A fixed number of queries whatever the number of projects (bulk imports touch hundreds).
  const targetsReports = await db.selectFrom('report').select(['id', 'project_id']).where('id', 'in', reportIds).execute();
  const projectIds = [...new Set(targetsReports.map((r) => r.project_id))];
  // A bulk import touches hundreds of projects: they are taken a bounded number at a time, so memory
  // stays flat whatever the file's length (each project's flags need only its own values).
  const perPass = opts.projectsPerPass ?? FLAG_PROJECTS_PER_PASS;
  if (projectIds.length > perPass) {
    const out: ComputedFlags[] = [];
    for (let i = 0; i < projectIds.length; i += perPass) {
      const pass = new Set(projectIds.slice(i, i + perPass));
      out.push(...(await computeFlags(db, targetsReports.filter((r) => pass.has(r.project_id)).map((r) => r.id), opts)));
    }
    return out;
  }
  const target = new Set(reportIds);
  const reports = await db.selectFrom('report').select(['id', 'project_id', 'period_key', 'period_start']).where('project_id', 'in', projectIds).execute();
  const indicators = await listIndicators(db, { projectIds });
  const territories = await db
    .selectFrom('project_territory')
    .innerJoin('admin_unit', 'admin_unit.soate', 'project_territory.admin_unit_soate')
    .select(['project_territory.project_id', 'admin_unit.soate', 'admin_unit.name_ky', 'admin_unit.name_ru', 'admin_unit.name_en'])
    .where('project_territory.project_id', 'in', projectIds)
    .execute();
  const baseCats = (await listDisaggregationCategories(db)) as Partial<Record<DisaggregationDimension, Category[]>>;
  // By report ids (the primary key's prefix), not by a join on the project: the planner then uses
  // the index even on a table that grew inside this transaction (bulk import) without fresh statistics.
  const reportIdList = reports.map((r) => r.id);
  let rows: ValueRow[];
  if (!opts.staged) {
    rows = await db
      .selectFrom('report_value')
      .select(['report_id', 'indicator_id', 'cell_key', 'value', 'numerator', 'denominator'])
      .where('report_id', 'in', reportIdList)
      .execute();
  } else {
    const st = sql.id(opts.staged);
    rows = (
      await sql<ValueRow>`
        select v.report_id, v.indicator_id, v.cell_key, v.value::text, v.numerator::text, v.denominator::text
        from report_value v
        where v.report_id = any(${reportIdList}::uuid[])
          and not exists (select 1 from ${st} s where s.report_id = any(${reportIdList}::uuid[]) and s.err_code is null and s.report_id = v.report_id and s.indicator_id = v.indicator_id and s.cell_key = v.cell_key)
        union all
        select s.report_id, s.indicator_id, s.cell_key, s.value::text, s.numerator::text, s.denominator::text
        from ${st} s
        where s.report_id = any(${reportIdList}::uuid[]) and s.err_code is null and (s.value is not null or s.numerator is not null or s.denominator is not null)`.execute(db)
    ).rows;
  }
  const byId = new Map(reports.map((r) => [r.id, r]));
  const indById = new Map(indicators.map((i) => [i.id, i]));
  const byReport = new Map<string, Map<string, Measure>>();
  const totalsByIndicator = new Map<string, { reportId: string; start: string; v: number }[]>();
  const gridsByProject = new Map(
    projectIds.map((projectId) => {
      const cats = { ...baseCats, territory: territories.filter((t) => t.project_id === projectId).map((t) => ({ code: t.soate, name_ky: t.name_ky, name_ru: t.name_ru, name_en: t.name_en })) };
      return [projectId, gridsOf(indicators.filter((i) => i.projectId === projectId), cats)] as const;
    }),
  );
  if (opts.staged) {
    const sizes = new Map<string, number>();
    for (const grids of gridsByProject.values()) for (const [id, g] of grids) if (g.length) sizes.set(id, g.length);
    rows = withCompletedTotals(rows, sizes, target);
  }
  for (const r of rows) {
    const m: Measure = { value: num(r.value), numerator: num(r.numerator), denominator: num(r.denominator) };
    (byReport.get(r.report_id) ?? byReport.set(r.report_id, new Map()).get(r.report_id)!).set(`${r.indicator_id}\u0000${r.cell_key}`, m);
    if (r.cell_key === TOTAL_CELL) {
      const ind = indById.get(r.indicator_id);
      const v = ind ? measureValue(ind.type, m) : null;
      if (v != null) (totalsByIndicator.get(r.indicator_id) ?? totalsByIndicator.set(r.indicator_id, []).get(r.indicator_id)!).push({ reportId: r.report_id, start: byId.get(r.report_id)!.period_start, v });
    }
  }
  const upserts: ComputedFlags[] = [];
  for (const projectId of projectIds) {
    const projInds = indicators.filter((i) => i.projectId === projectId);
    const grids = gridsByProject.get(projectId)!;
    for (const rep of reports) {
      if (rep.project_id !== projectId || !target.has(rep.id)) continue;
      const vals = byReport.get(rep.id) ?? new Map<string, Measure>();
      for (const ind of projInds) {
        const grid = grids.get(ind.id) ?? [];
        const total = vals.get(`${ind.id}\u0000${TOTAL_CELL}`) ?? null;
        const cells = grid.map((c) => vals.get(`${ind.id}\u0000${c.key}`) ?? null);
        // A running total grows by construction; comparing it with its own past would flag every period.
        const history = ind.cumulativeMode === 'running_total' ? [] : (totalsByIndicator.get(ind.id) ?? []).filter((h) => h.reportId !== rep.id && h.start < rep.period_start).map((h) => h.v);
        const flags = total || cells.some(Boolean)
          ? checkValue({ type: ind.type, total, cells, min: ind.minValue, max: ind.maxValue, target: ind.targets[rep.period_key] ?? null, history })
          : [];
        upserts.push({ report_id: rep.id, indicator_id: ind.id, flags });
      }
    }
  }
  return upserts;
}


type ValueRow = { report_id: string; indicator_id: string; cell_key: string; value: string | null; numerator: string | null; denominator: string | null };

/**
 * The totals `completeGridTotals` would add, added to a list of values of the given reports: for each
 * report and indicator with a grid of `size` cells, no total and every cell present, the sum of the
 * cells (a sum of empty cells stays empty). The preview's twin of the SQL that the apply runs.
 */
function withCompletedTotals(rows: ValueRow[], gridSizes: Map<string, number>, reportIds: Set<string>): ValueRow[] {
  const groups = new Map<string, { total: boolean; cells: ValueRow[] }>();
  for (const r of rows) {
    if (!reportIds.has(r.report_id) || !gridSizes.has(r.indicator_id)) continue;
    const k = `${r.report_id}\u0000${r.indicator_id}`;
    const g = groups.get(k) ?? groups.set(k, { total: false, cells: [] }).get(k)!;
    if (r.cell_key === TOTAL_CELL) g.total = true;
    else g.cells.push(r);
  }
  const out = [...rows];
  for (const g of groups.values()) {
    const first = g.cells[0];
    if (g.total || !first || g.cells.length !== gridSizes.get(first.indicator_id)) continue;
    const sum = (f: (r: ValueRow) => string | null) => {
      const xs = g.cells.map(f).filter((x): x is string => x != null);
      return xs.length ? String(xs.reduce((s, x) => s + Number(x), 0)) : null;
    };
    out.push({ report_id: first.report_id, indicator_id: first.indicator_id, cell_key: TOTAL_CELL, value: sum((r) => r.value), numerator: sum((r) => r.numerator), denominator: sum((r) => r.denominator) });
  }
  return out;
}

/** Refuses changes to a period that is approved (locked) or under review. */
export function assertReportEditable(report: { status: ReportStatus }): void {
  if (report.status === 'approved') throw new AppError('CONFLICT', 'results:errors.locked');
  if (!isReportEditable(report.status)) throw new AppError('CONFLICT', 'results:errors.inReview');
}

/**
 * The values a save of `incoming` writes into a draft or returned report: the incoming cells (each
 * checked against the project's indicators and grids) and the totals of the touched indicators,
 * completed over the stored cells merged with the new ones. Reads only.
 */
async function plannedReportValues(db: Db, actor: Actor, reportId: string, incomingValues: CellValue[]) {
  const { report, project } = await getReportForActor(db, actor, reportId, 'report');
  assertReportEditable(report);
  const indicators = await listIndicators(db, { projectId: project.id });
  const grids = gridsOf(indicators, await projectCategories(db, project));
  for (const v of incomingValues) {
    const grid = grids.get(v.indicatorId);
    if (!grid || (v.cellKey !== TOTAL_CELL && !grid.some((g) => g.key === v.cellKey))) throw new AppError('INVALID', 'results:errors.unknownCell');
  }
  // Totals are completed over the stored cells merged with the new ones, for the indicators touched.
  const touched = new Set(incomingValues.map((v) => v.indicatorId));
  const stored = (await db.selectFrom('report_value').selectAll().where('report_id', '=', reportId).execute()).map(toCell).filter((v) => touched.has(v.indicatorId));
  const merged = new Map(stored.map((v) => [`${v.indicatorId}\u0000${v.cellKey}`, v]));
  for (const v of incomingValues) merged.set(`${v.indicatorId}\u0000${v.cellKey}`, v);
  const incoming = new Set(incomingValues.map((v) => `${v.indicatorId}\u0000${v.cellKey}`));
  const completed = completeTotals(indicators.filter((i) => touched.has(i.id)), grids, [...merged.values()]);
  const values = completed.filter((v) => incoming.has(`${v.indicatorId}\u0000${v.cellKey}`) || v.cellKey === TOTAL_CELL);
  return { indicators, values };
}

/**
 * What `saveReportValues` would do, written nowhere: the counts (created / updated / unchanged, as
 * `upsertValues` counts them) and the data-quality flags the report would carry. The values are laid
 * over the stored ones through an unlogged staging table of the run (dropped afterwards), so the dry
 * run writes no real table and opens no transaction (docs/decisions/021).
 */
export async function previewReportValues(db: Db, actor: Actor, reportId: string, input: { values: CellValue[] }) {
  const { indicators, values } = await plannedReportValues(db, actor, reportId, input.values);
  const counts = await previewValues(db, () => reportId, values);
  const stage = await createStage(db, [
    { name: 'report_id', type: 'uuid' },
    { name: 'indicator_id', type: 'uuid' },
    { name: 'cell_key', type: 'text' },
    { name: 'value', type: 'numeric' },
    { name: 'numerator', type: 'numeric' },
    { name: 'denominator', type: 'numeric' },
    { name: 'err_code', type: 'text' },
  ]);
  try {
    await stageColumns(db, stage, [
      values.map(() => reportId),
      values.map((v) => v.indicatorId),
      values.map((v) => v.cellKey),
      values.map((v) => v.value),
      values.map((v) => v.numerator),
      values.map((v) => v.denominator),
      values.map(() => null),
    ]);
    const computed = await computeFlags(db, [reportId], { staged: stage.table });
    const codeOf = new Map(indicators.map((i) => [i.id, i.code]));
    const sortOf = new Map(indicators.map((i, k) => [i.id, k]));
    const flags = computed
      .filter((f) => f.flags.length > 0)
      .sort((a, b) => (sortOf.get(a.indicator_id) ?? 0) - (sortOf.get(b.indicator_id) ?? 0))
      .map((f) => ({ indicatorCode: codeOf.get(f.indicator_id) ?? '', flags: f.flags as string[] }));
    return { counts, flags };
  } finally {
    await dropStage(db, stage);
  }
}

/**
 * The contractor saves values, explanations of flagged values and the narrative of a draft or
 * returned report. Values must belong to the project's indicators and their grids.
 */
export async function saveReportValues(
  db: Db,
  actor: Actor,
  reportId: string,
  input: { values: CellValue[]; explanations?: Record<string, string | null>; narrative?: string | null },
) {
  const { indicators, values } = await plannedReportValues(db, actor, reportId, input.values);
  const counts = await upsertValues(db, () => reportId, values, actor.userId);
  if (input.narrative !== undefined) await db.updateTable('report').set({ narrative: input.narrative, updated_at: new Date() }).where('id', '=', reportId).execute();
  await recomputeFlags(db, [reportId]);
  if (input.explanations) {
    for (const [indicatorId, explanation] of Object.entries(input.explanations)) {
      if (!indicators.some((i) => i.id === indicatorId)) continue;
      await db
        .insertInto('report_indicator')
        .values({ report_id: reportId, indicator_id: indicatorId, explanation })
        .onConflict((oc) => oc.columns(['report_id', 'indicator_id']).doUpdateSet({ explanation }))
        .execute();
    }
  }
  return counts;
}

/**
 * Moves a report along draft → submitted → returned → resubmitted → approved. Submitting needs an
 * explanation for every flagged value; returning needs a comment; approving locks the period;
 * unlocking (admin) needs a reason. Every step is audited.
 */
export async function transitionReport(
  db: Db,
  actor: Actor,
  reportId: string,
  transition: ReportTransition,
  opts: { comment?: string | null; indicatorId?: string | null; reason?: string | null } = {},
) {
  const action: Action = transition === 'submit' ? 'report' : transition === 'unlock' ? 'unlock' : transition === 'approve' ? 'approve' : 'review';
  const { report, project } = await getReportForActor(db, actor, reportId, action);
  const to = nextStatus(report.status, transition);
  if (!to) throw new AppError('CONFLICT', transition === 'submit' && report.status === 'approved' ? 'results:errors.locked' : 'results:errors.transition');
  if (transition === 'submit') {
    const flagged = await db
      .selectFrom('report_indicator')
      .select('indicator_id')
      .where('report_id', '=', reportId)
      .where(sql<boolean>`cardinality(flags) > 0`)
      .where((eb) => eb.or([eb('explanation', 'is', null), eb('explanation', '=', '')]))
      .execute();
    if (flagged.length) throw new AppError('INVALID', 'results:errors.flagNeedsComment', { count: flagged.length });
  }
  if (transition === 'return' && !opts.comment?.trim()) throw new AppError('INVALID', 'results:errors.commentRequired');
  if (transition === 'unlock' && !opts.reason?.trim()) throw new AppError('INVALID', 'results:errors.reasonRequired');
  const now = new Date();
  await db
    .updateTable('report')
    .set({
      status: to,
      updated_at: now,
      ...(transition === 'submit' ? { submitted_at: now, first_submitted_at: report.first_submitted_at ?? now } : {}),
      ...(transition === 'approve' ? { approved_at: now, approved_by: actor.userId } : {}),
      ...(transition === 'unlock' ? { approved_at: null, approved_by: null } : {}),
    })
    .where('id', '=', reportId)
    .where('status', '=', report.status)
    .execute();
  if (opts.comment?.trim()) {
    const ind = opts.indicatorId ? await db.selectFrom('indicator').select('id').where('id', '=', opts.indicatorId).where('project_id', '=', project.id).executeTakeFirst() : null;
    await db.insertInto('report_comment').values({ report_id: reportId, indicator_id: ind?.id ?? null, author_id: actor.userId, body: opts.comment.trim() }).execute();
  }
  await writeAudit(db, {
    actorId: actor.userId,
    action: `report.${transition}`,
    entity: 'report',
    entityId: reportId,
    before: { status: report.status },
    after: { status: to },
    reason: opts.reason ?? opts.comment ?? null,
  });
  return to;
}

/** A comment on a value (indicator) or on the whole report, by the contractor or a reviewer. */
export async function addReportComment(db: Db, actor: Actor, reportId: string, input: { indicatorId: string | null; body: string }) {
  const { project } = await getReportForActor(db, actor, reportId, 'comment');
  if (input.indicatorId) {
    const ind = await db.selectFrom('indicator').select('id').where('id', '=', input.indicatorId).where('project_id', '=', project.id).executeTakeFirst();
    if (!ind) throw new AppError('INVALID', 'results:errors.unknownCell');
  }
  await db.insertInto('report_comment').values({ report_id: reportId, indicator_id: input.indicatorId, author_id: actor.userId, body: input.body }).execute();
}

/** A reviewer marks a value for follow-up (e.g. at the next monitoring visit). */
export async function setFollowUp(db: Db, actor: Actor, reportId: string, indicatorId: string, followUp: boolean) {
  const { project } = await getReportForActor(db, actor, reportId, 'review');
  const ind = await db.selectFrom('indicator').select('id').where('id', '=', indicatorId).where('project_id', '=', project.id).executeTakeFirst();
  if (!ind) throw new AppError('NOT_FOUND', 'errors.notFound');
  await db
    .insertInto('report_indicator')
    .values({ report_id: reportId, indicator_id: indicatorId, follow_up: followUp })
    .onConflict((oc) => oc.columns(['report_id', 'indicator_id']).doUpdateSet({ follow_up: followUp }))
    .execute();
}

/** Attaches an evidence file (already stored) to a report or one of its values. */
export async function addEvidence(db: Db, actor: Actor, reportId: string, input: { indicatorId: string | null; fileId: string }) {
  const { report, project } = await getReportForActor(db, actor, reportId, 'report');
  assertReportEditable(report);
  if (input.indicatorId) {
    const ind = await db.selectFrom('indicator').select('id').where('id', '=', input.indicatorId).where('project_id', '=', project.id).executeTakeFirst();
    if (!ind) throw new AppError('INVALID', 'results:errors.unknownCell');
  }
  await db.insertInto('report_evidence').values({ report_id: reportId, indicator_id: input.indicatorId, file_id: input.fileId, created_by: actor.userId }).execute();
}

/** The evidence file of a report, if the actor may view the report. */
export async function findEvidenceFile(db: Db, actor: Actor, reportId: string, evidenceId: string) {
  await getReportForActor(db, actor, reportId, 'view');
  if (!isUuid(evidenceId)) return undefined;
  return db.selectFrom('report_evidence').select('file_id').where('id', '=', evidenceId).where('report_id', '=', reportId).executeTakeFirst();
}
