import { AppError, checkCeiling, diffVersions, isEditable, type LineData } from '@kamkor/domain';
import { templateColumns, type CellError, type ImportedLine, type TemplateField } from '@kamkor/excel';
import { type Db, writeAudit } from './audit.ts';
import { getProgram, listProgramIndicators, listProgramLines, saveProgramLine, validateLineCodes, type LineValues } from './program.ts';

export interface ImportPlan {
  add: LineValues[];
  change: { id: string; before: LineData; after: LineValues }[];
  leave: number;
  errors: CellError[];
  budgetAfterTyiyn: number;
}

const fieldToColumn: Record<string, TemplateField> = {
  priorityAreaCode: 'priorityAreaCode',
  serviceCode: 'serviceCode',
  targetGroupCodes: 'targetGroupCodes',
  territorySoates: 'territorySoates',
  indicatorIds: 'indicatorCodes',
};

/**
 * Dry run of a template import: matches rows to lines by line number and sorts them into lines to
 * add, change and leave. Lines missing from the file are left alone (the file is not a deletion
 * list). Unknown codes and a total above the ceiling are errors with the cell to fix.
 */
export async function planLineImport(db: Db, programId: string, rows: ImportedLine[], sheet = 'Lines'): Promise<ImportPlan> {
  const program = await getProgram(db, programId);
  const existing = await listProgramLines(db, programId);
  const indicators = await listProgramIndicators(db, programId);
  const indicatorByCode = new Map(indicators.map((i) => [i.code.toUpperCase(), i.id]));
  const byNo = new Map(existing.map((l) => [l.lineNo, l]));
  const plan: ImportPlan = { add: [], change: [], leave: 0, errors: [], budgetAfterTyiyn: 0 };
  const incoming = new Map<number, LineValues>();
  for (const row of rows) {
    const unknownIndicator = row.indicatorCodes.find((c) => !indicatorByCode.has(c.toUpperCase()));
    const values: LineValues = {
      lineNo: row.lineNo,
      priorityAreaCode: row.priorityAreaCode,
      serviceCode: row.serviceCode,
      targetGroupCodes: [...row.targetGroupCodes].sort(),
      territorySoates: [...row.territorySoates].sort(),
      plannedBeneficiaries: row.plannedBeneficiaries,
      budgetTyiyn: row.budgetTyiyn,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      expectedResults: row.expectedResults,
      indicatorIds: row.indicatorCodes.map((c) => indicatorByCode.get(c.toUpperCase()) ?? '').filter(Boolean).sort(),
    };
    const fieldErrors = await validateLineCodes(db, programId, values);
    if (unknownIndicator) fieldErrors.indicatorIds = 'program:errors.unknownIndicator';
    for (const [field, key] of Object.entries(fieldErrors)) {
      const col = fieldToColumn[field];
      if (col) plan.errors.push({ sheet, cell: `${templateColumns[col]}${row.rowNumber}`, messageKey: key, params: unknownIndicator && field === 'indicatorIds' ? { value: unknownIndicator } : undefined });
    }
    if (Object.keys(fieldErrors).length) continue;
    incoming.set(row.lineNo, values);
    const old = byNo.get(row.lineNo);
    if (!old) plan.add.push(values);
    else {
      const d = diffVersions([old], [{ ...values, id: old.id }]);
      if (d.changed.length) plan.change.push({ id: old.id, before: old, after: values });
      else plan.leave++;
    }
  }
  plan.leave += existing.filter((l) => !incoming.has(l.lineNo)).length;
  const after = [...existing.filter((l) => !incoming.has(l.lineNo)), ...incoming.values()];
  const check = checkCeiling(after, program.ceiling_tyiyn);
  plan.budgetAfterTyiyn = check.totalTyiyn;
  if (!check.ok) {
    const lastRow = Math.max(1, ...rows.map((r) => r.rowNumber));
    plan.errors.push({
      sheet,
      cell: `${templateColumns.budget}${lastRow}`,
      messageKey: 'program:errors.overCeiling',
      params: { totalTyiyn: check.totalTyiyn, ceilingTyiyn: check.ceilingTyiyn, excessTyiyn: check.excessTyiyn },
    });
  }
  return plan;
}

/**
 * Applies a planned import in the caller's transaction (one transaction for the whole file). The
 * plan is recomputed by the caller from the stored file, so applying twice changes nothing.
 */
export async function applyLineImport(trx: Db, actorId: string, programId: string, plan: ImportPlan) {
  const program = await getProgram(trx, programId);
  if (!isEditable(program.status)) throw new AppError('CONFLICT', 'program:errors.frozen');
  if (plan.errors.length) throw new AppError('INVALID', 'excel.errors.fixFirst');
  // Rows match lines by number, so a change never renumbers. Budget cuts go first so the running
  // ceiling check of each save never trips on an order that the final total would satisfy.
  const changes = [...plan.change].sort((a, b) => a.after.budgetTyiyn - a.before.budgetTyiyn - (b.after.budgetTyiyn - b.before.budgetTyiyn));
  for (const c of changes) await saveProgramLine(trx, actorId, programId, c.id, c.after);
  for (const a of plan.add) await saveProgramLine(trx, actorId, programId, null, a);
  await writeAudit(trx, {
    actorId,
    action: 'program.import',
    entity: 'program',
    entityId: programId,
    after: { added: plan.add.length, changed: plan.change.length, left: plan.leave },
  });
  return { added: plan.add.length, changed: plan.change.length, left: plan.leave };
}
