import { parseDate, parseNumber } from '@kamkor/domain';
import { isFormulaValue, valueText, type CellError } from './cells.ts';
import { bulkLimits, type Refusal, type XlsxLimits } from './guard.ts';
import { streamFirstSheetLean } from './lean-sheet-reader.ts';
import { streamWorkbookRows, type StreamedRow, type StreamResult } from './open-workbook.ts';
import { colLetter } from './sheet-style.ts';

/** Bulk import: one long sheet, many projects. */
export const bulkColumns = [
  'project_code',
  'indicator_code',
  'period',
  'sex',
  'age_group',
  'disability',
  'territory',
  'value',
  'numerator',
  'denominator',
] as const;
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
  disability: [
    'disability',
    'мүмкүнчүлүгү чектелген',
    'инвалидность',
    'ден соолугунун мүмкүнчүлүгү чектелген',
  ],
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

/** A period cell as text: a date becomes ISO; an Excel serial day number becomes ISO too. */
function periodText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' && v > 20000 && v < 80000) return parseDate(v) ?? String(v);
  return valueText(v);
}

/**
 * Which reader streams the long sheet: `lean` (the default) reads a plain sheet with saxes over the
 * inflated XML and hands anything it does not handle to exceljs; `exceljs` always uses exceljs's
 * streaming reader (the bench compares both).
 */
export type BulkSheetReader = 'lean' | 'exceljs';

/**
 * Streams the long sheet (first worksheet) with the lean reader (or exceljs's streaming reader), calling `onBatch` with
 * parsed rows, `batchSize` at a time; memory stays flat whatever the file size, and past the row or
 * cell limit (`bulkLimits`) the read stops with `excel.errors.tooManyRows`. The first row is the
 * header (column names in any of the three languages or the code names). `onSheet` is told the
 * sheet's name before its rows, so errors point at the user's own sheet.
 */
export async function streamBulkSheet(
  bytes: Uint8Array,
  onBatch: (rows: BulkRow[]) => Promise<void>,
  opts: {
    batchSize?: number;
    limits?: XlsxLimits;
    onSheet?: (name: string) => void;
    reader?: BulkSheetReader;
  } = {},
): Promise<
  | { ok: true; rows: number; sheet: string; rowsRead: number; reader: BulkSheetReader }
  | (Refusal & { rowsRead?: number })
> {
  const batchSize = opts.batchSize ?? 5000;
  let columns: Map<number, BulkColumn> | null = null;
  let batch: BulkRow[] = [];
  let count = 0;
  let sheet = '';
  const onRow = async ({ number, values: vals }: StreamedRow): Promise<Refusal | undefined> => {
    if (!columns) {
      columns = new Map();
      vals.forEach((v, i) => {
        const c = columnOf(valueText(v));
        if (c) columns!.set(i, c);
      });
      const have = new Set(columns.values());
      const missing = ['project_code', 'indicator_code', 'period'].filter((c) => !have.has(c as BulkColumn));
      if (missing.length || !(have.has('value') || have.has('numerator')))
        return {
          ok: false,
          messageKey: 'results:bulk.badHeader',
          params: { missing: missing.join(', ') || 'value' },
        };
      return undefined;
    }
    const r: BulkRow = {
      row: number,
      projectCode: '',
      indicatorCode: '',
      period: '',
      sex: '',
      age_group: '',
      disability: '',
      territory: '',
      value: null,
      numerator: null,
      denominator: null,
      errors: [],
    };
    let empty = true;
    for (const [i, c] of columns) {
      const v = vals[i];
      if (v == null || v === '') continue;
      empty = false;
      if (c === 'value' || c === 'numerator' || c === 'denominator') {
        if (isFormulaValue(v)) {
          r.errors.push({ sheet, cell: `${colLetter(i)}${number}`, messageKey: 'results:excel.formula' });
          continue;
        }
        const n = typeof v === 'number' ? v : parseNumber(valueText(v));
        if (n == null)
          r.errors.push({
            sheet,
            cell: `${colLetter(i)}${number}`,
            messageKey: 'results:excel.notNumber',
            params: { value: valueText(v) },
          });
        else r[c] = n;
      } else if (c === 'period') r.period = periodText(v);
      else if (c === 'project_code') r.projectCode = valueText(v);
      else if (c === 'indicator_code') r.indicatorCode = valueText(v);
      else r[c] = valueText(v);
    }
    if (empty) return undefined;
    batch.push(r);
    count++;
    if (batch.length >= batchSize) {
      await onBatch(batch);
      batch = [];
    }
    return undefined;
  };
  const limits = opts.limits ?? bulkLimits;
  const onSheet = (name: string) => {
    sheet = name;
    opts.onSheet?.(name);
  };
  let reader: BulkSheetReader = opts.reader ?? 'lean';
  let res: StreamResult | null =
    reader === 'lean' ? await streamFirstSheetLean(bytes, onRow, { limits, onSheet }) : null;
  if (!res) {
    reader = 'exceljs';
    res = await streamWorkbookRows(bytes, onRow, { limits, firstSheetOnly: true, onSheet });
  }
  if (!res.ok) return res;
  if (!columns)
    return { ok: false, messageKey: 'results:bulk.badHeader', params: { missing: 'project_code' } };
  if (batch.length) await onBatch(batch);
  return { ok: true, rows: count, sheet, rowsRead: res.rowsRead, reader };
}

/** Column letter of a bulk column in a header map (for error cells). */
export function bulkCell(columns: BulkColumn[], column: BulkColumn, row: number): string {
  const i = columns.indexOf(column);
  return `${colLetter(i >= 0 ? i + 1 : 1)}${row}`;
}
