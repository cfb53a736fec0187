// Village and aiyl-aimak meetings and their tallies.
import { AppError, type Actor, type MeetingInput } from '@kamkor/domain';
import { sql } from 'kysely';
import { auditActorId, type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';
import { getAssessmentForActor, assertVillage, assertEditable, assertRankingOpen, notFound } from './assessment.ts';
import { listProblems } from './assessment-problems.ts';

// ---------------------------------------------------------------- meetings and tallies

export async function listMeetings(db: Db, assessmentId: string) {
  return db
    .selectFrom('assessment_meeting')
    .leftJoin('admin_unit as v', 'v.soate', 'assessment_meeting.village_soate')
    .selectAll('assessment_meeting')
    .select(['v.name_ky as village_ky', 'v.name_ru as village_ru', 'v.name_en as village_en'])
    .select((eb) =>
      eb
        .selectFrom('assessment_tally')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('votes'), sql<number>`0`).as('s'))
        .whereRef('assessment_tally.meeting_id', '=', 'assessment_meeting.id')
        .as('votes_total'),
    )
    .where('assessment_id', '=', assessmentId)
    // Village meetings first, then the aiyl-aimak meeting that adopts the ranking.
    .orderBy(sql`case when assessment_meeting.kind = 'village' then 0 else 1 end`)
    .orderBy('held_on')
    .orderBy('assessment_meeting.created_at')
    .execute();
}
export type MeetingRow = Awaited<ReturnType<typeof listMeetings>>[number];

export async function getMeeting(db: Db, assessmentId: string, meetingId: string): Promise<MeetingRow> {
  if (!isUuid(meetingId)) throw notFound();
  const row = (await listMeetings(db, assessmentId)).find((m) => m.id === meetingId);
  if (!row) throw notFound();
  return row;
}

/** Records a village meeting or the aiyl-aimak meeting with its attendance by sex. */
export async function addMeeting(db: Db, actor: Actor, assessmentId: string, input: MeetingInput) {
  const actorId = auditActorId(actor);
  const a = await getAssessmentForActor(db, actor, assessmentId, 'update');
  // The aiyl-aimak meeting that adopts the ranking may still be recorded after it is frozen.
  if (input.kind === 'village') await assertRankingOpen(a);
  else await assertEditable(a);
  if (input.kind === 'village') await assertVillage(db, a, input.villageSoate!);
  const row = await db
    .insertInto('assessment_meeting')
    .values({
      assessment_id: assessmentId,
      kind: input.kind,
      village_soate: input.kind === 'village' ? input.villageSoate : null,
      held_on: input.heldOn,
      women: input.women,
      men: input.men,
      notes: input.notes,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'assessment_meeting', entityId: row.id, after: row });
  return row;
}

export async function deleteMeeting(db: Db, actor: Actor, assessmentId: string, meetingId: string) {
  const actorId = auditActorId(actor);
  const a = await getAssessmentForActor(db, actor, assessmentId, 'update');
  const before = await getMeeting(db, assessmentId, meetingId);
  if (before.kind === 'village') await assertRankingOpen(a);
  else await assertEditable(a);
  await db.deleteFrom('assessment_meeting').where('id', '=', meetingId).execute();
  await writeAudit(db, { actorId, action: 'delete', entity: 'assessment_meeting', entityId: meetingId, before });
}

/**
 * Replaces a meeting's paper tally: votes per problem. Problems left out have no votes. Run inside a
 * transaction (several rows); audited with the previous tally.
 */
export async function saveTally(db: Db, actor: Actor, assessmentId: string, meetingId: string, votes: { problemId: string; votes: number }[], reason: string | null = null) {
  const actorId = auditActorId(actor);
  await assertRankingOpen(await getAssessmentForActor(db, actor, assessmentId, 'update'));
  await getMeeting(db, assessmentId, meetingId);
  const problemIds = new Set((await listProblems(db, assessmentId)).map((p) => p.id));
  for (const v of votes) {
    if (!problemIds.has(v.problemId)) throw new AppError('INVALID', 'assessment:errors.unknownProblem');
    if (!Number.isInteger(v.votes) || v.votes < 0) throw new AppError('INVALID', 'assessment:errors.count');
  }
  const before = await db.selectFrom('assessment_tally').select(['problem_id', 'votes']).where('meeting_id', '=', meetingId).execute();
  await db.deleteFrom('assessment_tally').where('meeting_id', '=', meetingId).execute();
  const rows = votes.filter((v) => v.votes > 0).map((v) => ({ meeting_id: meetingId, problem_id: v.problemId, votes: v.votes }));
  if (rows.length) await db.insertInto('assessment_tally').values(rows).execute();
  await writeAudit(db, { actorId, action: 'tally', entity: 'assessment_meeting', entityId: meetingId, before, after: rows.map(({ problem_id, votes }) => ({ problem_id, votes })), reason });
}

/** All tallies of an assessment (village meetings only: the aiyl-aimak meeting adopts, it does not vote again). */
export async function listTallies(db: Db, assessmentId: string) {
  return db
    .selectFrom('assessment_tally')
    .innerJoin('assessment_meeting as m', 'm.id', 'assessment_tally.meeting_id')
    .select(['assessment_tally.meeting_id', 'assessment_tally.problem_id', 'assessment_tally.votes', 'm.kind'])
    .where('m.assessment_id', '=', assessmentId)
    .execute();
}
