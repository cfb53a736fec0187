import { parseDate, parseNumber, parseSom, type LineData } from '@kamkor/domain';
import { cellText, isFormula, type CellError } from './cells.ts';
import { LINES_SHEET, MAX_ROWS, META_SHEET, TEMPLATE_FORMAT, TEMPLATE_KIND, fields, templateColumns, type TemplateField } from './program-template-layout.ts';
import { readWorkbookStreamed, type ReadCell } from './streamed-workbook.ts';
import type { XlsxLimits } from './guard.ts';

/** One line read from the template, with the indicator codes still as codes. */
export type ImportedLine = Omit<LineData, 'id' | 'indicatorIds'> & {
  /** The sheet row it came from, for errors found later (unknown codes, the ceiling). */
  rowNumber: number;
  indicatorCodes: string[];
};

export type TemplateRead =
  | { ok: true; programId: string; versionNo: number; lines: ImportedLine[]; errors: CellError[] }
  | { ok: false; messageKey: string; params?: Record<string, unknown> };

const splitList = (s: string) => [...new Set(s.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean))];

function cellDate(cell: ReadCell): string | null {
  const v = cell.value as unknown;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return parseDate(v);
  const s = cellText(cell);
  return s ? parseDate(s) : null;
}

/**
 * Reads a filled template. Refuses (nothing read) a non-xlsx or oversize file, a workbook that is
 * not Kamkor's program template, and a template of another program; row problems are CellErrors.
 */
export async function readProgramTemplate(data: Uint8Array, expected: { programId: string }, limits?: XlsxLimits): Promise<TemplateRead> {
  const opened = await readWorkbookStreamed(data, limits);
  if (!opened.ok) return opened;
  const wb = opened.workbook;
  const meta = wb.getWorksheet(META_SHEET);
  const ws = wb.getWorksheet(LINES_SHEET);
  if (!meta || !ws || cellText(meta.getCell('B1')) !== TEMPLATE_KIND) return { ok: false, messageKey: 'program:import.wrongTemplate' };
  if (cellText(meta.getCell('B2')) !== TEMPLATE_FORMAT) return { ok: false, messageKey: 'program:import.oldTemplate' };
  const programId = cellText(meta.getCell('B3'));
  const versionNo = Number(cellText(meta.getCell('B4')));
  if (programId !== expected.programId) return { ok: false, messageKey: 'program:import.wrongProgram' };
  const lines: ImportedLine[] = [];
  const errors: CellError[] = [];
  const seen = new Map<number, number>();
  for (let r = 2; r <= Math.min(ws.rowCount, MAX_ROWS + 1); r++) {
    const row = ws.getRow(r);
    const cell = (f: TemplateField) => row.getCell(fields.indexOf(f) + 1);
    if (fields.every((f) => cellText(cell(f)) === '')) continue;
    const err = (f: TemplateField, messageKey: string, params?: Record<string, unknown>) =>
      errors.push({ sheet: LINES_SHEET, cell: `${templateColumns[f]}${r}`, messageKey, params });
    const before = errors.length;
    for (const f of fields) if (isFormula(cell(f))) err(f, 'program:import.formula');
    const lineNo = parseNumber(cellText(cell('lineNo')));
    if (lineNo === null || !Number.isInteger(lineNo) || lineNo < 1 || lineNo > 9999) err('lineNo', 'program:import.lineNoRequired');
    else if (seen.has(lineNo)) err('lineNo', 'program:import.lineNoDuplicate', { row: seen.get(lineNo) });
    else seen.set(lineNo, r);
    const area = cellText(cell('priorityAreaCode')).toUpperCase();
    if (!area) err('priorityAreaCode', 'errors.required');
    const service = cellText(cell('serviceCode')).toUpperCase();
    if (!service) err('serviceCode', 'errors.required');
    const groups = splitList(cellText(cell('targetGroupCodes')).toUpperCase());
    if (!groups.length) err('targetGroupCodes', 'program:errors.targetGroupRequired');
    const units = splitList(cellText(cell('territorySoates')));
    if (!units.length) err('territorySoates', 'program:errors.territoryRequired');
    else if (!units.every((u) => /^417\d{11}$/.test(u))) err('territorySoates', 'errors.soate');
    const benText = cellText(cell('plannedBeneficiaries'));
    const ben = benText === '' ? 0 : parseNumber(benText);
    if (ben === null || !Number.isInteger(ben) || ben < 0) err('plannedBeneficiaries', 'program:errors.wholeNumber');
    const budgetCell = cell('budget').value;
    const budget = typeof budgetCell === 'number' ? parseSom(budgetCell) : parseSom(cellText(cell('budget')));
    if (budget === null || budget < 0) err('budget', 'program:errors.money');
    const start = cellDate(cell('periodStart'));
    const end = cellDate(cell('periodEnd'));
    if (!start) err('periodStart', 'program:errors.date');
    if (!end) err('periodEnd', 'program:errors.date');
    if (start && end && end < start) err('periodEnd', 'program:errors.periodOrder');
    if (errors.length > before) continue;
    lines.push({
      rowNumber: r,
      lineNo: lineNo!,
      priorityAreaCode: area,
      serviceCode: service,
      targetGroupCodes: groups,
      territorySoates: units,
      plannedBeneficiaries: ben!,
      budgetTyiyn: budget!,
      periodStart: start!,
      periodEnd: end!,
      expectedResults: cellText(cell('expectedResults')) || null,
      indicatorCodes: splitList(cellText(cell('indicatorCodes'))),
    });
  }
  if (lines.length === 0 && errors.length === 0) return { ok: false, messageKey: 'program:import.noLines' };
  return { ok: true, programId, versionNo, lines, errors };
}
