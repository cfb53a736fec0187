import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { addSafeRow } from './cells.ts';

/**
 * Writes a long sheet with the streaming writer (for the bench, tests and as a blank sample). Styles
 * are on so that typed text that starts like a formula is kept as a text cell.
 */
export async function writeBulkSheet(headers: string[], rows: Iterable<(string | number | null)[]>): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('data');
  addSafeRow(ws, headers).commit();
  for (const r of rows) addSafeRow(ws, r).commit();
  ws.commit();
  await wb.commit();
  return new Uint8Array(Buffer.concat(chunks));
}
