import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { resources, type AnnualReport, type Language } from '@kamkor/domain';

/** The real ru/ky/en resources, looked up as i18next does (namespace:path, {{params}}). */
const translator = (lang: Language) => (key: string, params: Record<string, unknown> = {}) => {
  const [ns, path] = key.includes(':') ? key.split(':') : ['common', key];
  let v: unknown = resources[lang][ns!];
  for (const k of path!.split('.')) v = (v as Record<string, unknown> | undefined)?.[k];
  if (typeof v !== 'string') throw new Error(`missing ${key}`);
  return v.replace(/\{\{(\w+)\}\}/g, (_, p) => String(params[p]));
};
import { writeAnnualReport } from './annual-report.ts';

const names = { ky: 'Кыргызча', ru: 'Русский', en: 'English' };
const report: AnnualReport = {
  program: { id: 'p', title: 'Программа 2026', customer: names },
  year: 2026,
  generatedAt: '2026-11-29T00:00:00Z',
  projects: [{ code: 'SSO-1', name: names, contractor: names, endDate: '2026-06-30' }],
  tracking: [{ code: 'IND-01', name: names, unit: 'чел.', target: 400, actual: 350, percent: 87.5, status: 'at_risk', projects: 2 }],
  visits: [{ projectCode: 'SSO-1', visitNo: 1, kind: 'scheduled', status: 'final', plannedDate: '2026-04-15', visitDate: '2026-04-16' }],
  recommendations: [{ projectCode: 'SSO-1', visitNo: 1, finding: '=HYPERLINK("x")', recommendation: 'Дополнить реестр', responsible: names, dueDate: '2026-06-30', decision: 'accepted', decisionReason: null, status: 'open', overdue: true }],
  evaluations: [{ projectCode: 'SSO-1', name: names, contractor: names, total: 18, max: 25, percent: 72, conclusion: 'Хорошо', finalisedAt: '2026-10-01T00:00:00Z', scores: [] }],
};

describe('annual M&E report workbook', () => {
  it('writes the sections with numbers as numbers, headers in the language and typed text never as a formula', async () => {
    const t = translator('ru');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeAnnualReport(report, 'ru', t)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Сводка', 'Результаты', 'Визиты', 'Рекомендации', 'Оценки']);
    const tracking = wb.worksheets[1]!;
    expect(tracking.getCell('E2').value).toBe(350);
    expect(tracking.getCell('F2').value).toBe(87.5);
    const recs = wb.worksheets[3]!;
    expect(recs.getCell('C2').value).toBe('=HYPERLINK("x")');
    expect(recs.getCell('C2').formula).toBeUndefined();
    expect(recs.getCell('F2').value).toBe('30.06.2026');
    const summary = wb.worksheets[0]!;
    const overdue = summary.getColumn(1).values.findIndex((v) => v === t('monitoring:report.figures.overdue'));
    expect(summary.getRow(overdue).getCell(2).value).toBe(1);
    expect(wb.worksheets[4]!.getCell('F2').value).toBe(72);
  });

  it('adds a sheet of the ministry decisions when the report has them, in every language', async () => {
    const withDecisions: AnnualReport = {
      ...report,
      decisions: [{ projectCode: 'SSO-1', kind: 'adjust', basis: '=cmd', decidedOn: '2026-07-15', visitNo: 1, followUpDue: '2026-09-30', status: 'open', overdue: true }],
    };
    for (const lang of ['ky', 'ru', 'en'] as const) {
      const t = translator(lang);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await writeAnnualReport(withDecisions, lang, t)) as unknown as ArrayBuffer);
      const sheet = wb.worksheets[5]!;
      expect(sheet.name).toBe(t('monitoring:report.sheets.decisions'));
      expect(sheet.getCell('A2').value).toBe('15.07.2026');
      expect(sheet.getCell('B2').value).toBe('SSO-1 / 1');
      expect(sheet.getCell('C2').value).toBe(t('monitoring:decisions.kinds.adjust'));
      expect(sheet.getCell('D2').formula).toBeUndefined();
      expect(sheet.getCell('E2').value).toBe('30.09.2026');
      expect(sheet.getCell('G2').value).toBe(t('monitoring:report.overdueYes'));
    }
  });
});
