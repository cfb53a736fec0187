import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './audit.ts';

/**
 * The analytics result cache (docs/decisions/022-analytics-result-cache.md). An explorer view, a
 * dashboard panel or the explorer's filter choices are computed once per data version and question,
 * stored in `analytics_cache` (shared by every app server) and read back by the next request that
 * asks the same, until any table they read changes (the triggers of migration 20261130T0010 advance
 * the `analytics_data_version` sequence) or ANALYTICS_CACHE_TTL_MS passes.
 *
 * The question (`what`) must name everything the answer depends on besides the data: the actor's
 * scope (never the actor alone: two officers of one ministry share their answers), the view's state,
 * the language and, where a rule uses it, today's date.
 *
 * The TTL bounds one known gap: a writer advances the version when its statement runs, not when it
 * commits, so a reader in between may store an answer from before the commit under the new version.
 * Such an answer lives at most until the next write or the TTL.
 */
export const ANALYTICS_CACHE_TTL_MS = 5 * 60_000;

/** Computations in progress in this process, so concurrent misses of one question compute it once. */
const inFlight = new Map<string, Promise<unknown>>();

/** The data version the cache is keyed by: how many writes the analytics tables have seen (a scalar subquery). */
const dataVersionSql = sql<string>`(select (case when is_called then last_value else 0 end)::text from analytics_data_version)`;

export async function analyticsDataVersion(db: Db): Promise<string> {
  const r = await sql<{ v: string }>`select ${dataVersionSql} as v`.execute(db);
  return r.rows[0]!.v;
}

export async function analyticsCached<T>(db: Db, what: unknown, compute: () => Promise<T>): Promise<T> {
  // Inside a transaction the answer may include its own uncommitted writes: never shared.
  if (db.isTransaction) return compute();
  const key = createHash('sha256').update(JSON.stringify(what)).digest('base64url');
  const { rows } = await sql<{ version: string; cached: string | null; result: unknown; fresh: boolean | null }>`
    select ${dataVersionSql} as version,
      c.version::text as cached, c.result, c.created_at > now() - make_interval(secs => ${ANALYTICS_CACHE_TTL_MS / 1000}) as fresh
    from (select 1) one left join analytics_cache c on c.key = ${key}`.execute(db);
  const row = rows[0]!;
  if (row.cached === row.version && row.fresh) return row.result as T;
  const flightKey = `${key}@${row.version}`;
  const running = inFlight.get(flightKey);
  if (running) return running as Promise<T>;
  const work = (async () => {
    const result = await compute();
    // A newer answer stored meanwhile (by another server, after a write) is never replaced by an older one.
    await sql`
      insert into analytics_cache (key, version, result) values (${key}, ${row.version}::bigint, ${JSON.stringify(result)}::jsonb)
      on conflict (key) do update set version = excluded.version, result = excluded.result, created_at = now()
      where analytics_cache.version <= excluded.version`.execute(db);
    return result;
  })();
  inFlight.set(flightKey, work);
  try {
    return await work;
  } finally {
    inFlight.delete(flightKey);
  }
}

/** Deletes cached answers past the TTL (run by the clean-up); returns how many. */
export async function deleteExpiredAnalyticsCache(db: Db): Promise<number> {
  const r = await db
    .deleteFrom('analytics_cache')
    .where(sql<boolean>`created_at < now() - make_interval(secs => ${ANALYTICS_CACHE_TTL_MS / 1000})`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
