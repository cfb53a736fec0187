import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parseDate, parseNumber, type IndicatorType } from '@kamkor/domain';
import { cellText, isFormula, type CellError } from './cells.ts';
import { inspectXlsx, type XlsxLimits } from './guard.ts';

/** The kind and version written into every report template; uploads of anything else are refused. */
export const REPORT_TEMPLATE_KIND = 'kamkor.results.report';
export const REPORT_TEMPLATE_VERSION = '1';
const META_SHEET = '_kamkor';
const FIRST_ROW = 6;
// Columns of the data sheet.
const COL = { code: 1, name: 2, unit: 3, cell: 4, value: 5, numerator: 6, denominator: 7, explanation: 8, key: 9 } as const;

/** One row of a report template: an indicator total or one disaggregation cell. */
export interface TemplateRow {
  indicatorId: string;
  indicatorCode: string;
  indicatorName: string;
  unit: string;
  type: IndicatorType;
  cellKey: string;
  cellLabel: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  explanation?: string | null;
}

/** Translated texts of the template (headers in the user's language). */
export interface TemplateLabels {
  sheet: string;
  title: string;
  period: string;
  help: string;
  code: string;
  indicator: string;
  unit: string;
  disaggregation: string;
  value: string;
  numerator: string;
  denominator: string;
  explanation: string;
  yes: string;
  no: string;
}

export interface ReportTemplateInput {
  projectId: string;
  projectCode: string;
  periodKey: string;
  labels: TemplateLabels;
  rows: TemplateRow[];
}

/** The key of a row: indicator code and cell key. */
export const rowKey = (indicatorCode: string, cellKey: string) => `${indicatorCode}#${cellKey}`;

/** Checksum of a template's identity and layout; a changed layout (rows removed, codes edited) no longer matches. */
export function templateChecksum(projectId: string, periodKey: string, keys: string[]): string {
  return createHash('sha256')
    .update([REPORT_TEMPLATE_KIND, REPORT_TEMPLATE_VERSION, projectId, periodKey, ...[...keys].sort()].join('\n'))
    .digest('hex')
    .slice(0, 32);
}

const protection = { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true };

/**
 * The report template of a project and period: codes, names, period and the disaggregation grid
 * pre-filled; only value cells (and the explanation) editable under sheet protection; number
 * validation and a yes/no dropdown; a hidden metadata sheet (kind, version, project, period,
 * checksum), repeated in a hidden column so a tool that drops hidden sheets still leaves it readable.
 */
export async function writeReportTemplate(input: ReportTemplateInput): Promise<Uint8Array> {
  const { labels } = input;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const ws = wb.addWorksheet(labels.sheet.slice(0, 31), { views: [{ state: 'frozen', ySplit: FIRST_ROW - 1 }] });
  const keys = input.rows.map((r) => rowKey(r.indicatorCode, r.cellKey));
  const checksum = templateChecksum(input.projectId, input.periodKey, keys);
  ws.getCell('A1').value = labels.title;
  ws.getCell('A1').font = { bold: true, size: 13 };
  ws.getCell('A2').value = labels.period;
  ws.getCell('A3').value = labels.help;
  ws.getCell('A3').font = { italic: true, color: { argb: 'FF555555' } };
  ws.getCell(1, COL.key).value = `${REPORT_TEMPLATE_KIND}/${REPORT_TEMPLATE_VERSION}`;
  ws.getCell(2, COL.key).value = `${input.projectId}|${input.periodKey}`;
  ws.getCell(3, COL.key).value = checksum;
  const header = ws.getRow(FIRST_ROW - 1);
  header.values = [labels.code, labels.indicator, labels.unit, labels.disaggregation, labels.value, labels.numerator, labels.denominator, labels.explanation, 'key'];
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  ws.columns = [{ width: 16 }, { width: 50 }, { width: 14 }, { width: 30 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 40 }, { width: 30, hidden: true }];
  const editable = { locked: false } as const;
  const fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF7D6' } } as const;
  input.rows.forEach((r, i) => {
    const row = ws.getRow(FIRST_ROW + i);
    row.getCell(COL.code).value = r.indicatorCode;
    row.getCell(COL.name).value = r.cellKey ? '' : r.indicatorName;
    row.getCell(COL.unit).value = r.unit;
    row.getCell(COL.cell).value = r.cellLabel;
    row.getCell(COL.key).value = rowKey(r.indicatorCode, r.cellKey);
    if (!r.cellKey) row.font = { bold: true };
    const cols = r.type === 'percentage' ? [COL.numerator, COL.denominator] : [COL.value];
    for (const c of cols) {
      const cell = row.getCell(c);
      cell.protection = editable;
      cell.fill = fill;
      if (r.type === 'yes_no') {
        cell.value = r.value == null ? null : r.value === 1 ? labels.yes : labels.no;
        cell.dataValidation = { type: 'list', allowBlank: true, formulae: [`"${labels.yes},${labels.no}"`], showErrorMessage: true };
      } else {
        cell.value = c === COL.value ? r.value : c === COL.numerator ? r.numerator : r.denominator;
        cell.dataValidation = { type: 'decimal', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], showErrorMessage: true };
        cell.numFmt = r.type === 'money' ? '#,##0.00' : '#,##0.####';
      }
    }
    if (!r.cellKey) {
      const ex = row.getCell(COL.explanation);
      ex.protection = editable;
      ex.value = r.explanation ?? null;
      ex.alignment = { wrapText: true };
    }
  });
  await ws.protect('', protection);
  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.addRows([
    ['kind', REPORT_TEMPLATE_KIND],
    ['version', REPORT_TEMPLATE_VERSION],
    ['projectId', input.projectId],
    ['projectCode', input.projectCode],
    ['periodKey', input.periodKey],
    ['checksum', checksum],
    ['rows', input.rows.length],
  ]);
  await meta.protect('', protection);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** What an upload is checked against: the project and period it must be for, and its current rows. */
export interface ExpectedTemplate {
  projectId: string;
  projectCode: string;
  periodKey: string;
  rows: Pick<TemplateRow, 'indicatorId' | 'indicatorCode' | 'type' | 'cellKey'>[];
  yesWords: string[];
  noWords: string[];
}

export interface ParsedValue {
  indicatorId: string;
  cellKey: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

export type ReportUploadRead =
  | { ok: false; messageKey: string; params?: Record<string, unknown> }
  | { ok: true; values: ParsedValue[]; explanations: Record<string, string | null>; errors: CellError[] };

async function loadWorkbook(bytes: Uint8Array, limits?: XlsxLimits): Promise<{ ok: true; wb: ExcelJS.Workbook } | { ok: false; messageKey: string; params?: Record<string, unknown> }> {
  const guard = inspectXlsx(bytes, limits);
  if (!guard.ok) return guard;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, messageKey: 'excel.errors.unreadable' };
  }
  return { ok: true, wb };
}

function readMeta(wb: ExcelJS.Workbook) {
  const meta = wb.getWorksheet(META_SHEET);
  const data = wb.worksheets.find((w) => w.name !== META_SHEET && cellText(w.getCell(1, COL.key)).startsWith('kamkor.'));
  const out: Record<string, string> = {};
  if (meta) meta.eachRow((row) => (out[cellText(row.getCell(1))] = cellText(row.getCell(2))));
  if (data) {
    // The same identity in the data sheet's hidden column: used when a tool dropped the hidden sheet.
    const [kind, version] = cellText(data.getCell(1, COL.key)).split('/');
    const [projectId, periodKey] = cellText(data.getCell(2, COL.key)).split('|');
    out.kind ??= kind ?? '';
    out.version ??= version ?? '';
    out.projectId ??= projectId ?? '';
    out.periodKey ??= periodKey ?? '';
    out.checksum ??= cellText(data.getCell(3, COL.key));
  }
  return { meta: out, data };
}

/** Reads a number as people type it (decimal comma, spaces, text), refusing formulas. */
function readNumber(cell: ExcelJS.Cell): { ok: true; n: number | null } | { ok: false; key: string } {
  if (isFormula(cell)) return { ok: false, key: 'results:excel.formula' };
  const v = cell.value as unknown;
  if (v == null || v === '') return { ok: true, n: null };
  if (typeof v === 'number') return Number.isFinite(v) ? { ok: true, n: v } : { ok: false, key: 'results:excel.notNumber' };
  const text = cellText(cell);
  if (text === '') return { ok: true, n: null };
  const n = parseNumber(text);
  return n == null ? { ok: false, key: 'results:excel.notNumber' } : { ok: true, n };
}

/**
 * Reads an uploaded report template. Refuses (nothing is read) another kind or version of template,
 * another project or period, or a template whose layout changed; otherwise returns the values and
 * row-level errors (formulas in value cells, text that is not a number, unknown rows).
 */
export async function readReportUpload(bytes: Uint8Array, expected: ExpectedTemplate, limits?: XlsxLimits): Promise<ReportUploadRead> {
  const loaded = await loadWorkbook(bytes, limits);
  if (!loaded.ok) return loaded;
  const { meta, data } = readMeta(loaded.wb);
  if (!meta.kind) return { ok: false, messageKey: 'results:excel.notTemplate' };
  if (meta.kind !== REPORT_TEMPLATE_KIND) return { ok: false, messageKey: 'results:excel.otherTemplate' };
  if (meta.version !== REPORT_TEMPLATE_VERSION) return { ok: false, messageKey: 'results:excel.otherVersion', params: { version: meta.version } };
  if (meta.projectId !== expected.projectId) return { ok: false, messageKey: 'results:excel.otherProject', params: { code: meta.projectCode ?? '' } };
  if (meta.periodKey !== expected.periodKey) return { ok: false, messageKey: 'results:excel.otherPeriod', params: { period: meta.periodKey } };
  if (!data) return { ok: false, messageKey: 'results:excel.noDataSheet' };
  const byKey = new Map(expected.rows.map((r) => [rowKey(r.indicatorCode, r.cellKey), r]));
  const fileKeys: string[] = [];
  const values: ParsedValue[] = [];
  const explanations: Record<string, string | null> = {};
  const errors: CellError[] = [];
  const yes = new Set(expected.yesWords.map((w) => w.toLowerCase()));
  const no = new Set(expected.noWords.map((w) => w.toLowerCase()));
  for (let r = FIRST_ROW; r <= data.rowCount; r++) {
    const row = data.getRow(r);
    const key = cellText(row.getCell(COL.key));
    if (!key) continue;
    fileKeys.push(key);
    const spec = byKey.get(key);
    if (!spec) {
      errors.push({ sheet: data.name, cell: `A${r}`, messageKey: 'results:excel.unknownRow', params: { code: cellText(row.getCell(COL.code)) } });
      continue;
    }
    const pv: ParsedValue = { indicatorId: spec.indicatorId, cellKey: spec.cellKey, value: null, numerator: null, denominator: null };
    const cols = spec.type === 'percentage' ? ([['numerator', COL.numerator], ['denominator', COL.denominator]] as const) : ([['value', COL.value]] as const);
    let bad = false;
    for (const [field, c] of cols) {
      const cell = row.getCell(c);
      const ref = cell.address;
      if (spec.type === 'yes_no' && !isFormula(cell)) {
        const t = cellText(cell).toLowerCase();
        if (t === '') continue;
        if (yes.has(t) || t === '1' || t === 'true') pv.value = 1;
        else if (no.has(t) || t === '0' || t === 'false') pv.value = 0;
        else {
          errors.push({ sheet: data.name, cell: ref, messageKey: 'results:excel.notYesNo', params: { value: cellText(cell) } });
          bad = true;
        }
        continue;
      }
      const n = readNumber(cell);
      if (!n.ok) {
        errors.push({ sheet: data.name, cell: ref, messageKey: n.key, params: { value: cellText(cell) } });
        bad = true;
      } else pv[field] = n.n;
    }
    if (!bad) values.push(pv);
    if (!spec.cellKey) {
      const ex = row.getCell(COL.explanation);
      if (isFormula(ex)) errors.push({ sheet: data.name, cell: ex.address, messageKey: 'results:excel.formula' });
      else explanations[spec.indicatorId] = cellText(ex) || null;
    }
  }
  if (meta.checksum && templateChecksum(meta.projectId!, meta.periodKey!, fileKeys) !== meta.checksum)
    return { ok: false, messageKey: 'results:excel.templateChanged' };
  return { ok: true, values, explanations, errors };
}

/**
 * A copy of the user's own workbook with every bad cell highlighted and commented (the comment is the
 * message in the user's language), for them to fix and upload again.
 */
export async function writeErrorWorkbook(bytes: Uint8Array, errors: (CellError & { text: string })[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  for (const e of errors) {
    const ws = wb.getWorksheet(e.sheet);
    if (!ws) continue;
    const cell = ws.getCell(e.cell);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
    cell.font = { ...(cell.font ?? {}), color: { argb: 'FF9C0006' }, bold: true };
    cell.note = e.text;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// Bulk import: one long sheet, many projects.

export const bulkColumns = ['project_code', 'indicator_code', 'period', 'sex', 'age_group', 'disability', 'territory', 'value', 'numerator', 'denominator'] as const;
export type BulkColumn = (typeof bulkColumns)[number];

/** A row of the long sheet as read: raw texts, parsed numbers, and the row number for errors. */
export interface BulkRow {
  row: number;
  projectCode: string;
  indicatorCode: string;
  period: string;
  /** Disaggregation texts by dimension (blank = not disaggregated on it). */
  sex: string;
  age_group: string;
  disability: string;
  territory: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Problems found while reading this row (not a number, a formula). */
  errors: CellError[];
}

const headerAliases: Record<BulkColumn, string[]> = {
  project_code: ['project_code', 'project', 'долбоордун коду', 'код проекта', 'проект', 'долбоор'],
  indicator_code: ['indicator_code', 'indicator', 'индикатордун коду', 'код индикатора', 'индикатор'],
  period: ['period', 'мезгил', 'период', 'отчеттук мезгил', 'отчетный период', 'date', 'дата', 'күнү'],
  sex: ['sex', 'жынысы', 'пол'],
  age_group: ['age_group', 'age', 'курагы', 'возраст', 'возрастная группа', 'жаш тобу'],
  disability: ['disability', 'мүмкүнчүлүгү чектелген', 'инвалидность', 'ден соолугунун мүмкүнчүлүгү чектелген'],
  territory: ['territory', 'соате', 'soate', 'аймак', 'территория', 'ааббт'],
  value: ['value', 'мааниси', 'значение', 'маани'],
  numerator: ['numerator', 'алымы', 'числитель'],
  denominator: ['denominator', 'бөлүмү', 'знаменатель'],
};

function columnOf(header: string): BulkColumn | null {
  const h = header.trim().toLowerCase();
  for (const c of bulkColumns) if (headerAliases[c].includes(h)) return c;
  return null;
}

const colLetter = (n: number) => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

function rawText(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('').trim();
    if ('result' in o) return o.result == null ? '' : String(o.result).trim();
    if (o.text) return String(o.text).trim();
  }
  return String(v).trim();
}

const isFormulaValue = (v: unknown) => !!v && typeof v === 'object' && ('formula' in (v as object) || 'sharedFormula' in (v as object));

/** A period cell as text: a date becomes ISO; an Excel serial day number becomes ISO too. */
function periodText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' && v > 20000 && v < 80000) return parseDate(v) ?? String(v);
  return rawText(v);
}

export type BulkHeader = { ok: true; columns: Map<number, BulkColumn> } | { ok: false; messageKey: string; params?: Record<string, unknown> };

/**
 * Streams the long sheet (first worksheet) with exceljs's streaming reader, calling `onBatch` with
 * parsed rows, `batchSize` at a time; memory stays flat whatever the file size. The first row is the
 * header (column names in any of the three languages or the code names).
 */
export async function streamBulkSheet(
  bytes: Uint8Array,
  onBatch: (rows: BulkRow[]) => Promise<void>,
  opts: { batchSize?: number; limits?: XlsxLimits } = {},
): Promise<{ ok: true; rows: number; sheet: string } | { ok: false; messageKey: string; params?: Record<string, unknown> }> {
  const guard = inspectXlsx(bytes, opts.limits);
  if (!guard.ok) return guard;
  const batchSize = opts.batchSize ?? 5000;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let columns: Map<number, BulkColumn> | null = null;
  let batch: BulkRow[] = [];
  let count = 0;
  let sheet = '';
  try {
    for await (const ws of reader) {
      sheet = (ws as unknown as { name?: string }).name ?? 'Sheet1';
      for await (const row of ws) {
        const vals = row.values as unknown[];
        if (!columns) {
          columns = new Map();
          vals.forEach((v, i) => {
            const c = columnOf(rawText(v));
            if (c) columns!.set(i, c);
          });
          const have = new Set(columns.values());
          const missing = ['project_code', 'indicator_code', 'period'].filter((c) => !have.has(c as BulkColumn));
          if (missing.length || !(have.has('value') || have.has('numerator'))) return { ok: false, messageKey: 'results:bulk.badHeader', params: { missing: missing.join(', ') || 'value' } };
          continue;
        }
        const r: BulkRow = { row: row.number, projectCode: '', indicatorCode: '', period: '', sex: '', age_group: '', disability: '', territory: '', value: null, numerator: null, denominator: null, errors: [] };
        let empty = true;
        for (const [i, c] of columns) {
          const v = vals[i];
          if (v == null || v === '') continue;
          empty = false;
          if (c === 'value' || c === 'numerator' || c === 'denominator') {
            if (isFormulaValue(v)) {
              r.errors.push({ sheet, cell: `${colLetter(i)}${row.number}`, messageKey: 'results:excel.formula' });
              continue;
            }
            const n = typeof v === 'number' ? v : parseNumber(rawText(v));
            if (n == null) r.errors.push({ sheet, cell: `${colLetter(i)}${row.number}`, messageKey: 'results:excel.notNumber', params: { value: rawText(v) } });
            else r[c] = n;
          } else if (c === 'period') r.period = periodText(v);
          else if (c === 'project_code') r.projectCode = rawText(v);
          else if (c === 'indicator_code') r.indicatorCode = rawText(v);
          else r[c] = rawText(v);
        }
        if (empty) continue;
        batch.push(r);
        count++;
        if (batch.length >= batchSize) {
          await onBatch(batch);
          batch = [];
        }
      }
      break; // only the first worksheet
    }
  } catch {
    return { ok: false, messageKey: 'excel.errors.unreadable' };
  }
  if (!columns) return { ok: false, messageKey: 'results:bulk.badHeader', params: { missing: 'project_code' } };
  if (batch.length) await onBatch(batch);
  return { ok: true, rows: count, sheet };
}

/** Column letter of a bulk column in a header map (for error cells). */
export function bulkCell(columns: BulkColumn[], column: BulkColumn, row: number): string {
  const i = columns.indexOf(column);
  return `${colLetter(i >= 0 ? i + 1 : 1)}${row}`;
}

/** Writes a long sheet with the streaming writer (for the bench, tests and as a blank sample). */
export async function writeBulkSheet(headers: string[], rows: Iterable<(string | number | null)[]>): Promise<Uint8Array> {
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('data');
  ws.addRow(headers).commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return new Uint8Array(Buffer.concat(chunks));
}
