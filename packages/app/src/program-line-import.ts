import { checkCeiling, diffVersions, isEditable, type CellError } from '@kamkor/domain';
import { applyLineImport, checkLineCodes, getProgram, listProgramIndicators, listProgramLines, loadLineCodeSets, type Db, type ImportPlan, type LineValues } from '@kamkor/db';
import { templateColumns, type ImportedLine, type TemplateField, type readProgramTemplate } from '@kamkor/excel';
import { checkImport, type ImportDefinition, type ImportRefusal, type ReadOptions } from './import-pipeline.ts';

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
  const sets = await loadLineCodeSets(db, programId);
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
    const fieldErrors = checkLineCodes(sets, values);
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

type ProgramRead = Extract<Awaited<ReturnType<typeof readProgramTemplate>>, { ok: true }>;

/** The program version a template is imported into, and who imports it. */
export interface ProgramLineTarget {
  program: { id: string; status: string; version_no: number };
  actorId?: string;
}

/**
 * The program template import on the import pipeline (import-pipeline.ts): refuses a foreign
 * workbook, another program's template, and a template of a version that is frozen (approved) or no
 * longer current; plans lines to add, change and leave; applies the plan in the pipeline's transaction.
 */
export const programLineImport: ImportDefinition<ProgramLineTarget, ProgramRead, ImportPlan, ImportPlan, { added: number; changed: number; left: number }> = {
  fileName: 'program-lines.xlsx',
  reader: async (_db, { program }) => ({ kind: 'program', expected: { programId: program.id } }),
  async validate(db, { program }, read) {
    if (!isEditable(program.status)) return { ok: false, messageKey: 'program:import.frozenVersion' };
    if (read.versionNo !== program.version_no) return { ok: false, messageKey: 'program:import.staleVersion', params: { file: read.versionNo, current: program.version_no } };
    const plan = await planLineImport(db, program.id, read.lines);
    return { ok: true, plan, errors: [...read.errors, ...plan.errors] };
  },
  dryRun: async (_db, _ctx, plan) => plan,
  apply: (trx, { program, actorId }, plan) => applyLineImport(trx, actorId ?? '', program.id, plan),
};

export type ProgramLineImportCheck = ImportRefusal | { ok: true; plan: ImportPlan; errors: CellError[] };

/** Read and validate a template against a program (no write): the pipeline's first two steps. */
export function checkProgramLineImport(db: Db, program: ProgramLineTarget['program'], bytes: Uint8Array, opts: ReadOptions = {}): Promise<ProgramLineImportCheck> {
  return checkImport(db, programLineImport, { program }, bytes, opts);
}
