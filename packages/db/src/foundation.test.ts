import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testEngines } from './testing.ts';
import type { DatabaseHandle } from './connection.ts';
import { foreignKeyIndexes } from './migrations/20261129T1400-foreign-key-indexes.ts';
import {
  consumePasswordToken,
  createOrganisation,
  createSession,
  createUser,
  currentSuccessor,
  databaseStorage,
  deleteUserSessions,
  findActor,
  findOrganisation,
  findPasswordTokenUser,
  findSessionActor,
  hitRateLimit,
  underRateLimit,
  listAdminUnits,
  listAuditLog,
  listCatalogue,
  seedDemo,
  verifyLogin,
  writeAudit,
  DEMO_PASSWORD,
} from './index.ts';

describe.each(testEngines)('foundation on %s', (engine) => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('returns identical value types on both engines: dates as strings, int8 as numbers, numeric as strings', async () => {
    const row = await sql<{ d: string; n: number; x: string; ts: Date }>`
      select date '2027-03-31' as d, 123456789012::int8 as n, 1234.50::numeric(14,2) as x, now() as ts`.execute(h.db);
    expect(row.rows[0]).toMatchObject({ d: '2027-03-31', n: 123456789012, x: '1234.50' });
    expect(row.rows[0]!.ts).toBeInstanceOf(Date);
  });

  it('loads the shipped territory and catalogues', async () => {
    const oblasts = await listAdminUnits(h.db, { levels: ['oblast'] });
    expect(oblasts.map((o) => o.name_en)).toEqual(expect.arrayContaining(['Naryn Oblast', 'Osh Oblast']));
    expect(oblasts).toHaveLength(7);
    expect((await listCatalogue(h.db, 'service')).length).toBeGreaterThan(10);
    expect((await listCatalogue(h.db, 'target_group')).length).toBeGreaterThan(10);
  });

  it('follows the 2024-25 merger crosswalk from a closed aiyl aimak to its successor', async () => {
    const closed = await h.db.selectFrom('admin_unit').select(['soate', 'successor_soate']).where('successor_soate', 'is not', null).executeTakeFirstOrThrow();
    expect(await currentSuccessor(h.db, closed.soate)).toBe(closed.successor_soate);
    const today = await listAdminUnits(h.db, { parent: undefined, search: closed.soate });
    expect(today).toHaveLength(0);
    const history = await listAdminUnits(h.db, { search: closed.soate, includeClosed: true });
    expect(history).toHaveLength(1);
  });

  it('seeds demo data once: one account per role, logins with the demo password', async () => {
    expect(await seedDemo(h.db)).toBe(false);
    const roles = await h.db.selectFrom('membership').select('role').distinct().execute();
    expect(roles.map((r) => r.role).sort()).toEqual(
      ['admin', 'analyst', 'commission_member', 'municipal_officer', 'ngo_staff', 'program_officer', 'territorial_officer'],
    );
    expect(await verifyLogin(h.db, 'ngo@kamkor.kg', DEMO_PASSWORD)).toBeTruthy();
    expect(await verifyLogin(h.db, 'NGO@kamkor.kg', DEMO_PASSWORD)).toBeTruthy();
    expect(await verifyLogin(h.db, 'ngo@kamkor.kg', 'wrong-password')).toBeNull();
    expect(await verifyLogin(h.db, 'nobody@kamkor.kg', DEMO_PASSWORD)).toBeNull();
    const municipality = await h.db.selectFrom('organisation').select('admin_unit_soate').where('kind', '=', 'municipality').execute();
    expect(municipality.every((m) => m.admin_unit_soate)).toBe(true);
  });

  it('creates a user with a one-time set-password link that works exactly once', async () => {
    const ministry = await h.db.selectFrom('organisation').select('id').where('kind', '=', 'ministry').executeTakeFirstOrThrow();
    const { userId, token } = await h.db.transaction().execute((trx) =>
      createUser(trx, null, { email: 'new.officer@kamkor.kg', full_name: 'Жаңы Адис', organisation_id: ministry.id, role: 'program_officer' }),
    );
    expect(await verifyLogin(h.db, 'new.officer@kamkor.kg', 'anything-at-all')).toBeNull();
    expect(await findPasswordTokenUser(h.db, token)).toMatchObject({ id: userId });
    await consumePasswordToken(h.db, token, 'a-good-long-password');
    expect(await verifyLogin(h.db, 'new.officer@kamkor.kg', 'a-good-long-password')).toBe(userId);
    await expect(consumePasswordToken(h.db, token, 'another-password-1')).rejects.toThrow(/tokenInvalid/);
    const actor = await findActor(h.db, userId);
    expect(actor?.memberships).toEqual([expect.objectContaining({ role: 'program_officer', organisationId: ministry.id })]);
    await expect(
      h.db.transaction().execute((trx) =>
        createUser(trx, null, { email: 'new.officer@kamkor.kg', full_name: 'Dup', organisation_id: ministry.id, role: 'analyst' }),
      ),
    ).rejects.toThrow(/emailTaken/);
  });

  it('keeps sessions server-side: revocable, and the cookie value is not what is stored', async () => {
    const user = await h.db.selectFrom('app_user').select('id').where('email', '=', 'analyst@kamkor.kg').executeTakeFirstOrThrow();
    const sid = await createSession(h.db, user.id, 'test');
    expect((await findSessionActor(h.db, sid))?.userId).toBe(user.id);
    const stored = await h.db.selectFrom('session').select('id_hash').where('user_id', '=', user.id).execute();
    expect(stored.map((s) => s.id_hash)).not.toContain(sid);
    await deleteUserSessions(h.db, user.id);
    expect(await findSessionActor(h.db, sid)).toBeNull();
    expect(await findSessionActor(h.db, 'made-up-session-id')).toBeNull();
  });

  it('counts rate limits in the database, shared by every app server', async () => {
    const results: boolean[] = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit(h.db, 'test:key', 3, 60_000));
    expect(results).toEqual([true, true, true, false]);
    expect(await hitRateLimit(h.db, 'test:other', 3, 60_000)).toBe(true);
    expect(await underRateLimit(h.db, 'test:key', 3, 60_000)).toBe(false);
    expect(await underRateLimit(h.db, 'test:other', 3, 60_000)).toBe(true);
    expect(await underRateLimit(h.db, 'test:never', 3, 60_000)).toBe(true);
  });

  it('keeps the audit log append-only and records organisation changes', async () => {
    const org = await h.db.transaction().execute((trx) =>
      createOrganisation(trx, null, {
        kind: 'ngo', name_ky: 'Сынак', name_ru: 'Тест', name_en: 'Test', inn: '01234567890123',
        registration_no: null, address: null, contacts: null, admin_unit_soate: null,
      }),
    );
    const log = await listAuditLog(h.db, { entity: 'organisation', entityId: org.id });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'create' });
    await expect(sql`update audit_log set reason = 'tamper'`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(h.db)).rejects.toThrow(/append-only/);
    await writeAudit(h.db, { actorId: null, action: 'unlock', entity: 'report', entityId: 'r1', reason: 'typo in Q2' });
    expect((await listAuditLog(h.db, { entity: 'report' }))[0]).toMatchObject({ reason: 'typo in Q2' });
  });

  it('does not reveal organisations for malformed ids', async () => {
    expect(await findOrganisation(h.db, 'not-a-uuid')).toBeUndefined();
    expect(await findOrganisation(h.db, '00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });

  it('stores uploaded files in the database behind the storage interface', async () => {
    const storage = databaseStorage(h.db);
    const id = await storage.put({ fileName: 'a.txt', contentType: 'text/plain', data: new TextEncoder().encode('салам'), createdBy: null });
    const back = await storage.get(id, { policy: 'checked' });
    expect(new TextDecoder().decode(back!.data)).toBe('салам');
    await storage.remove(id);
    expect(await storage.get(id, { policy: 'checked' })).toBeNull();
  });

  it('stores a streamed upload in chunks, never whole, and reads it back byte for byte', async () => {
    const storage = databaseStorage(h.db);
    // Three uneven pieces that do not line up with the storage's chunk size.
    const bytes = new Uint8Array(700_001).map((_, i) => (i * 31 + 7) % 251);
    async function* pieces() {
      yield bytes.subarray(0, 100_000);
      yield bytes.subarray(100_000, 650_000);
      yield bytes.subarray(650_000);
    }
    const id = await storage.put({ fileName: 'scan.pdf', contentType: 'application/pdf', data: pieces(), createdBy: null, kind: 'evidence' });
    const chunks = await sql<{ n: number; whole: Uint8Array | null }>`select (select count(*)::int from stored_file_chunk where file_id = ${id}) as n, data as whole from stored_file where id = ${id}`.execute(h.db);
    expect(chunks.rows[0]).toMatchObject({ n: 3, whole: null });
    const back = await storage.get(id, { policy: 'checked' });
    expect(back!.sizeBytes).toBe(700_001);
    expect(Buffer.compare(Buffer.from(back!.data), Buffer.from(bytes))).toBe(0);
    const opened = await storage.open(id, { policy: 'checked' });
    const streamed: Uint8Array[] = [];
    for await (const part of opened!.stream as unknown as AsyncIterable<Uint8Array>) streamed.push(part);
    expect(Buffer.compare(Buffer.concat(streamed), Buffer.from(bytes))).toBe(0);
    // Removing the file removes its chunks.
    await storage.remove(id);
    const left = await sql<{ n: number }>`select count(*)::int as n from stored_file_chunk where file_id = ${id}`.execute(h.db);
    expect(left.rows[0]!.n).toBe(0);
  });

  it('indexes every foreign key the queries filter or join on (PGlite and PostgreSQL alike)', async () => {
    const rows = await sql<{ indexname: string }>`select indexname from pg_indexes where schemaname = 'public'`.execute(h.db);
    const names = new Set(rows.rows.map((r) => r.indexname));
    const missing = foreignKeyIndexes.map(([t, c]) => `${t}_${c}_idx`).filter((n) => !names.has(n));
    expect(missing).toEqual([]);
  });
});
