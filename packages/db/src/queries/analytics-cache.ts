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
  const [answer] = await analyticsCachedMany(db, [{ what, compute }]);
  return answer as T;
}

/**
 * Several questions through the cache with ONE read for all of them (a dashboard's panels): the hits
 * come back from that read, each miss is computed (concurrent misses of one question once per
 * process) and stored. Answers are in the order asked.
 */
export async function analyticsCachedMany<T>(db: Db, questions: { what: unknown; compute: () => Promise<T> }[]): Promise<T[]> {
  // Inside a transaction the answer may include its own uncommitted writes: never shared.
  if (db.isTransaction) return Promise.all(questions.map((q) => q.compute()));
  if (!questions.length) return [];
  const keys = questions.map((q) => createHash('sha256').update(JSON.stringify(q.what)).digest('base64url'));
  const { rows } = await sql<{ key: string; version: string; cached: string | null; result: unknown; fresh: boolean | null }>`
    select k.key, ${dataVersionSql} as version, c.version::text as cached, c.result,
      c.created_at > now() - make_interval(secs => ${ANALYTICS_CACHE_TTL_MS / 1000}) as fresh
    from unnest(${keys}::text[]) as k(key) left join analytics_cache c on c.key = k.key`.execute(db);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return Promise.all(
    questions.map((q, i) => {
      const row = byKey.get(keys[i]!)!;
      if (row.cached === row.version && row.fresh) return row.result as T;
      return computeAndStore(db, keys[i]!, row.version, q.compute);
    }),
  );
}

function computeAndStore<T>(db: Db, key: string, version: string, compute: () => Promise<T>): Promise<T> {
  const flightKey = `${key}@${version}`;
  const running = inFlight.get(flightKey);
  if (running) return running as Promise<T>;
  // Started on the next microtask, so it is registered before it can settle.
  const work = Promise.resolve().then(async () => {
    try {
      const result = await compute();
      // A newer answer stored meanwhile (by another server, after a write) is never replaced by an older one.
      await sql`
        insert into analytics_cache (key, version, result) values (${key}, ${version}::bigint, ${JSON.stringify(result)}::jsonb)
        on conflict (key) do update set version = excluded.version, result = excluded.result, created_at = now()
        where analytics_cache.version <= excluded.version`.execute(db);
      return result;
    } finally {
      inFlight.delete(flightKey);
    }
  });
  inFlight.set(flightKey, work);
  return work;
}

/** Deletes cached answers past the TTL (run by the clean-up); returns how many. */
export async function deleteExpiredAnalyticsCache(db: Db): Promise<number> {
  const r = await db
    .deleteFrom('analytics_cache')
    .where(sql<boolean>`created_at < now() - make_interval(secs => ${ANALYTICS_CACHE_TTL_MS / 1000})`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
