import ExcelJS from 'exceljs';
import { addSafeRow } from './cells.ts';
import { COUNT_FORMAT, headerStyle, safeSheetName, toBytes } from './sheet-style.ts';

/** One column of an exported table: its translated header and, for numbers, a number format. */
export interface ExportColumn {
  header: string;
  numFmt?: string;
  width?: number;
}

/**
 * A table as a workbook whose first sheet records who exported it, when, and with which filters
 * (`about`, label → value pairs), and whose second sheet holds the table: numbers as numbers, text
 * people typed (names, codes) through addSafeRow so it is never a formula.
 */
export async function writeTableWorkbook(input: {
  aboutSheet: string;
  dataSheet: string;
  title: string;
  about: [string, string][];
  columns: ExportColumn[];
  rows: (string | number | null)[][];
}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const about = wb.addWorksheet(safeSheetName(input.aboutSheet));
  about.columns = [{ width: 28 }, { width: 80 }];
  addSafeRow(about, [input.title]).font = { bold: true, size: 14 };
  for (const [k, v] of input.about) addSafeRow(about, [k, v]);
  const ws = wb.addWorksheet(safeSheetName(input.dataSheet));
  ws.columns = input.columns.map((c) => ({ width: c.width ?? (c.numFmt ? 14 : 30) }));
  const header = addSafeRow(ws, input.columns.map((c) => c.header));
  headerStyle(header);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const values of input.rows) {
    const row = addSafeRow(ws, values);
    input.columns.forEach((c, i) => {
      if (c.numFmt && typeof values[i] === 'number') row.getCell(i + 1).numFmt = c.numFmt;
    });
  }
  return toBytes(wb);
}

export const PERCENT_FORMAT = '0.0';
export { COUNT_FORMAT };
