import type { AuditAction, AuditEntity } from '@kamkor/domain';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema/index.ts';

export type Db = Kysely<Database> | Transaction<Database>;

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  entity: AuditEntity;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/**
 * The one way to record a change of approved or official data. Call it inside the same transaction
 * as the change, so the change and its record commit or fail together.
 */
export async function writeAudit(trx: Db, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      reason: entry.reason ?? null,
    })
    .execute();
}

/** Runs `change` in a transaction and audits it with the before/after values it returns. */
export async function withAudit<T>(
  db: Kysely<Database>,
  entry: Omit<AuditEntry, 'before' | 'after' | 'entityId'> & { entityId?: string },
  change: (trx: Transaction<Database>) => Promise<{ before?: unknown; after?: unknown; entityId?: string; result: T }>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const out = await change(trx);
    await writeAudit(trx, {
      ...entry,
      entityId: out.entityId ?? entry.entityId ?? '',
      before: out.before,
      after: out.after,
    });
    return out.result;
  });
}

/** The audit log's rows as the log page and its export show them (with the actor's name), newest first. */
export function selectAuditLog(db: Db, limit: number) {
  return db
    .selectFrom('audit_log')
    .leftJoin('app_user', 'app_user.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.action',
      'audit_log.entity',
      'audit_log.entity_id',
      'audit_log.before',
      'audit_log.after',
      'audit_log.reason',
      'audit_log.at',
      'app_user.full_name as actor_name',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(limit);
}

/** Audit history of one entity, newest first. */
export async function listAuditLog(db: Db, filter: { entity?: string; entityId?: string; limit?: number } = {}) {
  let q = selectAuditLog(db, filter.limit ?? 200);
  if (filter.entity) q = q.where('audit_log.entity', '=', filter.entity);
  if (filter.entityId) q = q.where('audit_log.entity_id', '=', filter.entityId);
  return q.execute();
}

/**
 * Id of the actor the demo seed writes as (`systemActor` in seed/system-actor.ts): not a user, so
 * audit rows and `created_by` columns record no user (null) for it.
 */
export const SYSTEM_ACTOR_ID = 'system';

/** The user id to record for an actor's write: the user's own, or null for the seeding system actor. */
export function auditActorId(actor: { userId: string }): string | null {
  return actor.userId === SYSTEM_ACTOR_ID ? null : actor.userId;
}
