import { AppError, can, type Actor, type ProgramHeaderInput } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { assertProgramEditable, assertWithinCeiling, lockProgramForActor } from './program.ts';
import { listProgramLines } from './program-lines.ts';

/** Creates a draft program (audited); only an officer of the customer may. */
export async function createProgram(db: Db, actor: Actor, input: ProgramHeaderInput) {
  if (!can(actor, 'create', { type: 'program', id: 'new', customerId: input.customerId, status: 'draft' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const actorId = actor.userId;
  const row = await db
    .insertInto('program')
    .values({
      customer_id: input.customerId,
      title: input.title,
      year_from: input.yearFrom,
      year_to: input.yearTo,
      funding_source: input.fundingSource,
      ceiling_tyiyn: input.ceiling,
      created_by: actorId,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'program.create', entity: 'program', entityId: row.id, after: input });
  return row;
}

/** Edits the header of an editable program; the new ceiling must still cover the lines. */
export async function updateProgramHeader(db: Db, actor: Actor, id: string, input: Omit<ProgramHeaderInput, 'customerId'>) {
  const before = await lockProgramForActor(db, actor, id, 'manage');
  const actorId = actor.userId;
  assertProgramEditable(before);
  assertWithinCeiling(await listProgramLines(db, id), input.ceiling);
  await db
    .updateTable('program')
    .set({
      title: input.title,
      year_from: input.yearFrom,
      year_to: input.yearTo,
      funding_source: input.fundingSource,
      ceiling_tyiyn: input.ceiling,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  await writeAudit(db, { actorId, action: 'program.update', entity: 'program', entityId: id, before, after: input });
}
