import ExcelJS from 'exceljs';
import { parseDate, parseNumber, parseSom, type LineData } from '@kamkor/domain';
import { cellText, isFormula, type CellError } from './cells.ts';
import { inspectXlsx } from './guard.ts';

/** Translator passed in by the caller, so headers come out in the user's language. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

const MONEY = '#,##0.00';
const COUNT = '#,##0';
const DATE = 'dd.mm.yyyy';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const xlsxContentType = XLSX;

async function toBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Sheet names may not hold * ? : \\ / [ ] and are at most 31 characters. */
const sheetName = (s: string) => s.replace(/[*?:\\/[\]]/g, ' ').trim().slice(0, 31) || 'Sheet';

const som = (tyiyn: number) => tyiyn / 100;

function headerStyle(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
    c.border = { bottom: { style: 'thin' } };
  });
}

// ---- the official program table -------------------------------------------------------------

/** A line with its codes already turned into names in the user's language. */
export interface DisplayLine {
  lineNo: number;
  areaCode: string;
  area: string;
  service: string;
  targetGroups: string;
  territories: string;
  plannedBeneficiaries: number;
  budgetTyiyn: number;
  periodStart: string;
  periodEnd: string;
  expectedResults: string;
  indicators: string;
}

export interface ProgramSheetInput {
  title: string;
  facts: [string, string][];
  lines: DisplayLine[];
  totals: { title: string; rows: { label: string; budgetTyiyn: number; beneficiaries: number; lines: number }[] }[];
}

const lineColumns = [
  { key: 'no', width: 6 },
  { key: 'area', width: 28 },
  { key: 'service', width: 36 },
  { key: 'targetGroups', width: 30 },
  { key: 'territories', width: 30 },
  { key: 'beneficiaries', width: 14 },
  { key: 'budget', width: 18 },
  { key: 'period', width: 24 },
  { key: 'results', width: 40 },
  { key: 'indicators', width: 36 },
] as const;

/**
 * The program as the official table: title and facts, one row per line grouped by priority area
 * with a subtotal per area and a grand total, money as numbers with a money format, frozen header;
 * a second sheet with totals by area, service, territory and target group.
 */
export async function writeProgramWorkbook(input: ProgramSheetInput, t: Translate): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const ws = wb.addWorksheet(sheetName(t('program:excel.sheetProgram')), { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = lineColumns.map((c) => ({ key: c.key, width: c.width }));
  ws.addRow([input.title]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, lineColumns.length);
  for (const [k, v] of input.facts) ws.addRow([k, '', v]);
  ws.addRow([]);
  const header = ws.addRow(lineColumns.map((c) => t(`program:excel.columns.${c.key}`)));
  headerStyle(header);
  const headerRowNo = header.number;
  ws.views = [{ state: 'frozen', ySplit: headerRowNo, xSplit: 0 }];
  const byArea = new Map<string, DisplayLine[]>();
  for (const l of [...input.lines].sort((a, b) => a.areaCode.localeCompare(b.areaCode) || a.lineNo - b.lineNo)) {
    byArea.set(l.areaCode, [...(byArea.get(l.areaCode) ?? []), l]);
  }
  let total = 0;
  let totalBen = 0;
  for (const lines of byArea.values()) {
    for (const l of lines) {
      const row = ws.addRow([
        l.lineNo,
        l.area,
        l.service,
        l.targetGroups,
        l.territories,
        l.plannedBeneficiaries,
        som(l.budgetTyiyn),
        `${fmtDate(l.periodStart)} – ${fmtDate(l.periodEnd)}`,
        l.expectedResults,
        l.indicators,
      ]);
      row.alignment = { vertical: 'top', wrapText: true };
    }
    const sub = lines.reduce((s, l) => s + l.budgetTyiyn, 0);
    const subBen = lines.reduce((s, l) => s + l.plannedBeneficiaries, 0);
    total += sub;
    totalBen += subBen;
    const row = ws.addRow(['', `${t('program:excel.subtotal')}: ${lines[0]!.area}`, '', '', '', subBen, som(sub)]);
    row.font = { italic: true, bold: true };
  }
  const totalRow = ws.addRow(['', t('program:excel.total'), '', '', '', totalBen, som(total)]);
  totalRow.font = { bold: true };
  totalRow.eachCell((c) => (c.border = { top: { style: 'double' } }));
  ws.getColumn('beneficiaries').numFmt = COUNT;
  ws.getColumn('budget').numFmt = MONEY;

  const ts = wb.addWorksheet(sheetName(t('program:excel.sheetTotals')));
  ts.columns = [{ width: 50 }, { width: 18 }, { width: 16 }, { width: 10 }];
  let first = true;
  for (const block of input.totals) {
    if (!first) ts.addRow([]);
    first = false;
    ts.addRow([block.title]).font = { bold: true, size: 12 };
    headerStyle(ts.addRow([t('program:excel.columns.name'), t('program:excel.columns.budget'), t('program:excel.columns.beneficiaries'), t('program:excel.columns.lines')]));
    for (const r of block.rows) ts.addRow([r.label, som(r.budgetTyiyn), r.beneficiaries, r.lines]);
  }
  ts.getColumn(2).numFmt = MONEY;
  ts.getColumn(3).numFmt = COUNT;
  return toBytes(wb);
}

function fmtDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

// ---- discussion summary ---------------------------------------------------------------------

export interface SummaryRow {
  no: number;
  author: string;
  line: string;
  proposal: string;
  response: string;
  reasons: string;
}

/** The table of proposals and responses for the approval file. */
export async function writeDiscussionSummary(input: { title: string; facts: [string, string][]; rows: SummaryRow[] }, t: Translate): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const ws = wb.addWorksheet(sheetName(t('program:excel.sheetSummary')), { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const keys = ['no', 'author', 'line', 'proposal', 'response', 'reasons'] as const;
  ws.columns = [{ width: 6 }, { width: 30 }, { width: 12 }, { width: 60 }, { width: 16 }, { width: 60 }];
  ws.addRow([input.title]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, keys.length);
  for (const [k, v] of input.facts) ws.addRow([k, v]);
  ws.addRow([]);
  const header = ws.addRow(keys.map((k) => t(`program:summary.columns.${k}`)));
  headerStyle(header);
  ws.views = [{ state: 'frozen', ySplit: header.number }];
  for (const r of input.rows) {
    ws.addRow([r.no, r.author, r.line, r.proposal, r.response, r.reasons]).alignment = { vertical: 'top', wrapText: true };
  }
  return toBytes(wb);
}

// ---- import template ------------------------------------------------------------------------

export const TEMPLATE_KIND = 'kamkor-program-lines';
export const TEMPLATE_FORMAT = '1';
const META_SHEET = '_kamkor';
const LINES_SHEET = 'Lines';
const LISTS_SHEET = 'Lists';
const MAX_ROWS = 1000;

/** Template columns in order; the letter is where each field lives (used to point at cells). */
export const templateColumns = {
  lineNo: 'A',
  priorityAreaCode: 'B',
  serviceCode: 'C',
  targetGroupCodes: 'D',
  territorySoates: 'E',
  plannedBeneficiaries: 'F',
  budget: 'G',
  periodStart: 'H',
  periodEnd: 'I',
  expectedResults: 'J',
  indicatorCodes: 'K',
} as const;
export type TemplateField = keyof typeof templateColumns;
const fields = Object.keys(templateColumns) as TemplateField[];

export interface TemplateInput {
  programId: string;
  versionNo: number;
  title: string;
  lines: (LineData & { indicatorCodes: string[] })[];
  lists: {
    areas: { code: string; name: string }[];
    services: { code: string; name: string }[];
    targetGroups: { code: string; name: string }[];
    territories: { code: string; name: string }[];
    indicators: { code: string; name: string }[];
  };
}

/**
 * The import template: a "Lines" sheet prefilled with the program's lines (headers locked, data
 * cells open), dropdowns fed from a "Lists" sheet, and a hidden metadata sheet naming the program
 * and version so a file from another program or a frozen version is refused on import.
 */
export async function writeProgramTemplate(input: TemplateInput, t: Translate): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const ws = wb.addWorksheet(LINES_SHEET);
  const lists = wb.addWorksheet(LISTS_SHEET);
  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.addRow(['kind', TEMPLATE_KIND]);
  meta.addRow(['format', TEMPLATE_FORMAT]);
  meta.addRow(['program', input.programId]);
  meta.addRow(['version', input.versionNo]);
  // The sheet password guards against slips, not attackers: a low spin count keeps writing fast.
  await meta.protect('kamkor', { spinCount: 100 });

  const widths: Record<TemplateField, number> = {
    lineNo: 8, priorityAreaCode: 12, serviceCode: 12, targetGroupCodes: 18, territorySoates: 34, plannedBeneficiaries: 14,
    budget: 18, periodStart: 14, periodEnd: 14, expectedResults: 44, indicatorCodes: 18,
  };
  ws.columns = fields.map((f) => ({ key: f, width: widths[f], style: { protection: { locked: false } } }));
  const header = ws.getRow(1);
  fields.forEach((f, i) => {
    const c = header.getCell(i + 1);
    c.value = t(`program:template.columns.${f}`);
    c.protection = { locked: true };
    c.note = t(`program:template.hints.${f}`);
  });
  headerStyle(header);
  header.height = 45;
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const l of [...input.lines].sort((a, b) => a.lineNo - b.lineNo)) {
    ws.addRow([
      l.lineNo,
      l.priorityAreaCode,
      l.serviceCode,
      l.targetGroupCodes.join(', '),
      l.territorySoates.join(', '),
      l.plannedBeneficiaries,
      som(l.budgetTyiyn),
      isoToDate(l.periodStart),
      isoToDate(l.periodEnd),
      l.expectedResults ?? '',
      l.indicatorCodes.join(', '),
    ]);
  }
  ws.getColumn('budget').numFmt = MONEY;
  ws.getColumn('periodStart').numFmt = DATE;
  ws.getColumn('periodEnd').numFmt = DATE;
  ws.getColumn('lineNo').numFmt = '0';

  // Lists: pairs of code/name columns; dropdowns refer to the code columns.
  const blocks = [
    ['areas', input.lists.areas],
    ['services', input.lists.services],
    ['targetGroups', input.lists.targetGroups],
    ['territories', input.lists.territories],
    ['indicators', input.lists.indicators],
  ] as const;
  lists.columns = blocks.flatMap(() => [{ width: 18 }, { width: 50 }]);
  const listRef: Record<string, string> = {};
  blocks.forEach(([name, items], i) => {
    const codeCol = i * 2 + 1;
    lists.getCell(1, codeCol).value = t(`program:template.lists.${name}`);
    lists.getCell(1, codeCol + 1).value = t('program:excel.columns.name');
    items.forEach((it, r) => {
      lists.getCell(r + 2, codeCol).value = it.code;
      lists.getCell(r + 2, codeCol + 1).value = it.name;
    });
    const letter = lists.getColumn(codeCol).letter;
    listRef[name] = `${LISTS_SHEET}!$${letter}$2:$${letter}$${Math.max(2, items.length + 1)}`;
  });
  headerStyle(lists.getRow(1));
  await lists.protect('kamkor', { selectLockedCells: true, selectUnlockedCells: true, spinCount: 100 });

  const range = (f: TemplateField) => `${templateColumns[f]}2:${templateColumns[f]}${MAX_ROWS}`;
  const dropdown = (f: TemplateField, ref: string, strict: boolean) =>
    validations(ws).add(range(f), {
      type: 'list',
      allowBlank: true,
      formulae: [ref],
      // Multi-value columns accept "TG-01, TG-03": the list helps, it cannot refuse.
      showErrorMessage: strict,
      errorStyle: 'stop',
      error: t('program:template.pickFromList'),
    });
  dropdown('priorityAreaCode', listRef.areas!, true);
  dropdown('serviceCode', listRef.services!, true);
  dropdown('targetGroupCodes', listRef.targetGroups!, false);
  dropdown('territorySoates', listRef.territories!, false);
  dropdown('indicatorCodes', listRef.indicators!, false);
  validations(ws).add(range('plannedBeneficiaries'), { type: 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], showErrorMessage: true, error: t('program:errors.wholeNumber') });
  validations(ws).add(range('budget'), { type: 'decimal', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], showErrorMessage: true, error: t('program:errors.money') });
  // Headers locked, data open; users may add and delete rows.
  await ws.protect('kamkor', { selectLockedCells: true, selectUnlockedCells: true, insertRows: true, deleteRows: true, formatColumns: true, sort: true, autoFilter: true, spinCount: 100 });
  return toBytes(wb);
}

/** exceljs has range validations at runtime (`ws.dataValidations.add`) but not in its typings. */
function validations(ws: ExcelJS.Worksheet) {
  return (ws as unknown as { dataValidations: { add: (range: string, v: ExcelJS.DataValidation) => void } }).dataValidations;
}

function isoToDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** One line read from the template, with the indicator codes still as codes. */
export interface ImportedLine {
  rowNumber: number;
  lineNo: number;
  priorityAreaCode: string;
  serviceCode: string;
  targetGroupCodes: string[];
  territorySoates: string[];
  plannedBeneficiaries: number;
  budgetTyiyn: number;
  periodStart: string;
  periodEnd: string;
  expectedResults: string | null;
  indicatorCodes: string[];
}

export type TemplateRead =
  | { ok: true; programId: string; versionNo: number; lines: ImportedLine[]; errors: CellError[] }
  | { ok: false; messageKey: string; params?: Record<string, unknown> };

const splitList = (s: string) => [...new Set(s.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean))];

function cellDate(cell: ExcelJS.Cell): string | null {
  const v = cell.value as unknown;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return parseDate(v);
  const s = cellText(cell);
  return s ? parseDate(s) : null;
}

/** Loads a workbook after the guard; null when exceljs cannot read it. */
async function loadWorkbook(data: Uint8Array): Promise<ExcelJS.Workbook | null> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    return wb;
  } catch {
    return null;
  }
}

/**
 * Reads a filled template. Refuses (nothing read) a non-xlsx or oversize file, a workbook that is
 * not Kamkor's program template, and a template of another program; row problems are CellErrors.
 */
export async function readProgramTemplate(data: Uint8Array, expected: { programId: string }): Promise<TemplateRead> {
  const guard = inspectXlsx(data);
  if (!guard.ok) return guard;
  const wb = await loadWorkbook(data);
  if (!wb) return { ok: false, messageKey: 'excel.errors.unreadable' };
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

/**
 * A copy of the user's own workbook with each error cell highlighted and the message as a cell
 * comment, so they fix the file they know instead of reading a list.
 */
export async function markWorkbookErrors(data: Uint8Array, errors: CellError[], message: (e: CellError) => string): Promise<Uint8Array> {
  const guard = inspectXlsx(data);
  if (!guard.ok) throw new Error(guard.messageKey);
  const wb = await loadWorkbook(data);
  if (!wb) throw new Error('excel.errors.unreadable');
  for (const ws of wb.worksheets) if (ws.name === LINES_SHEET) ws.unprotect();
  for (const e of errors) {
    const ws = wb.getWorksheet(e.sheet);
    if (!ws) continue;
    const cell = ws.getCell(e.cell);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
    cell.border = { top: { style: 'medium', color: { argb: 'FFC00000' } }, bottom: { style: 'medium', color: { argb: 'FFC00000' } }, left: { style: 'medium', color: { argb: 'FFC00000' } }, right: { style: 'medium', color: { argb: 'FFC00000' } } };
    const text = message(e);
    cell.note = typeof cell.note === 'string' && cell.note ? `${cell.note}\n${text}` : text;
  }
  return toBytes(wb);
}
