import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { checkXlsx, defaultLimits, tooManyRows, type Refusal, type XlsxLimits } from './guard.ts';

/**
 * The full load of a user's workbook into exceljs, for writing its error copy (`error-copy.ts`), which
 * marks cells and saves the workbook again: the bytes are checked by real inflation first
 * (`checkXlsx`), the rows counted by streaming, and only then handed to exceljs. The imports read
 * uploads with `readWorkbookStreamed` (plain values, never a whole exceljs workbook) or, for the long
 * bulk sheet, `streamFirstSheetLean`/`openWorkbookReader`.
 *
 * @example
 * const opened = await openWorkbook(upload);
 * if (!opened.ok) return opened; // { messageKey: 'excel.errors.inflatedTooLarge', … }
 * const ws = opened.workbook.worksheets[0];
 */
export async function openWorkbook(bytes: Uint8Array, limits: XlsxLimits = defaultLimits): Promise<{ ok: true; workbook: ExcelJS.Workbook } | Refusal> {
  const guard = await checkXlsx(bytes, limits);
  if (!guard.ok) return guard;
  // Counted by streaming first, so a sheet past the row or cell limit is refused before exceljs builds
  // it in memory (and with the same message as the streamed imports).
  const scan = await scanChecked(bytes, limits);
  if (!scan.ok) return scan;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, messageKey: 'excel.errors.unreadable' };
  }
  return { ok: true, workbook };
}

/** The streaming reader over a checked workbook, for sheets too long to hold in memory. */
export async function openWorkbookReader(bytes: Uint8Array, limits: XlsxLimits = defaultLimits): Promise<{ ok: true; reader: ExcelJS.stream.xlsx.WorkbookReader } | Refusal> {
  const guard = await checkXlsx(bytes, limits);
  if (!guard.ok) return guard;
  return { ok: true, reader: readerOf(bytes) };
}

function readerOf(bytes: Uint8Array): ExcelJS.stream.xlsx.WorkbookReader {
  return new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    // The worksheet entries tell which sheet file comes next (see `sheetName`).
    entries: 'emit',
  });
}

type ReaderInternals = { workbookRels?: { Id: string; Target: string }[]; model?: { sheets?: { rId: string; name: string }[] } };

/**
 * The user's own name of the sheet in `xl/worksheets/sheet<no>.xml`. exceljs's streaming reader matches
 * the relationship target literally, so a workbook whose targets are absolute (`/xl/worksheets/…`, as
 * several writers save them) came out as `Sheet1` and its error copy marked nothing.
 */
function sheetName(reader: ExcelJS.stream.xlsx.WorkbookReader, sheetNo: string | null, fallback: string): string {
  const r = reader as unknown as ReaderInternals;
  const target = (t: string) => t.replace(/^\//, '').replace(/^xl\//, '');
  const rel = sheetNo ? r.workbookRels?.find((x) => target(x.Target) === `worksheets/sheet${sheetNo}.xml`) : undefined;
  return (rel && r.model?.sheets?.find((s) => s.rId === rel.Id)?.name) || fallback;
}

/** A streamed row: its sheet, number and values (exceljs's 1-based array). */
export interface StreamedRow {
  sheet: string;
  number: number;
  values: unknown[];
}

export type StreamResult = { ok: true; rowsRead: number; cellsRead: number } | (Refusal & { rowsRead: number; cellsRead: number });

/**
 * Streams the rows of a checked workbook's sheets (all, or the first only) with the row and cell limits
 * counted as they are read: past either, reading stops there and the refusal is `tooManyRows`, whatever
 * the file holds after. `onRow` may stop the read itself by returning a refusal. Memory stays flat.
 */
export async function streamWorkbookRows(
  bytes: Uint8Array,
  onRow: (row: StreamedRow) => void | Refusal | Promise<void | Refusal>,
  opts: { limits?: XlsxLimits; firstSheetOnly?: boolean; onSheet?: (name: string) => void } = {},
): Promise<StreamResult> {
  const limits = opts.limits ?? defaultLimits;
  const guard = await checkXlsx(bytes, limits);
  if (!guard.ok) return { ...guard, rowsRead: 0, cellsRead: 0 };
  return streamChecked(bytes, limits, onRow, opts);
}

async function streamChecked(
  bytes: Uint8Array,
  limits: XlsxLimits,
  onRow: ((row: StreamedRow) => void | Refusal | Promise<void | Refusal>) | null,
  opts: { firstSheetOnly?: boolean; onSheet?: (name: string) => void },
): Promise<StreamResult> {
  const reader = readerOf(bytes);
  const current = { sheetNo: null as string | null };
  (reader as unknown as NodeJS.EventEmitter).on('entry', (e: { type?: string; id?: string }) => {
    if (e?.type === 'worksheet') current.sheetNo = String(e.id);
  });
  let rowsRead = 0;
  let cellsRead = 0;
  try {
    for await (const ws of reader) {
      const w = ws as unknown as { name?: string; id?: unknown } & AsyncIterable<ExcelJS.Row>;
      const name = sheetName(reader, current.sheetNo, w.name ?? `Sheet${String(w.id ?? 1)}`);
      opts.onSheet?.(name);
      for await (const row of w) {
        rowsRead++;
        cellsRead += row.actualCellCount;
        if (rowsRead > limits.maxRows || cellsRead > limits.maxCells) return { ...tooManyRows(limits), rowsRead, cellsRead };
        if (onRow) {
          const stop = await onRow({ sheet: name, number: row.number, values: row.values as unknown[] });
          if (stop) return { ...stop, rowsRead, cellsRead };
        }
      }
      if (opts.firstSheetOnly) break;
    }
  } catch {
    return { ok: false, messageKey: 'excel.errors.unreadable', rowsRead, cellsRead };
  }
  return { ok: true, rowsRead, cellsRead };
}

/** Counts a checked workbook's rows and cells by streaming, stopping at the first limit passed. */
function scanChecked(bytes: Uint8Array, limits: XlsxLimits): Promise<StreamResult> {
  return streamChecked(bytes, limits, null, {});
}

/** The guard, then the streamed count of rows and cells: what `openWorkbook` checks before loading. */
export async function scanWorkbook(bytes: Uint8Array, limits: XlsxLimits = defaultLimits): Promise<StreamResult> {
  return streamWorkbookRows(bytes, () => undefined, { limits });
}
