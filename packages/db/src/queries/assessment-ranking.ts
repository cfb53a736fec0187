// The ranking of problems and the stage workflow that freezes it.
import { AppError, isAssessmentStage, rankProblems, stageMoveProblems, type Actor } from '@kamkor/domain';
import { sql } from 'kysely';
import { auditActorId, type Db, writeAudit } from './audit.ts';
import { getAssessmentForActor, rankingRuleOf, type AssessmentRow } from './assessment.ts';
import { listProblems } from './assessment-problems.ts';
import { listTallies } from './assessment-meetings.ts';

/** The live ranking from the village tallies under the assessment's rule. */
export async function computeRanking(db: Db, a: Pick<AssessmentRow, 'id' | 'ranking_method' | 'ranking_points'>) {
  const problems = await listProblems(db, a.id);
  const tallies = (await listTallies(db, a.id)).filter((t) => t.kind === 'village');
  return rankProblems(
    problems.map((p) => ({ id: p.id, number: p.number })),
    tallies.map((t) => ({ meetingId: t.meeting_id, problemId: t.problem_id, votes: t.votes })),
    rankingRuleOf(a),
  );
}

/** Counts that decide whether the assessment may move on. */
export async function assessmentFacts(db: Db, id: string) {
  const one = async (table: 'assessment_focus_group' | 'assessment_problem') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('assessment_id', '=', id).executeTakeFirstOrThrow()).n);
  const meetings = await db
    .selectFrom('assessment_meeting')
    .select((eb) => [
      eb.fn.countAll().as('n'),
      eb.fn
        .count('assessment_meeting.id')
        .filterWhere(sql<boolean>`exists (select 1 from assessment_tally t where t.meeting_id = assessment_meeting.id)`)
        .as('tallied'),
    ])
    .where('assessment_id', '=', id)
    .where('kind', '=', 'village')
    .executeTakeFirstOrThrow();
  return {
    focusGroups: await one('assessment_focus_group'),
    problems: await one('assessment_problem'),
    villageMeetings: Number(meetings.n),
    talliedMeetings: Number(meetings.tallied),
  };
}

/**
 * Moves the assessment one stage forward or back. Entering "prioritised" freezes the ranking on the
 * problems (what the meeting adopted is what gets published); stepping back below it clears it.
 */
export async function moveAssessmentStage(db: Db, actor: Actor, id: string, to: string) {
  // Moving between stages, publishing and withdrawing included, is the policy's `approve`.
  const a = await getAssessmentForActor(db, actor, id, 'approve');
  const actorId = auditActorId(actor);
  if (!isAssessmentStage(to) || !isAssessmentStage(a.stage)) throw new AppError('INVALID', 'assessment:stage.errors.oneStep');
  const problems = stageMoveProblems(a.stage, to, await assessmentFacts(db, id));
  if (problems.length) throw new AppError('INVALID', problems[0]!);
  if (to === 'prioritised' && a.stage === 'meetings') {
    const ranking = await computeRanking(db, a);
    for (const r of ranking) {
      await db.updateTable('assessment_problem').set({ rank: r.rank, score: r.score, total_votes: r.totalVotes }).where('id', '=', r.problemId).execute();
    }
  }
  if (to === 'meetings' && a.stage === 'prioritised') {
    await db.updateTable('assessment_problem').set({ rank: null, score: null, total_votes: null }).where('assessment_id', '=', id).execute();
  }
  await db
    .updateTable('needs_assessment')
    .set({ stage: to, updated_at: new Date(), published_at: to === 'published' ? new Date() : a.stage === 'published' ? null : a.published_at })
    .where('id', '=', id)
    .execute();
  await writeAudit(db, { actorId, action: to === 'published' ? 'publish' : 'stage', entity: 'needs_assessment', entityId: id, before: { stage: a.stage }, after: { stage: to } });
}
