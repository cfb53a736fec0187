import type ExcelJS from 'exceljs';

/** A cell's plain value as text: rich text joined, formulas give their cached result, dates as ISO. */
export function cellText(cell: ExcelJS.Cell | undefined): string {
  if (!cell) return '';
  const v = cell.value as unknown;
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

/** True when a cell holds a formula (value cells must hold typed values, not formulas). */
export function isFormula(cell: ExcelJS.Cell | undefined): boolean {
  const v = cell?.value as { formula?: string; sharedFormula?: string } | null | undefined;
  return !!v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v);
}

/** Row-level problem found while reading a workbook; the message is an i18n key. */
export interface CellError {
  sheet: string;
  cell: string;
  messageKey: string;
  params?: Record<string, unknown>;
}
