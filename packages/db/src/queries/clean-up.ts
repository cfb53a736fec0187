import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema/index.ts';
import type { Db } from './audit.ts';
import { deleteStaleLoginThrottles } from './login-throttle.ts';
import { deleteExpiredSessions } from './sessions.ts';
import { deleteExpiredExportJobs } from './export-jobs.ts';
import { deleteExpiredImportJobs } from './import-jobs.ts';
import { deleteExpiredFiles } from './storage.ts';
import { deleteExpiredAnalyticsCache } from './analytics-cache.ts';

/** Arbitrary, fixed key of the advisory lock that lets one app server at a time run the clean-up. */
export const CLEAN_UP_LOCK = 7_311_208_001;

export interface CleanUpReport {
  files: number;
  sessions: number;
  rateLimits: number;
  loginThrottles: number;
  exportJobs: number;
  /** Staging tables (`import_stage_%`) left by a run that was killed, dropped a day after they were first seen. */
  stageTables: number;
  importJobs: number;
  /** Analytics answers past their TTL (docs/decisions/022). */
  analyticsCache: number;
}

/**
 * Deletes what has expired: temporary files (dry-run and error copies, `FILE_TTL_MS`), staging tables
 * of imports left by a killed process (a day after the clean-up first saw them), sessions past their idle or
 * absolute lifetime, old rate-limit windows and quiet login counters. Safe with several app servers:
 * it runs in one transaction under a transaction-scoped advisory lock, and a server that does not get
 * the lock skips the round (returns null) instead of waiting; the deletes only touch expired rows.
 */
export async function cleanUpExpired(db: Kysely<Database>): Promise<CleanUpReport | null> {
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${CLEAN_UP_LOCK}::bigint) as locked`.execute(trx);
    if (!lock.rows[0]?.locked) return null;
    const rateLimits = await trx
      .deleteFrom('rate_limit')
      .where('window_start', '<', sql<Date>`now() - interval '1 day'`)
      .executeTakeFirst();
    const exportJobs = await deleteExpiredExportJobs(trx);
    const importJobs = await deleteExpiredImportJobs(trx);
    return {
      files: await deleteExpiredFiles(trx),
      sessions: await deleteExpiredSessions(trx),
      rateLimits: Number(rateLimits.numDeletedRows),
      loginThrottles: await deleteStaleLoginThrottles(trx),
      exportJobs,
      stageTables: await dropStaleStages(trx),
      importJobs,
      analyticsCache: await deleteExpiredAnalyticsCache(trx),
    };
  });
}

/** How long a staging table may stay before the clean-up takes it for one left by a killed run. */
export const STAGE_MAX_AGE_MS = 24 * 3600_000;

const STAGE_NAME = /^import_stage_[0-9a-f]{16}(_r)?$/;
const SEEN = /seen (\d{4}-\d\d-\d\dT[\d:.]+Z)/;

/**
 * Drops the staging tables of imports (`import_stage_<hex>` and their `_r`) that are older than a
 * day: a run drops its own tables in `finally`, so only a killed process leaves them behind.
 * Neither engine records when a table was created (pg_class has no such column, and PGlite has no
 * file times to ask), so the clean-up writes it: a table it sees for the first time gets the comment
 * `kamkor: import stage, seen <ISO time>`; one whose comment is older than `STAGE_MAX_AGE_MS` is dropped.
 * A table is thus dropped a day after it was first seen (at most one clean-up round later than a day
 * after its creation). Works the same on PGlite and PostgreSQL (`obj_description`, `comment on`).
 */
export async function dropStaleStages(db: Db, now: Date = new Date()): Promise<number> {
  const tables = await sql<{ name: string; note: string | null }>`
    select c.relname as name, obj_description(c.oid, 'pg_class') as note
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname = current_schema() and c.relname like 'import_stage_%'`.execute(db);
  let dropped = 0;
  for (const t of tables.rows) {
    if (!STAGE_NAME.test(t.name)) continue;
    const seen = t.note ? SEEN.exec(t.note)?.[1] : undefined;
    if (!seen) {
      await sql`comment on table ${sql.id(t.name)} is ${sql.lit(`kamkor: import stage, seen ${now.toISOString()}`)}`.execute(db);
      continue;
    }
    if (now.getTime() - Date.parse(seen) < STAGE_MAX_AGE_MS) continue;
    await sql`drop table if exists ${sql.id(t.name)}`.execute(db);
    dropped++;
  }
  return dropped;
}
