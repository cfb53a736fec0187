import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeErrorCopy, readProgramTemplate, writeProgramTemplate, writeProgramWorkbook, type TemplateInput } from './index.ts';

const t = (key: string) => `[${key}]`;
const programId = '11111111-1111-4111-8111-111111111111';

const input: TemplateInput = {
  programId,
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

describe('program template', () => {
  it('round-trips the lines it was generated with', async () => {
    const bytes = await writeProgramTemplate(input, t);
    const read = await readProgramTemplate(bytes, { programId });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.versionNo).toBe(1);
    expect(read.errors).toEqual([]);
    expect(read.lines).toEqual([
      {
        rowNumber: 2, lineNo: 1, priorityAreaCode: 'PA-02', serviceCode: 'SRV-01', targetGroupCodes: ['TG-01', 'TG-16'],
        territorySoates: ['41704400000010'], plannedBeneficiaries: 40, budgetTyiyn: 240_000_050, periodStart: '2027-01-01',
        periodEnd: '2027-12-31', expectedResults: 'Children attend', indicatorCodes: ['IND-1'],
      },
    ]);
  });

  it('locks the header, hides the metadata and offers dropdowns', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeProgramTemplate(input, t)) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('_kamkor')!.state).toBe('veryHidden');
    const ws = wb.getWorksheet('Lines')!;
    expect(ws.getCell('A1').value).toBe('[program:template.columns.lineNo]');
    expect(ws.getCell('B5').dataValidation?.type).toBe('list');
  });

  it('refuses another program, a foreign workbook and a non-xlsx file', async () => {
    const bytes = await writeProgramTemplate(input, t);
    expect(await readProgramTemplate(bytes, { programId: '22222222-2222-4222-8222-222222222222' })).toMatchObject({ ok: false, messageKey: 'program:import.wrongProgram' });
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').addRow(['x']);
    expect(await readProgramTemplate(new Uint8Array(await other.xlsx.writeBuffer()), { programId })).toMatchObject({ ok: false, messageKey: 'program:import.wrongTemplate' });
    expect(await readProgramTemplate(new TextEncoder().encode('a,b,c'), { programId })).toMatchObject({ ok: false, messageKey: 'excel.errors.notXlsx' });
  });

  it('reports bad cells by address and marks them in a copy of the workbook', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeProgramTemplate(input, t)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Lines')!;
    ws.getRow(3).values = [1, 'PA-02', 'SRV-01', 'TG-01', '123', 'many', 'lots', '31.12.2027', '01.01.2027'];
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const read = await readProgramTemplate(bytes, { programId });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.errors.map((e) => `${e.cell} ${e.messageKey}`)).toEqual([
      'A3 program:import.lineNoDuplicate',
      'E3 errors.soate',
      'F3 program:errors.wholeNumber',
      'G3 program:errors.money',
      'I3 program:errors.periodOrder',
    ]);
    const marked = await writeErrorCopy(bytes, read.errors.map((e) => ({ ...e, text: `bad ${e.cell}` })));
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(marked as unknown as ArrayBuffer);
    const cell = back.getWorksheet('Lines')!.getCell('E3');
    expect(JSON.stringify(cell.note)).toContain('bad E3');
    expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
  });
});

describe('program workbook', () => {
  it('writes the official table with totals and money as numbers', async () => {
    const bytes = await writeProgramWorkbook(
      {
        title: 'Program 2027',
        facts: [['Customer', 'Ministry']],
        lines: [
          { lineNo: 1, areaCode: 'PA-02', area: 'Disability', service: 'Day care', targetGroups: 'Children', territories: 'Naryn', plannedBeneficiaries: 40, budgetTyiyn: 240_000_000, periodStart: '2027-01-01', periodEnd: '2027-12-31', expectedResults: '', indicators: '' },
          { lineNo: 2, areaCode: 'PA-03', area: 'Elderly', service: 'Home care', targetGroups: 'Elderly', territories: 'Osh', plannedBeneficiaries: 60, budgetTyiyn: 180_000_050, periodStart: '2027-01-01', periodEnd: '2027-12-31', expectedResults: '', indicators: '' },
        ],
        totals: [],
      },
      t,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const total = rows.find((r) => r[1] === '[program:excel.total]')!;
    expect(total[6]).toBe(4_200_000.5);
    expect(ws.views[0]).toMatchObject({ state: 'frozen' });
    expect(ws.getColumn(7).numFmt).toBe('#,##0.00');
  });
});
