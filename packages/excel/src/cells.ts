import type ExcelJS from 'exceljs';

/** A plain value as text: rich text joined, formulas give their cached result, dates as ISO. */
export function valueText(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('').trim();
    if ('result' in o) return o.result == null ? '' : String(o.result).trim();
    if (o.text) return String(o.text).trim();
  }
  return String(v).trim();
}

/** A cell's plain value as text (see `valueText`). */
export function cellText(cell: { readonly value: unknown } | undefined): string {
  return cell ? valueText(cell.value) : '';
}

/** True when a value is a formula (value cells must hold typed values, not formulas). */
export function isFormulaValue(v: unknown): boolean {
  return !!v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v);
}

/** True when a cell holds a formula. */
export function isFormula(cell: { readonly value: unknown } | undefined): boolean {
  return isFormulaValue(cell?.value);
}

/** Row-level problem found while reading a workbook (the type lives in the domain). */
export type { CellError } from '@kamkor/domain';

/** Characters that make a spreadsheet treat typed text as a formula (OWASP's CSV-injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** True for text that a spreadsheet would take for a formula if it were re-entered or pasted. */
export function looksLikeFormula(value: unknown): value is string {
  return typeof value === 'string' && FORMULA_START.test(value);
}

/**
 * The writer-side guard for text people typed, used by every writer in this package: the value is
 * set as a plain string (exceljs writes it as a text cell, never as a formula) and a text that starts
 * like a formula (`= + - @`, tab, CR) gets the Text number format, so Excel keeps it as text even
 * when someone edits the cell. Numbers, dates and null pass through unchanged.
 */
export function setSafeValue(cell: ExcelJS.Cell, value: ExcelJS.CellValue): void {
  cell.value = value;
  if (looksLikeFormula(value)) cell.numFmt = '@';
}

/** `ws.addRow` for rows that carry typed text: formula-like strings are marked as text cells. */
export function addSafeRow(ws: ExcelJS.Worksheet, values: readonly ExcelJS.CellValue[]): ExcelJS.Row {
  const row = ws.addRow([...values]);
  values.forEach((v, i) => {
    if (looksLikeFormula(v)) row.getCell(i + 1).numFmt = '@';
  });
  return row;
}
