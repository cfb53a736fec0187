import { lockedFields, parseNumber } from '@kamkor/domain';
import { cellText, isFormula, type CellError } from './cells.ts';
import type { Refusal, XlsxLimits } from './guard.ts';
import { readWorkbookStreamed, type ReadCell, type ReadWorkbook } from './streamed-workbook.ts';
import { COL, FIRST_ROW, META_SHEET, REPORT_TEMPLATE_KIND, REPORT_TEMPLATE_VERSION, rowKey, templateChecksum, type TemplateRow } from './report-template-layout.ts';

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
  | Refusal
  | { ok: true; values: ParsedValue[]; explanations: Record<string, string | null>; errors: CellError[] };

function readMeta(wb: ReadWorkbook) {
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
function readNumber(cell: ReadCell): { ok: true; n: number | null } | { ok: false; key: string } {
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
  const opened = await readWorkbookStreamed(bytes, limits);
  if (!opened.ok) return opened;
  const { meta, data } = readMeta(opened.workbook);
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
    // A value typed into a locked cell (e.g. 87,5 in a percentage's computed value column, after a
    // tool dropped the protection) is reported with its cell rather than counted as unchanged.
    for (const field of lockedFields(spec.type)) {
      const cell = row.getCell(COL[field]);
      if (cellText(cell) !== '' || isFormula(cell)) {
        errors.push({ sheet: data.name, cell: cell.address, messageKey: 'results:excel.lockedCell', params: { value: cellText(cell) } });
        bad = true;
      }
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
