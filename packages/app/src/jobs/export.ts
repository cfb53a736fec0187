import { PassThrough, Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { AppError, formatDateTime, isLanguage, type Actor, type Language } from '@kamkor/domain';
import {
  createExportJob,
  databaseStorage,
  failExportJob,
  findActor,
  finishExportJob,
  loadExportJob,
  reportExportProgress,
  requeueExportJob,
  startExportJob,
  type Database,
  type DatabaseEngine,
  type Db,
  type ExportJob,
} from '@kamkor/db';
import { writeTableCsvStream, writeTableXlsxStream, xlsxContentType, type StreamCell } from '@kamkor/excel';
import { findExportSource, type ExportSource } from './sources.ts';
import { translatorFor } from './translate.ts';
import type { JobRunner, TaskContext } from './runner.ts';

export type ExportFormat = 'xlsx' | 'csv';

/** Rows a direct (in-request) download writes at most; past it the file says so and the page offers a background export. */
export const DIRECT_EXPORT_MAX_ROWS = 10_000;
/** Rows a background export writes at most (the xlsx sheet limit is 1,048,576 rows). */
export const BACKGROUND_EXPORT_MAX_ROWS = 1_048_000;

export interface ExportFile {
  bytes: Uint8Array;
  rows: number;
  fileName: string;
  contentType: string;
  /** True when the table had more rows than were written. */
  truncated: boolean;
}

/** A Writable that keeps what it is given (the compressed file: a fraction of the rows' size). */
function collector() {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  return { sink, bytes: () => new Uint8Array(Buffer.concat(chunks)) };
}

class Aborted extends Error {
  constructor() {
    super('export aborted');
  }
}

export interface ExportOptions {
  source: ExportSource;
  params: Record<string, string>;
  format: ExportFormat;
  lang: Language;
  now?: Date;
  maxRows: number;
  /** The row count when the caller has it (else asked of the source). */
  total?: number | null;
  onProgress?: (rows: number) => Promise<void> | void;
  signal?: AbortSignal;
  /** The engine, when `db` is the job's own handle (lets a PostgreSQL source read through a cursor). */
  engine?: DatabaseEngine;
}

/** The file's name and type, known before a byte is written (a streamed `put` needs them first). */
export function exportFileMeta(source: ExportSource, format: ExportFormat, now: Date): { fileName: string; contentType: string } {
  return {
    fileName: `${source.fileName}-${now.toISOString().slice(0, 10)}.${format}`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : xlsxContentType,
  };
}

/**
 * Writes an export of one table for an actor into `out`: the source's pages streamed into exceljs's
 * WorkbookWriter (or CSV), an About sheet first (who, when, the filters, a link), headers in `lang`.
 * Ends `out`. The same function serves a direct download (collected) and a background job (streamed
 * into FileStorage).
 */
export async function writeExportTo(
  db: Db,
  actor: Actor & { fullName: string; email: string },
  opts: ExportOptions,
  out: Writable,
): Promise<{ rows: number; truncated: boolean }> {
  const { source, params, lang } = opts;
  if (!source.allowed(actor)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const t = translatorFor(lang);
  const now = opts.now ?? new Date();
  let truncated = false;
  const about: [string, string][] = [
    [t('analytics:export.exportedBy'), `${actor.fullName} (${actor.email})`],
    [t('analytics:export.exportedAt'), formatDateTime(now)],
    ...(await source.filters(db, actor, params, t, lang)),
    [t('analytics:export.url'), source.link(params)],
  ];
  const total = opts.total !== undefined ? opts.total : await source.count(db, actor, params);
  if (total != null && total > opts.maxRows) about.push(['!', t('exports:truncated', { max: opts.maxRows, total })]);
  let written = 0;
  const pages = async function* (): AsyncIterable<StreamCell[][]> {
    for await (const page of source.pages(db, actor, params, t, lang, { engine: opts.engine })) {
      if (opts.signal?.aborted) throw new Aborted();
      const room = opts.maxRows - written;
      if (page.length > room) {
        truncated = true;
        if (room > 0) yield page.slice(0, room);
        written += Math.max(room, 0);
        return;
      }
      written += page.length;
      yield page;
    }
  };
  const input = {
    title: t(source.title),
    about,
    columns: source.columns(t),
    pages: pages(),
    onPage: opts.onProgress,
  };
  let rows: number;
  if (opts.format === 'csv') rows = await writeTableCsvStream(out, input);
  else rows = await writeTableXlsxStream(out, { ...input, aboutSheet: t('analytics:export.sheetAbout'), dataSheet: t('analytics:export.sheetData') });
  return { rows, truncated };
}

/** An export written whole into memory: for direct downloads (at most DIRECT_EXPORT_MAX_ROWS rows). */
export async function writeExport(db: Db, actor: Actor & { fullName: string; email: string }, opts: ExportOptions): Promise<ExportFile> {
  const now = opts.now ?? new Date();
  const out = collector();
  const { rows, truncated } = await writeExportTo(db, actor, { ...opts, now }, out.sink);
  return { bytes: out.bytes(), rows, truncated, ...exportFileMeta(opts.source, opts.format, now) };
}

/**
 * Writes the export straight into FileStorage: the writer's output goes through a PassThrough that
 * `put` reads as a stream (256 KB chunk rows), so the compressed file is never held whole. Not in one
 * transaction (on PGlite a transaction holds the only connection the pages are read on): a failure
 * part-way removes the partial file, and a killed process leaves one that expires with the job (7 days).
 */
async function writeExportToStorage(db: Kysely<Database>, actor: Actor & { fullName: string; email: string }, opts: ExportOptions, owner: string) {
  const now = opts.now ?? new Date();
  const storage = databaseStorage(db);
  const pass = new PassThrough();
  // The bytes `put` reads; once the writer has failed, the stream is cut and `put` just finishes
  // what it has (so its id is known and the partial file can be removed).
  let failed = false;
  const feed = async function* (): AsyncIterable<Uint8Array> {
    try {
      for await (const piece of pass) yield piece as Uint8Array;
    } catch (err) {
      if (!failed) throw err;
    }
  };
  const stored = storage.put({ ...exportFileMeta(opts.source, opts.format, now), data: feed(), createdBy: owner, kind: 'export' });
  // If storing fails, the writer must not wait on a stream nobody reads any more.
  const storeFailed = stored.then(
    () => new Promise<never>(() => undefined),
    (err: unknown) => {
      pass.destroy();
      throw err;
    },
  );
  storeFailed.catch(() => undefined);
  let written: { rows: number; truncated: boolean };
  try {
    written = await Promise.race([writeExportTo(db, actor, { ...opts, now }, pass), storeFailed]);
  } catch (err) {
    failed = true;
    pass.destroy();
    const partial = await stored.catch(() => null);
    if (partial) await storage.remove(partial).catch(() => undefined);
    throw err;
  }
  const fileId = await stored;
  return { fileId, ...written };
}

/**
 * Queues a background export of a source for the actor: the row and the queue's job in one
 * transaction (graphile-worker's add_job on PostgreSQL), then wakes the runner. Denied (NOT_FOUND)
 * when the actor may not export the source.
 */
export async function queueExport(
  db: Kysely<Database>,
  runner: JobRunner,
  actor: Actor,
  job: { source: string; search: URLSearchParams; format: ExportFormat; lang: Language },
): Promise<ExportJob> {
  const source = findExportSource(job.source);
  if (!source || !source.allowed(actor)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const params = source.params(job.search);
  const row = await db.transaction().execute(async (trx) => {
    const created = await createExportJob(trx, actor, { source: job.source, format: job.format, params, lang: job.lang });
    await runner.enqueue(trx, created.id);
    return created;
  });
  runner.kick();
  return row;
}

/** The i18n key a failed job shows (the detail goes to the server log). */
const failureKey = (err: unknown) => (err instanceof AppError ? err.messageKey : 'exports:failed');

/**
 * The background export task, the same on both runners: marks the job running, runs the export as
 * its owner (with the rights they have now), stores the file through FileStorage (owner-only,
 * expiring), and records progress after every page. A shutdown (the signal) puts the job back in the
 * queue and rethrows so the queue retries it; any other error fails the job for good.
 */
export async function runExportJob(ctx: TaskContext): Promise<void> {
  const { db, jobId, signal, engine } = ctx;
  const job = await startExportJob(db, jobId);
  if (!job) return;
  try {
    const actor = await findActor(db, job.owner_id);
    const source = findExportSource(job.source);
    if (!actor || !source) throw new AppError('NOT_FOUND', 'errors.notFound');
    const lang: Language = isLanguage(job.lang) ? job.lang : 'ru';
    const params = Object.fromEntries(Object.entries(job.params ?? {}).map(([k, v]) => [k, String(v)]));
    const total = await source.count(db, actor, params);
    await reportExportProgress(db, jobId, 0, total == null ? null : Math.min(total, BACKGROUND_EXPORT_MAX_ROWS));
    const file = await writeExportToStorage(db, actor, {
      source,
      params,
      format: job.format,
      lang,
      maxRows: BACKGROUND_EXPORT_MAX_ROWS,
      total,
      signal,
      engine,
      onProgress: async (rows) => {
        await ctx.onProgress?.(rows);
        await reportExportProgress(db, jobId, rows, total == null ? null : Math.min(total, BACKGROUND_EXPORT_MAX_ROWS));
      },
    }, job.owner_id);
    if (signal.aborted) {
      await databaseStorage(db).remove(file.fileId);
      throw new Aborted();
    }
    await finishExportJob(db, jobId, file.fileId, file.rows);
  } catch (err) {
    if (err instanceof Aborted || signal.aborted) {
      await requeueExportJob(db, jobId);
      throw err;
    }
    if (!(err instanceof AppError)) console.error(`Kamkor export ${jobId} failed:`, err);
    await failExportJob(db, jobId, failureKey(err));
  }
}

/** A job row for the runner's tests and pages. */
export { loadExportJob };
