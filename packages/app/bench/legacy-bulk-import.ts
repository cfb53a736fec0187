// The bulk import as it was before the staged pipeline (commit 18401d8): rows read whole in the
// worker, mapped one by one, batched upserts. Kept in the bench only, so one run measures both
// under the same machine load (`BENCH_LEGACY=1`).
import type { Kysely } from 'kysely';
import { AppError, TOTAL_CELL, can, cellKey, parseDate, parsePeriodKey, type Actor, type CellError, type CellValue, type DisaggregationDimension } from '@kamkor/domain';
import {
  BULK_DIMENSIONS,
  completeGridTotals,
  findBulkProject,
  listReportFlags,
  previewValues,
  recomputeFlags,
  upsertValues,
  type BulkProject,
  type Database,
} from '@kamkor/db';
import type { BulkRow, XlsxLimits } from '@kamkor/excel';
import { parseBulkSheet } from '../src/parse-pool.ts';
import type { ImportCounts, UploadOutcome } from '../src/report-upload.ts';

const MAX_ERRORS = 1000;

type PendingValue = CellValue & { reportId: string };

/**
 * The mapper of the bulk sheet: one read row to the value it sets, or the error with its cell. The
 * projects a file names are loaded once each (`projectOf`); `seen` refuses a cell given twice.
 */
async function mapBulkRow(r: BulkRow, sheet: string, projectOf: (code: string) => Promise<BulkProject | null>, seen: Set<string>): Promise<PendingValue | CellError[]> {
  const at = (col: string, messageKey: string, params?: Record<string, unknown>): CellError[] => [{ sheet, cell: `${col}${r.row}`, messageKey, params }];
  if (r.errors.length) return r.errors;
  const p = r.projectCode ? await projectOf(r.projectCode) : null;
  // Projects the actor may not import into read exactly like unknown ones.
  if (!p || !p.allowed) return at('A', 'results:bulk.unknownProject', { value: r.projectCode });
  const ind = p.indicators.get(r.indicatorCode.toLowerCase());
  if (!ind) return at('B', 'results:bulk.unknownIndicator', { value: r.indicatorCode });
  const key = parsePeriodKey(r.period, p.frequency);
  const date = key ? null : parseDate(r.period);
  const rep = key ? p.reports.find((x) => x.key === key) : date ? p.reports.find((x) => x.start <= date && date <= x.end) : undefined;
  if (!rep) return at('C', 'results:bulk.unknownPeriod', { value: r.period });
  if (rep.status === 'approved') return at('C', 'results:errors.locked');
  if (rep.status !== 'draft' && rep.status !== 'returned') return at('C', 'results:errors.inReview');
  const parts: { dimension: DisaggregationDimension; category: string }[] = [];
  const bad: CellError[] = [];
  BULK_DIMENSIONS.forEach((d, k) => {
    const text = r[d];
    if (!text) return;
    const code = p.categories.get(d)?.get(text.toLowerCase());
    if (!code) bad.push(...at(String.fromCharCode(68 + k), 'results:bulk.unknownCategory', { value: text }));
    else parts.push({ dimension: d, category: code });
  });
  if (bad.length) return bad;
  const ck = cellKey(parts);
  if (ck !== TOTAL_CELL && !p.grids.get(ind.id)?.has(ck)) return at('D', 'results:bulk.notInGrid', { value: ck });
  const isPct = ind.type === 'percentage';
  if (isPct ? r.numerator == null || r.denominator == null : r.value == null) return at(isPct ? 'I' : 'H', isPct ? 'results:bulk.needFraction' : 'results:bulk.needValue');
  if (ind.type === 'yes_no' && r.value !== 0 && r.value !== 1) return at('H', 'results:excel.notYesNo', { value: r.value });
  const dedupe = `${rep.id}|${ind.id}|${ck}`;
  if (seen.has(dedupe)) return at('A', 'results:bulk.duplicate');
  seen.add(dedupe);
  return { reportId: rep.id, indicatorId: ind.id, cellKey: ck, value: isPct ? null : r.value, numerator: isPct ? r.numerator : null, denominator: isPct ? r.denominator : null };
}

/**
 * Bulk import of the long sheet (project code, indicator code, period, disaggregation columns, value)
 * for many projects: read (streamed, bounded by `bulkLimits`) in a worker thread of the import pool
 * before any transaction starts, then mapped row by row and written with batched upserts; totals of
 * complete grids are computed and flags recomputed. Rows are validated read-only before any write; a
 * dry run or a file with errors is counted against the stored values set-based (`previewValues`)
 * and writes nothing, holding no transaction; a clean apply is one transaction of the writes. A
 * worker that fails or is aborted (`signal`) rejects with nothing written.
 */
export async function importBulkSheetRowByRow(
  db: Kysely<Database>,
  actor: Actor,
  bytes: Uint8Array,
  opts: { dryRun: boolean; limits?: XlsxLimits; signal?: AbortSignal },
): Promise<UploadOutcome & { rows?: number }> {
  if (!can(actor, 'import', { type: 'results_import' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const parsed = await parseBulkSheet(bytes, { limits: opts.limits, signal: opts.signal });
  if (!parsed.ok) return { ok: false, messageKey: parsed.messageKey, params: parsed.params };
  const sheet = parsed.sheet;
  const rowsRead = parsed.rows;
  // Validation reads only (the projects a file names, once each), outside any transaction.
  const projects = new Map<string, BulkProject | null>();
  const projectOf = async (code: string) => {
    if (!projects.has(code)) projects.set(code, await findBulkProject(db, actor, code));
    return projects.get(code)!;
  };
  const seen = new Set<string>();
  const errors: CellError[] = [];
  let errorCount = 0;
  const touched = new Set<string>();
  const pending: PendingValue[] = [];
  for (const r of rowsRead) {
    const mapped = await mapBulkRow(r, sheet, projectOf, seen);
    if (Array.isArray(mapped)) {
      for (const e of mapped) {
        errorCount++;
        if (errors.length < MAX_ERRORS) errors.push(e);
      }
      continue;
    }
    touched.add(mapped.reportId);
    pending.push(mapped);
  }
  const reportIdOf = (v: CellValue) => (v as PendingValue).reportId;
  // A dry run, or a file with errors, is counted read-only against the stored values: no write and no
  // transaction. Only a clean apply opens one, for the writes alone.
  if (opts.dryRun || errorCount > 0) {
    const counts: ImportCounts = await previewValues(db, reportIdOf, pending);
    return { ok: true, applied: false, counts, errors, errorCount, rows: rowsRead.length };
  }
  const counts = await db.transaction().execute(async (trx) => {
    const c = await upsertValues(trx, reportIdOf, pending, actor.userId);
    const sizes = new Map<string, number>();
    for (const p of projects.values()) if (p) for (const [id, g] of p.grids) if (g.size) sizes.set(id, g.size);
    await completeGridTotals(trx, actor.userId, sizes, [...touched]);
    await recomputeFlags(trx, [...touched]);
    // The flags the imported values raise, listed with the result (the dry run is read-only and
    // does not compute them; the one-report upload shows them in its dry run).
    const flags = (await listReportFlags(trx, [...touched])).map((f) => ({ indicatorCode: `${f.projectCode} · ${f.periodKey} · ${f.indicatorCode}`, flags: f.flags }));
    return { c, flags };
  });
  return { ok: true, applied: true, counts: counts.c, errors, errorCount, rows: rowsRead.length, flags: counts.flags };
}
