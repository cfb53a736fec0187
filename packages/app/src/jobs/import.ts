import type { Kysely } from 'kysely';
import { AppError, can, isLanguage, type Actor, type CellError, type Language } from '@kamkor/domain';
import {
  createImportJob,
  databaseStorage,
  failImportJob,
  findActor,
  findApplyOf,
  findImportJob,
  finishImportJob,
  loadImportJob,
  reportImportProgress,
  requeueImportJob,
  startImportJob,
  type Database,
  type FileBytes,
  type ImportJob,
} from '@kamkor/db';
import { bulkLimits } from '@kamkor/excel';
import { importBulkSheet } from '../bulk-import.ts';
import { writeTranslatedErrorCopy } from '../error-copy.ts';
import type { UploadOutcome } from '../report-upload.ts';
import type { JobRunner, TaskContext } from './runner.ts';
import { translatorFor } from './translate.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What a finished bulk-import job shows: the outcome of `importBulkSheet`, as stored in `import_job.result`. */
export type BulkImportResult = Extract<UploadOutcome, { ok: true }> & { rows?: number };

/** The stored result of a job row (null while it runs or when it failed). */
export function importJobResult(job: ImportJob): BulkImportResult | null {
  return (job.result as BulkImportResult | null) ?? null;
}

/**
 * Starts a bulk import's dry run in the background (docs/decisions/015, addendum): the upload is
 * stored through FileStorage (chunk rows, kind 'dry_run', owner-only), the job row records the actor,
 * the file and the mode, and the queue's job is added, all in one transaction; then the runner is woken.
 */
export async function queueBulkImport(
  db: Kysely<Database>,
  runner: JobRunner,
  actor: Actor,
  upload: { fileName: string; data: FileBytes; lang: Language },
): Promise<ImportJob> {
  if (!can(actor, 'import', { type: 'results_import' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const row = await db.transaction().execute(async (trx) => {
    const fileId = await databaseStorage(trx).put({ fileName: upload.fileName || 'import.xlsx', contentType: XLSX, data: upload.data, createdBy: actor.userId, kind: 'dry_run' });
    const job = await createImportJob(trx, actor, { mode: 'dry_run', fileId, fileName: upload.fileName || 'import.xlsx', lang: upload.lang });
    await runner.enqueue(trx, job.id, 'bulk_import');
    return job;
  });
  runner.kick();
  return row;
}

/**
 * Starts the apply of a finished dry run: only its owner, only a dry run that is done, had no errors
 * and still has its file, and only once (a second request gets the apply already started).
 */
export async function queueBulkApply(db: Kysely<Database>, runner: JobRunner, actor: Actor, dryRunId: string, lang: Language): Promise<ImportJob> {
  if (!can(actor, 'import', { type: 'results_import' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const dry = await findImportJob(db, actor, dryRunId);
  if (!dry) throw new AppError('NOT_FOUND', 'errors.notFound');
  const result = importJobResult(dry);
  if (dry.mode !== 'dry_run' || dry.status !== 'done' || !dry.file_id || !result || result.applied || result.errorCount > 0) {
    throw new AppError('CONFLICT', 'results:bulk.notApplicable');
  }
  const existing = await findApplyOf(db, dry.id);
  if (existing) return existing;
  let row: ImportJob;
  try {
    row = await db.transaction().execute(async (trx) => {
      const job = await createImportJob(trx, actor, { mode: 'apply', fileId: dry.file_id!, fileName: dry.file_name, lang, dryRunId: dry.id });
      await runner.enqueue(trx, job.id, 'bulk_import');
      return job;
    });
  } catch (err) {
    // Two requests at once: the unique index lets one apply through; the other gets it.
    const raced = await findApplyOf(db, dry.id);
    if (raced) return raced;
    throw err;
  }
  runner.kick();
  return row;
}

class Aborted extends Error {
  constructor() {
    super('import aborted');
  }
}

/**
 * The background bulk-import task, the same on both runners: marks the job running, loads the owner
 * as they are now, reads the stored upload and calls `importBulkSheet` (dry run or apply) with a
 * progress callback that records rows read and staged. A dry run with errors gets the marked error
 * copy (in the job's language). The upload is kept only while it can still be applied. A shutdown
 * (the signal) puts the job back in the queue and rethrows (retried); any other error fails the job
 * for good, and, as `importBulkSheet` stages in its own table and applies in one transaction, leaves
 * nothing written.
 */
export async function runBulkImportJob(ctx: TaskContext & { onImportProgress?: (p: { read: number; staged: number }) => Promise<void> | void }): Promise<void> {
  const { db, jobId, signal } = ctx;
  const job = await startImportJob(db, jobId);
  if (!job) return;
  const storage = databaseStorage(db);
  try {
    const actor = await findActor(db, job.owner_id);
    if (!actor || !can(actor, 'import', { type: 'results_import' })) throw new AppError('NOT_FOUND', 'errors.notFound');
    if (job.mode === 'apply') {
      // Defensive: the apply was checked when queued; the dry run must still be this owner's clean run of this file.
      const dry = job.dry_run_id ? await loadImportJob(db, job.dry_run_id) : null;
      const dr = dry && importJobResult(dry);
      if (!dry || dry.owner_id !== job.owner_id || dry.file_id !== job.file_id || dry.status !== 'done' || !dr || dr.errorCount > 0) {
        throw new AppError('CONFLICT', 'results:bulk.notApplicable');
      }
    }
    const file = job.file_id ? await storage.get(job.file_id, { owner: job.owner_id, kind: 'dry_run' }) : null;
    if (!file) throw new AppError('NOT_FOUND', 'results:bulk.fileGone');
    const outcome = await importBulkSheet(db, actor, file.data, {
      dryRun: job.mode !== 'apply',
      signal,
      onProgress: async (p) => {
        await ctx.onImportProgress?.(p);
        await reportImportProgress(db, jobId, p.read, p.staged);
      },
    });
    if (signal.aborted) throw new Aborted();
    if (!outcome.ok) {
      // A refused file is not kept.
      await storage.remove(file.id);
      await failImportJob(db, jobId, outcome.messageKey, outcome.params ?? null);
      return;
    }
    let errorFileId: string | null = null;
    if (outcome.errors.length) {
      const lang: Language = isLanguage(job.lang) ? job.lang : 'ru';
      const t = translatorFor(lang);
      const marked = await writeTranslatedErrorCopy(file.data, outcome.errors, (e: CellError) => t(e.messageKey, e.params), bulkLimits, { streamed: true });
      errorFileId = await storage.put({ fileName: `errors-${job.file_name}`, contentType: XLSX, data: marked, createdBy: job.owner_id, kind: 'error_copy' });
    }
    // The upload is kept (until it expires) only while it can be applied: a clean dry run.
    const keep = job.mode === 'dry_run' && !outcome.applied && outcome.errorCount === 0;
    if (!keep) await storage.remove(file.id);
    await finishImportJob(db, jobId, { result: outcome as unknown as Record<string, unknown>, errorFileId, fileId: keep ? file.id : null });
  } catch (err) {
    if (err instanceof Aborted || signal.aborted) {
      await requeueImportJob(db, jobId);
      throw err;
    }
    if (!(err instanceof AppError)) console.error(`Kamkor bulk import ${jobId} failed:`, err);
    await failImportJob(db, jobId, err instanceof AppError ? err.messageKey : 'results:bulk.failed', err instanceof AppError ? (err.params ?? null) : null);
  }
}

export { findImportJob, loadImportJob };
