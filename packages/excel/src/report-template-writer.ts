import ExcelJS from 'exceljs';
import { setSafeValue } from './cells.ts';
import { COL, FIRST_ROW, META_SHEET, REPORT_TEMPLATE_KIND, REPORT_TEMPLATE_VERSION, protection, rowKey, templateChecksum, type ReportTemplateInput } from './report-template-layout.ts';
import { toBytes } from './sheet-style.ts';

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
  setSafeValue(ws.getCell('A1'), labels.title);
  ws.getCell('A1').font = { bold: true, size: 13 };
  setSafeValue(ws.getCell('A2'), labels.period);
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
    setSafeValue(row.getCell(COL.code), r.indicatorCode);
    setSafeValue(row.getCell(COL.name), r.cellKey ? '' : r.indicatorName);
    setSafeValue(row.getCell(COL.unit), r.unit);
    setSafeValue(row.getCell(COL.cell), r.cellLabel);
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
      setSafeValue(ex, r.explanation ?? null);
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
  return toBytes(wb);
}
