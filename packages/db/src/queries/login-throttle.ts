import { sql } from 'kysely';
import type { Db } from './audit.ts';
import { verifyLogin } from './people.ts';

/**
 * The login rule of decision 009. Per account, the first 5 wrong passwords are free; after the k-th
 * failure beyond them the next attempt must wait 2^k seconds (1, 2, 4, … s), never more than 60 s.
 * Per client address (when the address is known) the same with 20 free failures. A delayed attempt is
 * answered "try again in N seconds" without running argon2 and does not push the wait further, so
 * someone else's wrong guesses can make the real owner wait at most 60 s, never lock them out.
 */
export const LOGIN_THROTTLE = {
  account: { free: 5, capSeconds: 60 },
  address: { free: 20, capSeconds: 60 },
} as const;

type Bucket = { free: number; capSeconds: number };

/** Seconds the next attempt must wait after `failures` failed attempts. */
export function loginDelaySeconds(failures: number, bucket: Bucket): number {
  if (failures < bucket.free) return 0;
  return Math.min(2 ** (failures - bucket.free), bucket.capSeconds);
}

/** The SQL twin of `loginDelaySeconds`, as an interval, so the decision and the count are one statement. */
const delaySql = (failures: ReturnType<typeof sql>, b: Bucket) =>
  sql`(case when ${failures} < ${b.free} then 0 else least(power(2, ${failures} - ${b.free}), ${b.capSeconds}) end) * interval '1 second'`;

/**
 * Counts one attempt against a bucket and decides, atomically (one INSERT … ON CONFLICT … DO UPDATE …
 * RETURNING, so parallel attempts serialise on the row): let it through to the password check (and
 * count it as a failure until it proves right) or make it wait. Returns the seconds to wait, 0 = go.
 */
export async function reserveLoginAttempt(db: Db, key: string, bucket: Bucket): Promise<number> {
  const ready = sql`login_throttle.next_allowed_at <= now()`;
  const row = await db
    .insertInto('login_throttle')
    .values({
      key,
      attempts: 1,
      failures: 1,
      allowed_attempt: 1,
      next_allowed_at: sql`now() + ${delaySql(sql`1`, bucket)}`,
      updated_at: sql`now()`,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        attempts: sql`login_throttle.attempts + 1`,
        failures: sql`case when ${ready} then login_throttle.failures + 1 else login_throttle.failures end`,
        allowed_attempt: sql`case when ${ready} then login_throttle.attempts + 1 else login_throttle.allowed_attempt end`,
        next_allowed_at: sql`case when ${ready} then now() + ${delaySql(sql`login_throttle.failures + 1`, bucket)} else login_throttle.next_allowed_at end`,
        updated_at: sql`now()`,
      }),
    )
    .returning([
      sql<boolean>`allowed_attempt = attempts`.as('allowed'),
      sql<number>`ceil(extract(epoch from (next_allowed_at - now())))::int`.as('wait'),
    ])
    .executeTakeFirstOrThrow();
  return row.allowed ? 0 : Math.max(1, Number(row.wait));
}

/** The attempt proved right: forget the account's failures, and do not count this one against the address. */
async function releaseLoginAttempt(db: Db, accountKey: string, addressKey: string | null): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', accountKey).execute();
  if (addressKey) {
    await db
      .updateTable('login_throttle')
      .set({ failures: sql`greatest(login_throttle.failures - 1, 0)` })
      .where('key', '=', addressKey)
      .execute();
  }
}

export type LoginAttempt =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'delayed'; retryAfterSeconds: number };

/**
 * One login attempt under the progressive delay: the address bucket (when `address` is known), then
 * the account bucket, then argon2 (under the hashing cap) only if neither says wait.
 */
export async function attemptLogin(db: Db, input: { email: string; password: string; address: string | null }): Promise<LoginAttempt> {
  const accountKey = `account:${input.email.trim().toLowerCase()}`;
  const addressKey = input.address ? `address:${input.address}` : null;
  if (addressKey) {
    const wait = await reserveLoginAttempt(db, addressKey, LOGIN_THROTTLE.address);
    if (wait) return { ok: false, reason: 'delayed', retryAfterSeconds: wait };
  }
  const wait = await reserveLoginAttempt(db, accountKey, LOGIN_THROTTLE.account);
  if (wait) return { ok: false, reason: 'delayed', retryAfterSeconds: wait };
  const userId = await verifyLogin(db, input.email, input.password);
  if (!userId) return { ok: false, reason: 'invalid' };
  await releaseLoginAttempt(db, accountKey, addressKey);
  return { ok: true, userId };
}

/** Forgets counters that have been quiet for a day; part of `cleanUpExpired`. */
export async function deleteStaleLoginThrottles(db: Db): Promise<number> {
  const r = await db
    .deleteFrom('login_throttle')
    .where('updated_at', '<', sql<Date>`now() - interval '1 day'`)
    .where('next_allowed_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
