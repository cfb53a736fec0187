import ExcelJS from 'exceljs';
import { isSoate, soateDepth } from '@kamkor/domain';
import { addSafeRow, cellText, type CellError } from './cells.ts';
import type { Refusal, XlsxLimits } from './guard.ts';
import { readWorkbookStreamed } from './streamed-workbook.ts';
import { toBytes } from './sheet-style.ts';

export interface ClassifierUnit {
  soate: string;
  level: string;
  parent_soate: string | null;
  name_ky: string;
  name_ru: string;
  name_en: string;
}

export type ClassifierRead =
  | { ok: true; units: ClassifierUnit[]; errors: CellError[]; sheets: string[] }
  | Refusal;

/** Level from the code's structure: the segment that is set last decides. */
export function levelFromSoate(code: string): string {
  const depth = soateDepth(code);
  const oblast = code.slice(3, 5);
  const place = code.slice(11, 14);
  if (depth === 0) return 'country';
  if (depth === 1) return oblast === '11' || oblast === '21' ? 'city_republican' : 'oblast';
  if (place !== '000') return code.slice(8, 11) === '000' ? 'city' : 'village';
  if (depth === 2) return code[5] === '4' ? 'city' : 'rayon';
  return 'aiyl_aimak';
}

function parentOf(code: string, known: Set<string>): string | null {
  // Nearest existing ancestor by zeroing segments from the right.
  const cuts = [11, 8, 5, 3];
  for (const cut of cuts) {
    const candidate = code.slice(0, cut).padEnd(14, '0');
    if (candidate !== code && known.has(candidate)) return candidate;
  }
  return null;
}

/**
 * Reads the National Statistical Committee's SOATE classifier workbook: one sheet per oblast, the code
 * in the first column (spaces allowed), then the name in Kyrgyz and in Russian (and optionally English).
 * Rows without a code (titles, blank lines) are skipped; a malformed code is an error with its cell.
 */
export async function readClassifierWorkbook(data: Uint8Array, knownCodes: Iterable<string> = [], limits?: XlsxLimits): Promise<ClassifierRead> {
  const opened = await readWorkbookStreamed(data, limits);
  if (!opened.ok) return opened;
  const wb = opened.workbook;
  const units: ClassifierUnit[] = [];
  const errors: CellError[] = [];
  const sheets: string[] = [];
  for (const ws of wb.worksheets) {
    sheets.push(ws.name);
    ws.eachRow((row, rowNumber) => {
      const raw = cellText(row.getCell(1)).replace(/\s/g, '');
      if (!raw || !/^\d/.test(raw)) return;
      if (!isSoate(raw)) {
        errors.push({ sheet: ws.name, cell: `A${rowNumber}`, messageKey: 'errors.soate', params: { value: raw } });
        return;
      }
      const name_ky = cellText(row.getCell(2));
      const name_ru = cellText(row.getCell(3)) || name_ky;
      const name_en = cellText(row.getCell(4));
      if (!name_ky) {
        errors.push({ sheet: ws.name, cell: `B${rowNumber}`, messageKey: 'errors.required' });
        return;
      }
      units.push({ soate: raw, level: levelFromSoate(raw), parent_soate: null, name_ky, name_ru, name_en });
    });
  }
  if (units.length === 0 && errors.length === 0) return { ok: false, messageKey: 'territory.import.noUnits' };
  const known = new Set([...knownCodes, ...units.map((u) => u.soate)]);
  for (const u of units) u.parent_soate = parentOf(u.soate, known);
  return { ok: true, units, errors, sheets };
}

/** Builds a workbook in the classifier's layout (used by tests and as a sample for admins). */
export async function writeClassifierWorkbook(sheets: { name: string; rows: [string, string, string][] }[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow(['СОАТЕ', 'Аталышы', 'Наименование']);
    for (const r of s.rows) addSafeRow(ws, r);
  }
  return toBytes(wb);
}
