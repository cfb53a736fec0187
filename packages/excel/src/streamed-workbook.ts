import type yauzl from 'yauzl';
import { checkXlsx, defaultLimits, tooManyRows, type Refusal, type XlsxLimits } from './guard.ts';
import {
  PartTooLarge,
  columnOf,
  excelDateOf,
  inflatedText,
  local,
  openZip,
  parseDateStyles,
  parseRels,
  parseSharedStrings,
  parseWorkbook,
  parser,
  readEntries,
  readWhole,
  type WorkbookSheetEntry,
} from './lean-sheet-reader.ts';
import { streamWorkbookRows } from './open-workbook.ts';
import { colLetter } from './sheet-style.ts';

/**
 * A cell's plain value as the readers see it, the same as exceljs's full load gives for what they
 * rely on: text (rich text joined), numbers, dates as `Date` (by the cell's number format), booleans,
 * formulas as `{ formula, result }` (a shared formula's other cells `{ sharedFormula, result }`, the
 * master cell's address, as exceljs), errors as `{ error }`. Hyperlinks read as their text.
 */
export type ReadValue =
  | null
  | string
  | number
  | boolean
  | Date
  | { formula: string; result?: string | number | boolean | Date | { error: string } }
  | { sharedFormula: string; result?: string | number | boolean | Date | { error: string } }
  | { error: string };

/** A read cell: its value and its address (`B7`). */
export interface ReadCell {
  readonly value: ReadValue;
  readonly address: string;
}

/** A read row: `getCell(column)` (1-based), as exceljs's `Row.getCell`. */
export interface ReadRow {
  readonly number: number;
  getCell(col: number): ReadCell;
}

/**
 * A read-only sheet with the part of exceljs's `Worksheet` the importers use: `rowCount` (the last
 * row with a value), `actualRowCount`, `columnCount` (the widest such row, empty styled cells
 * counted, as exceljs), `getRow`, `getCell('B3')` / `getCell(row, col)`, `eachRow` (rows with a value).
 */
export interface ReadSheet {
  readonly name: string;
  readonly state: 'visible' | 'hidden' | 'veryHidden';
  readonly rowCount: number;
  readonly actualRowCount: number;
  readonly columnCount: number;
  getRow(n: number): ReadRow;
  getCell(ref: string): ReadCell;
  getCell(row: number, col: number): ReadCell;
  eachRow(cb: (row: ReadRow, rowNumber: number) => void): void;
}

/** A read-only workbook of plain values: its sheets in the workbook's order. */
export interface ReadWorkbook {
  readonly worksheets: readonly ReadSheet[];
  /** The sheet of this exact name (as exceljs's `getWorksheet(name)`). */
  getWorksheet(name: string): ReadSheet | undefined;
}

/**
 * The workbook, or why not. `rowsRead`/`cellsRead`: rows (every `<row>`) and value cells read; on a
 * refusal for the limits, where the read stopped (the first row past the limit), as `streamWorkbookRows`.
 */
export type StreamedWorkbookResult =
  | { ok: true; workbook: ReadWorkbook; rowsRead: number; cellsRead: number }
  | (Refusal & { rowsRead?: number; cellsRead?: number });

type CountedResult = { ok: true; workbook: ReadWorkbook; rowsRead: number; cellsRead: number } | (Refusal & { rowsRead: number; cellsRead: number });

/** A row as collected: values by column, and the widest cell element seen (values or not). */
interface RowData {
  values: ReadValue[];
  width: number;
  hasValues: boolean;
}

interface SheetData {
  name: string;
  state: ReadSheet['state'];
  rows: Map<number, RowData>;
  merges: { top: number; left: number; bottom: number; right: number }[];
}

/**
 * Reads every sheet of an upload as a stream and keeps plain values only: the guard (`checkXlsx`)
 * first, then each sheet's XML inflated and tokenized (the lean reader's machinery: yauzl, zlib,
 * saxes, shared strings and date styles), rows and cells counted against the limits AS they are read
 * (past either, reading stops there with `tooManyRows`). No exceljs workbook is built; a workbook the
 * lean machinery cannot read (parts it cannot find) is read with exceljs's streaming reader instead,
 * under the same counts.
 *
 * @example
 * const read = await readWorkbookStreamed(upload, limits);
 * if (!read.ok) return read; // { messageKey: 'excel.errors.tooManyRows', … }
 * const ws = read.workbook.getWorksheet('lines');
 */
export async function readWorkbookStreamed(bytes: Uint8Array, limits: XlsxLimits = defaultLimits): Promise<StreamedWorkbookResult> {
  const guard = await checkXlsx(bytes, limits);
  if (!guard.ok) return guard;
  return (await readLean(bytes, limits)) ?? (await readWithExcelJs(bytes, limits));
}

const counted = { rowsRead: 0, cellsRead: 0 };

async function readLean(bytes: Uint8Array, limits: XlsxLimits): Promise<CountedResult | null> {
  const zip = await openZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!zip) return { ok: false, messageKey: 'excel.errors.unreadable', ...counted };
  const count = { rowsRead: 0, cellsRead: 0 };
  try {
    const entries = await readEntries(zip);
    const part = (name: string | undefined) => (name ? entries.get(name) : undefined);
    const workbookEntry = part('xl/workbook.xml');
    const relsEntry = part('xl/_rels/workbook.xml.rels');
    if (!workbookEntry || !relsEntry) return null;
    const book = parseWorkbook(await readWhole(zip, workbookEntry, limits));
    const rels = parseRels(await readWhole(zip, relsEntry, limits));
    if (!book) return null;
    // Sheets that are worksheets (chart sheets are not read, as exceljs does not load them).
    const listed: { sheet: WorkbookSheetEntry; entry: yauzl.Entry }[] = [];
    for (const sheet of book.sheets) {
      const path = rels.byId.get(sheet.rId);
      if (path && /(^|\/)chartsheets\//.test(path)) continue;
      const entry = part(path);
      if (!entry) return null;
      listed.push({ sheet, entry });
    }
    const stringsEntry = part(rels.byType.get('sharedStrings') ?? 'xl/sharedStrings.xml');
    const stylesEntry = part(rels.byType.get('styles') ?? 'xl/styles.xml');
    const strings = stringsEntry ? parseSharedStrings(await readWhole(zip, stringsEntry, limits)) : [];
    const dateStyles = stylesEntry ? parseDateStyles(await readWhole(zip, stylesEntry, limits)) : [];
    const sheets: SheetData[] = [];
    for (const { sheet, entry } of listed) {
      const data: SheetData = { name: sheet.name, state: sheet.state, rows: new Map(), merges: [] };
      const over = await readSheetValues(zip, entry, { strings, dateStyles, date1904: book.date1904, limits, count, data });
      if (over) return { ...tooManyRows(limits), ...count };
      sheets.push(data);
    }
    return { ok: true, workbook: workbookOf(sheets), ...count };
  } catch (e) {
    if (e instanceof PartTooLarge)
      return { ok: false, messageKey: 'excel.errors.inflatedTooLarge', params: { mb: Math.round(limits.maxUncompressedBytes / 1048576) }, ...count };
    return { ok: false, messageKey: 'excel.errors.unreadable', ...count };
  } finally {
    zip.close();
  }
}

type FormulaResult = string | number | boolean | Date | { error: string };

/**
 * One sheet's cells into `data`, the XML streamed chunk by chunk; returns true when a limit was passed
 * (reading stops at that chunk). Values as exceljs's cell parser reads them (`cell-xform.js`).
 */
async function readSheetValues(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  ctx: { strings: string[]; dateStyles: boolean[]; date1904: boolean; limits: XlsxLimits; count: { rowsRead: number; cellsRead: number }; data: SheetData },
): Promise<boolean> {
  const { strings, dateStyles, date1904, limits, count, data } = ctx;
  const p = parser();
  const sharedMasters = new Map<string, string>();
  let row: RowData | null = null;
  let rowNo = 0;
  let col = 0;
  let t: string | undefined;
  let s: number | undefined;
  let f: string | null = null;
  let fShared: { si: string; master: boolean } | null = null;
  let v: string | null = null;
  let into = 0; // 0 nothing, 1 the formula, 2 the value
  let inPhonetic = false;
  let over = false;
  let ended = false;
  const overLimit = () => count.rowsRead > limits.maxRows || count.cellsRead > limits.maxCells;
  p.on('opentag', (node) => {
    if (over) return;
    const a = node.attributes as Record<string, string>;
    switch (local(node.name)) {
      case 'row':
        rowNo = a.r ? parseInt(a.r, 10) : rowNo + 1;
        row = { values: [], width: 0, hasValues: false };
        col = 0;
        break;
      case 'c':
        col = a.r ? columnOf(a.r) : col + 1;
        t = a.t;
        s = a.s !== undefined ? parseInt(a.s, 10) : undefined;
        f = null;
        fShared = null;
        v = null;
        break;
      case 'f':
        f = '';
        if (a.t === 'shared' && a.si !== undefined) fShared = { si: a.si, master: a.ref !== undefined };
        into = 1;
        break;
      case 'v':
        v = '';
        into = 2;
        break;
      case 'is':
        v = '';
        break;
      case 'rPh':
        inPhonetic = true;
        break;
      case 't':
        if (inPhonetic) break;
        if (v === null) v = '';
        into = 2;
        break;
      case 'mergeCell': {
        const [from, to] = (a.ref ?? '').split(':');
        if (from && to) {
          const top = parseInt(from.replace(/^[A-Z]+/, ''), 10);
          const bottom = parseInt(to.replace(/^[A-Z]+/, ''), 10);
          const left = columnOf(from);
          const right = columnOf(to);
          if (top > 0 && bottom >= top && left > 0 && right >= left) {
            data.merges.push({ top, left, bottom, right });
            // exceljs makes a cell of every merged one: they count against the cell limit.
            count.cellsRead += (bottom - top + 1) * (right - left + 1) - 1;
            if (overLimit()) over = true;
          }
        }
        break;
      }
    }
  });
  p.on('text', (text) => {
    if (into === 1) f += text;
    else if (into === 2) v += text;
  });
  p.on('closetag', (node) => {
    if (over) return;
    switch (local(node.name)) {
      case 'f':
      case 'v':
        into = 0;
        break;
      case 't':
        if (!inPhonetic) into = 0;
        break;
      case 'rPh':
        inPhonetic = false;
        break;
      case 'c': {
        if (!row) break;
        const isDate = s !== undefined && !!dateStyles[s];
        let value: ReadValue | undefined;
        if (f !== null && (f !== '' || fShared)) {
          let result: FormulaResult | undefined;
          if (v) {
            if (t === 'str') result = v;
            else if (t === 'b') result = parseInt(v, 10) !== 0;
            else if (t === 'e') result = { error: v };
            else {
              const n = parseFloat(v);
              result = isDate ? excelDateOf(n, date1904) : n;
            }
          }
          const address = `${colLetter(col)}${rowNo}`;
          // exceljs's formula value keeps only truthy parts (`_copyModel`): a result of 0, false or ''
          // is left out, and readers see the formula without a result, as with exceljs.
          if (fShared && !fShared.master && f === '') {
            const master = sharedMasters.get(fShared.si) ?? '';
            value = !result ? { sharedFormula: master } : { sharedFormula: master, result };
          } else {
            if (fShared?.master) sharedMasters.set(fShared.si, address);
            value = !result ? { formula: f } : { formula: f, result };
          }
        } else if (v !== null) {
          if (t === 's') value = strings[parseInt(v, 10)] ?? null;
          else if (t === 'inlineStr' || t === 'str') value = v;
          else if (t === 'e') value = { error: v };
          else if (t === 'b') value = parseInt(v, 10) !== 0;
          else {
            const n = parseFloat(v);
            value = isDate ? excelDateOf(n, date1904) : n;
          }
        }
        if (value !== undefined && value !== null) {
          row.values[col] = value;
          row.hasValues = true;
          count.cellsRead++;
          if (col > row.width) row.width = col;
        } else if (s !== undefined && col > row.width) {
          // A styled empty cell is a cell to exceljs (it widens `columnCount`); an unstyled one is not.
          row.width = col;
        }
        break;
      }
      case 'row':
        count.rowsRead++;
        // Every row element is a row to exceljs (`rowCount` is the last one's number), values or not.
        if (row) data.rows.set(rowNo, row);
        row = null;
        if (overLimit()) over = true;
        break;
      case 'worksheet':
        ended = true;
        break;
    }
  });
  for await (const text of inflatedText(zip, entry, limits)) {
    p.write(text);
    if (over) return true;
    if (ended) break;
  }
  if (!ended) p.close();
  return false;
}

/** What exceljs's streaming reader gives, for a workbook the lean machinery cannot read. */
async function readWithExcelJs(bytes: Uint8Array, limits: XlsxLimits): Promise<CountedResult> {
  const sheets: SheetData[] = [];
  const read = await streamWorkbookRows(
    bytes,
    (r) => {
      const sheet = sheets[sheets.length - 1]!;
      const values: ReadValue[] = [];
      let hasValues = false;
      r.values.forEach((x, c) => {
        const value = plainOf(x);
        if (value !== null) {
          values[c] = value;
          hasValues = true;
        }
      });
      sheet.rows.set(r.number, { values, width: Math.max(0, r.values.length - 1), hasValues });
    },
    { limits, onSheet: (name) => sheets.push({ name, state: 'visible', rows: new Map(), merges: [] }) },
  );
  if (!read.ok) return read;
  return { ok: true, workbook: workbookOf(sheets), rowsRead: read.rowsRead, cellsRead: read.cellsRead };
}

/** exceljs's streamed value as a `ReadValue` (a hyperlink as its text, rich text joined). */
function plainOf(x: unknown): ReadValue {
  if (x === undefined || x === null) return null;
  if (typeof x !== 'object' || x instanceof Date) return x as ReadValue;
  const o = x as { richText?: { text: string }[]; text?: unknown; hyperlink?: unknown };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if ('hyperlink' in o) return plainOf(o.text);
  return x as ReadValue;
}

function workbookOf(sheets: SheetData[]): ReadWorkbook {
  const worksheets = sheets.map(sheetOf);
  return { worksheets, getWorksheet: (name) => worksheets.find((w) => w.name === name) };
}

function sheetOf(data: SheetData): ReadSheet {
  const { rows, merges } = data;
  // As exceljs: a row has values when it has a value cell or a merged cell other than a merge's
  // first; a merge creates its cells (widening the rows it covers); `rowCount` is the last row there is.
  const valueRows = new Set<number>();
  let lastRow = 0;
  for (const [n, r] of rows) {
    if (r.hasValues) valueRows.add(n);
    lastRow = Math.max(lastRow, n);
  }
  const widths = new Map<number, number>();
  for (const [n, r] of rows) widths.set(n, r.width);
  const mergesByRow = new Map<number, SheetData['merges']>();
  for (const m of merges) {
    lastRow = Math.max(lastRow, m.bottom);
    for (let n = m.top; n <= m.bottom; n++) {
      if (n > m.top || m.right > m.left) valueRows.add(n);
      widths.set(n, Math.max(widths.get(n) ?? 0, m.right));
      mergesByRow.set(n, [...(mergesByRow.get(n) ?? []), m]);
    }
  }
  const numbers = [...valueRows].sort((a, b) => a - b);
  const valueOf = (r: number, c: number): ReadValue => {
    const m = mergesByRow.get(r)?.find((x) => c >= x.left && c <= x.right);
    if (m) return rows.get(m.top)?.values[m.left] ?? null;
    return rows.get(r)?.values[c] ?? null;
  };
  const cellAt = (r: number, c: number): ReadCell => ({ value: valueOf(r, c), address: `${colLetter(c)}${r}` });
  const rowAt = (n: number): ReadRow => ({ number: n, getCell: (c) => cellAt(n, c) });
  let columnCount = 0;
  for (const n of numbers) columnCount = Math.max(columnCount, widths.get(n) ?? 0);
  function getCell(ref: string | number, col?: number): ReadCell {
    if (typeof ref === 'number') return cellAt(ref, col ?? 1);
    const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref.toUpperCase());
    return m ? cellAt(parseInt(m[2]!, 10), columnOf(m[1]!)) : { value: null, address: ref };
  }
  return {
    name: data.name,
    state: data.state,
    rowCount: lastRow,
    actualRowCount: numbers.length,
    columnCount,
    getRow: rowAt,
    getCell: getCell as ReadSheet['getCell'],
    eachRow: (cb) => {
      for (const n of numbers) cb(rowAt(n), n);
    },
  };
}
