import { AppError, bishkekToday, can, type Actor, type CommentStatus, type ResponseKind } from '@kamkor/domain';
import { auditActorId, type Db, writeAudit } from './audit.ts';
import { getProgramForActor, programResource } from './program.ts';
import { isUuid } from './people.ts';

export interface NewComment {
  authorName: string;
  authorOrg: string | null;
  body: string;
  lineId: string | null;
}

/**
 * Records a visitor's comment (anonymous or logged in: `actor` may be null) for pre-moderation. The
 * policy's `comment` rule (only while the discussion window is open) is asked here too, not only in
 * the route, so a form left open past the deadline is refused with a clear message.
 */
export async function addProgramComment(db: Db, actor: Actor | null, programId: string, input: NewComment, today: string = bishkekToday()) {
  const p = await getProgramForActor(db, actor, programId, 'view');
  if (!can(actor, 'comment', programResource(p, today))) throw new AppError('CONFLICT', 'program:errors.discussionClosed');
  let lineNo: number | null = null;
  if (input.lineId) {
    const line = isUuid(input.lineId)
      ? await db.selectFrom('program_line').select('line_no').where('id', '=', input.lineId).where('program_id', '=', programId).executeTakeFirst()
      : undefined;
    if (!line) throw new AppError('INVALID', 'errors.invalid');
    lineNo = line.line_no;
  }
  return db
    .insertInto('program_comment')
    .values({
      program_id: programId,
      version_no: p.version_no,
      line_id: input.lineId,
      line_no: lineNo,
      author_name: input.authorName,
      author_org: input.authorOrg,
      body: input.body,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Comments of a program (optionally only some statuses), oldest first. */
export async function listProgramComments(db: Db, programId: string, filter: { statuses?: CommentStatus[] } = {}) {
  if (!isUuid(programId)) return [];
  let q = db.selectFrom('program_comment').selectAll().where('program_id', '=', programId).orderBy('created_at').orderBy('id');
  if (filter.statuses) q = q.where('status', 'in', filter.statuses);
  return q.execute();
}

async function getComment(db: Db, programId: string, commentId: string) {
  const c = isUuid(commentId)
    ? await db.selectFrom('program_comment').selectAll().where('id', '=', commentId).where('program_id', '=', programId).executeTakeFirst()
    : undefined;
  if (!c) throw new AppError('NOT_FOUND', 'errors.notFound');
  return c;
}

/** Publishes or rejects (with a reason) a pending comment. */
export async function moderateComment(
  db: Db,
  actor: Actor,
  programId: string,
  commentId: string,
  decision: 'published' | 'rejected',
  reason: string | null,
) {
  // Only the customer's officers moderate (the policy's `moderate`); anyone else gets NOT_FOUND.
  await getProgramForActor(db, actor, programId, 'moderate');
  const actorId = auditActorId(actor);
  const c = await getComment(db, programId, commentId);
  if (decision === 'rejected' && !reason) throw new AppError('INVALID', 'program:errors.reasonRequired');
  await db
    .updateTable('program_comment')
    .set({ status: decision, rejection_reason: decision === 'rejected' ? reason : null, moderated_by: actorId, moderated_at: new Date() })
    .where('id', '=', commentId)
    .execute();
  await writeAudit(db, {
    actorId,
    action: `program_comment.${decision}`,
    entity: 'program_comment',
    entityId: commentId,
    before: { status: c.status },
    after: { status: decision },
    reason,
  });
}

/** Records how a published comment was addressed (accepted, partly, rejected, with reasons). */
export async function respondToComment(db: Db, actor: Actor, programId: string, commentId: string, kind: ResponseKind, text: string) {
  await getProgramForActor(db, actor, programId, 'moderate');
  const actorId = auditActorId(actor);
  const c = await getComment(db, programId, commentId);
  if (c.status !== 'published') throw new AppError('CONFLICT', 'program:errors.answerPublishedOnly');
  await db
    .updateTable('program_comment')
    .set({ response_kind: kind, response_text: text, responded_by: actorId, responded_at: new Date() })
    .where('id', '=', commentId)
    .execute();
  await writeAudit(db, {
    actorId,
    action: 'program_comment.respond',
    entity: 'program_comment',
    entityId: commentId,
    before: { kind: c.response_kind, text: c.response_text },
    after: { kind, text },
  });
}

/** Counts of comments by status, for the officer's overview. */
export async function countProgramComments(db: Db, programId: string) {
  const rows = await db
    .selectFrom('program_comment')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('program_id', '=', programId)
    .groupBy('status')
    .execute();
  const out = { pending: 0, published: 0, rejected: 0, unanswered: 0 };
  for (const r of rows) out[r.status as CommentStatus] = Number(r.n);
  const un = await db
    .selectFrom('program_comment')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('program_id', '=', programId)
    .where('status', '=', 'published')
    .where('response_kind', 'is', null)
    .executeTakeFirst();
  out.unanswered = Number(un?.n ?? 0);
  return out;
}

/** The comments an actor may read: all of them (pending, rejected) for the moderators, published ones for everyone else. */
export async function listProgramCommentsForActor(db: Db, actor: Actor | null, programId: string) {
  const p = await getProgramForActor(db, actor, programId, 'view');
  const moderate = can(actor, 'moderate', programResource(p));
  return { moderate, comments: await listProgramComments(db, p.id, moderate ? {} : { statuses: ['published'] }) };
}

/**
 * What the public reads of a program's discussion (the public page, the summary of proposals and
 * responses): published comments only, named columns (no moderator or responder ids), oldest first.
 */
export async function listPublicProgramComments(db: Db, programId: string) {
  if (!isUuid(programId)) return [];
  return db
    .selectFrom('program_comment')
    .select(['id', 'line_no', 'author_name', 'author_org', 'body', 'response_kind', 'response_text', 'created_at'])
    .where('program_id', '=', programId)
    .where('status', '=', 'published')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
