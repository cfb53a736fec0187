import { AppError, type Actor, type ProgramIndicatorInput } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';
import { assertProgramEditable, lockProgramForActor } from './program.ts';

/** The live indicators of a program (not access-checked: callers go through program-content.ts or a write). */
export async function listProgramIndicators(db: Db, programId: string) {
  if (!isUuid(programId)) return [];
  return db.selectFrom('program_indicator').select(['id', 'program_id', 'code', 'name_ky', 'name_ru', 'name_en', 'unit', 'target']).where('program_id', '=', programId).orderBy('code').execute();
}

/** Adds or edits a program-level indicator (code unique in the program). */
export async function saveProgramIndicator(db: Db, actor: Actor, programId: string, indicatorId: string | null, input: ProgramIndicatorInput) {
  const program = await lockProgramForActor(db, actor, programId, 'manage');
  const actorId = actor.userId;
  assertProgramEditable(program);
  const clash = await db
    .selectFrom('program_indicator')
    .select('id')
    .where('program_id', '=', programId)
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (clash && clash.id !== indicatorId) throw new AppError('INVALID', 'program:errors.indicatorCodeTaken', { fields: { code: 'program:errors.indicatorCodeTaken' } });
  const values = { code: input.code, name_ky: input.name_ky, name_ru: input.name_ru, name_en: input.name_en, unit: input.unit, target: input.target };
  let id = indicatorId;
  if (id) {
    const r = await db.updateTable('program_indicator').set(values).where('id', '=', id).where('program_id', '=', programId).executeTakeFirst();
    if (!r.numUpdatedRows) throw new AppError('NOT_FOUND', 'errors.notFound');
  } else id = (await db.insertInto('program_indicator').values({ ...values, program_id: programId }).returning('id').executeTakeFirstOrThrow()).id;
  await writeAudit(db, { actorId, action: indicatorId ? 'program_indicator.update' : 'program_indicator.create', entity: 'program_indicator', entityId: id, after: input });
  return id;
}
