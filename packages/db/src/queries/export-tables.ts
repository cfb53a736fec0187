import { AppError, can, type Actor } from '@kamkor/domain';
import { selectAuditLog, type Db } from './audit.ts';

/**
 * A page of the audit log for an export, newest first, by keyset on the id (so a background export
 * of a long log reads each page at the same cost). Only for those who may view the log.
 */
export async function pageAuditLog(db: Db, actor: Actor | null, filter: { entity?: string; beforeId?: number | null; limit: number }) {
  if (!can(actor, 'view', { type: 'audit_log' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  let q = selectAuditLog(db, filter.limit);
  if (filter.entity) q = q.where('audit_log.entity', '=', filter.entity);
  if (filter.beforeId != null) q = q.where('audit_log.id', '<', filter.beforeId);
  return q.execute();
}

/** How many audit entries an export of the log would hold. */
export async function countAuditLog(db: Db, actor: Actor | null, filter: { entity?: string }) {
  if (!can(actor, 'view', { type: 'audit_log' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  let q = db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.entity) q = q.where('audit_log.entity', '=', filter.entity);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
