import { sql } from 'kysely';
import type { Db } from './audit.ts';
import { randomToken, sha256 } from './crypto.ts';

export const SESSION_TTL_MS = 12 * 3600_000;

/** Creates a server-side session; returns the id that goes into the cookie (only its hash is stored). */
export async function createSession(db: Db, userId: string, userAgent: string | null): Promise<string> {
  const id = randomToken();
  await db
    .insertInto('session')
    .values({
      id_hash: sha256(id),
      user_id: userId,
      expires_at: new Date(Date.now() + SESSION_TTL_MS),
      user_agent: userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return id;
}

/** Finds the live session's user id and slides its expiry; null when missing, expired or revoked. */
export async function findSessionUserId(db: Db, sessionId: string): Promise<string | null> {
  const row = await db
    .updateTable('session')
    .set({ last_seen_at: sql`now()`, expires_at: new Date(Date.now() + SESSION_TTL_MS) })
    .where('id_hash', '=', sha256(sessionId))
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('session').where('id_hash', '=', sha256(sessionId)).execute();
}

/** Revokes every session of a user (password change, deactivation), optionally keeping one. */
export async function deleteUserSessions(db: Db, userId: string, exceptSessionId?: string): Promise<void> {
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id_hash', '!=', sha256(exceptSessionId));
  await q.execute();
}

/**
 * Counts a hit against a fixed window in the database, so every app server shares the counter.
 * Returns true while the key is under the limit.
 */
export async function hitRateLimit(db: Db, key: string, limit: number, windowMs: number): Promise<boolean> {
  const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
  const row = await db
    .insertInto('rate_limit')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ count: sql`rate_limit.count + 1` }))
    .returning('count')
    .executeTakeFirstOrThrow();
  if (Math.random() < 0.01) {
    await db.deleteFrom('rate_limit').where('window_start', '<', new Date(Date.now() - 24 * 3600_000)).execute();
  }
  return row.count <= limit;
}

/** True while the key has fewer than `limit` hits in the current window (does not count a hit). */
export async function underRateLimit(db: Db, key: string, limit: number, windowMs: number): Promise<boolean> {
  const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
  const row = await db
    .selectFrom('rate_limit')
    .select('count')
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return (row?.count ?? 0) < limit;
}
