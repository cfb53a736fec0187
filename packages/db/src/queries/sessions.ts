import { sql } from 'kysely';
import type { Actor, Membership, OrganisationKind, Role } from '@kamkor/domain';
import type { Db } from './audit.ts';
import { randomToken, sha256 } from './crypto.ts';

/** Idle lifetime: a session unused this long ends; every request slides it (decision 009). */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** Absolute lifetime: however active, a session ends this long after the login. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3600_000;
/** @deprecated the idle lifetime; use SESSION_IDLE_MS. */
export const SESSION_TTL_MS = SESSION_IDLE_MS;

/** The shape `randomToken()` gives a session id: 32 random bytes as base64url. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** True for a string that could be a session id; anything else is no session (never an error). */
export function isWellFormedSessionId(value: string | null | undefined): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}

/** Creates a server-side session; returns the id that goes into the cookie (only its hash is stored). */
export async function createSession(db: Db, userId: string, userAgent: string | null): Promise<string> {
  const id = randomToken();
  await db
    .insertInto('session')
    .values({
      id_hash: sha256(id),
      user_id: userId,
      expires_at: new Date(Date.now() + SESSION_IDLE_MS),
      user_agent: userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return id;
}

/** The new expiry of a used session: idle lifetime from now, never past the absolute lifetime. */
const slidExpiry = () =>
  sql<Date>`least(now() + ${SESSION_IDLE_MS / 1000} * interval '1 second', session.created_at + ${SESSION_ABSOLUTE_MS / 1000} * interval '1 second')`;

export type SessionActor = Actor & { fullName: string; email: string; language: string | null };

/**
 * How stale `last_seen_at` may get before a request slides the session's expiry again. Writing the
 * session row on every request made concurrent requests of one session queue on its row lock and a
 * commit each (bench P3); the idle lifetime is hours, so a minute of granularity changes nothing.
 */
export const SESSION_TOUCH_MS = 60_000;

/**
 * The live session's actor (user + memberships) in ONE statement: joins the active user and
 * memberships, and slides the session's expiry when it was last slid over SESSION_TOUCH_MS ago. Null
 * when the id is malformed, missing, expired (idle or absolute), revoked, or the user is deactivated.
 */
export async function findSessionActor(db: Db, sessionId: string): Promise<SessionActor | null> {
  if (!isWellFormedSessionId(sessionId)) return null;
  const idHash = sha256(sessionId);
  const rows = await db
    // A data-modifying WITH runs once whether or not the query reads it.
    .with('touch', (qb) =>
      qb
        .updateTable('session')
        .set({ last_seen_at: sql`now()`, expires_at: slidExpiry() })
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', sql<Date>`now()`)
        .where('created_at', '>', sql<Date>`now() - ${SESSION_ABSOLUTE_MS / 1000} * interval '1 second'`)
        .where('last_seen_at', '<', sql<Date>`now() - ${SESSION_TOUCH_MS / 1000} * interval '1 second'`)
        .returning('user_id'),
    )
    .with('s', (qb) =>
      qb
        .selectFrom('session')
        .select('user_id')
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', sql<Date>`now()`)
        .where('created_at', '>', sql<Date>`now() - ${SESSION_ABSOLUTE_MS / 1000} * interval '1 second'`),
    )
    .selectFrom('s')
    .innerJoin('app_user', 'app_user.id', 's.user_id')
    .leftJoin('membership', 'membership.user_id', 'app_user.id')
    .leftJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .select([
      'app_user.id',
      'app_user.full_name',
      'app_user.email',
      'app_user.language',
      'app_user.is_active',
      'membership.organisation_id',
      'membership.role',
      'organisation.kind',
      'organisation.admin_unit_soate',
    ])
    .orderBy('membership.created_at')
    .execute();
  const user = rows[0];
  if (!user || !user.is_active) return null;
  const memberships: Membership[] = rows
    .filter((r) => r.organisation_id && r.role && r.kind)
    .map((r) => ({
      organisationId: r.organisation_id!,
      organisationKind: r.kind as OrganisationKind,
      role: r.role as Role,
      adminUnitSoate: r.admin_unit_soate ?? null,
    }));
  return { userId: user.id, fullName: user.full_name, email: user.email, language: user.language, memberships };
}

/** Deletes sessions past their expiry (idle or absolute); part of `cleanUpExpired`. */
export async function deleteExpiredSessions(db: Db): Promise<number> {
  const r = await db
    .deleteFrom('session')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', sql<Date>`now()`),
        eb('created_at', '<=', sql<Date>`now() - ${SESSION_ABSOLUTE_MS / 1000} * interval '1 second'`),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  if (!isWellFormedSessionId(sessionId)) return;
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

/**
 * Public comments on a program: at most `perAddress` from one client address (across programs) and
 * `perProgram` on one program (from everyone) per window. The defaults are the configuration in use
 * and the one the tests check.
 */
export const PROGRAM_COMMENT_LIMITS = { perAddress: 5, perProgram: 60, windowMs: 10 * 60_000 } as const;

/** Counts one public comment against its address, then its program; true while both are under their limit. */
export async function hitProgramCommentLimits(
  db: Db,
  programId: string,
  address: string,
  limits: { perAddress: number; perProgram: number; windowMs: number } = PROGRAM_COMMENT_LIMITS,
): Promise<boolean> {
  // An address over its limit does not also use up the program's bucket, so one sender cannot close
  // the discussion for everyone else.
  if (!(await hitRateLimit(db, `program-comment:address:${address}`, limits.perAddress, limits.windowMs))) return false;
  return hitRateLimit(db, `program-comment:program:${programId}`, limits.perProgram, limits.windowMs);
}
