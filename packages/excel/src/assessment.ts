import ExcelJS from 'exceljs';
import { addSafeRow, cellText, isFormula, setSafeValue, type CellError } from './cells.ts';
import type { Refusal, XlsxLimits } from './guard.ts';
import { readWorkbookStreamed } from './streamed-workbook.ts';
import { safeSheetName, toBytes } from './sheet-style.ts';
import { voteCountProblem } from '@kamkor/domain';

/** One sheet of a plain export: translated headers and rows of values. */
export interface SheetSpec {
  name: string;
  headers: string[];
  rows: (string | number | null)[][];
  /** Column indexes (0-based) holding numbers, right-aligned with a thousands format. */
  numeric?: number[];
}

/** Writes the whole assessment (or any table set) as one workbook, a sheet per section. */
export async function writeSheetsWorkbook(sheets: SheetSpec[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const used = new Set<string>();
  for (const spec of sheets) {
    let name = safeSheetName(spec.name);
    for (let i = 2; used.has(name); i++) name = safeSheetName(`${spec.name.slice(0, 27)} ${i}`);
    used.add(name);
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    addSafeRow(ws, spec.headers).font = { bold: true };
    for (const row of spec.rows) addSafeRow(ws, row.map((v) => (v === null ? '' : v)));
    spec.headers.forEach((h, i) => {
      const col = ws.getColumn(i + 1);
      const longest = Math.max(h.length, ...spec.rows.map((r) => String(r[i] ?? '').length));
      col.width = Math.min(60, Math.max(8, longest + 2));
      if (spec.numeric?.includes(i)) col.numFmt = '#,##0';
    });
  }
  return toBytes(wb);
}

/** Labels of the tally template, in the user's language. */
export interface TallyLabels {
  sheet: string;
  title: string;
  meeting: string;
  village: string;
  date: string;
  number: string;
  problem: string;
  votes: string;
  instructions: string;
}

export interface TallyTemplateInput {
  meetingId: string;
  villageName: string;
  heldOn: string;
  problems: { number: number; title: string; votes?: number | null }[];
}

const TALLY_FIRST_ROW = 8;

/**
 * A paper-like tally sheet for one village meeting: one row per problem of the gallery and an empty
 * "votes" column. The meeting's key sits in B3 so an upload to the wrong meeting is caught.
 */
export async function writeTallyTemplate(input: TallyTemplateInput, labels: TallyLabels): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const ws = wb.addWorksheet(safeSheetName(labels.sheet), { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.getCell('A1').value = labels.title;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = labels.instructions;
  ws.getCell('A3').value = labels.meeting;
  ws.getCell('B3').value = input.meetingId;
  ws.getCell('A4').value = labels.village;
  setSafeValue(ws.getCell('B4'), input.villageName);
  ws.getCell('A5').value = labels.date;
  ws.getCell('B5').value = input.heldOn;
  const header = ws.getRow(TALLY_FIRST_ROW - 1);
  header.values = [labels.number, labels.problem, labels.votes];
  header.font = { bold: true };
  input.problems.forEach((p, i) => {
    const row = ws.getRow(TALLY_FIRST_ROW + i);
    row.getCell(1).value = p.number;
    setSafeValue(row.getCell(2), p.title);
    row.getCell(3).value = p.votes ?? null;
    row.getCell(3).border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  });
  ws.getColumn(1).width = 8;
  ws.getColumn(2).width = 60;
  ws.getColumn(3).width = 14;
  return toBytes(wb);
}

export type TallyRead =
  | { ok: true; votes: { number: number; votes: number }[]; errors: CellError[] }
  | Refusal;

/**
 * Reads a filled tally sheet back. Same rules as every Kamkor import: the file is guarded before
 * it is read (streamed, `readWorkbookStreamed`); values must be typed, not formulas; each problem once; votes whole numbers ≥ 0
 * (empty = 0); an unknown problem number or another meeting's sheet is an error with its cell.
 */
export async function readTallyWorkbook(data: Uint8Array, expect: { meetingId: string; problemNumbers: number[]; attendees?: number }, limits?: XlsxLimits): Promise<TallyRead> {
  const opened = await readWorkbookStreamed(data, limits);
  if (!opened.ok) return opened;
  const ws = opened.workbook.worksheets[0];
  if (!ws) return { ok: false, messageKey: 'excel.errors.unreadable' };
  const errors: CellError[] = [];
  const sheet = ws.name;
  if (cellText(ws.getCell('B3')) !== expect.meetingId) {
    errors.push({ sheet, cell: 'B3', messageKey: 'assessment:excel.wrongMeeting' });
    return { ok: true, votes: [], errors };
  }
  const known = new Set(expect.problemNumbers);
  const seen = new Set<number>();
  const votes: { number: number; votes: number }[] = [];
  for (let r = TALLY_FIRST_ROW; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const numCell = row.getCell(1);
    const voteCell = row.getCell(3);
    const numText = cellText(numCell);
    const voteText = cellText(voteCell).replace(/\s/g, '');
    if (!numText && !voteText) continue;
    if (isFormula(numCell) || isFormula(voteCell)) {
      errors.push({ sheet, cell: `${isFormula(numCell) ? 'A' : 'C'}${r}`, messageKey: 'assessment:excel.formula' });
      continue;
    }
    const number = Number(numText);
    if (!Number.isInteger(number) || !known.has(number)) {
      errors.push({ sheet, cell: `A${r}`, messageKey: 'assessment:excel.unknownProblem', params: { value: numText } });
      continue;
    }
    if (seen.has(number)) {
      errors.push({ sheet, cell: `A${r}`, messageKey: 'assessment:excel.duplicateProblem', params: { value: number } });
      continue;
    }
    seen.add(number);
    const n = voteText === '' ? 0 : Number(voteText);
    if (!Number.isInteger(n) || n < 0) {
      errors.push({ sheet, cell: `C${r}`, messageKey: 'assessment:excel.votes', params: { value: cellText(voteCell) } });
      continue;
    }
    if (expect.attendees !== undefined && voteCountProblem(n, expect.attendees)) {
      errors.push({ sheet, cell: `C${r}`, messageKey: 'assessment:excel.votesOverAttendance', params: { votes: n, attendees: expect.attendees } });
      continue;
    }
    votes.push({ number, votes: n });
  }
  if (votes.length === 0 && errors.length === 0) return { ok: false, messageKey: 'assessment:excel.empty' };
  return { ok: true, votes, errors };
}
