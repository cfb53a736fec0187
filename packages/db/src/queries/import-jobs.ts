import { sql, type Selectable } from 'kysely';
import { AppError, can, type Actor } from '@kamkor/domain';
import type { ImportJobMode, ImportJobTable } from '../schema/jobs.ts';
import type { Db } from './audit.ts';

/**
 * Background bulk imports (docs/decisions/015-background-jobs.md, addendum). The `import_job` row is
 * what the user sees (mode, status, rows read and staged, the result) on both engines; the runner
 * (graphile-worker on PostgreSQL, the in-process runner on PGlite) is @kamkor/app's business.
 */
export type ImportJob = Selectable<ImportJobTable>;

/** How long an import job's row is kept (its upload, a 'dry_run' file, expires sooner: 6 hours). */
export const IMPORT_JOB_TTL_MS = 24 * 3600_000;
/** How many imports one user may have waiting or running at once. */
export const MAX_OPEN_IMPORTS_PER_USER = 3;

export interface NewImportJob {
  mode: ImportJobMode;
  fileId: string;
  fileName: string;
  lang: string;
  dryRunId?: string | null;
}

/** Queues an import for the actor (the caller has asked the policy). Refused past the open limit. */
export async function createImportJob(db: Db, actor: Actor, job: NewImportJob): Promise<ImportJob> {
  const open = await db
    .selectFrom('import_job')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_id', '=', actor.userId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirstOrThrow();
  if (Number(open.n) >= MAX_OPEN_IMPORTS_PER_USER) throw new AppError('CONFLICT', 'results:bulk.tooMany', { max: MAX_OPEN_IMPORTS_PER_USER });
  return db
    .insertInto('import_job')
    .values({
      owner_id: actor.userId,
      mode: job.mode,
      file_id: job.fileId,
      file_name: job.fileName.slice(0, 255),
      dry_run_id: job.dryRunId ?? null,
      lang: job.lang,
      expires_at: new Date(Date.now() + IMPORT_JOB_TTL_MS),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One of the actor's imports (null for someone else's, an expired or a malformed id: the same answer). */
export async function findImportJob(db: Db, actor: Actor | null, id: string): Promise<ImportJob | null> {
  if (!actor || !UUID.test(id)) return null;
  const row = await db.selectFrom('import_job').selectAll().where('id', '=', id).where('expires_at', '>', sql<Date>`now()`).executeTakeFirst();
  return row && can(actor, 'view', { type: 'import_job', ownerId: row.owner_id }) ? row : null;
}

/** The apply started from a dry run, if any (one per dry run). */
export async function findApplyOf(db: Db, dryRunId: string): Promise<ImportJob | null> {
  return (await db.selectFrom('import_job').selectAll().where('dry_run_id', '=', dryRunId).where('mode', '=', 'apply').executeTakeFirst()) ?? null;
}

/** A job by id, for a runner (no actor: the runner loads the owner's actor itself). */
export async function loadImportJob(db: Db, id: string): Promise<ImportJob | null> {
  if (!UUID.test(id)) return null;
  return (await db.selectFrom('import_job').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The in-process runner's take: the oldest queued import becomes running (`for update skip locked`). */
export async function claimNextImportJob(db: Db): Promise<ImportJob | null> {
  const row = await db
    .updateTable('import_job')
    .set({ status: 'running', started_at: sql`now()`, rows_read: 0, rows_staged: 0, error: null })
    .where('id', '=', (eb) =>
      eb.selectFrom('import_job').select('id').where('status', '=', 'queued').orderBy('created_at').limit(1).forUpdate().skipLocked(),
    )
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** The job handed to a task becomes running (attempts + 1); a finished or failed one is left alone (null). */
export async function startImportJob(db: Db, id: string): Promise<ImportJob | null> {
  const row = await db
    .updateTable('import_job')
    .set({ status: 'running', started_at: sql`now()`, attempts: sql`attempts + 1`, rows_read: 0, rows_staged: 0, error: null })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function reportImportProgress(db: Db, id: string, read: number, staged: number): Promise<void> {
  await db.updateTable('import_job').set({ rows_read: read, rows_staged: staged }).where('id', '=', id).where('status', '=', 'running').execute();
}

export async function finishImportJob(db: Db, id: string, done: { result: Record<string, unknown>; errorFileId: string | null; fileId: string | null }): Promise<void> {
  await db
    .updateTable('import_job')
    .set({ status: 'done', result: JSON.stringify(done.result), error_file_id: done.errorFileId, file_id: done.fileId, finished_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function failImportJob(db: Db, id: string, error: string, params: Record<string, unknown> | null = null): Promise<void> {
  await db
    .updateTable('import_job')
    .set({ status: 'failed', error: error.slice(0, 500), error_params: params ? JSON.stringify(params) : null, finished_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** An import interrupted by a shutdown goes back to the queue. */
export async function requeueImportJob(db: Db, id: string): Promise<void> {
  await db.updateTable('import_job').set({ status: 'queued', rows_read: 0, rows_staged: 0 }).where('id', '=', id).where('status', '=', 'running').execute();
}

/** At the in-process runner's start: imports a stopped process left running are queued again. */
export async function requeueRunningImportJobs(db: Db): Promise<number> {
  const r = await db.updateTable('import_job').set({ status: 'queued', rows_read: 0, rows_staged: 0 }).where('status', '=', 'running').executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Deletes expired import rows (applies first: they point at their dry runs). Part of `cleanUpExpired`. */
export async function deleteExpiredImportJobs(db: Db): Promise<number> {
  const r = await db.deleteFrom('import_job').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  return Number(r.numDeletedRows);
}
