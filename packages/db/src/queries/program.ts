import {
  AppError,
  allowedTransitions,
  bishkekToday,
  checkCeiling,
  isDiscussionOpen,
  isEditable,
  statusAfter,
  type ApprovalInput,
  type LineData,
  type ProgramHeaderInput,
  type ProgramIndicatorInput,
  type ProgramTransition,
  type Resource,
} from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';

export type ProgramRow = Awaited<ReturnType<typeof findProgram>> & {};

/** A program with its customer's names and the number of its last approved version (0 if none). */
export async function findProgram(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('program')
    .innerJoin('organisation', 'organisation.id', 'program.customer_id')
    .selectAll('program')
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
): Extract<Resource, { type: 'program' }> {
  return {
    type: 'program',
    id: p.id,
    customerId: p.customer_id,
    status: p.status,
    discussionOpen: isDiscussionOpen(p, today),
    hasApprovedVersion: Number(p.approved_version_no ?? 0) > 0,
  };
}

/** Programs with customer names and line totals, newest first. */
export async function listPrograms(db: Db, filter: { customerIds?: string[]; statuses?: string[]; includeApprovedVersions?: boolean } = {}) {
  let q = db
    .selectFrom('program')
    .innerJoin('organisation', 'organisation.id', 'program.customer_id')
    .selectAll('program')
    .select([
      'organisation.name_ky as customer_name_ky',
      'organisation.name_ru as customer_name_ru',
      'organisation.name_en as customer_name_en',
      (eb) =>
        eb
          .selectFrom('program_line')
          .select((e) => e.fn.coalesce(e.fn.sum<number>('budget_tyiyn'), e.lit(0)).as('s'))
          .whereRef('program_line.program_id', '=', 'program.id')
          .as('lines_tyiyn'),
      (eb) =>
        eb
          .selectFrom('program_line')
          .select((e) => e.fn.countAll<number>().as('c'))
          .whereRef('program_line.program_id', '=', 'program.id')
          .as('line_count'),
      (eb) =>
        eb
          .selectFrom('program_version')
          .select((e) => e.fn.coalesce(e.fn.max('version_no'), e.lit(0)).as('v'))
          .whereRef('program_version.program_id', '=', 'program.id')
          .as('approved_version_no'),
    ])
    .orderBy('program.year_from', 'desc')
    .orderBy('program.created_at', 'desc');
  if (filter.customerIds) {
    if (filter.customerIds.length === 0) return [];
    q = q.where('program.customer_id', 'in', filter.customerIds);
  }
  if (filter.statuses) {
    const statuses = filter.statuses;
    q = q.where((eb) =>
      filter.includeApprovedVersions
        ? eb.or([
            eb('program.status', 'in', statuses),
            eb.exists(eb.selectFrom('program_version').select('id').whereRef('program_version.program_id', '=', 'program.id')),
          ])
        : eb('program.status', 'in', statuses),
    );
  }
  const rows = await q.execute();
  // sum() of int8 is numeric (a string) on both engines; the total is exact below 2^53 tyiyn.
  return rows.map((r) => ({ ...r, lines_tyiyn: Number(r.lines_tyiyn ?? 0), line_count: Number(r.line_count ?? 0), approved_version_no: Number(r.approved_version_no ?? 0) }));
}

/** Creates a draft program (audited). */
export async function createProgram(db: Db, actorId: string, input: ProgramHeaderInput) {
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

/** Edits the header of an editable program; the new ceiling must still cover the lines. */
export async function updateProgramHeader(db: Db, actorId: string, id: string, input: Omit<ProgramHeaderInput, 'customerId'>) {
  await lockProgram(db, id);
  const before = await getProgram(db, id);
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

/** The live lines of a program in the rules' shape, ordered by number. */
export async function listProgramLines(db: Db, programId: string): Promise<LineData[]> {
  if (!isUuid(programId)) return [];
  const lines = await db.selectFrom('program_line').selectAll().where('program_id', '=', programId).orderBy('line_no').execute();
  if (lines.length === 0) return [];
  const ids = lines.map((l) => l.id);
  const [groups, units, indicators] = await Promise.all([
    db.selectFrom('program_line_target_group').selectAll().where('line_id', 'in', ids).orderBy('target_group_code').execute(),
    db.selectFrom('program_line_territory').selectAll().where('line_id', 'in', ids).orderBy('admin_unit_soate').execute(),
    db.selectFrom('program_line_indicator').selectAll().where('line_id', 'in', ids).execute(),
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
 * Adds (lineId null) or changes a line of an editable program, in the caller's transaction.
 * Refuses unknown codes, a taken line number and a total above the ceiling.
 */
export async function saveProgramLine(db: Db, actorId: string, programId: string, lineId: string | null, line: LineValues) {
  await lockProgram(db, programId);
  const program = await getProgram(db, programId);
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
export async function deleteProgramLine(db: Db, actorId: string, programId: string, lineId: string) {
  await lockProgram(db, programId);
  const program = await getProgram(db, programId);
  assertProgramEditable(program);
  const before = (await listProgramLines(db, programId)).find((l) => l.id === lineId);
  if (!before) throw new AppError('NOT_FOUND', 'errors.notFound');
  await db.deleteFrom('program_line').where('id', '=', lineId).execute();
  await writeAudit(db, { actorId, action: 'program_line.delete', entity: 'program_line', entityId: lineId, before });
}

export async function listProgramIndicators(db: Db, programId: string) {
  if (!isUuid(programId)) return [];
  return db.selectFrom('program_indicator').selectAll().where('program_id', '=', programId).orderBy('code').execute();
}

/** Adds or edits a program-level indicator (code unique in the program). */
export async function saveProgramIndicator(db: Db, actorId: string, programId: string, indicatorId: string | null, input: ProgramIndicatorInput) {
  await lockProgram(db, programId);
  const program = await getProgram(db, programId);
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
  const v = await db
    .selectFrom('program_version')
    .selectAll()
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
export async function transitionProgram(db: Db, actorId: string, programId: string, payload: TransitionPayload) {
  await lockProgram(db, programId);
  const p = await getProgram(db, programId);
  const transition: ProgramTransition = payload.transition;
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
  const action = { approve: 'program.approve', start_amendment: 'program.amend' }[transition as string] ?? `program.${transition}`;
  await writeAudit(db, { actorId, action, entity: 'program', entityId: programId, before: { status: p.status, versionNo: p.version_no }, after, reason });
  return nextStatus;
}
