import { AppError, allowedTransitions, statusAfter, type Actor, type ApprovalInput, type AuditAction, type LineData, type ProgramTransition } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';
import { assertWithinCeiling, getProgram, lockProgramForActor } from './program.ts';
import { listProgramIndicators } from './program-indicators.ts';
import { listProgramLines } from './program-lines.ts';

/** The whole program as frozen by an approval. */
export interface ProgramSnapshot {
  header: {
    title: string;
    customerId: string;
    yearFrom: number;
    yearTo: number;
    fundingSource: string;
    ceilingTyiyn: number;
  };
  indicators: { id: string; code: string; name_ky: string; name_ru: string; name_en: string; unit: string; target: string }[];
  lines: LineData[];
}

/** Builds the snapshot of the live program (what an approval would freeze). */
export async function currentSnapshot(db: Db, programId: string): Promise<ProgramSnapshot> {
  const p = await getProgram(db, programId);
  const indicators = await listProgramIndicators(db, programId);
  return {
    header: {
      title: p.title,
      customerId: p.customer_id,
      yearFrom: p.year_from,
      yearTo: p.year_to,
      fundingSource: p.funding_source,
      ceilingTyiyn: p.ceiling_tyiyn,
    },
    indicators: indicators.map((i) => ({ id: i.id, code: i.code, name_ky: i.name_ky, name_ru: i.name_ru, name_en: i.name_en, unit: i.unit, target: String(i.target) })),
    lines: await listProgramLines(db, programId),
  };
}

/** The approved versions of a program, newest first (approvals are public: the list is not access-checked). */
export async function listProgramVersions(db: Db, programId: string) {
  if (!isUuid(programId)) return [];
  return db
    .selectFrom('program_version')
    .leftJoin('app_user', 'app_user.id', 'program_version.approved_by')
    .select([
      'program_version.id',
      'program_version.version_no',
      'program_version.approval_doc_no',
      'program_version.approval_date',
      'program_version.approving_body',
      'program_version.approved_at',
      'app_user.full_name as approved_by_name',
    ])
    .where('program_id', '=', programId)
    .orderBy('version_no', 'desc')
    .execute();
}

/** A frozen version with its snapshot; NOT_FOUND when absent. */
export async function getProgramVersion(db: Db, programId: string, versionNo: number) {
  if (!isUuid(programId)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const v = await db
    .selectFrom('program_version')
    .select(['id', 'program_id', 'version_no', 'approval_doc_no', 'approval_date', 'approving_body', 'approved_at', 'snapshot'])
    .where('program_id', '=', programId)
    .where('version_no', '=', versionNo)
    .executeTakeFirst();
  if (!v) throw new AppError('NOT_FOUND', 'errors.notFound');
  return { ...v, snapshot: v.snapshot as ProgramSnapshot };
}

export type TransitionPayload =
  | { transition: 'open_discussion' | 'reopen_discussion'; discussionStart: string; discussionEnd: string }
  | { transition: 'approve'; approval: ApprovalInput }
  | { transition: 'close_discussion' | 'start_amendment' | 'close' };

/**
 * Moves a program along its workflow in the caller's transaction. Approval checks the ceiling and
 * freezes a version; an amendment opens a new draft version continuing the same lines. Every step
 * is audited with the status before and after.
 */
export async function transitionProgram(db: Db, actor: Actor, programId: string, payload: TransitionPayload) {
  const transition: ProgramTransition = payload.transition;
  const p = await lockProgramForActor(db, actor, programId, transition === 'approve' ? 'approve' : 'manage');
  const actorId = actor.userId;
  if (!allowedTransitions(p.status, p.version_no).includes(transition))
    throw new AppError('CONFLICT', 'program:errors.transitionNotAllowed', { status: p.status });
  const nextStatus = statusAfter(transition, p.version_no);
  const set: Record<string, unknown> = { status: nextStatus, updated_at: new Date() };
  let reason: string | null = null;
  let after: Record<string, unknown> = { status: nextStatus };
  if (payload.transition === 'open_discussion' || payload.transition === 'reopen_discussion') {
    set.discussion_start = payload.discussionStart;
    set.discussion_end = payload.discussionEnd;
    after = { ...after, discussionStart: payload.discussionStart, discussionEnd: payload.discussionEnd };
  }
  if (payload.transition === 'approve') {
    const snapshot = await currentSnapshot(db, programId);
    if (snapshot.lines.length === 0) throw new AppError('INVALID', 'program:errors.noLines');
    assertWithinCeiling(snapshot.lines, p.ceiling_tyiyn);
    await db
      .insertInto('program_version')
      .values({
        program_id: programId,
        version_no: p.version_no,
        approval_doc_no: payload.approval.approvalDocNo,
        approval_date: payload.approval.approvalDate,
        approving_body: payload.approval.approvingBody,
        approved_by: actorId,
        snapshot: JSON.stringify(snapshot),
      })
      .execute();
    after = { ...after, versionNo: p.version_no, ...payload.approval, budgetTyiyn: snapshot.lines.reduce((s, l) => s + l.budgetTyiyn, 0) };
    reason = `${payload.approval.approvalDocNo} ${payload.approval.approvalDate}`;
  }
  if (payload.transition === 'start_amendment') {
    set.version_no = p.version_no + 1;
    set.discussion_start = null;
    set.discussion_end = null;
    after = { ...after, versionNo: p.version_no + 1, fromVersion: p.version_no };
  }
  await db.updateTable('program').set(set).where('id', '=', programId).where('status', '=', p.status).execute();
  const action: AuditAction = transition === 'approve' ? 'program.approve' : transition === 'start_amendment' ? 'program.amend' : `program.${transition}`;
  await writeAudit(db, { actorId, action, entity: 'program', entityId: programId, before: { status: p.status, versionNo: p.version_no }, after, reason });
  return nextStatus;
}
