import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import { checkXlsx, tooManyRows, type Refusal, type XlsxLimits } from './guard.ts';
import type { StreamedRow, StreamResult } from './open-workbook.ts';

/**
 * The lean reader of one long, plain sheet (the bulk import's): the sheet's XML is inflated as a
 * stream (node's zlib through yauzl) and tokenized with saxes, the shared strings resolved, and each
 * row handed on as exceljs's streaming reader hands it (`StreamedRow`: a 1-based array of plain
 * values, dates as `Date` when the cell's number format is a date, formulas as `{ formula, result }`,
 * errors as `{ error }`), so the callers read both readers' rows with the same code. It skips what the
 * bulk import never needs (styles beyond number formats, hyperlinks, column widths, row objects), and
 * reads about three times faster than exceljs (see docs/decisions/014, addendum).
 *
 * The same bounds as `streamWorkbookRows`: the guard (`checkXlsx`) first; the real inflated bytes of
 * every part read here counted again against `maxEntryBytes`; rows and cells counted as they are read,
 * the read stopping at the first limit passed with `tooManyRows`.
 *
 * Returns `null` when the workbook is one the lean reader does not handle (the 1904 date system, a
 * sheet or part it cannot find), decided before any row is handed on: the caller then reads it with
 * exceljs (`streamWorkbookRows`).
 */
export async function streamFirstSheetLean(
  bytes: Uint8Array,
  onRow: (row: StreamedRow) => void | Refusal | Promise<void | Refusal>,
  opts: { limits: XlsxLimits; onSheet?: (name: string) => void },
): Promise<StreamResult | null> {
  const { limits } = opts;
  const guard = await checkXlsx(bytes, limits);
  if (!guard.ok) return { ...guard, rowsRead: 0, cellsRead: 0 };
  const zip = await openZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!zip) return { ok: false, messageKey: 'excel.errors.unreadable', rowsRead: 0, cellsRead: 0 };
  try {
    const entries = await readEntries(zip);
    const part = (name: string | undefined) => (name ? entries.get(name) : undefined);
    const workbookEntry = part('xl/workbook.xml');
    const relsEntry = part('xl/_rels/workbook.xml.rels');
    if (!workbookEntry || !relsEntry) return null;
    const book = parseWorkbook(await readWhole(zip, workbookEntry, limits));
    const rels = parseRels(await readWhole(zip, relsEntry, limits));
    if (!book || book.date1904 || !book.first) return null;
    const sheetEntry = part(rels.byId.get(book.first.rId));
    if (!sheetEntry) return null;
    const stringsEntry = part(rels.byType.get('sharedStrings') ?? 'xl/sharedStrings.xml');
    const stylesEntry = part(rels.byType.get('styles') ?? 'xl/styles.xml');
    const strings = stringsEntry ? parseSharedStrings(await readWhole(zip, stringsEntry, limits)) : [];
    const dateStyles = stylesEntry ? parseDateStyles(await readWhole(zip, stylesEntry, limits)) : [];
    opts.onSheet?.(book.first.name);
    return await readSheet(zip, sheetEntry, { strings, dateStyles, sheet: book.first.name, limits, onRow });
  } catch (e) {
    if (e instanceof PartTooLarge)
      return {
        ok: false,
        messageKey: 'excel.errors.inflatedTooLarge',
        params: { mb: Math.round(limits.maxUncompressedBytes / 1048576) },
        rowsRead: 0,
        cellsRead: 0,
      };
    return { ok: false, messageKey: 'excel.errors.unreadable', rowsRead: 0, cellsRead: 0 };
  } finally {
    zip.close();
  }
}

export class PartTooLarge extends Error {}

export function openZip(buffer: Buffer): Promise<yauzl.ZipFile | null> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, autoClose: false, validateEntrySizes: false, decodeStrings: true },
      (err, zip) => resolve(err ? null : zip),
    );
  });
}

export function readEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    zip.on('entry', (e: yauzl.Entry) => {
      entries.set(e.fileName, e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function openStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('no stream')) : resolve(s))),
  );
}

/** An entry's text, chunk by chunk, its real inflated bytes counted against `maxEntryBytes`. */
export async function* inflatedText(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  limits: XlsxLimits,
): AsyncGenerator<string> {
  const stream = await openStream(zip, entry);
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limits.maxEntryBytes || bytes > limits.maxUncompressedBytes) throw new PartTooLarge();
      yield decoder.write(chunk);
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    stream.destroy();
  }
}

export async function readWhole(zip: yauzl.ZipFile, entry: yauzl.Entry, limits: XlsxLimits): Promise<string> {
  let text = '';
  for await (const s of inflatedText(zip, entry, limits)) text += s;
  return text;
}

export function parser(): SaxesParser {
  return new SaxesParser({ xmlns: false, position: false });
}

/** The local part of a qualified name (`x:row` → `row`): some writers prefix the spreadsheet namespace. */
export const local = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/** A sheet as `xl/workbook.xml` lists it (in the workbook's order). */
export interface WorkbookSheetEntry {
  name: string;
  rId: string;
  state: 'visible' | 'hidden' | 'veryHidden';
}

export function parseWorkbook(
  xml: string,
): { date1904: boolean; first: WorkbookSheetEntry | null; sheets: WorkbookSheetEntry[] } | null {
  const p = parser();
  let date1904 = false;
  const sheets: WorkbookSheetEntry[] = [];
  p.on('opentag', (node) => {
    const name = local(node.name);
    const a = node.attributes as Record<string, string>;
    if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
    else if (name === 'sheet') {
      const rId = Object.entries(a).find(([k]) => k === 'id' || k.endsWith(':id'))?.[1];
      const state = a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible';
      if (rId) sheets.push({ name: a.name ?? `Sheet${sheets.length + 1}`, rId, state });
    }
  });
  p.write(xml).close();
  return { date1904, first: sheets[0] ?? null, sheets };
}

/** The workbook's relationships: targets by id and by type (the last part of the type URI), as zip paths. */
export function parseRels(xml: string): { byId: Map<string, string>; byType: Map<string, string> } {
  const byId = new Map<string, string>();
  const byType = new Map<string, string>();
  const p = parser();
  p.on('opentag', (node) => {
    if (local(node.name) !== 'Relationship') return;
    const a = node.attributes as Record<string, string>;
    if (!a.Id || !a.Target || a.TargetMode === 'External') return;
    const path = a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target.replace(/^\.\//, '')}`;
    byId.set(a.Id, path);
    const type = a.Type?.split('/').pop();
    if (type && !byType.has(type)) byType.set(type, path);
  });
  p.write(xml).close();
  return { byId, byType };
}

/** Shared strings as plain texts (rich text runs joined; phonetic runs left out). */
export function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  const p = parser();
  let text: string | null = null;
  let inT = false;
  let inPhonetic = false;
  p.on('opentag', (node) => {
    const name = local(node.name);
    if (name === 'si') text = '';
    else if (name === 'rPh') inPhonetic = true;
    else if (name === 't' && !inPhonetic) inT = true;
  });
  p.on('text', (s) => {
    if (inT && text !== null) text += s;
  });
  p.on('closetag', (node) => {
    const name = local(node.name);
    if (name === 't') inT = false;
    else if (name === 'rPh') inPhonetic = false;
    else if (name === 'si') {
      out.push(text ?? '');
      text = null;
    }
  });
  p.write(xml).close();
  return out;
}

/** Built-in number formats that are dates (exceljs's table read through its `isDateFmt`). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** exceljs's `isDateFmt`: a format with date characters outside quotes and brackets. */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** For each cell style (`cellXfs` index), whether its number format is a date. */
export function parseDateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  const p = parser();
  p.on('opentag', (node) => {
    const name = local(node.name);
    const a = node.attributes as Record<string, string>;
    if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
    else if (name === 'cellXfs') inCellXfs = true;
    else if (name === 'xf' && inCellXfs) xfs.push(Number(a.numFmtId ?? 0));
  });
  p.on('closetag', (node) => {
    if (local(node.name) === 'cellXfs') inCellXfs = false;
  });
  p.write(xml).close();
  return xfs.map((id) => (custom.has(id) ? isDateFormat(custom.get(id)!) : BUILT_IN_DATE_FORMATS.has(id)));
}

/** The column number (1-based) of a cell reference like `AB12`. */
export function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

/** exceljs's `excelToDate` (1900 date system; a 1904 workbook goes to exceljs). */
const excelDate = (serial: number) => new Date(Math.round((serial - 25569) * 24 * 3600 * 1000));

/** exceljs's `excelToDate` in either date system. */
export const excelDateOf = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

async function readSheet(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  ctx: {
    strings: string[];
    dateStyles: boolean[];
    sheet: string;
    limits: XlsxLimits;
    onRow: (row: StreamedRow) => void | Refusal | Promise<void | Refusal>;
  },
): Promise<StreamResult> {
  const { strings, dateStyles, sheet, limits, onRow } = ctx;
  const p = parser();
  const done: { number: number; values: unknown[]; cells: number }[] = [];
  let row: { number: number; values: unknown[]; cells: number } | null = null;
  let lastRow = 0;
  let col = 0;
  let t: string | undefined;
  let s = 0;
  let f: string | null = null;
  let v: string | null = null;
  // What the text events go to: 0 nothing, 1 the formula, 2 the value.
  let into = 0;
  let ended = false;
  p.on('opentag', (node) => {
    const name = local(node.name);
    const a = node.attributes as Record<string, string>;
    switch (name) {
      case 'row':
        lastRow = a.r ? parseInt(a.r, 10) : lastRow + 1;
        row = { number: lastRow, values: [], cells: 0 };
        col = 0;
        break;
      case 'c':
        col = a.r ? columnOf(a.r) : col + 1;
        t = a.t;
        s = a.s ? parseInt(a.s, 10) : 0;
        f = null;
        v = null;
        break;
      case 'f':
        f = '';
        into = 1;
        break;
      case 'v':
        v = '';
        into = 2;
        break;
      case 'is':
        v = '';
        break;
      case 't':
        if (v === null) v = '';
        into = 2;
        break;
    }
  });
  p.on('text', (text) => {
    if (into === 1) f += text;
    else if (into === 2) v += text;
  });
  p.on('closetag', (node) => {
    const name = local(node.name);
    switch (name) {
      case 'f':
      case 'v':
      case 't':
        into = 0;
        break;
      case 'c': {
        if (!row) break;
        let value: unknown;
        if (f !== null)
          value = v === null ? { formula: f } : { formula: f, result: t === 'str' ? v : parseFloat(v) };
        else if (v !== null) {
          if (t === 's') value = strings[parseInt(v, 10)];
          else if (t === 'inlineStr' || t === 'str') value = v;
          else if (t === 'e') value = { error: v };
          else if (t === 'b') value = parseInt(v, 10) !== 0;
          else {
            const n = parseFloat(v);
            value = dateStyles[s] ? excelDate(n) : n;
          }
        }
        if (value !== undefined && value !== null) {
          row.values[col] = value;
          row.cells++;
        }
        break;
      }
      case 'row':
        if (row) done.push(row);
        row = null;
        break;
      case 'sheetData':
        ended = true;
        break;
    }
  });
  let rowsRead = 0;
  let cellsRead = 0;
  for await (const text of inflatedText(zip, entry, limits)) {
    p.write(text);
    for (const r of done) {
      rowsRead++;
      cellsRead += r.cells;
      if (rowsRead > limits.maxRows || cellsRead > limits.maxCells)
        return { ...tooManyRows(limits), rowsRead, cellsRead };
      const stop = await onRow({ sheet, number: r.number, values: r.values });
      if (stop) return { ...stop, rowsRead, cellsRead };
    }
    done.length = 0;
    if (ended) break;
  }
  if (!ended) p.close();
  return { ok: true, rowsRead, cellsRead };
}
