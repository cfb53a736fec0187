import type { Actor, CellError } from '@kamkor/domain';
import { getMeeting, listProblems, saveTally, type Db } from '@kamkor/db';
import type { readTallyWorkbook } from '@kamkor/excel';
import { checkImport, type ImportDefinition, type ImportRefusal, type ReadOptions } from './import-pipeline.ts';

/** The village meeting whose paper tally is imported, and who imports it. */
export interface TallyTarget {
  assessmentId: string;
  meetingId: string;
  actor?: Actor;
}

type TallyRead = Extract<Awaited<ReturnType<typeof readTallyWorkbook>>, { ok: true }>;

/** The votes by problem number (shown) and by problem id (for `saveTally`). */
export interface TallyPlan {
  rows: { number: number; votes: number }[];
  votes: { problemId: string; votes: number }[];
}

/**
 * The tally sheet of one village meeting on the import pipeline: read against the assessment's
 * problem gallery (no problem gets more votes than the people who attended), the votes by problem,
 * and `saveTally` (which replaces the meeting's tally) in the pipeline's transaction.
 */
export const tallyImport: ImportDefinition<TallyTarget, TallyRead, TallyPlan, TallyPlan, { count: number }> = {
  fileName: 'tally.xlsx',
  async reader(db, { assessmentId, meetingId }) {
    const [problems, meeting] = await Promise.all([listProblems(db, assessmentId), getMeeting(db, assessmentId, meetingId)]);
    return { kind: 'tally', expected: { meetingId, problemNumbers: problems.map((p) => p.number), attendees: meeting.women + meeting.men } };
  },
  async validate(db, { assessmentId }, read) {
    const byNumber = new Map((await listProblems(db, assessmentId)).map((p) => [p.number, p.id]));
    return { ok: true, plan: { rows: read.votes, votes: read.votes.map((v) => ({ problemId: byNumber.get(v.number)!, votes: v.votes })) }, errors: read.errors };
  },
  dryRun: async (_db, _ctx, plan) => plan,
  async apply(trx, { actor, assessmentId, meetingId }, plan) {
    if (!actor) throw new Error('tally import: no actor');
    await saveTally(trx, actor, assessmentId, meetingId, plan.votes, 'xlsx');
    return { count: plan.votes.length };
  },
};

export type TallyImportCheck = ImportRefusal | ({ ok: true; errors: CellError[] } & TallyPlan);

/** Read and validate a tally sheet (no write): the pipeline's first two steps. */
export async function checkTallyImport(db: Db, assessmentId: string, meetingId: string, bytes: Uint8Array, opts: ReadOptions = {}): Promise<TallyImportCheck> {
  const check = await checkImport(db, tallyImport, { assessmentId, meetingId }, bytes, opts);
  return check.ok ? { ok: true, ...check.plan, errors: check.errors } : check;
}

