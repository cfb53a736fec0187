import ExcelJS from 'exceljs';
import type { ResponseCellValue } from '@kamkor/domain';
import { addSafeRow, valueText } from './cells.ts';
import type { Refusal, XlsxLimits } from './guard.ts';
import { readWorkbookStreamed } from './streamed-workbook.ts';
import { headerStyle, safeSheetName, toBytes } from './sheet-style.ts';
import type { ExportColumn } from './explorer-export.ts';

export type ResponseSheetRead =
  | { ok: true; sheet: string; headers: string[]; rows: { rowNumber: number; cells: ResponseCellValue[] }[] }
  | Refusal;

const MAX_COLUMNS = 500;

function plain(v: unknown): ResponseCellValue {
  if (v == null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return typeof v === 'string' ? v.trim() : v;
  if (typeof v === 'object' && 'result' in (v as object)) return plain((v as { result: unknown }).result);
  return valueText(v);
}

/**
 * Responses in the training shape (read streamed through the guard, `readWorkbookStreamed`): the first sheet, the first row as
 * headers, then one row per respondent. Values as typed: numbers, dates (Excel dates come as Date),
 * text. Interpretation is the domain's `readResponseRows`.
 */
export async function readResponseSheet(bytes: Uint8Array, limits?: XlsxLimits): Promise<ResponseSheetRead> {
  const opened = await readWorkbookStreamed(bytes, limits);
  if (!opened.ok) return opened;
  const ws = opened.workbook.worksheets.find((w) => w.actualRowCount > 0) ?? opened.workbook.worksheets[0];
  if (!ws) return { ok: false, messageKey: 'survey:import.empty' };
  const width = Math.min(ws.columnCount, MAX_COLUMNS);
  const headerRow = ws.getRow(1);
  const headers = Array.from({ length: width }, (_, i) => valueText(headerRow.getCell(i + 1).value));
  if (headers.every((h) => !h)) return { ok: false, messageKey: 'survey:import.empty' };
  const rows: { rowNumber: number; cells: ResponseCellValue[] }[] = [];
  ws.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    rows.push({ rowNumber, cells: Array.from({ length: width }, (_, i) => plain(row.getCell(i + 1).value)) });
  });
  return { ok: true, sheet: ws.name, headers, rows };
}

/** A sheet of an export: translated headers, rows of numbers and text (text through addSafeRow). */
export interface ExportSheet {
  name: string;
  columns: ExportColumn[];
  rows: (string | number | null)[][];
}

/** Responses and their summaries as one workbook: an "about" sheet first, then each sheet given. */
export async function writeResponsesWorkbook(input: { title: string; aboutSheet: string; about: [string, string][]; sheets: ExportSheet[] }): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const about = wb.addWorksheet(safeSheetName(input.aboutSheet));
  about.columns = [{ width: 28 }, { width: 80 }];
  addSafeRow(about, [input.title]).font = { bold: true, size: 14 };
  for (const [k, v] of input.about) addSafeRow(about, [k, v]);
  const used = new Set<string>([about.name]);
  for (const sheet of input.sheets) {
    let name = safeSheetName(sheet.name);
    for (let n = 2; used.has(name); n++) name = safeSheetName(`${sheet.name.slice(0, 26)} ${n}`);
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.columns = sheet.columns.map((c) => ({ width: c.width ?? (c.numFmt ? 14 : 30) }));
    headerStyle(addSafeRow(ws, sheet.columns.map((c) => c.header)));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const values of sheet.rows) {
      const row = addSafeRow(ws, values);
      sheet.columns.forEach((c, i) => {
        if (c.numFmt && typeof values[i] === 'number') row.getCell(i + 1).numFmt = c.numFmt;
      });
    }
  }
  return toBytes(wb);
}

/** A workbook in the training shape (tests, and a sample for officers): headers then rows as given. */
export async function writeResponseSheet(headers: string[], rows: (string | number | Date | null)[][], sheetName = 'Лист1'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(safeSheetName(sheetName));
  addSafeRow(ws, headers);
  for (const r of rows) addSafeRow(ws, r);
  return toBytes(wb);
}
