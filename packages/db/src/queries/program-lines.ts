import { AppError, type Actor, type LineData } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';
import { assertProgramEditable, assertWithinCeiling, lockProgramForActor } from './program.ts';

/** The live lines of a program in the rules' shape, ordered by number. */
export async function listProgramLines(db: Db, programId: string): Promise<LineData[]> {
  if (!isUuid(programId)) return [];
  const lines = await db
    .selectFrom('program_line')
    .select(['id', 'line_no', 'priority_area_code', 'service_code', 'planned_beneficiaries', 'budget_tyiyn', 'period_start', 'period_end', 'expected_results']).where('program_id', '=', programId).orderBy('line_no').execute();
  if (lines.length === 0) return [];
  const ids = lines.map((l) => l.id);
  const [groups, units, indicators] = await Promise.all([
    db.selectFrom('program_line_target_group').select(['line_id', 'target_group_code']).where('line_id', 'in', ids).orderBy('target_group_code').execute(),
    db.selectFrom('program_line_territory').select(['line_id', 'admin_unit_soate']).where('line_id', 'in', ids).orderBy('admin_unit_soate').execute(),
    db.selectFrom('program_line_indicator').select(['line_id', 'indicator_id']).where('line_id', 'in', ids).execute(),
  ]);
  return lines.map((l) => ({
    id: l.id,
    lineNo: l.line_no,
    priorityAreaCode: l.priority_area_code,
    serviceCode: l.service_code,
    targetGroupCodes: groups.filter((g) => g.line_id === l.id).map((g) => g.target_group_code),
    territorySoates: units.filter((u) => u.line_id === l.id).map((u) => u.admin_unit_soate),
    plannedBeneficiaries: l.planned_beneficiaries,
    budgetTyiyn: l.budget_tyiyn,
    periodStart: l.period_start,
    periodEnd: l.period_end,
    expectedResults: l.expected_results,
    indicatorIds: indicators.filter((i) => i.line_id === l.id).map((i) => i.indicator_id).sort(),
  }));
}

/** Line values as entered (without id); the import and the form produce this. */
export type LineValues = Omit<LineData, 'id'>;

/** The codes a line may use: catalogue entries, open territory units, the program's indicators. */
export interface LineCodeSets {
  areas: Set<string>;
  serviceArea: Map<string, string | null>;
  groups: Set<string>;
  units: Set<string>;
  indicators: Set<string>;
}

/** Loads the code sets once, so checking many lines (an import) costs a few queries, not a few per line. */
export async function loadLineCodeSets(db: Db, programId: string): Promise<LineCodeSets> {
  const [areas, services, groups, units, indicators] = await Promise.all([
    db.selectFrom('priority_area').select('code').execute(),
    db.selectFrom('service').select(['code', 'priority_area_code']).execute(),
    db.selectFrom('target_group').select('code').execute(),
    db.selectFrom('admin_unit').select('soate').where('valid_to', 'is', null).execute(),
    db.selectFrom('program_indicator').select('id').where('program_id', '=', programId).execute(),
  ]);
  return {
    areas: new Set(areas.map((a) => a.code)),
    serviceArea: new Map(services.map((s) => [s.code, s.priority_area_code])),
    groups: new Set(groups.map((g) => g.code)),
    units: new Set(units.map((u) => u.soate)),
    indicators: new Set(indicators.map((i) => i.id)),
  };
}

/**
 * Checks that every code a line uses exists (catalogue, open territory units, the program's own
 * indicators) and that the service belongs to the area. Returns field → i18n key.
 */
export function checkLineCodes(sets: LineCodeSets, line: LineValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!sets.areas.has(line.priorityAreaCode)) errors.priorityAreaCode = 'errors.unknownCode';
  if (!sets.serviceArea.has(line.serviceCode)) errors.serviceCode = 'errors.unknownCode';
  else {
    const area = sets.serviceArea.get(line.serviceCode);
    if (!errors.priorityAreaCode && area && area !== line.priorityAreaCode) errors.serviceCode = 'program:errors.serviceArea';
  }
  if (!line.targetGroupCodes.every((c) => sets.groups.has(c))) errors.targetGroupCodes = 'errors.unknownCode';
  if (!line.territorySoates.every((c) => sets.units.has(c))) errors.territorySoates = 'program:errors.unknownTerritory';
  if (!line.indicatorIds.every((c) => sets.indicators.has(c))) errors.indicatorIds = 'program:errors.unknownIndicator';
  return errors;
}

/** checkLineCodes for one line, loading the sets. */
export async function validateLineCodes(db: Db, programId: string, line: LineValues): Promise<Record<string, string>> {
  return checkLineCodes(await loadLineCodeSets(db, programId), line);
}

/** Replaces a line's target groups, territories and indicators. */
export async function writeLineLinks(db: Db, lineId: string, line: LineValues) {
  await db.deleteFrom('program_line_target_group').where('line_id', '=', lineId).execute();
  await db.deleteFrom('program_line_territory').where('line_id', '=', lineId).execute();
  await db.deleteFrom('program_line_indicator').where('line_id', '=', lineId).execute();
  if (line.targetGroupCodes.length)
    await db.insertInto('program_line_target_group').values(line.targetGroupCodes.map((c) => ({ line_id: lineId, target_group_code: c }))).execute();
  if (line.territorySoates.length)
    await db.insertInto('program_line_territory').values(line.territorySoates.map((s) => ({ line_id: lineId, admin_unit_soate: s }))).execute();
  if (line.indicatorIds.length)
    await db.insertInto('program_line_indicator').values(line.indicatorIds.map((i) => ({ line_id: lineId, indicator_id: i }))).execute();
}

/**
 * Adds (lineId null) or changes a line (an officer of the customer only) of an editable program, in the caller's transaction.
 * Refuses unknown codes, a taken line number and a total above the ceiling.
 */
export async function saveProgramLine(db: Db, actor: Actor, programId: string, lineId: string | null, line: LineValues) {
  const program = await lockProgramForActor(db, actor, programId, 'manage');
  const actorId = actor.userId;
  assertProgramEditable(program);
  const errors = await validateLineCodes(db, programId, line);
  if (Object.keys(errors).length) throw new AppError('INVALID', Object.values(errors)[0]!, { fields: errors });
  const lines = await listProgramLines(db, programId);
  const before = lineId ? lines.find((l) => l.id === lineId) : undefined;
  if (lineId && !before) throw new AppError('NOT_FOUND', 'errors.notFound');
  if (lines.some((l) => l.lineNo === line.lineNo && l.id !== lineId))
    throw new AppError('INVALID', 'program:errors.lineNoTaken', { fields: { lineNo: 'program:errors.lineNoTaken' } });
  assertWithinCeiling([...lines.filter((l) => l.id !== lineId), line], program.ceiling_tyiyn);
  const values = {
    line_no: line.lineNo,
    priority_area_code: line.priorityAreaCode,
    service_code: line.serviceCode,
    planned_beneficiaries: line.plannedBeneficiaries,
    budget_tyiyn: line.budgetTyiyn,
    period_start: line.periodStart,
    period_end: line.periodEnd,
    expected_results: line.expectedResults,
    updated_at: new Date(),
  };
  let id = lineId;
  if (id) await db.updateTable('program_line').set(values).where('id', '=', id).execute();
  else id = (await db.insertInto('program_line').values({ ...values, program_id: programId }).returning('id').executeTakeFirstOrThrow()).id;
  await writeLineLinks(db, id, line);
  await writeAudit(db, { actorId, action: before ? 'program_line.update' : 'program_line.create', entity: 'program_line', entityId: id, before, after: line });
  return id;
}

/** Removes a line of an editable program. */
export async function deleteProgramLine(db: Db, actor: Actor, programId: string, lineId: string) {
  const program = await lockProgramForActor(db, actor, programId, 'manage');
  const actorId = actor.userId;
  assertProgramEditable(program);
  const before = (await listProgramLines(db, programId)).find((l) => l.id === lineId);
  if (!before) throw new AppError('NOT_FOUND', 'errors.notFound');
  await db.deleteFrom('program_line').where('id', '=', lineId).execute();
  await writeAudit(db, { actorId, action: 'program_line.delete', entity: 'program_line', entityId: lineId, before });
}
