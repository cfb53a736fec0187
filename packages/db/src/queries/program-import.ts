import { AppError, type CellError, type LineData } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { assertProgramEditable, assertWithinCeiling, getProgram, lockProgram } from './program.ts';
import { listProgramLines, writeLineLinks, type LineValues } from './program-lines.ts';

/** A planned import of program lines (planned in the application layer from a workbook; applied here). */
export interface ImportPlan {
  add: LineValues[];
  change: { id: string; before: LineData; after: LineValues }[];
  leave: number;
  errors: CellError[];
  budgetAfterTyiyn: number;
}

const lineRow = (l: LineValues) => ({
  line_no: l.lineNo,
  priority_area_code: l.priorityAreaCode,
  service_code: l.serviceCode,
  planned_beneficiaries: l.plannedBeneficiaries,
  budget_tyiyn: l.budgetTyiyn,
  period_start: l.periodStart,
  period_end: l.periodEnd,
  expected_results: l.expectedResults,
  updated_at: new Date(),
});

/**
 * Applies a planned import in the caller's transaction (one transaction for the whole file). The
 * caller recomputes the plan from the stored file just before, so applying twice changes nothing;
 * the final total is checked against the ceiling again here, inside the transaction.
 */
export async function applyLineImport(trx: Db, actorId: string, programId: string, plan: ImportPlan) {
  await lockProgram(trx, programId);
  const program = await getProgram(trx, programId);
  assertProgramEditable(program);
  if (plan.errors.length) throw new AppError('INVALID', 'excel.errors.fixFirst');
  const existing = await listProgramLines(trx, programId);
  const changed = new Set(plan.change.map((c) => c.id));
  const taken = new Set(existing.map((l) => l.lineNo));
  // Someone added the same line number since the dry run: refuse rather than guess.
  if (plan.add.some((a) => taken.has(a.lineNo)) || plan.change.some((c) => !existing.some((l) => l.id === c.id)))
    throw new AppError('CONFLICT', 'program:import.changedMeanwhile');
  assertWithinCeiling([...existing.filter((l) => !changed.has(l.id)), ...plan.change.map((c) => c.after), ...plan.add], program.ceiling_tyiyn);
  for (const c of plan.change) {
    await trx.updateTable('program_line').set(lineRow(c.after)).where('id', '=', c.id).execute();
    await writeLineLinks(trx, c.id, c.after);
  }
  if (plan.add.length) {
    // Bulk insert: one statement for the lines and one per link table.
    const ids = await trx
      .insertInto('program_line')
      .values(plan.add.map((a) => ({ ...lineRow(a), program_id: programId })))
      .returning(['id', 'line_no'])
      .execute();
    const idOf = new Map(ids.map((r) => [r.line_no, r.id]));
    const groups = plan.add.flatMap((a) => a.targetGroupCodes.map((c) => ({ line_id: idOf.get(a.lineNo)!, target_group_code: c })));
    const units = plan.add.flatMap((a) => a.territorySoates.map((s) => ({ line_id: idOf.get(a.lineNo)!, admin_unit_soate: s })));
    const inds = plan.add.flatMap((a) => a.indicatorIds.map((i) => ({ line_id: idOf.get(a.lineNo)!, indicator_id: i })));
    if (groups.length) await trx.insertInto('program_line_target_group').values(groups).execute();
    if (units.length) await trx.insertInto('program_line_territory').values(units).execute();
    if (inds.length) await trx.insertInto('program_line_indicator').values(inds).execute();
  }
  await writeAudit(trx, {
    actorId,
    action: 'program.import',
    entity: 'program',
    entityId: programId,
    before: plan.change.map((c) => c.before),
    after: { added: plan.add, changed: plan.change.map((c) => c.after), left: plan.leave },
  });
  return { added: plan.add.length, changed: plan.change.length, left: plan.leave };
}
