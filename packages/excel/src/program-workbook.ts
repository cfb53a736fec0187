import ExcelJS from 'exceljs';
import { addSafeRow } from './cells.ts';
import { COUNT_FORMAT, MONEY_FORMAT, fmtDate, headerStyle, safeSheetName, som, toBytes, type Translate } from './sheet-style.ts';

/** A line with its codes already turned into names in the user's language. */
export interface DisplayLine {
  lineNo: number;
  areaCode: string;
  area: string;
  service: string;
  targetGroups: string;
  territories: string;
  plannedBeneficiaries: number;
  budgetTyiyn: number;
  periodStart: string;
  periodEnd: string;
  expectedResults: string;
  indicators: string;
}

export interface ProgramSheetInput {
  title: string;
  facts: [string, string][];
  lines: DisplayLine[];
  totals: { title: string; rows: { label: string; budgetTyiyn: number; beneficiaries: number; lines: number }[] }[];
}

const lineColumns = [
  { key: 'no', width: 6 },
  { key: 'area', width: 28 },
  { key: 'service', width: 36 },
  { key: 'targetGroups', width: 30 },
  { key: 'territories', width: 30 },
  { key: 'beneficiaries', width: 14 },
  { key: 'budget', width: 18 },
  { key: 'period', width: 24 },
  { key: 'results', width: 40 },
  { key: 'indicators', width: 36 },
] as const;

/**
 * The program as the official table: title and facts, one row per line grouped by priority area
 * with a subtotal per area and a grand total, money as numbers with a money format, frozen header;
 * a second sheet with totals by area, service, territory and target group.
 */
export async function writeProgramWorkbook(input: ProgramSheetInput, t: Translate): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const ws = wb.addWorksheet(safeSheetName(t('program:excel.sheetProgram')), { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = lineColumns.map((c) => ({ key: c.key, width: c.width }));
  addSafeRow(ws, [input.title]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, lineColumns.length);
  for (const [k, v] of input.facts) addSafeRow(ws, [k, '', v]);
  ws.addRow([]);
  const header = ws.addRow(lineColumns.map((c) => t(`program:excel.columns.${c.key}`)));
  headerStyle(header);
  const headerRowNo = header.number;
  ws.views = [{ state: 'frozen', ySplit: headerRowNo, xSplit: 0 }];
  const byArea = new Map<string, DisplayLine[]>();
  for (const l of [...input.lines].sort((a, b) => a.areaCode.localeCompare(b.areaCode) || a.lineNo - b.lineNo)) {
    byArea.set(l.areaCode, [...(byArea.get(l.areaCode) ?? []), l]);
  }
  let total = 0;
  let totalBen = 0;
  for (const lines of byArea.values()) {
    for (const l of lines) {
      const row = addSafeRow(ws, [
        l.lineNo,
        l.area,
        l.service,
        l.targetGroups,
        l.territories,
        l.plannedBeneficiaries,
        som(l.budgetTyiyn),
        `${fmtDate(l.periodStart)} – ${fmtDate(l.periodEnd)}`,
        l.expectedResults,
        l.indicators,
      ]);
      row.alignment = { vertical: 'top', wrapText: true };
    }
    const sub = lines.reduce((s, l) => s + l.budgetTyiyn, 0);
    const subBen = lines.reduce((s, l) => s + l.plannedBeneficiaries, 0);
    total += sub;
    totalBen += subBen;
    const row = addSafeRow(ws, ['', `${t('program:excel.subtotal')}: ${lines[0]!.area}`, '', '', '', subBen, som(sub)]);
    row.font = { italic: true, bold: true };
  }
  const totalRow = ws.addRow(['', t('program:excel.total'), '', '', '', totalBen, som(total)]);
  totalRow.font = { bold: true };
  totalRow.eachCell((c) => (c.border = { top: { style: 'double' } }));
  ws.getColumn('beneficiaries').numFmt = COUNT_FORMAT;
  ws.getColumn('budget').numFmt = MONEY_FORMAT;

  const ts = wb.addWorksheet(safeSheetName(t('program:excel.sheetTotals')));
  ts.columns = [{ width: 50 }, { width: 18 }, { width: 16 }, { width: 10 }];
  let first = true;
  for (const block of input.totals) {
    if (!first) ts.addRow([]);
    first = false;
    addSafeRow(ts, [block.title]).font = { bold: true, size: 12 };
    headerStyle(ts.addRow([t('program:excel.columns.name'), t('program:excel.columns.budget'), t('program:excel.columns.beneficiaries'), t('program:excel.columns.lines')]));
    for (const r of block.rows) addSafeRow(ts, [r.label, som(r.budgetTyiyn), r.beneficiaries, r.lines]);
  }
  ts.getColumn(2).numFmt = MONEY_FORMAT;
  ts.getColumn(3).numFmt = COUNT_FORMAT;
  return toBytes(wb);
}
