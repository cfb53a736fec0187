import ExcelJS from 'exceljs';
import { annualReportFigures, formatDate, type AnnualReport, type Language } from '@kamkor/domain';
import { addSafeRow } from './cells.ts';
import { COUNT_FORMAT, headerStyle, safeSheetName, toBytes, type Translate } from './sheet-style.ts';

const A4 = { paperSize: 9, orientation: 'landscape' as const, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
const PERCENT = '0.0';

function table(wb: ExcelJS.Workbook, name: string, headers: string[], widths: number[], rows: (string | number | null)[][], numFmts: (string | undefined)[] = []) {
  const ws = wb.addWorksheet(safeSheetName(name), { pageSetup: A4 });
  ws.columns = widths.map((width) => ({ width }));
  headerStyle(addSafeRow(ws, headers));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const values of rows) {
    const row = addSafeRow(ws, values);
    row.alignment = { vertical: 'top', wrapText: true };
    numFmts.forEach((f, i) => {
      if (f && typeof values[i] === 'number') row.getCell(i + 1).numFmt = f;
    });
  }
  return ws;
}

/**
 * The annual M&E report as a workbook: a summary sheet (program, year, the key figures), then one
 * sheet per section — tracking, visits, recommendations (with decisions, status, overdue),
 * evaluations, ministry decisions (when the report has them) and, when given, survey summaries. Numbers are numbers; typed text goes through
 * addSafeRow (never a formula). Headers in the user's language (`t`).
 */
export async function writeAnnualReport(r: AnnualReport, lang: Language, t: Translate): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const name = (n: { ky: string; ru: string; en: string }) => n[lang] || n.ru || n.ky;
  const f = annualReportFigures(r);
  const about = wb.addWorksheet(safeSheetName(t('monitoring:report.sheets.summary')), { pageSetup: { ...A4, orientation: 'portrait' } });
  about.columns = [{ width: 44 }, { width: 60 }];
  addSafeRow(about, [t('monitoring:report.title', { year: r.year })]).font = { bold: true, size: 14 };
  addSafeRow(about, [t('monitoring:report.program'), r.program.title]);
  addSafeRow(about, [t('monitoring:report.customer'), name(r.program.customer)]);
  addSafeRow(about, [t('monitoring:report.projects'), r.projects.length]);
  const figures: [string, number | null][] = [
    ['visitsPlanned', f.visitsPlanned],
    ['visitsDone', f.visitsDone],
    ['recommendations', f.recommendations],
    ['accepted', f.accepted],
    ['rejected', f.rejected],
    ['done', f.done],
    ['overdue', f.overdue],
    ['evaluations', f.evaluations],
    ['meanEvaluationPercent', f.meanEvaluationPercent],
  ];
  for (const [k, v] of figures) {
    const row = addSafeRow(about, [t(`monitoring:report.figures.${k}`), v]);
    row.getCell(2).numFmt = k === 'meanEvaluationPercent' ? PERCENT : COUNT_FORMAT;
    row.getCell(2).alignment = { horizontal: 'left' };
  }

  table(
    wb,
    t('monitoring:report.sheets.tracking'),
    ['code', 'indicator', 'unit', 'target', 'actual', 'percent', 'projects'].map((k) => t(`monitoring:report.columns.${k}`)),
    [10, 50, 14, 14, 14, 12, 10],
    r.tracking.map((x) => [x.code, name(x.name), x.unit, x.target, x.actual, x.percent, x.projects]),
    [undefined, undefined, undefined, '#,##0.##', '#,##0.##', PERCENT, COUNT_FORMAT],
  );
  table(
    wb,
    t('monitoring:report.sheets.visits'),
    ['project', 'visitNo', 'kind', 'status', 'plannedDate', 'visitDate'].map((k) => t(`monitoring:report.columns.${k}`)),
    [16, 8, 18, 16, 14, 14],
    r.visits.map((v) => [v.projectCode, v.visitNo, t(`monitoring:kinds.${v.kind}`), t(`monitoring:statuses.${v.status}`), formatDate(v.plannedDate), formatDate(v.visitDate)]),
  );
  table(
    wb,
    t('monitoring:report.sheets.recommendations'),
    ['project', 'visitNo', 'finding', 'recommendation', 'responsible', 'dueDate', 'decision', 'reason', 'status', 'overdue'].map((k) => t(`monitoring:report.columns.${k}`)),
    [16, 8, 40, 40, 30, 12, 14, 30, 14, 10],
    r.recommendations.map((x) => [
      x.projectCode,
      x.visitNo,
      x.finding,
      x.recommendation,
      name(x.responsible),
      formatDate(x.dueDate),
      x.decision ? t(`monitoring:decisions.${x.decision}`) : t('monitoring:report.undecided'),
      x.decisionReason,
      t(`monitoring:followUp.${x.status}`),
      x.overdue ? t('monitoring:report.overdueYes') : null,
    ]),
  );
  table(
    wb,
    t('monitoring:report.sheets.evaluations'),
    ['project', 'name', 'contractor', 'total', 'max', 'percent', 'conclusion'].map((k) => t(`monitoring:report.columns.${k}`)),
    [16, 40, 30, 10, 10, 10, 60],
    r.evaluations.map((e) => [e.projectCode, name(e.name), name(e.contractor), e.total, e.max, e.percent, e.conclusion]),
    [undefined, undefined, undefined, COUNT_FORMAT, COUNT_FORMAT, PERCENT],
  );
  if (r.decisions) {
    // Ministry decisions (internal reports only; the public projection has none).
    table(
      wb,
      t('monitoring:report.sheets.decisions'),
      ['decidedOn', 'project', 'kind', 'basis', 'followUpDue', 'status'].map((k) => t(`monitoring:decisions.columns.${k}`)).concat(t('monitoring:report.columns.overdue')),
      [12, 16, 30, 60, 12, 16, 10],
      r.decisions.map((d) => [
        formatDate(d.decidedOn),
        d.visitNo !== null ? `${d.projectCode} / ${d.visitNo}` : d.projectCode,
        t(`monitoring:decisions.kinds.${d.kind}`),
        d.basis,
        d.followUpDue ? formatDate(d.followUpDue) : null,
        d.followUpDue ? t(`monitoring:decisions.statuses.${d.status}`) : t('monitoring:decisions.statuses.none'),
        d.overdue ? t('monitoring:report.overdueYes') : null,
      ]),
    );
  }
  if (r.surveys?.length) {
    const rows: (string | number | null)[][] = [];
    for (const s of r.surveys)
      for (const q of s.questions)
        for (const row of q.rows) rows.push([s.title, q.label[lang] ?? q.label.ru ?? q.name, typeof row.label === 'string' ? row.label : (row.label[lang] ?? row.label.ru ?? ''), row.count, row.percent]);
    table(wb, t('monitoring:report.sheets.surveys'), ['survey', 'question', 'answer', 'count', 'percent'].map((k) => t(`monitoring:report.columns.${k}`)), [30, 50, 30, 10, 10], rows, [undefined, undefined, undefined, COUNT_FORMAT, PERCENT]);
  }
  return toBytes(wb);
}
