import { sql, type Kysely } from 'kysely';
import {
  AppError,
  TOTAL_CELL,
  can,
  cellKey,
  cellLabel,
  localName,
  parseDate,
  parsePeriodKey,
  type Actor,
  type DisaggregationDimension,
  type Frequency,
  type Language,
  type ReportStatus,
} from '@kamkor/domain';
import { readReportUpload, streamBulkSheet, type BulkRow, type CellError, type TemplateRow } from '@kamkor/excel';
import type { Database } from '../schema/index.ts';
import type { Db } from './audit.ts';
import { listIndicators, type Indicator } from './results-framework.ts';
import { projectResource } from './results-projects.ts';
import { gridsOf, getReportForActor, loadReport, projectCategories, recomputeFlags, saveReportValues, upsertValues, type CellValue } from './results-reports.ts';

type Loaded = Awaited<ReturnType<typeof loadReport>>;

/** The rows of a report template: each indicator's total, then its disaggregation cells, with current values. */
export function reportTemplateRows(data: Loaded, lang: Language, totalLabel: string): TemplateRow[] {
  const names = (d: DisaggregationDimension, code: string) => {
    const c = data.categories[d]?.find((x) => x.code === code);
    return c ? localName(c, lang) : code;
  };
  const value = (indicatorId: string, key: string) => data.values.find((v) => v.indicatorId === indicatorId && v.cellKey === key);
  const rows: TemplateRow[] = [];
  for (const ind of data.indicators) {
    const base = { indicatorId: ind.id, indicatorCode: ind.code, indicatorName: localName(ind, lang), unit: ind.unit, type: ind.type };
    for (const key of [TOTAL_CELL, ...(data.grids.get(ind.id) ?? []).map((g) => g.key)]) {
      const v = value(ind.id, key);
      rows.push({
        ...base,
        cellKey: key,
        cellLabel: key ? cellLabel(key, names) : totalLabel,
        value: v?.value ?? null,
        numerator: v?.numerator ?? null,
        denominator: v?.denominator ?? null,
        explanation: key ? undefined : data.states.get(ind.id)?.explanation ?? null,
      });
    }
  }
  return rows;
}

class Rollback extends Error {}

/** Runs `fn` in a transaction that is always rolled back (a dry run writes nothing). */
async function inRolledBackTransaction<T>(db: Kysely<Database>, fn: (trx: Db) => Promise<T>): Promise<T> {
  let out: T | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      out = await fn(trx);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return out as T;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export type UploadOutcome =
  | { ok: false; messageKey: string; params?: Record<string, unknown> }
  | { ok: true; applied: boolean; counts: ImportCounts; errors: CellError[]; errorCount: number };

/**
 * Upload of a filled report template: a dry run (counts of created / updated / unchanged, errors by
 * cell) or, when there are no errors, the apply in one transaction. Refused, with nothing written,
 * for a locked or in-review period and for anything `readReportUpload` refuses.
 */
export async function importReportUpload(
  db: Kysely<Database>,
  actor: Actor,
  reportId: string,
  bytes: Uint8Array,
  opts: { dryRun: boolean; yesWords: string[]; noWords: string[] },
): Promise<UploadOutcome> {
  const { report } = await getReportForActor(db, actor, reportId, 'report');
  if (report.status === 'approved') return { ok: false, messageKey: 'results:errors.locked' };
  if (report.status !== 'draft' && report.status !== 'returned') return { ok: false, messageKey: 'results:errors.inReview' };
  const data = await loadReport(db, reportId);
  const read = await readReportUpload(bytes, {
    projectId: data.project.id,
    projectCode: data.project.code,
    periodKey: report.period_key,
    rows: reportTemplateRows(data, 'en', ''),
    yesWords: opts.yesWords,
    noWords: opts.noWords,
  });
  if (!read.ok) return read;
  const input = { values: read.values, explanations: read.explanations };
  const apply = !opts.dryRun && read.errors.length === 0;
  const counts = apply
    ? await db.transaction().execute((trx) => saveReportValues(trx, actor, reportId, input))
    : await inRolledBackTransaction(db, (trx) => saveReportValues(trx, actor, reportId, input));
  return { ok: true, applied: apply, counts, errors: read.errors, errorCount: read.errors.length };
}

// ---------------------------------------------------------------------------------------------

interface ProjectCache {
  id: string;
  allowed: boolean;
  frequency: Frequency;
  indicators: Map<string, Indicator>;
  grids: Map<string, Set<string>>;
  categories: Map<DisaggregationDimension, Map<string, string>>;
  reports: { id: string; key: string; start: string; end: string; status: ReportStatus }[];
}

const BULK_DIMENSIONS: DisaggregationDimension[] = ['sex', 'age_group', 'disability', 'territory'];
const MAX_ERRORS = 1000;

/**
 * Bulk import of the long sheet (project code, indicator code, period, disaggregation columns, value)
 * for many projects: streamed in batches, validated row by row, written with batched upserts; totals
 * of complete grids are computed and flags recomputed. The apply is one transaction: any error, or a
 * dry run, rolls everything back.
 */
export async function importBulkSheet(db: Kysely<Database>, actor: Actor, bytes: Uint8Array, opts: { dryRun: boolean }): Promise<UploadOutcome & { rows?: number }> {
  if (!can(actor, 'import', { type: 'results_import' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  let outcome: (UploadOutcome & { rows?: number }) | null = null;
  const run = async (trx: Db) => {
    const projects = new Map<string, ProjectCache | null>();
    const seen = new Set<string>();
    const errors: CellError[] = [];
    let errorCount = 0;
    const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
    const touched = new Set<string>();
    let pending: (CellValue & { reportId: string })[] = [];
    let sheet = 'data';
    const fail = (e: CellError) => {
      errorCount++;
      if (errors.length < MAX_ERRORS) errors.push(e);
    };
    const flush = async () => {
      if (pending.length === 0) return;
      const c = await upsertValues(trx, (v) => (v as CellValue & { reportId: string }).reportId, pending, actor.userId);
      counts.created += c.created;
      counts.updated += c.updated;
      counts.unchanged += c.unchanged;
      pending = [];
    };
    const projectOf = async (code: string): Promise<ProjectCache | null> => {
      if (projects.has(code)) return projects.get(code)!;
      const p = await trx.selectFrom('project').select(['id', 'contractor_id', 'customer_id', 'signed_at', 'frequency']).where('code', '=', code).executeTakeFirst();
      if (!p) {
        projects.set(code, null);
        return null;
      }
      const territories = await trx
        .selectFrom('project_territory')
        .innerJoin('admin_unit', 'admin_unit.soate', 'project_territory.admin_unit_soate')
        .select(['admin_unit.soate', 'admin_unit.name_ky', 'admin_unit.name_ru', 'admin_unit.name_en'])
        .where('project_id', '=', p.id)
        .execute();
      const allowed = can(actor, 'import', projectResource({ ...p, territories }));
      const indicators = await listIndicators(trx, { projectId: p.id });
      const cats = await projectCategories(trx, { territories });
      const grids = gridsOf(indicators, cats);
      const categories = new Map<DisaggregationDimension, Map<string, string>>();
      for (const d of BULK_DIMENSIONS) {
        const m = new Map<string, string>();
        for (const c of cats[d] ?? []) for (const name of [c.code, c.name_ky, c.name_ru, c.name_en]) if (name) m.set(name.trim().toLowerCase(), c.code);
        categories.set(d, m);
      }
      const reports = (await trx.selectFrom('report').select(['id', 'period_key', 'period_start', 'period_end', 'status']).where('project_id', '=', p.id).execute()).map((r) => ({
        id: r.id,
        key: r.period_key,
        start: r.period_start,
        end: r.period_end,
        status: r.status as ReportStatus,
      }));
      const cache: ProjectCache = {
        id: p.id,
        allowed,
        frequency: p.frequency as Frequency,
        indicators: new Map(indicators.map((i) => [i.code.toLowerCase(), i])),
        grids: new Map([...grids].map(([id, g]) => [id, new Set(g.map((c) => c.key))])),
        categories,
        reports,
      };
      projects.set(code, cache);
      return cache;
    };
    const onBatch = async (rows: BulkRow[]) => {
      for (const r of rows) {
        const at = (col: string) => ({ sheet, cell: `${col}${r.row}` });
        if (r.errors.length) {
          r.errors.forEach(fail);
          continue;
        }
        const p = r.projectCode ? await projectOf(r.projectCode) : null;
        // Projects the actor may not import into read exactly like unknown ones.
        if (!p || !p.allowed) {
          fail({ ...at('A'), messageKey: 'results:bulk.unknownProject', params: { value: r.projectCode } });
          continue;
        }
        const ind = p.indicators.get(r.indicatorCode.toLowerCase());
        if (!ind) {
          fail({ ...at('B'), messageKey: 'results:bulk.unknownIndicator', params: { value: r.indicatorCode } });
          continue;
        }
        const key = parsePeriodKey(r.period, p.frequency);
        const date = key ? null : parseDate(r.period);
        const rep = key ? p.reports.find((x) => x.key === key) : date ? p.reports.find((x) => x.start <= date && date <= x.end) : undefined;
        if (!rep) {
          fail({ ...at('C'), messageKey: 'results:bulk.unknownPeriod', params: { value: r.period } });
          continue;
        }
        if (rep.status === 'approved') {
          fail({ ...at('C'), messageKey: 'results:errors.locked' });
          continue;
        }
        if (rep.status !== 'draft' && rep.status !== 'returned') {
          fail({ ...at('C'), messageKey: 'results:errors.inReview' });
          continue;
        }
        const parts: { dimension: DisaggregationDimension; category: string }[] = [];
        let badCategory = false;
        BULK_DIMENSIONS.forEach((d, k) => {
          const text = r[d];
          if (!text) return;
          const code = p.categories.get(d)?.get(text.toLowerCase());
          if (!code) {
            badCategory = true;
            fail({ ...at(String.fromCharCode(68 + k)), messageKey: 'results:bulk.unknownCategory', params: { value: text } });
          } else parts.push({ dimension: d, category: code });
        });
        if (badCategory) continue;
        const ck = cellKey(parts);
        if (ck !== TOTAL_CELL && !p.grids.get(ind.id)?.has(ck)) {
          fail({ ...at('D'), messageKey: 'results:bulk.notInGrid', params: { value: ck } });
          continue;
        }
        const isPct = ind.type === 'percentage';
        if (isPct ? r.numerator == null || r.denominator == null : r.value == null) {
          fail({ ...at(isPct ? 'I' : 'H'), messageKey: isPct ? 'results:bulk.needFraction' : 'results:bulk.needValue' });
          continue;
        }
        if (ind.type === 'yes_no' && r.value !== 0 && r.value !== 1) {
          fail({ ...at('H'), messageKey: 'results:excel.notYesNo', params: { value: r.value } });
          continue;
        }
        const dedupe = `${rep.id}|${ind.id}|${ck}`;
        if (seen.has(dedupe)) {
          fail({ ...at('A'), messageKey: 'results:bulk.duplicate' });
          continue;
        }
        seen.add(dedupe);
        touched.add(rep.id);
        pending.push({ reportId: rep.id, indicatorId: ind.id, cellKey: ck, value: isPct ? null : r.value, numerator: isPct ? r.numerator : null, denominator: isPct ? r.denominator : null });
      }
      if (pending.length >= 5000) await flush();
    };
    const res = await streamBulkSheet(bytes, async (rows) => {
      await onBatch(rows);
    });
    if (!res.ok) return (outcome = res);
    sheet = res.sheet;
    await flush();
    // Totals of complete grids where the sheet gave only the cells.
    const touchedIds = [...touched];
    const sizes = new Map<string, number>();
    for (const p of projects.values()) if (p) for (const [id, g] of p.grids) if (g.size) sizes.set(id, g.size);
    if (touchedIds.length && sizes.size) {
      await sql`
        insert into report_value (report_id, indicator_id, cell_key, value, numerator, denominator, updated_by)
        select v.report_id, v.indicator_id, '', sum(v.value), sum(v.numerator), sum(v.denominator), ${actor.userId}::uuid
        from report_value v
        join unnest(${[...sizes.keys()]}::uuid[], ${[...sizes.values()]}::int[]) as g(indicator_id, size) on g.indicator_id = v.indicator_id
        where v.report_id = any(${touchedIds}::uuid[]) and v.cell_key <> ''
        group by v.report_id, v.indicator_id, g.size
        having count(*) = g.size
        on conflict (report_id, indicator_id, cell_key) do nothing`.execute(trx);
    }
    await recomputeFlags(trx, touchedIds);
    outcome = { ok: true, applied: !opts.dryRun && errorCount === 0, counts, errors, errorCount, rows: res.rows };
    return outcome;
  };
  if (opts.dryRun) await inRolledBackTransaction(db, run);
  else {
    try {
      await db.transaction().execute(async (trx) => {
        const out = await run(trx);
        if (!out.ok || out.errorCount > 0) throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
      const o = outcome as (UploadOutcome & { rows?: number }) | null;
      if (o?.ok) outcome = { ...o, applied: false };
    }
  }
  return outcome as unknown as UploadOutcome & { rows?: number };
}
