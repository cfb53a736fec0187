// Cause-and-effect trees of the problems.
import { AppError, type Actor, type CauseNodeInput } from '@kamkor/domain';
import { auditActorId, type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';
import { getAssessmentForActor, assertEditable, notFound } from './assessment.ts';
import { getProblem } from './assessment-problems.ts';

// ---------------------------------------------------------------- cause-and-effect trees

export async function listCauseNodes(db: Db, assessmentId: string, problemId?: string) {
  let q = db
    .selectFrom('assessment_cause_node')
    .innerJoin('assessment_problem as p', 'p.id', 'assessment_cause_node.problem_id')
    .selectAll('assessment_cause_node')
    .where('p.assessment_id', '=', assessmentId)
    .orderBy('assessment_cause_node.sort_order');
  if (problemId) q = q.where('assessment_cause_node.problem_id', '=', problemId);
  return q.execute();
}

/** Adds a cause or an effect under the problem or under another box of the same kind. */
export async function addCauseNode(db: Db, actor: Actor, assessmentId: string, problemId: string, input: CauseNodeInput) {
  const actorId = auditActorId(actor);
  await assertEditable(await getAssessmentForActor(db, actor, assessmentId, 'update'));
  await getProblem(db, assessmentId, problemId);
  const nodes = await listCauseNodes(db, assessmentId, problemId);
  if (input.parentId) {
    const parent = nodes.find((n) => n.id === input.parentId);
    if (!parent || parent.kind !== input.kind) throw new AppError('INVALID', 'assessment:errors.parent');
  }
  const row = await db
    .insertInto('assessment_cause_node')
    .values({ problem_id: problemId, parent_id: input.parentId, kind: input.kind, text: input.text, sort_order: nodes.length + 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'assessment_cause_node', entityId: row.id, after: row });
  return row;
}

/** Edits a box's text (its place in the tree stays). */
export async function updateCauseNode(db: Db, actor: Actor, assessmentId: string, nodeId: string, text: string) {
  const actorId = auditActorId(actor);
  await assertEditable(await getAssessmentForActor(db, actor, assessmentId, 'update'));
  const before = isUuid(nodeId) ? (await listCauseNodes(db, assessmentId)).find((n) => n.id === nodeId) : undefined;
  if (!before) throw notFound();
  await db.updateTable('assessment_cause_node').set({ text }).where('id', '=', nodeId).execute();
  await writeAudit(db, { actorId, action: 'update', entity: 'assessment_cause_node', entityId: nodeId, before, after: { ...before, text } });
}

/** Removes a box and everything under it. */
export async function deleteCauseNode(db: Db, actor: Actor, assessmentId: string, nodeId: string) {
  const actorId = auditActorId(actor);
  await assertEditable(await getAssessmentForActor(db, actor, assessmentId, 'update'));
  const before = isUuid(nodeId) ? (await listCauseNodes(db, assessmentId)).find((n) => n.id === nodeId) : undefined;
  if (!before) throw notFound();
  await db.deleteFrom('assessment_cause_node').where('id', '=', nodeId).execute();
  await writeAudit(db, { actorId, action: 'delete', entity: 'assessment_cause_node', entityId: nodeId, before });
}
