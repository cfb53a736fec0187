import { AppError, can, parseChecklistAnswers, visitRecordSchema, type Actor } from '@kamkor/domain';
import type { Db } from './audit.ts';
import { currentChecklistTemplate, getChecklistTemplate, getVisitForActor, saveVisitRecord } from './monitoring.ts';

/** The fields a phone may send for a visit record: the same names as the visit page's form. */
export interface VisitSyncInput {
  clientId: string;
  projectId: string;
  visitNo: number;
  /** The checklist template version the phone showed. */
  templateVersion: number;
  fields: Record<string, string>;
}

export type VisitSyncResult =
  | { status: 'saved' }
  | { status: 'already' }
  | { status: 'conflict'; conflict: 'visit_closed' | 'version_changed' }
  | { status: 'invalid'; errors: Record<string, string> };

/**
 * The visit record (date, participants, checklist answers, summary) as saved on a phone, perhaps long
 * after it was typed (docs/decisions/013, 017). Saved as a draft, never finalised from the phone.
 * `clientId` is made on the device: a resend of the same save answers `already` and changes nothing
 * (`monitoring_visit_sync`, insert ON CONFLICT DO NOTHING). A visit finalised meanwhile, or a checklist
 * version other than the one shown, is a conflict and writes nothing; the phone keeps the answers.
 * Run inside a transaction (the sync row and the record are written together).
 */
export async function syncVisitRecord(db: Db, actor: Actor, input: VisitSyncInput): Promise<VisitSyncResult> {
  const { visit, resource } = await getVisitForActor(db, actor, input.projectId, input.visitNo, 'view');
  const seen = await db.selectFrom('monitoring_visit_sync').select('visit_id').where('client_id', '=', input.clientId).executeTakeFirst();
  if (seen) {
    if (seen.visit_id !== visit.id) throw new AppError('NOT_FOUND', 'errors.notFound');
    return { status: 'already' };
  }
  // Only the visit's editors reach a conflict; anyone else learns nothing (404).
  if (!can(actor, 'update', { ...resource, status: 'draft' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  if (!can(actor, 'update', resource)) return { status: 'conflict', conflict: 'visit_closed' };
  const template = visit.template_id ? await getChecklistTemplate(db, visit.template_id) : await currentChecklistTemplate(db);
  if (template.version !== input.templateVersion) return { status: 'conflict', conflict: 'version_changed' };

  const record = visitRecordSchema.safeParse(input.fields);
  const answers = parseChecklistAnswers(template.items, input.fields, { complete: false });
  if (!record.success || !answers.ok) {
    const errors: Record<string, string> = answers.ok ? {} : { ...answers.errors };
    if (!record.success) for (const issue of record.error.issues) errors[String(issue.path[0] ?? '')] ??= issue.message;
    return { status: 'invalid', errors };
  }
  const inserted = await db
    .insertInto('monitoring_visit_sync')
    .values({ client_id: input.clientId, visit_id: visit.id, user_id: actor.userId })
    .onConflict((oc) => oc.column('client_id').doNothing())
    .returning('client_id')
    .executeTakeFirst();
  if (!inserted) return { status: 'already' };
  try {
    await saveVisitRecord(db, actor, input.projectId, input.visitNo, { ...record.data, answers: answers.answers, templateId: template.id }, false);
  } catch (err) {
    // Finalised by someone else between the check and the write: the caller's transaction rolls back.
    if (err instanceof AppError && err.code === 'CONFLICT') throw new VisitSyncConflict(err.messageKey === 'monitoring:errors.templateChanged' ? 'version_changed' : 'visit_closed');
    throw err;
  }
  return { status: 'saved' };
}

/** Thrown inside the transaction so the sync row goes with it; the route answers it as a conflict. */
export class VisitSyncConflict extends Error {
  constructor(readonly conflict: 'visit_closed' | 'version_changed') {
    super(conflict);
  }
}
