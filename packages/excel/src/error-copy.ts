import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '@kamkor/domain';
import { bulkLimits, type XlsxLimits } from './guard.ts';
import { streamFirstSheetLean } from './lean-sheet-reader.ts';
import { openWorkbook, streamWorkbookRows, type StreamedRow } from './open-workbook.ts';

/** A cell to mark in an error copy, with the message in the user's language. */
export interface MarkedCell {
  sheet: string;
  cell: string;
  text: string;
}

const red = { style: 'medium', color: { argb: 'FFC00000' } } as const;

/**
 * A copy of the user's own workbook with every bad cell filled red, bordered and commented (the
 * comment is the message, after any note the cell had), for them to fix the file they know and
 * upload it again. The upload is opened through the guard like any import; a workbook the guard
 * refuses is an `AppError` (the dry run refused it already, so this is not an expected path).
 */
export async function writeErrorCopy(bytes: Uint8Array, errors: readonly MarkedCell[], limits?: XlsxLimits): Promise<Uint8Array> {
  // The limits of the import the file was read by (the bulk sheet's are larger than the templates').
  const opened = await openWorkbook(bytes, limits);
  if (!opened.ok) throw new AppError('INVALID', opened.messageKey, opened.params);
  const wb = opened.workbook;
  const marked = new Set(errors.map((e) => e.sheet));
  // Our templates protect their sheets; the person must be able to fix the marked cells.
  for (const ws of wb.worksheets) if (marked.has(ws.name)) ws.unprotect();
  for (const e of errors) {
    const ws = wb.getWorksheet(e.sheet);
    if (!ws) continue;
    const cell = ws.getCell(e.cell);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
    cell.font = { ...(cell.font ?? {}), color: { argb: 'FF9C0006' }, bold: true };
    cell.border = { top: red, bottom: red, left: red, right: red };
    cell.note = typeof cell.note === 'string' && cell.note ? `${cell.note}\n${e.text}` : e.text;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Column letters of an A1 address to its 1-based number (`C` → 3, `AA` → 27), and its row. */
function addressOf(cell: string): { row: number; col: number } | null {
  const m = /^([A-Z]{1,3})(\d{1,7})$/.exec(cell.toUpperCase());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/**
 * The error copy of one long data sheet (the bulk import's), written as a stream so memory stays flat
 * however long the sheet: the user's first sheet is read row by row (the lean reader, or exceljs's
 * streaming reader for what it does not handle) and copied value by value, under the sheet's own
 * name, into a new workbook written by exceljs's streaming writer, with every bad cell filled,
 * bordered and commented like `writeErrorCopy` does. A long data sheet's values are what the user
 * fixes; its formatting and any other sheet are not copied.
 */
export async function writeStreamedErrorCopy(bytes: Uint8Array, errors: readonly MarkedCell[], limits: XlsxLimits = bulkLimits): Promise<Uint8Array> {
  const byRow = new Map<number, Map<number, string>>();
  const marks: { sheet: string; row: number; col: number; text: string }[] = [];
  for (const e of errors) {
    const at = addressOf(e.cell);
    if (at) marks.push({ sheet: e.sheet, ...at, text: e.text });
  }
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  let ws: ExcelJS.Worksheet | null = null;
  const onSheet = (name: string) => {
    ws = book.addWorksheet(name);
    for (const m of marks) {
      if (m.sheet !== name) continue;
      const cols = byRow.get(m.row) ?? new Map<number, string>();
      const before = cols.get(m.col);
      cols.set(m.col, before ? `${before}\n${m.text}` : m.text);
      byRow.set(m.row, cols);
    }
  };
  const mark = (row: ExcelJS.Row, cols: Map<number, string>) => {
    for (const [col, text] of cols) {
      const cell = row.getCell(col);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
      cell.font = { color: { argb: 'FF9C0006' }, bold: true };
      cell.border = { top: red, bottom: red, left: red, right: red };
      cell.note = text;
    }
  };
  let last = 0;
  const onRow = ({ number, values }: StreamedRow) => {
    last = number;
    const sheet = ws!;
    const row = sheet.getRow(number);
    row.values = values as ExcelJS.CellValue[];
    const cols = byRow.get(number);
    if (cols) {
      mark(row, cols);
      byRow.delete(number);
    }
    row.commit();
  };
  let read = await streamFirstSheetLean(bytes, onRow, { limits, onSheet });
  if (!read) read = await streamWorkbookRows(bytes, onRow, { limits, firstSheetOnly: true, onSheet });
  if (!read.ok) throw new AppError('INVALID', read.messageKey, read.params);
  // Marks on rows the sheet does not hold (an empty required row) still show, in row order.
  const sheet = ws ?? book.addWorksheet('Sheet1');
  for (const n of [...byRow.keys()].filter((n) => n > last).sort((a, b) => a - b)) {
    const row = sheet.getRow(n);
    mark(row, byRow.get(n)!);
    row.commit();
  }
  await book.commit();
  return new Uint8Array(Buffer.concat(chunks));
}
