import { sql } from 'kysely';
import { AppError, can, type Actor } from '@kamkor/domain';
import type { ExportJobTable } from '../schema/jobs.ts';
import type { Selectable } from 'kysely';
import type { Db } from './audit.ts';

/**
 * Background exports (docs/decisions/015-background-jobs.md). The `export_job` row is what the user
 * sees (status, progress, file, expiry) on both engines; which runner executes it is @kamkor/app's
 * business (graphile-worker on PostgreSQL, the in-process runner on PGlite).
 */
export type ExportJob = Selectable<ExportJobTable>;

/** How long an export (its row and its file) is kept. */
export const EXPORT_TTL_MS = 7 * 24 * 3600_000;
/** How many exports one user may have waiting or running at once. */
export const MAX_OPEN_EXPORTS_PER_USER = 5;

export interface NewExportJob {
  source: string;
  format: 'xlsx' | 'csv';
  params: Record<string, unknown>;
  lang: string;
}

/** Queues an export for the actor (the caller has asked the source's policy). Refused past the open limit. */
export async function createExportJob(db: Db, actor: Actor, job: NewExportJob): Promise<ExportJob> {
  const open = await db
    .selectFrom('export_job')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_id', '=', actor.userId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirstOrThrow();
  if (Number(open.n) >= MAX_OPEN_EXPORTS_PER_USER) throw new AppError('CONFLICT', 'exports:tooMany', { max: MAX_OPEN_EXPORTS_PER_USER });
  return db
    .insertInto('export_job')
    .values({
      owner_id: actor.userId,
      source: job.source,
      format: job.format,
      params: JSON.stringify(job.params),
      lang: job.lang,
      expires_at: new Date(Date.now() + EXPORT_TTL_MS),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One of the actor's exports (null for someone else's, an expired or a malformed id: the same answer). */
export async function findExportJob(db: Db, actor: Actor | null, id: string): Promise<ExportJob | null> {
  if (!actor || !UUID.test(id)) return null;
  const row = await db.selectFrom('export_job').selectAll().where('id', '=', id).where('expires_at', '>', sql<Date>`now()`).executeTakeFirst();
  return row && can(actor, 'view', { type: 'export_job', ownerId: row.owner_id }) ? row : null;
}

/** The actor's exports, newest first (at most 50). */
export async function listExportJobs(db: Db, actor: Actor): Promise<ExportJob[]> {
  return db
    .selectFrom('export_job')
    .selectAll()
    .where('owner_id', '=', actor.userId)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
}

/** A job by id, for a runner (no actor: the runner loads the owner's actor itself). */
export async function loadExportJob(db: Db, id: string): Promise<ExportJob | null> {
  if (!UUID.test(id)) return null;
  return (await db.selectFrom('export_job').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/**
 * The in-process runner's take: the oldest queued job becomes running in one statement
 * (`for update skip locked`, so two takers never get the same row).
 */
export async function claimNextExportJob(db: Db): Promise<ExportJob | null> {
  const row = await db
    .updateTable('export_job')
    .set({ status: 'running', started_at: sql`now()`, rows_done: 0, error: null })
    .where('id', '=', (eb) =>
      eb.selectFrom('export_job').select('id').where('status', '=', 'queued').orderBy('created_at').limit(1).forUpdate().skipLocked(),
    )
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/**
 * graphile-worker's take: the job it handed us becomes running. A job still marked running is
 * taken again (its worker stopped without finishing); a finished or failed one is left alone (null).
 */
export async function startExportJob(db: Db, id: string): Promise<ExportJob | null> {
  const row = await db
    .updateTable('export_job')
    .set({ status: 'running', started_at: sql`now()`, attempts: sql`attempts + 1`, rows_done: 0, error: null })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function reportExportProgress(db: Db, id: string, done: number, total: number | null): Promise<void> {
  await db.updateTable('export_job').set({ rows_done: done, rows_total: total }).where('id', '=', id).where('status', '=', 'running').execute();
}

export async function finishExportJob(db: Db, id: string, fileId: string, rows: number): Promise<void> {
  await db
    .updateTable('export_job')
    .set({ status: 'done', file_id: fileId, rows_done: rows, rows_total: rows, finished_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function failExportJob(db: Db, id: string, error: string): Promise<void> {
  await db.updateTable('export_job').set({ status: 'failed', error: error.slice(0, 500), finished_at: sql`now()` }).where('id', '=', id).execute();
}

/** A job interrupted by a shutdown goes back to the queue. */
export async function requeueExportJob(db: Db, id: string): Promise<void> {
  await db.updateTable('export_job').set({ status: 'queued', rows_done: 0 }).where('id', '=', id).where('status', '=', 'running').execute();
}

/** At the in-process runner's start: jobs a stopped process left running are queued again. */
export async function requeueRunningExportJobs(db: Db): Promise<number> {
  const r = await db.updateTable('export_job').set({ status: 'queued', rows_done: 0 }).where('status', '=', 'running').executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Deletes expired export rows; their files expire with them (stored_file kind 'export'). Part of `cleanUpExpired`. */
export async function deleteExpiredExportJobs(db: Db): Promise<number> {
  const r = await db.deleteFrom('export_job').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  return Number(r.numDeletedRows);
}
