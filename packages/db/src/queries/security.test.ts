import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { DEMO_PASSWORD } from '../seed/index.ts';
import { CLEAN_UP_LOCK, cleanUpExpired } from './clean-up.ts';
import { attemptLogin, LOGIN_THROTTLE, loginDelaySeconds } from './login-throttle.ts';
import { createSession, findSessionActor, hitProgramCommentLimits, PROGRAM_COMMENT_LIMITS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './sessions.ts';
import { databaseStorage, FILE_TTL_MS } from './storage.ts';

describe.each(testEngines)('files, sessions and logins on %s', (engine) => {
  let h: DatabaseHandle;
  let alice: string;
  let bob: string;
  const idOf = async (email: string) => (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    alice = await idOf('ngo@kamkor.kg');
    bob = await idOf('analyst@kamkor.kg');
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('FileStorage', () => {
    it('lets only the uploader read a dry-run copy by id, and only as that kind', async () => {
      const storage = databaseStorage(h.db);
      const id = await storage.put({ fileName: 'a.xlsx', contentType: 'x', data: new Uint8Array([1, 2, 3]), createdBy: alice, kind: 'dry_run' });
      expect([...(await storage.get(id, { owner: alice, kind: 'dry_run' }))!.data]).toEqual([1, 2, 3]);
      expect(await storage.get(id, { owner: bob, kind: 'dry_run' })).toBeNull();
      expect(await storage.open(id, { owner: bob })).toBeNull();
      expect(await storage.get(id, { owner: alice, kind: 'error_copy' })).toBeNull();
      expect(await storage.get('not-a-uuid', { owner: alice })).toBeNull();
    });

    it('gives temporary copies an expiry and stops serving them once it has passed', async () => {
      const storage = databaseStorage(h.db);
      const kept = await storage.put({ fileName: 'e.pdf', contentType: 'x', data: new Uint8Array([1]), createdBy: alice, kind: 'evidence' });
      const copy = await storage.put({ fileName: 'errors-a.xlsx', contentType: 'x', data: new Uint8Array([1]), createdBy: alice, kind: 'error_copy' });
      const rows = await h.db.selectFrom('stored_file').select(['id', 'expires_at']).where('id', 'in', [kept, copy]).execute();
      const expiry = new Map(rows.map((r) => [r.id, r.expires_at ? new Date(r.expires_at).getTime() : null]));
      expect(expiry.get(kept)).toBeNull();
      expect(Math.abs(expiry.get(copy)! - Date.now() - FILE_TTL_MS.error_copy!)).toBeLessThan(60_000);
      await h.db.updateTable('stored_file').set({ expires_at: sql`now() - interval '1 second'` }).where('id', '=', copy).execute();
      expect(await storage.get(copy, { owner: alice })).toBeNull();
      const report = await cleanUpExpired(h.db);
      expect(report?.files).toBeGreaterThanOrEqual(1);
      expect(await h.db.selectFrom('stored_file').select('id').where('id', '=', copy).executeTakeFirst()).toBeUndefined();
      expect(await storage.get(kept, { policy: 'checked' })).not.toBeNull();
    });

    // Several app servers: the one holding the lock cleans up, the others skip the round. (PGlite has one
    // connection, so a second server cannot be simulated there.)
    it.runIf(engine === 'postgres')('lets one server at a time clean up; the others skip instead of waiting', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const otherServer = h.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${CLEAN_UP_LOCK}::bigint)`.execute(trx);
        locked();
        await held;
      });
      await isLocked;
      expect(await cleanUpExpired(h.db)).toBeNull();
      release();
      await otherServer;
      expect(await cleanUpExpired(h.db)).not.toBeNull();
    });

    it('streams a file in chunks that add up to the stored bytes', async () => {
      const storage = databaseStorage(h.db);
      const data = new Uint8Array(700 * 1024).map((_, i) => (i * 31) % 251);
      const id = await storage.put({ fileName: 'big.bin', contentType: 'x', data, createdBy: alice, kind: 'evidence' });
      const file = await storage.open(id, { policy: 'checked' });
      expect(file?.sizeBytes).toBe(data.byteLength);
      const parts: Uint8Array[] = [];
      for await (const part of file!.stream) parts.push(part);
      expect(parts.length).toBeGreaterThan(1);
      expect(Buffer.concat(parts).equals(Buffer.from(data))).toBe(true);
      expect(Buffer.from(file!.head).equals(Buffer.from(data.subarray(0, file!.head.byteLength)))).toBe(true);
    });
  });

  describe('sessions', () => {
    it('finds the session and the actor with memberships in one lookup, sliding the idle expiry', async () => {
      const sid = await createSession(h.db, alice, 'test');
      const actor = await findSessionActor(h.db, sid);
      expect(actor).toMatchObject({ userId: alice, email: 'ngo@kamkor.kg' });
      expect(actor?.memberships.length).toBeGreaterThan(0);
      const row = await h.db.selectFrom('session').select('expires_at').where('user_id', '=', alice).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      expect(Math.abs(new Date(row.expires_at).getTime() - Date.now() - SESSION_IDLE_MS)).toBeLessThan(60_000);
    });

    it('slides the expiry of a session last seen over a minute ago, and does not write it on every request', async () => {
      const sid = await createSession(h.db, alice, 'slide');
      await h.db.updateTable('session').set({ last_seen_at: sql`now() - interval '2 hours'`, expires_at: sql`now() + interval '1 hour'` }).where('user_agent', '=', 'slide').execute();
      expect(await findSessionActor(h.db, sid)).toMatchObject({ userId: alice });
      const slid = await h.db.selectFrom('session').select(['expires_at', 'last_seen_at']).where('user_agent', '=', 'slide').executeTakeFirstOrThrow();
      expect(Math.abs(new Date(slid.expires_at).getTime() - Date.now() - SESSION_IDLE_MS)).toBeLessThan(60_000);
      // Seen a moment ago: the next request reads the session without writing it.
      await h.db.updateTable('session').set({ expires_at: sql`now() + interval '1 hour'` }).where('user_agent', '=', 'slide').execute();
      expect(await findSessionActor(h.db, sid)).toMatchObject({ userId: alice });
      const kept = await h.db.selectFrom('session').select(['expires_at', 'last_seen_at']).where('user_agent', '=', 'slide').executeTakeFirstOrThrow();
      expect(Math.abs(new Date(kept.expires_at).getTime() - Date.now() - 3600_000)).toBeLessThan(60_000);
      expect(new Date(kept.last_seen_at).getTime()).toBe(new Date(slid.last_seen_at).getTime());
    });

    it('ends an idle session and a session past its absolute lifetime, however active', async () => {
      const idle = await createSession(h.db, alice, 'idle');
      await h.db.updateTable('session').set({ expires_at: sql`now() - interval '1 second'` }).where('user_agent', '=', 'idle').execute();
      expect(await findSessionActor(h.db, idle)).toBeNull();

      const old = await createSession(h.db, alice, 'old');
      // Logged in 7 days minus 1 hour ago and used all along: the next use may not slide past day 7.
      await h.db
        .updateTable('session')
        .set({ created_at: sql`now() - ${SESSION_ABSOLUTE_MS / 1000 - 3600} * interval '1 second'`, last_seen_at: sql`now() - interval '2 minutes'` })
        .where('user_agent', '=', 'old')
        .execute();
      expect(await findSessionActor(h.db, old)).not.toBeNull();
      const row = await h.db.selectFrom('session').select(['expires_at', 'created_at']).where('user_agent', '=', 'old').executeTakeFirstOrThrow();
      expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBeLessThanOrEqual(SESSION_ABSOLUTE_MS);
      expect(new Date(row.expires_at).getTime() - Date.now()).toBeLessThan(3600_000 + 60_000);
      await h.db.updateTable('session').set({ expires_at: sql`created_at + ${SESSION_ABSOLUTE_MS / 1000} * interval '1 second'`, created_at: sql`now() - ${SESSION_ABSOLUTE_MS / 1000 + 1} * interval '1 second'` }).where('user_agent', '=', 'old').execute();
      expect(await findSessionActor(h.db, old)).toBeNull();

      const report = await cleanUpExpired(h.db);
      expect(report?.sessions).toBeGreaterThanOrEqual(2);
      expect(await h.db.selectFrom('session').select('id_hash').where('user_agent', 'in', ['idle', 'old']).execute()).toEqual([]);
    });

    it('treats a malformed session id as no session', async () => {
      for (const bad of ['', 'garbage', 'x'.repeat(42), 'x'.repeat(44), '%E0%A4%A', "'; drop table session; --".padEnd(43, 'a')]) {
        expect(await findSessionActor(h.db, bad)).toBeNull();
      }
    });

    it('gives no actor for a deactivated user', async () => {
      const carol = await idOf('municipal@kamkor.kg');
      const sid = await createSession(h.db, carol, 'deactivated');
      await h.db.updateTable('app_user').set({ is_active: false }).where('id', '=', carol).execute();
      expect(await findSessionActor(h.db, sid)).toBeNull();
      await h.db.updateTable('app_user').set({ is_active: true }).where('id', '=', carol).execute();
    });
  });

  describe('login delay', () => {
    const fastForward = (key: string) =>
      h.db.updateTable('login_throttle').set({ next_allowed_at: sql`now() - interval '1 second'` }).where('key', '=', key).execute();

    it('grows the delay 1, 2, 4 s after the free failures, and never beyond the cap', () => {
      const b = LOGIN_THROTTLE.account;
      expect([...Array(b.free).keys()].map((f) => loginDelaySeconds(f, b))).toEqual(Array(b.free).fill(0));
      expect([b.free, b.free + 1, b.free + 2].map((f) => loginDelaySeconds(f, b))).toEqual([1, 2, 4]);
      expect(loginDelaySeconds(b.free + 30, b)).toBe(b.capSeconds);
      expect(b.capSeconds).toBeLessThan(15 * 60);
    });

    it('delays an account after wrong passwords without locking out its owner, who gets in after the delay', async () => {
      const email = 'officer@kamkor.kg';
      const wrong = { email, password: 'not-the-password', address: null };
      for (let i = 0; i < LOGIN_THROTTLE.account.free; i++) expect(await attemptLogin(h.db, wrong)).toEqual({ ok: false, reason: 'invalid' });
      // Delayed now: even the right password waits (argon2 does not run), and the answer says how long.
      expect(await attemptLogin(h.db, { ...wrong, password: DEMO_PASSWORD })).toEqual({ ok: false, reason: 'delayed', retryAfterSeconds: 1 });
      await fastForward(`account:${email}`);
      expect(await attemptLogin(h.db, wrong)).toEqual({ ok: false, reason: 'invalid' });
      const second = await attemptLogin(h.db, wrong);
      expect(second).toEqual({ ok: false, reason: 'delayed', retryAfterSeconds: 2 });
      await fastForward(`account:${email}`);
      expect(await attemptLogin(h.db, wrong)).toEqual({ ok: false, reason: 'invalid' });
      expect(await attemptLogin(h.db, wrong)).toEqual({ ok: false, reason: 'delayed', retryAfterSeconds: 4 });
      // Delayed attempts do not push the wait further.
      for (let i = 0; i < 5; i++) expect(await attemptLogin(h.db, wrong)).toMatchObject({ reason: 'delayed', retryAfterSeconds: 4 });
      await fastForward(`account:${email}`);
      const owner = await attemptLogin(h.db, { ...wrong, password: DEMO_PASSWORD });
      expect(owner).toMatchObject({ ok: true });
      // The owner's success clears the account's count.
      expect(await h.db.selectFrom('login_throttle').select('key').where('key', '=', `account:${email}`).executeTakeFirst()).toBeUndefined();
    });

    it('counts 20 parallel wrong attempts as 20, and lets only the free ones reach the password check', async () => {
      const email = 'admin@kamkor.kg';
      const results = await Promise.all(
        Array.from({ length: 20 }, () => attemptLogin(h.db, { email, password: 'wrong-password-x', address: null })),
      );
      const row = await h.db.selectFrom('login_throttle').selectAll().where('key', '=', `account:${email}`).executeTakeFirstOrThrow();
      expect(row.attempts).toBe(20);
      expect(row.failures).toBe(LOGIN_THROTTLE.account.free);
      expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(LOGIN_THROTTLE.account.free);
      expect(results.filter((r) => !r.ok && r.reason === 'delayed')).toHaveLength(20 - LOGIN_THROTTLE.account.free);
    });

    it('delays a client address that guesses across many accounts', async () => {
      const address = '203.0.113.7';
      const free = LOGIN_THROTTLE.address.free;
      for (let i = 0; i < free; i++) {
        expect(await attemptLogin(h.db, { email: `nobody${i}@example.org`, password: 'x-wrong-password', address })).toMatchObject({ reason: 'invalid' });
      }
      expect(await attemptLogin(h.db, { email: 'another@example.org', password: 'x-wrong-password', address })).toMatchObject({ reason: 'delayed' });
      // Another address is not affected.
      expect(await attemptLogin(h.db, { email: 'another@example.org', password: 'x-wrong-password', address: '198.51.100.1' })).toMatchObject({ reason: 'invalid' });
    });
  });

  describe('public comment limits (the default configuration)', () => {
    it('limits comments per client address and per program', async () => {
      const { perAddress, perProgram } = PROGRAM_COMMENT_LIMITS;
      const programA = '00000000-0000-4000-8000-00000000000a';
      const programB = '00000000-0000-4000-8000-00000000000b';
      const hits: boolean[] = [];
      for (let i = 0; i <= perAddress; i++) hits.push(await hitProgramCommentLimits(h.db, programA, '192.0.2.1'));
      expect(hits).toEqual([...Array(perAddress).fill(true), false]);
      // The same address on another program is still over its own limit; another address is not.
      expect(await hitProgramCommentLimits(h.db, programB, '192.0.2.1')).toBe(false);
      expect(await hitProgramCommentLimits(h.db, programA, '192.0.2.2')).toBe(true);
      // The refused attempts of one address did not use up the program's bucket.
      const programCount = await h.db.selectFrom('rate_limit').select('count').where('key', '=', `program-comment:program:${programA}`).executeTakeFirstOrThrow();
      expect(programCount.count).toBe(perAddress + 1);
      // One program takes at most perProgram comments per window from everyone together.
      let accepted = perAddress + 1;
      for (let i = 0; accepted < perProgram + 5; i++, accepted++) await hitProgramCommentLimits(h.db, programA, `198.18.0.${i}`);
      expect(await hitProgramCommentLimits(h.db, programA, '198.18.1.1')).toBe(false);
      expect(await hitProgramCommentLimits(h.db, programB, '198.18.1.1')).toBe(true);
    });
  });
});
