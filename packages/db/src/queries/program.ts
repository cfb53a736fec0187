import { AppError, bishkekToday, can, checkCeiling, isDiscussionOpen, isEditable, type Action, type Actor, type LineData, type Resource } from '@kamkor/domain';
import type { Db } from './audit.ts';
import { isUuid } from './people.ts';

export type ProgramRow = Awaited<ReturnType<typeof findProgram>> & {};

/** The program columns every program read names (never `selectAll`), with the customer's names. */
export const programColumns = [
  'program.id',
  'program.customer_id',
  'program.title',
  'program.year_from',
  'program.year_to',
  'program.funding_source',
  'program.ceiling_tyiyn',
  'program.status',
  'program.version_no',
  'program.discussion_start',
  'program.discussion_end',
] as const;

/** A program with its customer's names and the number of its last approved version (0 if none). */
export async function findProgram(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('program')
    .innerJoin('organisation', 'organisation.id', 'program.customer_id')
    .select([...programColumns, 'program.created_at', 'program.updated_at'])
    .select([
      'organisation.name_ky as customer_name_ky',
      'organisation.name_ru as customer_name_ru',
      'organisation.name_en as customer_name_en',
      'organisation.kind as customer_kind',
      (eb) =>
        eb
          .selectFrom('program_version')
          .select((e) => e.fn.coalesce(e.fn.max('version_no'), e.lit(0)).as('v'))
          .whereRef('program_version.program_id', '=', 'program.id')
          .as('approved_version_no'),
    ])
    .where('program.id', '=', id)
    .executeTakeFirst();
}

/**
 * Locks the program row for the rest of the caller's transaction, so two officers saving lines at
 * once cannot together pass the ceiling, nor approve the same version twice.
 */
export async function lockProgram(db: Db, id: string) {
  if (!isUuid(id)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const row = await db.selectFrom('program').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'errors.notFound');
}

/** Like findProgram, but a missing program is NOT_FOUND. */
export async function getProgram(db: Db, id: string) {
  const p = await findProgram(db, id);
  if (!p) throw new AppError('NOT_FOUND', 'errors.notFound');
  return p;
}


/** The authorisation view of a program row. */
export function programResource(
  p: { id: string; customer_id: string; status: string; discussion_start: string | null; discussion_end: string | null; approved_version_no?: number | string | null },
  today: string = bishkekToday(),
): Extract<Resource, { type: 'program' }> & { approvedVersionNo: number } {
  const approvedVersionNo = Number(p.approved_version_no ?? 0);
  return {
    type: 'program',
    id: p.id,
    customerId: p.customer_id,
    status: p.status,
    discussionOpen: isDiscussionOpen(p, today),
    hasApprovedVersion: approvedVersionNo > 0,
    approvedVersionNo,
  };
}

/** Loads a program and checks the actor (or anonymous visitor) may do `action` to it; otherwise NOT_FOUND. */
export async function getProgramForActor(db: Db, actor: Actor | null, id: string, action: Action = 'view') {
  const p = await findProgram(db, id);
  if (!p || !can(actor, action, programResource(p))) throw new AppError('NOT_FOUND', 'errors.notFound');
  return p;
}

/** Like getProgramForActor, but also locks the row for the caller's transaction (every write starts here). */
export async function lockProgramForActor(db: Db, actor: Actor, id: string, action: Action) {
  await lockProgram(db, id);
  return getProgramForActor(db, actor, id, action);
}

/** Refuses changes to a program that is not a draft or in revision. */
export function assertProgramEditable(p: { status: string }) {
  if (!isEditable(p.status)) throw new AppError('CONFLICT', 'program:errors.frozen');
}

/** Refuses a set of lines whose total exceeds the ceiling, with the amounts for the message. */
export function assertWithinCeiling(lines: Pick<LineData, 'budgetTyiyn'>[], ceiling: number) {
  const check = checkCeiling(lines, ceiling);
  if (!check.ok)
    throw new AppError('INVALID', 'program:errors.overCeiling', {
      totalTyiyn: check.totalTyiyn,
      ceilingTyiyn: check.ceilingTyiyn,
      excessTyiyn: check.excessTyiyn,
    });
}
