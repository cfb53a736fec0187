import { sql } from 'kysely';
import {
  AppError,
  type Actor,
  type Membership,
  type OrganisationInput,
  type OrganisationKind,
  type Role,
  type UserInput,
} from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { hashPassword, randomToken, sha256, verifyPassword } from './crypto.ts';

export const SET_PASSWORD_TTL_MS = 72 * 3600_000;

/** Loads the actor (user + memberships) for authorisation; null when inactive or missing. */
export async function findActor(db: Db, userId: string): Promise<(Actor & { fullName: string; email: string; language: string | null }) | null> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'full_name', 'email', 'language', 'is_active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || !user.is_active) return null;
  const rows = await db
    .selectFrom('membership')
    .innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .select([
      'membership.organisation_id',
      'membership.role',
      'organisation.kind',
      'organisation.admin_unit_soate',
    ])
    .where('membership.user_id', '=', userId)
    .execute();
  const memberships: Membership[] = rows.map((r) => ({
    organisationId: r.organisation_id,
    organisationKind: r.kind as OrganisationKind,
    role: r.role as Role,
    adminUnitSoate: r.admin_unit_soate,
  }));
  return { userId: user.id, fullName: user.full_name, email: user.email, language: user.language, memberships };
}

/** Checks email + password; returns the user id or null (same answer for unknown email and wrong password). */
export async function verifyLogin(db: Db, email: string, password: string): Promise<string | null> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'password_hash', 'is_active'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  // Verify against a dummy hash when the user is unknown so timing does not reveal which emails exist.
  const ok = await verifyPassword(user?.password_hash ?? DUMMY_HASH, password);
  return ok && user?.is_active ? user.id : null;
}
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$CxWVgmCE5GN8MQzypPBIhA$hfEvDT+HSIYC2v0Mo4H8P61vcKk2J4Be4QwhCJXkdNU';

export async function setUserPassword(db: Db, userId: string, password: string): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ password_hash: await hashPassword(password), password_changed_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export async function getUserPasswordHash(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return row?.password_hash ?? null;
}

export async function setUserLanguage(db: Db, userId: string, language: string): Promise<void> {
  await db.updateTable('app_user').set({ language }).where('id', '=', userId).execute();
}

/** A one-time set-password link token for a user (no mail server: the admin hands the link over). */
export async function createPasswordToken(db: Db, userId: string, createdBy: string | null): Promise<string> {
  const token = randomToken();
  await db
    .insertInto('password_token')
    .values({
      token_hash: sha256(token),
      user_id: userId,
      created_by: createdBy,
      expires_at: new Date(Date.now() + SET_PASSWORD_TTL_MS),
    })
    .execute();
  return token;
}

/** The user a still-valid, unused token belongs to. */
export async function findPasswordTokenUser(db: Db, token: string) {
  return db
    .selectFrom('password_token')
    .innerJoin('app_user', 'app_user.id', 'password_token.user_id')
    .select(['app_user.id', 'app_user.email', 'app_user.full_name'])
    .where('password_token.token_hash', '=', sha256(token))
    .where('password_token.used_at', 'is', null)
    .where('password_token.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Uses a token once: sets the password, marks the token used and ends the user's other sessions. */
export async function consumePasswordToken(db: Db, token: string, password: string): Promise<string> {
  const user = await findPasswordTokenUser(db, token);
  if (!user) throw new AppError('NOT_FOUND', 'auth.tokenInvalid');
  const passwordHash = await hashPassword(password);
  const used = await db
    .updateTable('password_token')
    .set({ used_at: new Date() })
    .where('token_hash', '=', sha256(token))
    .where('used_at', 'is', null)
    .returning('user_id')
    .executeTakeFirst();
  if (!used) throw new AppError('NOT_FOUND', 'auth.tokenInvalid');
  await db
    .updateTable('app_user')
    .set({ password_hash: passwordHash, password_changed_at: new Date() })
    .where('id', '=', user.id)
    .execute();
  await db.deleteFrom('session').where('user_id', '=', user.id).execute();
  return user.id;
}

const orgColumns = [
  'id',
  'kind',
  'name_ky',
  'name_ru',
  'name_en',
  'inn',
  'registration_no',
  'address',
  'contacts',
  'admin_unit_soate',
  'created_at',
] as const;

export async function listOrganisations(db: Db, filter: { kind?: OrganisationKind; ids?: string[] } = {}) {
  let q = db.selectFrom('organisation').select(orgColumns).orderBy('kind').orderBy('name_ru');
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    q = q.where('id', 'in', filter.ids);
  }
  return q.execute();
}

export async function findOrganisation(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('organisation').select(orgColumns).where('id', '=', id).executeTakeFirst();
}

export async function getOrganisation(db: Db, id: string) {
  const org = await findOrganisation(db, id);
  if (!org) throw new AppError('NOT_FOUND', 'errors.notFound');
  return org;
}

export async function createOrganisation(db: Db, actorId: string | null, input: OrganisationInput) {
  const row = await db.insertInto('organisation').values(input).returning(orgColumns).executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'organisation', entityId: row.id, after: row });
  return row;
}

export async function updateOrganisation(db: Db, actorId: string | null, id: string, input: OrganisationInput) {
  const before = await getOrganisation(db, id);
  const row = await db
    .updateTable('organisation')
    .set({ ...input, updated_at: new Date() })
    .where('id', '=', id)
    .returning(orgColumns)
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'update', entity: 'organisation', entityId: id, before, after: row });
  return row;
}

export async function listUsers(db: Db) {
  const users = await db
    .selectFrom('app_user')
    .select(['id', 'email', 'full_name', 'is_active', 'password_hash', 'created_at'])
    .orderBy('full_name')
    .execute();
  const memberships = await db
    .selectFrom('membership')
    .innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .select([
      'membership.user_id',
      'membership.role',
      'organisation.id as organisation_id',
      'organisation.name_ky',
      'organisation.name_ru',
      'organisation.name_en',
    ])
    .execute();
  return users.map(({ password_hash, ...u }) => ({
    ...u,
    has_password: !!password_hash,
    memberships: memberships.filter((m) => m.user_id === u.id),
  }));
}

/** Creates a user with one membership and returns the user id and a set-password token. */
export async function createUser(db: Db, actorId: string | null, input: UserInput) {
  const existing = await db.selectFrom('app_user').select('id').where('email', '=', input.email).executeTakeFirst();
  if (existing) throw new AppError('CONFLICT', 'errors.emailTaken');
  const user = await db
    .insertInto('app_user')
    .values({ email: input.email, full_name: input.full_name })
    .returning(['id', 'email', 'full_name'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('membership')
    .values({ user_id: user.id, organisation_id: input.organisation_id, role: input.role })
    .execute();
  await writeAudit(db, {
    actorId,
    action: 'create',
    entity: 'app_user',
    entityId: user.id,
    after: { ...user, organisation_id: input.organisation_id, role: input.role },
  });
  const token = await createPasswordToken(db, user.id, actorId);
  return { userId: user.id, token };
}

export async function setUserActive(db: Db, actorId: string, userId: string, active: boolean) {
  await db.updateTable('app_user').set({ is_active: active }).where('id', '=', userId).execute();
  if (!active) await db.deleteFrom('session').where('user_id', '=', userId).execute();
  await writeAudit(db, { actorId, action: active ? 'activate' : 'deactivate', entity: 'app_user', entityId: userId });
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
