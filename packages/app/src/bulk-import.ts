import { sql, type Kysely } from 'kysely';
import { AppError, can, type Actor, type CellError } from '@kamkor/domain';
import {
  collectBulkStageKeys,
  completeGridTotals,
  createBulkStage,
  dropStage,
  listReportFlags,
  mergeBulkStage,
  previewBulkFlags,
  previewBulkStage,
  recomputeFlags,
  resolveBulkStage,
  stageColumns,
  type Database,
  type ResolvedBulkStage,
} from '@kamkor/db';
import type { BulkSheetReader, XlsxLimits } from '@kamkor/excel';
import { importTraceSetting } from './env.ts';
import { streamBulkSheetInPool } from './parse-pool.ts';
import type { BulkBatch } from './parse-worker.ts';
import type { UploadOutcome } from './report-upload.ts';

const MAX_ERRORS = 1000;

const round4 = (v: number | null) => (v == null ? null : Math.round(v * 10_000) / 10_000);

/** Step timings on stderr when `KAMKOR_IMPORT_TRACE` is set (the bench sets it); nothing otherwise. */
function stepTimer(): (step: string) => void {
  if (!importTraceSetting()) return () => {};
  let t = performance.now();
  return (step) => {
    const now = performance.now();
    console.error(`    · ${step}: ${Math.round(now - t)} ms, ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
    t = now;
  };
}

/** The columns of a read batch in the staging table's order (`BULK_STAGE_COLUMNS`). */
function stagedColumns(b: BulkBatch): unknown[][] {
  return [b.line, b.project_code, b.indicator_code, b.period, b.sex, b.age_group, b.disability, b.territory, b.value.map(round4), b.numerator.map(round4), b.denominator.map(round4)];
}

/**
 * Bulk import of the long sheet (project code, indicator code, period, disaggregation columns, value)
 * for many projects, staged (docs/decisions/014): the sheet is read (streamed, bounded by
 * `bulkLimits`) in a worker thread of the import pool and each batch of rows is staged, as it
 * arrives, in an unlogged table of this run; the staged rows are validated with SQL joins
 * (`resolveBulkStage`: unknown codes, projects outside the actor's scope, locked periods, cells
 * outside the grid, duplicates); a dry run, or a file with errors, is then counted and flagged from
 * the staged rows (`previewBulkStage`, `previewBulkFlags`) with no write to a real table and no
 * transaction; a clean apply is one short transaction: one merge, the totals of complete grids and
 * the flags of the touched reports. The staging table is dropped whatever happens; a worker that
 * fails or is aborted (`signal`) rejects with nothing written.
 */
export async function importBulkSheet(
  db: Kysely<Database>,
  actor: Actor,
  bytes: Uint8Array,
  opts: {
    dryRun: boolean;
    limits?: XlsxLimits;
    signal?: AbortSignal;
    reader?: BulkSheetReader;
    /** Rows received from the reader and rows staged so far, after each batch (a background job's progress). */
    onProgress?: (p: { read: number; staged: number }) => Promise<void> | void;
  },
): Promise<UploadOutcome & { rows?: number }> {
  if (!can(actor, 'import', { type: 'results_import' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  opts.signal?.throwIfAborted();
  const trace = stepTimer();
  const stage = await createBulkStage(db);
  try {
    // Problems found while reading (not a number, a formula), first ones kept, all counted.
    const readErrors: (CellError & { row: number })[] = [];
    let readErrorCount = 0;
    // The distinct codes of the file, gathered as the batches go by (saves the resolve four scans of the stage).
    const keys = collectBulkStageKeys();
    let stagingMs = 0;
    let firstAt = 0;
    const startedAt = performance.now();
    let read = 0;
    let staged = 0;
    const parsed = await streamBulkSheetInPool(
      bytes,
      async (batch) => {
        readErrorCount += batch.errors.length;
        for (const e of batch.errors) if (readErrors.length < MAX_ERRORS) readErrors.push(e);
        read += batch.line.length;
        await opts.onProgress?.({ read, staged });
        const t0 = performance.now();
        if (!firstAt) firstAt = t0;
        keys.add(batch);
        await stageColumns(db, stage, stagedColumns(batch));
        stagingMs += performance.now() - t0;
        staged += batch.line.length;
        await opts.onProgress?.({ read, staged });
      },
      { limits: opts.limits, signal: opts.signal, reader: opts.reader },
    );
    trace(`read + stage (${parsed.ok ? parsed.reader : 'refused'} reader; first batch after ${Math.round(firstAt - startedAt)} ms, staging ${Math.round(stagingMs)} ms)`);
    if (!parsed.ok) return { ok: false, messageKey: parsed.messageKey, params: parsed.params };
    const resolved: ResolvedBulkStage = await resolveBulkStage(db, actor, stage, { sheet: parsed.sheet, maxErrors: MAX_ERRORS, keys: keys.keys() });
    // Errors of both lists are marked on the one sheet that was read (a read error found in an early
    // batch may come before the reader has named the sheet); both lists are in row order.
    const errors: CellError[] = [...readErrors.map((e) => ({ ...e, sheet: parsed.sheet })), ...resolved.errors]
      .sort((a, b) => a.row - b.row)
      .slice(0, MAX_ERRORS)
      .map(({ row: _row, ...e }) => e);
    const errorCount = readErrorCount + resolved.errorCount;
    trace('resolve');
    // A dry run, or a file with errors, is counted and flagged from the staged rows: no write to a
    // real table and no transaction. Only a clean apply opens one, for the merge alone.
    if (opts.dryRun || errorCount > 0) {
      const counts = await previewBulkStage(db, resolved);
      trace('preview counts');
      const flags = (await previewBulkFlags(db, resolved)).map((f) => ({ indicatorCode: `${f.projectCode} · ${f.periodKey} · ${f.indicatorCode}`, flags: f.flags }));
      trace('preview flags');
      return { ok: true, applied: false, counts, errors, errorCount, rows: parsed.rows, flags };
    }
    const out = await db.transaction().execute(async (trx) => {
      await sql`set local jit = off`.execute(trx);
      const { changedReportIds, ...counts } = await mergeBulkStage(trx, resolved, actor.userId);
      trace('merge');
      // Totals and flags can change only in the reports the merge changed (a re-import of the same
      // file changes none); the flags listed are those of every report the file names.
      await completeGridTotals(trx, actor.userId, resolved.gridSizes, changedReportIds);
      trace('totals');
      await recomputeFlags(trx, changedReportIds);
      trace('flags');
      const flags = (await listReportFlags(trx, resolved.reportIds)).map((f) => ({ indicatorCode: `${f.projectCode} · ${f.periodKey} · ${f.indicatorCode}`, flags: f.flags }));
      return { counts, flags };
    });
    trace('commit');
    return { ok: true, applied: true, counts: out.counts, errors, errorCount, rows: parsed.rows, flags: out.flags };
  } finally {
    await dropStage(db, stage);
  }
}
