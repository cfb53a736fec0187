import ExcelJS from 'exceljs';
import { addSafeRow } from './cells.ts';
import { headerStyle, safeSheetName, toBytes, type Translate } from './sheet-style.ts';

export interface SummaryRow {
  no: number;
  author: string;
  line: string;
  proposal: string;
  response: string;
  reasons: string;
}

/** The table of proposals and responses for the approval file. */
export async function writeDiscussionSummary(input: { title: string; facts: [string, string][]; rows: SummaryRow[] }, t: Translate): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const ws = wb.addWorksheet(safeSheetName(t('program:excel.sheetSummary')), { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const keys = ['no', 'author', 'line', 'proposal', 'response', 'reasons'] as const;
  ws.columns = [{ width: 6 }, { width: 30 }, { width: 12 }, { width: 60 }, { width: 16 }, { width: 60 }];
  addSafeRow(ws, [input.title]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, keys.length);
  for (const [k, v] of input.facts) addSafeRow(ws, [k, v]);
  ws.addRow([]);
  const header = ws.addRow(keys.map((k) => t(`program:summary.columns.${k}`)));
  headerStyle(header);
  ws.views = [{ state: 'frozen', ySplit: header.number }];
  for (const r of input.rows) {
    addSafeRow(ws, [r.no, r.author, r.line, r.proposal, r.response, r.reasons]).alignment = { vertical: 'top', wrapText: true };
  }
  return toBytes(wb);
}
