import ExcelJS from 'exceljs';
import { addSafeRow, cellText, isFormula, setSafeValue, type CellError } from './cells.ts';
import type { Refusal, XlsxLimits } from './guard.ts';
import { readWorkbookStreamed } from './streamed-workbook.ts';
import { colLetter, headerStyle, safeSheetName, toBytes } from './sheet-style.ts';

/**
 * A commission member's evaluation sheet offline: one row per application CODE they score, one column
 * per criterion (0…max, whole numbers) and a comment. Anonymised by construction: the writer takes
 * codes, criteria and the member's own points only — nothing of who applied. A very hidden sheet
 * holds the competition id and the criterion codes, so an upload is matched to its competition.
 */
export const SCORE_SHEET_META = 'kamkor';
const META_MARK = 'kamkor-score-sheet';
const FIRST_ROW = 3;
export const SCORE_COMMENT_MAX = 2000;

export interface ScoreSheetCriterion {
  code: string;
  /** Translated name for the header. */
  name: string;
  weight: number;
  maxPoints: number;
}

export interface ScoreSheetInput {
  competitionId: string;
  /** Header texts in the member's language. */
  labels: { sheet: string; title: string; code: string; comment: string; criterion: (c: ScoreSheetCriterion) => string };
  criteria: ScoreSheetCriterion[];
  /** The member's own sheets: code and, when already scored, their points by criterion code. */
  rows: { code: string; points: Record<string, number | undefined>; comment: string | null }[];
}

/** The evaluation sheet to fill offline. */
export async function writeScoreSheet(input: ScoreSheetInput): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const ws = wb.addWorksheet(safeSheetName(input.labels.sheet));
  ws.columns = [{ width: 12 }, ...input.criteria.map(() => ({ width: 22 })), { width: 60 }];
  addSafeRow(ws, [input.labels.title]).font = { bold: true, size: 13 };
  headerStyle(addSafeRow(ws, [input.labels.code, ...input.criteria.map((c) => input.labels.criterion(c)), input.labels.comment]));
  ws.views = [{ state: 'frozen', ySplit: 2, xSplit: 1 }];
  input.rows.forEach((r, i) => {
    const rowNo = FIRST_ROW + i;
    const row = ws.getRow(rowNo);
    setSafeValue(row.getCell(1), r.code);
    input.criteria.forEach((c, j) => {
      const cell = row.getCell(2 + j);
      const v = r.points[c.code];
      cell.value = v ?? null;
      cell.dataValidation = {
        type: 'whole',
        operator: 'between',
        allowBlank: true,
        formulae: [0, c.maxPoints],
        showErrorMessage: true,
        errorTitle: `0–${c.maxPoints}`,
        error: `0–${c.maxPoints}`,
      };
    });
    setSafeValue(row.getCell(2 + input.criteria.length), r.comment ?? null);
  });
  const meta = wb.addWorksheet(SCORE_SHEET_META, { state: 'veryHidden' });
  meta.addRow([META_MARK, input.competitionId]);
  meta.addRow(['criteria', ...input.criteria.map((c) => c.code)]);
  meta.addRow(['max', ...input.criteria.map((c) => c.maxPoints)]);
  return toBytes(wb);
}

export interface ExpectedScoreSheet {
  competitionId: string;
  criteria: { code: string; maxPoints: number }[];
  /** Codes of the applications this member scores (the only rows accepted). */
  codes: string[];
}

export interface ScoreSheetRow {
  code: string;
  points: Record<string, number>;
  comment: string | null;
}

export type ScoreSheetRead = { ok: true; rows: ScoreSheetRow[]; errors: CellError[]; sheet: string } | Refusal;

/**
 * Reads a filled evaluation sheet (through the guard). Refused when it is not this competition's
 * sheet. Errors by cell: an unknown or repeated code, points missing in a started row, points that
 * are not whole numbers within 0…max, formulas, a comment over the limit. Rows left blank are skipped
 * (not scored yet).
 */
export async function readScoreSheet(bytes: Uint8Array, expected: ExpectedScoreSheet, limits?: XlsxLimits): Promise<ScoreSheetRead> {
  const opened = await readWorkbookStreamed(bytes, limits);
  if (!opened.ok) return opened;
  const wb = opened.workbook;
  const meta = wb.getWorksheet(SCORE_SHEET_META);
  const ws = wb.worksheets.find((w) => w.name !== SCORE_SHEET_META);
  const wrong: Refusal = { ok: false, messageKey: 'competition:excel.wrongSheet' };
  if (!meta || !ws || cellText(meta.getCell('A1')) !== META_MARK || cellText(meta.getCell('B1')) !== expected.competitionId) return wrong;
  const metaCodes: string[] = [];
  for (let i = 0; i < expected.criteria.length; i++) metaCodes.push(cellText(meta.getRow(2).getCell(2 + i)));
  if (metaCodes.join('|') !== expected.criteria.map((c) => c.code).join('|') || cellText(meta.getRow(2).getCell(2 + expected.criteria.length))) return wrong;

  const known = new Set(expected.codes);
  const seen = new Set<string>();
  const rows: ScoreSheetRow[] = [];
  const errors: CellError[] = [];
  const commentCol = 2 + expected.criteria.length;
  const err = (col: number, rowNo: number, messageKey: string, params?: Record<string, unknown>) => errors.push({ sheet: ws.name, cell: `${colLetter(col)}${rowNo}`, messageKey, params });
  for (let rowNo = FIRST_ROW; rowNo <= ws.rowCount; rowNo++) {
    const row = ws.getRow(rowNo);
    const code = cellText(row.getCell(1)).toUpperCase();
    const raw = expected.criteria.map((_, j) => row.getCell(2 + j));
    const comment = cellText(row.getCell(commentCol));
    const blank = raw.every((c) => cellText(c) === '');
    if (!code && blank && !comment) continue;
    if (!known.has(code)) {
      err(1, rowNo, 'competition:excel.unknownCode', { code });
      continue;
    }
    if (seen.has(code)) {
      err(1, rowNo, 'competition:excel.duplicateCode', { code });
      continue;
    }
    seen.add(code);
    if (blank) {
      if (comment) err(2, rowNo, 'competition:excel.pointsRequired');
      continue;
    }
    const points: Record<string, number> = {};
    let ok = true;
    expected.criteria.forEach((c, j) => {
      const cell = raw[j]!;
      const text = cellText(cell).replace(',', '.');
      if (isFormula(cell)) {
        ok = false;
        err(2 + j, rowNo, 'competition:excel.noFormulas');
      } else if (text === '') {
        ok = false;
        err(2 + j, rowNo, 'competition:excel.pointsRequired');
      } else {
        const n = Number(text);
        if (!/^\d+(\.0+)?$/.test(text) || !Number.isInteger(n) || n < 0 || n > c.maxPoints) {
          ok = false;
          err(2 + j, rowNo, 'competition:errors.points', { maxPoints: c.maxPoints });
        } else points[c.code] = n;
      }
    });
    if (comment.length > SCORE_COMMENT_MAX) {
      ok = false;
      err(commentCol, rowNo, 'errors.tooLong');
    }
    if (ok) rows.push({ code, points, comment: comment || null });
  }
  return { ok: true, rows, errors, sheet: ws.name };
}

/** One table of the protocol workbook: translated headers, values (numbers stay numbers). */
export interface ProtocolTable {
  sheet: string;
  title: string;
  /** Label → value lines above the table. */
  about?: [string, string][];
  columns: { header: string; numFmt?: string; width?: number }[];
  rows: (string | number | null)[][];
  /** Lines under the table (the decision, the tie-break rule). */
  notes?: string[];
}

/** The protocol as a workbook: one sheet per table, typed text through the formula guard. */
export async function writeProtocolWorkbook(tables: ProtocolTable[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  for (const t of tables) {
    const ws = wb.addWorksheet(safeSheetName(t.sheet), { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    ws.columns = t.columns.map((c) => ({ width: c.width ?? (c.numFmt ? 14 : 28) }));
    addSafeRow(ws, [t.title]).font = { bold: true, size: 13 };
    for (const [k, v] of t.about ?? []) addSafeRow(ws, [k, v]);
    addSafeRow(ws, []);
    headerStyle(addSafeRow(ws, t.columns.map((c) => c.header)));
    for (const values of t.rows) {
      const row = addSafeRow(ws, values);
      t.columns.forEach((c, i) => {
        if (c.numFmt && typeof values[i] === 'number') row.getCell(i + 1).numFmt = c.numFmt;
      });
    }
    if (t.notes?.length) {
      addSafeRow(ws, []);
      for (const n of t.notes) addSafeRow(ws, [n]);
    }
  }
  return toBytes(wb);
}
