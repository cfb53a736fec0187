import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { defaultLimits } from './guard.ts';
import { writeProgramTemplate, type TemplateInput } from './program-template-writer.ts';
import { writeReportTemplate } from './report-template-writer.ts';
import { writeScoreSheet } from './score-sheet.ts';
import { readWorkbookStreamed, type ReadWorkbook } from './streamed-workbook.ts';
import { deflatedEntry, writeZip } from './test-zip.ts';

/** A value as the readers compare it: rich text and hyperlinks as their text, dates by time. */
function norm(v: unknown): unknown {
  if (v == null) return null;
  if (v instanceof Date) return { date: v.getTime() };
  if (typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
  if ('hyperlink' in o) return norm(o.text);
  if ('formula' in o || 'sharedFormula' in o) return { formula: o.formula ?? null, sharedFormula: o.sharedFormula ?? null, result: norm(o.result) };
  return o;
}

async function full(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

async function streamed(bytes: Uint8Array): Promise<ReadWorkbook> {
  const read = await readWorkbookStreamed(bytes);
  if (!read.ok) throw new Error(read.messageKey);
  return read.workbook;
}

/** Every sheet, its state, counts and every cell's value: the streamed read against exceljs's full load. */
async function expectSameAsExcelJs(bytes: Uint8Array): Promise<number> {
  const wb = await full(bytes);
  const read = await streamed(bytes);
  expect(read.worksheets.map((w) => [w.name, w.state])).toEqual(wb.worksheets.map((w) => [w.name, w.state]));
  let cells = 0;
  wb.worksheets.forEach((ws, i) => {
    const rs = read.worksheets[i]!;
    expect([rs.rowCount, rs.actualRowCount, rs.columnCount], ws.name).toEqual([ws.rowCount, ws.actualRowCount, ws.columnCount]);
    const rowsSeen: number[] = [];
    const rowsRead: number[] = [];
    ws.eachRow((_, n) => rowsSeen.push(n));
    rs.eachRow((_, n) => rowsRead.push(n));
    expect(rowsRead, ws.name).toEqual(rowsSeen);
    // Every cell of the rows with values (the others are empty on both sides), compared at once.
    const want: unknown[] = [];
    const got: unknown[] = [];
    for (const r of rowsSeen)
      for (let c = 1; c <= Math.min(ws.columnCount + 1, 64); c++) {
        const w = ws.getRow(r).getCell(c);
        const g = rs.getRow(r).getCell(c);
        want.push([w.address, norm(w.value)]);
        got.push([g.address, norm(g.value)]);
        if (w.value != null) cells++;
      }
    expect(got, ws.name).toEqual(want);
    expect(norm(rs.getCell('B3').value)).toEqual(norm(ws.getCell('B3').value));
  });
  return cells;
}

const t = (key: string) => `[${key}]`;
const programTemplate: TemplateInput = {
  programId: '11111111-1111-4111-8111-111111111111',
  versionNo: 1,
  title: 'Test',
  lines: [
    {
      id: 'a', lineNo: 1, priorityAreaCode: 'PA-02', serviceCode: 'SRV-01', targetGroupCodes: ['TG-01', 'TG-16'],
      territorySoates: ['41704400000010'], plannedBeneficiaries: 40, budgetTyiyn: 240_000_050, periodStart: '2027-01-01',
      periodEnd: '2027-12-31', expectedResults: 'Children attend', indicatorIds: ['x'], indicatorCodes: ['IND-1'],
    },
  ],
  lists: {
    areas: [{ code: 'PA-02', name: 'Disability' }],
    services: [{ code: 'SRV-01', name: 'Day care' }],
    targetGroups: [{ code: 'TG-01', name: 'Children' }, { code: 'TG-16', name: 'Families' }],
    territories: [{ code: '41704400000010', name: 'Naryn' }],
    indicators: [{ code: 'IND-1', name: 'Served' }],
  },
};

describe('readWorkbookStreamed', () => {
  it('reads the program template as exceljs does, its hidden metadata sheet included', async () => {
    const bytes = await writeProgramTemplate(programTemplate, t);
    expect(await expectSameAsExcelJs(bytes)).toBeGreaterThan(10);
    const states = (await streamed(bytes)).worksheets.map((w) => w.state);
    expect(states.some((s) => s !== 'visible')).toBe(true);
    // A filled template as people save it: dates typed as dates, a formula, rich text.
    const wb = await full(bytes);
    const ws = wb.getWorksheet('lines') ?? wb.worksheets[0]!;
    ws.getCell('H3').value = new Date(Date.UTC(2027, 2, 1));
    ws.getCell('G3').value = { formula: '1+2', result: 3 } as ExcelJS.CellFormulaValue;
    ws.getCell('A3').value = { richText: [{ text: '2' }, { text: '', font: { bold: true } }] };
    await expectSameAsExcelJs(new Uint8Array(await wb.xlsx.writeBuffer()));
  });

  it('reads the report template and the score sheet as exceljs does, very hidden sheets too', async () => {
    const labels = {
      sheet: 'Отчет', title: 'SSO-1 — Проект', period: '2026-Q4', help: 'Заполните', code: 'Код', indicator: 'Индикатор', unit: 'Ед.',
      disaggregation: 'Разбивка', value: 'Значение', numerator: 'Числитель', denominator: 'Знаменатель', explanation: 'Пояснение', yes: 'Да', no: 'Нет',
    };
    const report = await writeReportTemplate({
      projectId: 'p-1', projectCode: 'SSO-1', periodKey: '2026-Q4', labels,
      rows: [
        { indicatorId: 'i1', indicatorCode: 'BEN', indicatorName: 'Beneficiaries', unit: 'people', type: 'number', cellKey: '', cellLabel: 'Total', value: 5, numerator: null, denominator: null },
        { indicatorId: 'i2', indicatorCode: 'SAT', indicatorName: 'Satisfied', unit: '%', type: 'percentage', cellKey: '', cellLabel: 'Total', value: null, numerator: 3, denominator: 4 },
      ],
    });
    expect(await expectSameAsExcelJs(report)).toBeGreaterThan(10);
    const score = await writeScoreSheet({
      competitionId: 'c-1',
      labels: { sheet: 'Оценка', title: 'Лист', code: 'Код', comment: 'Комментарий', criterion: (c: { name: string; maxPoints: number }) => `${c.name} (0–${c.maxPoints})` },
      criteria: [{ code: 'importance', name: 'Значимость', weight: 60, maxPoints: 10 }],
      rows: [{ code: 'A-4MHR', points: { importance: 8 }, comment: '=HYPERLINK("http://x")' }],
    });
    expect(await expectSameAsExcelJs(score)).toBeGreaterThan(3);
    expect((await streamed(score)).worksheets.map((w) => w.state)).toContain('veryHidden');
  });

  it('reads the XLSForm reference files as exceljs does', async () => {
    const dir = fileURLToPath(new URL('../../../tooling/reference/xlsform', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.xlsx'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) expect(await expectSameAsExcelJs(readFileSync(`${dir}/${f}`)), f).toBeGreaterThan(0);
  });

  it('reads what people put in cells as exceljs does: shared formulas, merges, links, errors, booleans', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    ws.getCell('A1').value = 'head';
    ws.mergeCells('A1:C1');
    ws.getCell('A2').value = 1;
    ws.getCell('B2').value = { formula: 'A2*2', result: 2, shareType: 'shared', ref: 'B2:B4' } as unknown as ExcelJS.CellValue;
    ws.getCell('B3').value = { sharedFormula: 'B2', result: 4 } as unknown as ExcelJS.CellValue;
    ws.getCell('C2').value = { text: 'site', hyperlink: 'https://example.org' };
    ws.getCell('D2').value = true;
    ws.getCell('E2').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    ws.getCell('F2').value = { formula: 'TODAY()', result: new Date(Date.UTC(2026, 0, 2)) } as ExcelJS.CellFormulaValue;
    ws.getCell('F2').numFmt = 'dd.mm.yyyy';
    ws.getCell('G5').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
    ws.getCell('A6').value = { formula: 'A2="x"', result: false } as ExcelJS.CellFormulaValue;
    wb.addWorksheet('quiet', { state: 'hidden' }).getCell('A1').value = 'x';
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    await expectSameAsExcelJs(bytes);
    const read = await streamed(bytes);
    expect(read.getWorksheet('quiet')?.state).toBe('hidden');
    expect(read.getWorksheet('data')?.getCell('C1').value).toBe('head');
    // A merge over a whole column block counts its cells against the cell limit (exceljs makes them all).
    const huge = new ExcelJS.Workbook();
    huge.addWorksheet('x').getCell('A1').value = 'x';
    huge.getWorksheet('x')!.mergeCells('A1:Z50000');
    expect(await readWorkbookStreamed(new Uint8Array(await huge.xlsx.writeBuffer()))).toMatchObject({ ok: false, messageKey: 'excel.errors.tooManyRows' });
  });

  it('stops reading at the row limit: rows past it are never read', async () => {
    // 5,000 good rows, then XML no parser accepts: a read that went past the limit would fail there.
    const rows = Array.from({ length: 5000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}" t="inlineStr"><is><t>x</t></is></c></row>`).join('');
    const sheet = (tail: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}${tail}</sheetData></worksheet>`;
    const book = (tail: string) =>
      writeZip([
        deflatedEntry('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
        deflatedEntry('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        deflatedEntry('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        deflatedEntry('xl/worksheets/sheet1.xml', sheet(tail)),
      ]);
    const broken = book('<row r="5001"><c r="A5001"><v>1</v></c></row><<<not xml' + 'x'.repeat(1000));
    expect(await readWorkbookStreamed(broken)).toMatchObject({ ok: false, messageKey: 'excel.errors.unreadable' });
    expect(await readWorkbookStreamed(broken, { ...defaultLimits, maxRows: 100 })).toEqual({
      ok: false,
      messageKey: 'excel.errors.tooManyRows',
      params: { max: 100, cells: defaultLimits.maxCells },
      rowsRead: 101,
      cellsRead: 202,
    });
    expect(await readWorkbookStreamed(broken, { ...defaultLimits, maxCells: 400 })).toMatchObject({ ok: false, messageKey: 'excel.errors.tooManyRows', rowsRead: 201 });
    const whole = await readWorkbookStreamed(book(''));
    expect(whole).toMatchObject({ ok: true, rowsRead: 5000, cellsRead: 10000 });
    if (whole.ok) expect([whole.workbook.worksheets[0]!.rowCount, whole.workbook.worksheets[0]!.getCell('A5000').value]).toEqual([5000, 4999]);
  });
  it('reads with exceljs\'s streaming reader a workbook the lean reader cannot (no workbook relationships)', async () => {
    const bytes = writeZip([
      deflatedEntry('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
      deflatedEntry('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      deflatedEntry('xl/worksheets/sheet1.xml', '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c><c r="B1"><v>7</v></c></row><row r="3"><c r="C3" t="b"><v>1</v></c></row></sheetData></worksheet>'),
    ]);
    const read = await readWorkbookStreamed(bytes);
    expect(read).toMatchObject({ ok: true, rowsRead: 2, cellsRead: 3 });
    if (!read.ok) return;
    const ws = read.workbook.worksheets[0]!;
    expect([ws.rowCount, ws.actualRowCount, ws.getCell('A1').value, ws.getCell(1, 2).value, ws.getRow(3).getCell(3).value]).toEqual([3, 2, 'code', 7, true]);
    expect(await readWorkbookStreamed(bytes, { ...defaultLimits, maxRows: 1 })).toMatchObject({ ok: false, messageKey: 'excel.errors.tooManyRows', rowsRead: 2 });
  });
});
