import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { defaultLimits, readReportUpload, streamBulkSheet, writeBulkSheet, writeErrorCopy, writeReportTemplate, type BulkRow, type ExpectedTemplate, type ReportTemplateInput } from './index.ts';

const labels = {
  sheet: 'Отчет', title: 'SSO-1 — Проект', period: '2026-Q4', help: 'Заполните жёлтые ячейки', code: 'Код', indicator: 'Индикатор',
  unit: 'Ед.', disaggregation: 'Разбивка', value: 'Значение', numerator: 'Числитель', denominator: 'Знаменатель', explanation: 'Пояснение', yes: 'Да', no: 'Нет',
};
const rows: ReportTemplateInput['rows'] = [
  { indicatorId: 'i1', indicatorCode: 'BEN', indicatorName: 'Beneficiaries', unit: 'people', type: 'number', cellKey: '', cellLabel: 'Total', value: null, numerator: null, denominator: null },
  { indicatorId: 'i1', indicatorCode: 'BEN', indicatorName: 'Beneficiaries', unit: 'people', type: 'number', cellKey: 'sex=f', cellLabel: 'F', value: null, numerator: null, denominator: null },
  { indicatorId: 'i1', indicatorCode: 'BEN', indicatorName: 'Beneficiaries', unit: 'people', type: 'number', cellKey: 'sex=m', cellLabel: 'M', value: null, numerator: null, denominator: null },
  { indicatorId: 'i2', indicatorCode: 'SAT', indicatorName: 'Satisfied', unit: '%', type: 'percentage', cellKey: '', cellLabel: 'Total', value: null, numerator: null, denominator: null },
  { indicatorId: 'i3', indicatorCode: 'REG', indicatorName: 'Register', unit: 'y/n', type: 'yes_no', cellKey: '', cellLabel: 'Total', value: null, numerator: null, denominator: null },
];
const input: ReportTemplateInput = { projectId: 'p-1', projectCode: 'SSO-1', periodKey: '2026-Q4', labels, rows };
const expected: ExpectedTemplate = { projectId: 'p-1', projectCode: 'SSO-1', periodKey: '2026-Q4', rows, yesWords: ['Да', 'yes'], noWords: ['Нет', 'no'] };

async function edit(bytes: Uint8Array, fn: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  fn(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('report template round-trip', () => {
  it('is protected, validated, with a very hidden metadata sheet', async () => {
    const bytes = await writeReportTemplate(input);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Отчет')!;
    expect(ws.getCell('A5').value).toBe('Код');
    expect(ws.getCell('E6').protection?.locked).toBe(false);
    expect(ws.getCell('A6').protection?.locked).not.toBe(false);
    expect(ws.getCell('E6').dataValidation?.type).toBe('decimal');
    expect(ws.getCell('E10').dataValidation?.type).toBe('list');
    expect(wb.getWorksheet('_kamkor')!.state).toBe('veryHidden');
  });

  it('reads what people type: decimal comma, spaces as thousands, numbers as text, localized yes/no', async () => {
    const filled = await edit(await writeReportTemplate(input), (wb) => {
      const ws = wb.getWorksheet('Отчет')!;
      ws.getCell('E6').value = '1 234,5';
      ws.getCell('E7').value = 600;
      ws.getCell('E8').value = '634.5';
      ws.getCell('F9').value = '40';
      ws.getCell('G9').value = 50;
      ws.getCell('H9').value = 'Survey in December';
      ws.getCell('E10').value = 'да';
    });
    const read = await readReportUpload(filled, expected);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.errors).toEqual([]);
    expect(read.values).toEqual([
      { indicatorId: 'i1', cellKey: '', value: 1234.5, numerator: null, denominator: null },
      { indicatorId: 'i1', cellKey: 'sex=f', value: 600, numerator: null, denominator: null },
      { indicatorId: 'i1', cellKey: 'sex=m', value: 634.5, numerator: null, denominator: null },
      { indicatorId: 'i2', cellKey: '', value: null, numerator: 40, denominator: 50 },
      { indicatorId: 'i3', cellKey: '', value: 1, numerator: null, denominator: null },
    ]);
    expect(read.explanations.i2).toBe('Survey in December');
  });

  it('reports formulas and non-numbers by cell, and writes an error copy with highlighted, commented cells', async () => {
    const filled = await edit(await writeReportTemplate(input), (wb) => {
      const ws = wb.getWorksheet('Отчет')!;
      ws.getCell('E7').value = { formula: '1+1', result: 2 } as ExcelJS.CellFormulaValue;
      ws.getCell('E8').value = 'many';
    });
    const read = await readReportUpload(filled, expected);
    if (!read.ok) throw new Error('expected ok');
    expect(read.errors.map((e) => [e.cell, e.messageKey])).toEqual([
      ['E7', 'results:excel.formula'],
      ['E8', 'results:excel.notNumber'],
    ]);
    const copy = await writeErrorCopy(filled, read.errors.map((e) => ({ ...e, text: `Ошибка ${e.cell}` })));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(copy as unknown as ArrayBuffer);
    const cell = wb.getWorksheet('Отчет')!.getCell('E8');
    expect(JSON.stringify(cell.note)).toContain('Ошибка E8');
    expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
  });

  it('reports 87,5 typed into the locked value cell of a percentage row with its cell, not as unchanged', async () => {
    const filled = await edit(await writeReportTemplate(input), (wb) => {
      const ws = wb.getWorksheet('Отчет')!;
      ws.unprotect();
      ws.getCell('E9').value = '87,5';
      ws.getCell('F6').value = 3;
    });
    const read = await readReportUpload(filled, expected);
    if (!read.ok) throw new Error('expected ok');
    expect(read.errors).toEqual([
      { sheet: 'Отчет', cell: 'F6', messageKey: 'results:excel.lockedCell', params: { value: '3' } },
      { sheet: 'Отчет', cell: 'E9', messageKey: 'results:excel.lockedCell', params: { value: '87,5' } },
    ]);
    expect(read.values.map((v) => v.indicatorId + v.cellKey)).not.toContain('i2');
  });

  it('refuses another project, period, version, kind, a changed layout, and non-xlsx files', async () => {
    const bytes = await writeReportTemplate(input);
    expect(await readReportUpload(bytes, { ...expected, projectId: 'p-2' })).toMatchObject({ ok: false, messageKey: 'results:excel.otherProject' });
    expect(await readReportUpload(bytes, { ...expected, periodKey: '2026-Q3' })).toMatchObject({ ok: false, messageKey: 'results:excel.otherPeriod' });
    const v2 = await edit(bytes, (wb) => (wb.getWorksheet('_kamkor')!.getCell('B2').value = '2'));
    expect(await readReportUpload(v2, expected)).toMatchObject({ ok: false, messageKey: 'results:excel.otherVersion' });
    const other = await edit(bytes, (wb) => (wb.getWorksheet('_kamkor')!.getCell('B1').value = 'kamkor.program.lines'));
    expect(await readReportUpload(other, expected)).toMatchObject({ ok: false, messageKey: 'results:excel.otherTemplate' });
    const changed = await edit(bytes, (wb) => wb.getWorksheet('Отчет')!.spliceRows(7, 1));
    expect(await readReportUpload(changed, expected)).toMatchObject({ ok: false, messageKey: 'results:excel.templateChanged' });
    expect(await readReportUpload(new TextEncoder().encode('code;value\nBEN;1'), expected)).toMatchObject({ ok: false, messageKey: 'excel.errors.notXlsx' });
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Sheet1').addRow(['BEN', 1]);
    expect(await readReportUpload(new Uint8Array(await plain.xlsx.writeBuffer()), expected)).toMatchObject({ ok: false, messageKey: 'results:excel.notTemplate' });
    expect(await readReportUpload(bytes, expected, { ...defaultLimits, maxCompressedBytes: 1000 })).toMatchObject({ ok: false, messageKey: 'excel.errors.tooLarge' });
    expect(await readReportUpload(bytes, expected, { ...defaultLimits, maxUncompressedBytes: 2000 })).toMatchObject({ ok: false, messageKey: 'excel.errors.inflatedTooLarge' });
  });

  it('still imports when a tool dropped the hidden sheet, protection and validation (as Google Sheets may)', async () => {
    const resaved = await edit(await writeReportTemplate(input), (wb) => {
      wb.removeWorksheet(wb.getWorksheet('_kamkor')!.id);
      const ws = wb.getWorksheet('Отчет')!;
      ws.unprotect();
      ws.getCell('E6').dataValidation = undefined as unknown as ExcelJS.DataValidation;
      ws.getCell('E6').value = '10';
    });
    const read = await readReportUpload(resaved, expected);
    expect(read.ok && read.values[0]).toEqual({ indicatorId: 'i1', cellKey: '', value: 10, numerator: null, denominator: null });
  });
});

describe('bulk long sheet', () => {
  it("points errors at the user's own sheet, whatever it is called", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Лист1');
    ws.addRow(['project_code', 'indicator_code', 'period', 'value']);
    ws.addRow(['SSO-1', 'BEN', '2026-Q1', 'много']);
    const names: string[] = [];
    const got: BulkRow[] = [];
    const res = await streamBulkSheet(new Uint8Array(await wb.xlsx.writeBuffer()), async (b) => void got.push(...b), { onSheet: (n) => names.push(n) });
    expect(res).toMatchObject({ ok: true, rows: 1, sheet: 'Лист1' });
    expect(names).toEqual(['Лист1']);
    expect(got[0]!.errors).toEqual([{ sheet: 'Лист1', cell: 'D2', messageKey: 'results:excel.notNumber', params: { value: 'много' } }]);
  });

  it('streams rows with headers in any language, dates, decimal comma and row errors', async () => {
    const bytes = await writeBulkSheet(
      ['Код проекта', 'indicator_code', 'Период', 'Пол', 'value'],
      [
        ['SSO-1', 'BEN', '2026-Q1', 'f', 12],
        ['SSO-1', 'BEN', '15.05.2026', 'm', '3,5'],
        ['SSO-1', 'BEN', 46100, '', 'x'],
      ],
    );
    const got: BulkRow[] = [];
    const res = await streamBulkSheet(bytes, async (b) => void got.push(...b), { batchSize: 2 });
    expect(res).toMatchObject({ ok: true, rows: 3 });
    expect(got.map((r) => [r.projectCode, r.period, r.sex, r.value])).toEqual([
      ['SSO-1', '2026-Q1', 'f', 12],
      ['SSO-1', '15.05.2026', 'm', 3.5],
      ['SSO-1', '2026-03-19', '', null],
    ]);
    expect(got[2]!.errors).toEqual([{ sheet: 'data', cell: 'E4', messageKey: 'results:excel.notNumber', params: { value: 'x' } }]);
    expect(await streamBulkSheet(await writeBulkSheet(['a', 'b'], []), async () => {})).toMatchObject({ ok: false, messageKey: 'results:bulk.badHeader' });
  });
});
