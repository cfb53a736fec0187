import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from '@kamkor/domain';
import { looksLikeFormula } from './cells.ts';
import { COUNT_FORMAT, DATE_FORMAT, headerStyle, safeSheetName } from './sheet-style.ts';

/**
 * How a column's values are written: `text` as typed text (neutralised when it looks like a
 * formula), `number`/`integer` (a year: no grouping)/`count`/`percent` as numbers, `money` as a number of som with the som format,
 * `date` as a date cell shown DD.MM.YYYY.
 */
export type StreamColumnKind = 'text' | 'number' | 'integer' | 'count' | 'percent' | 'money' | 'date';

export interface StreamColumn {
  header: string;
  kind: StreamColumnKind;
  width?: number;
}

export type StreamCell = string | number | Date | null;

/** Money in som, shown with two decimals and the currency (Excel applies the reader's separators). */
export const SOM_FORMAT = '#,##0.00 "сом"';

const numFmtOf: Record<StreamColumnKind, string | undefined> = {
  text: undefined,
  number: '#,##0.####',
  integer: '0',
  count: COUNT_FORMAT,
  percent: '0.0',
  money: SOM_FORMAT,
  date: DATE_FORMAT,
};

export interface TableStreamInput {
  aboutSheet: string;
  dataSheet: string;
  title: string;
  /** Who exported, when, and the filters: label → value, written as text (never formulas). */
  about: [string, string][];
  columns: StreamColumn[];
  /** The rows, a page at a time (a page is read from the database while the previous one is written). */
  pages: AsyncIterable<StreamCell[][]>;
  /** Called after each page with the number of rows written so far. */
  onPage?: (rowsWritten: number) => Promise<void> | void;
}

/**
 * A table as a streamed workbook: exceljs's WorkbookWriter commits each row as it is written, so
 * memory does not grow with the number of rows. The first sheet records who exported, when and the
 * filters; the second has the translated header (frozen) and the rows: numbers as numbers in their
 * column's format, typed text as text cells (a text that starts like a formula gets the Text format,
 * as `addSafeRow` does). Resolves to the number of data rows.
 */
export async function writeTableXlsxStream(out: Writable, input: TableStreamInput): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Kamkor';
  const about = wb.addWorksheet(safeSheetName(input.aboutSheet));
  about.columns = [{ width: 28 }, { width: 80 }];
  const title = about.addRow([input.title]);
  title.font = { bold: true, size: 14 };
  if (looksLikeFormula(input.title)) title.getCell(1).numFmt = '@';
  title.commit();
  for (const [k, v] of input.about) {
    const row = about.addRow([k, v]);
    if (looksLikeFormula(k)) row.getCell(1).numFmt = '@';
    if (looksLikeFormula(v)) row.getCell(2).numFmt = '@';
    row.commit();
  }
  about.commit();

  const ws = wb.addWorksheet(safeSheetName(input.dataSheet), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = input.columns.map((c) => {
    const numFmt = numFmtOf[c.kind];
    return { width: c.width ?? (c.kind === 'text' ? 30 : 14), ...(numFmt ? { style: { numFmt } } : {}) };
  });
  const header = ws.addRow(input.columns.map((c) => c.header));
  headerStyle(header);
  header.eachCell((cell) => {
    cell.numFmt = looksLikeFormula(cell.value) ? '@' : 'General';
  });
  header.commit();
  // One style object per column, given to every cell: exceljs caches a style's id by object identity
  // (a WeakMap), while the style it merges for each new cell is a fresh object that it serialises to
  // XML to look up — that lookup was the largest cost of writing a row (bench P2).
  const styles = input.columns.map((c) => {
    const numFmt = numFmtOf[c.kind];
    return numFmt ? { numFmt } : {};
  });
  const textStyle = { numFmt: '@' };
  const isText = input.columns.map((c) => c.kind === 'text');
  const width = input.columns.length;
  let written = 0;
  for await (const page of input.pages) {
    for (const values of page) {
      const row = ws.addRow(values);
      for (let i = 0; i < width; i++) {
        const cell = row.getCell(i + 1);
        cell.style = isText[i] && looksLikeFormula(values[i]) ? textStyle : styles[i]!;
      }
      row.commit();
    }
    written += page.length;
    await sheetDrained(ws);
    await input.onPage?.(written);
  }
  ws.commit();
  await wb.commit();
  return written;
}

/**
 * Waits until the zip has taken the rows written so far. exceljs's sheet stream writes each committed
 * row on to the zip entry without heeding its backpressure, so when the output is slower than the
 * rows (a database being written to) the uncompressed XML piles up there, off the JS heap; waiting
 * for the entry's 'drain' after each page keeps memory flat. (`stream.pipes` is exceljs's StreamBuf.)
 */
async function sheetDrained(ws: unknown): Promise<void> {
  const pipes = (ws as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes ?? [];
  for (const pipe of pipes) {
    // archiver's PassThrough (readable-stream): its buffered bytes are in `_writableState`.
    const w = pipe as { _writableState?: { length: number; needDrain: boolean }; once?: (e: string, f: () => void) => void };
    if (w._writableState?.needDrain && w.once) await new Promise<void>((resolve) => w.once!('drain', resolve));
  }
}

const csvNeutral = (s: string) => neutraliseFormula(s);

function csvField(v: StreamCell): string {
  if (v == null) return '';
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return `"${csvNeutral(v).replace(/"/g, '""')}"`;
}

/**
 * The same table as CSV (UTF-8 with BOM), written to `out` a page at a time: the facts as `#`
 * comment lines (commas and quotes taken out so a spreadsheet keeps each in one cell), the header,
 * then the rows; text is quoted and neutralised (a leading `'` before `= + - @`), numbers are bare.
 */
export async function writeTableCsvStream(out: Writable, input: Omit<TableStreamInput, 'aboutSheet' | 'dataSheet'>): Promise<number> {
  const write = (s: string) => new Promise<void>((resolve, reject) => (out.write(s, (err) => (err ? reject(err) : resolve()))));
  const comment = (k: string, v: string) => `# ${csvNeutral(k)}: ${csvNeutral(v).replace(/[",\r\n]/g, ' ')}`;
  await write(`\uFEFF${[comment(input.title, ''), ...input.about.map(([k, v]) => comment(k, v)), input.columns.map((c) => csvField(c.header)).join(',')].join('\r\n')}\r\n`);
  let written = 0;
  for await (const page of input.pages) {
    if (page.length) await write(`${page.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`);
    written += page.length;
    await input.onPage?.(written);
  }
  await new Promise<void>((resolve) => out.end(resolve));
  return written;
}
