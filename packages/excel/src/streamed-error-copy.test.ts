import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeStreamedErrorCopy } from './error-copy.ts';

async function sheetOf(rows: (string | number | Date | null)[][], name: string, sharedStrings = true): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r);
  // exceljs writes shared strings; a second form (inline strings) comes from its streaming writer.
  if (sharedStrings) return new Uint8Array(await wb.xlsx.writeBuffer());
  const { PassThrough } = await import('node:stream');
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const sw = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const s = sw.addWorksheet(name);
  for (const r of rows) s.addRow(r).commit();
  await sw.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

const rows: (string | number | Date | null)[][] = [
  ['project_code', 'indicator_code', 'period', 'value'],
  ['SSO-2026-001', 'IND-1', '2026-Q1', 12],
  ['SSO-2026-001', 'IND-2', '2026-Q1', 'көп'],
  ['SSO-2026-002', 'IND-1', '2026-Q5', 3.5],
];

describe('the streamed error copy of a long sheet', () => {
  for (const shared of [true, false]) {
    it(`keeps the user's sheet name and values and comments the bad cells (${shared ? 'shared' : 'inline'} strings)`, async () => {
      const bytes = await sheetOf(rows, 'Лист1', shared);
      const copy = await writeStreamedErrorCopy(bytes, [
        { sheet: 'Лист1', cell: 'D3', text: 'Сан эмес' },
        { sheet: 'Лист1', cell: 'C4', text: 'Белгисиз мезгил' },
        { sheet: 'Лист1', cell: 'C4', text: 'Экинчи ката' },
        { sheet: 'Other', cell: 'A1', text: 'not this sheet' },
      ]);
      const wb = await open(copy);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Лист1']);
      const ws = wb.getWorksheet('Лист1')!;
      expect(ws.getRow(1).values).toEqual([undefined, 'project_code', 'indicator_code', 'period', 'value']);
      expect(ws.getCell('D2').value).toBe(12);
      expect(ws.getCell('D3').value).toBe('көп');
      expect(ws.getCell('D4').value).toBe(3.5);
      expect(ws.getCell('D3').note).toBe('Сан эмес');
      expect(ws.getCell('C4').note).toBe('Белгисиз мезгил\nЭкинчи ката');
      expect((ws.getCell('D3').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
      expect(ws.getCell('A1').note).toBeUndefined();
      expect(ws.getCell('D2').note).toBeUndefined();
    });
  }

  it('copies a long sheet row by row', async () => {
    const long: (string | number)[][] = [['project_code', 'indicator_code', 'period', 'value']];
    for (let i = 0; i < 20_000; i++) long.push([`P-${i % 50}`, `I-${i % 7}`, '2026-Q1', i]);
    const copy = await writeStreamedErrorCopy(await sheetOf(long, 'data'), [{ sheet: 'data', cell: 'D20001', text: 'bad' }]);
    const ws = (await open(copy)).getWorksheet('data')!;
    expect(ws.rowCount).toBe(20_001);
    expect(ws.getCell('D20001').value).toBe(19_999);
    expect(ws.getCell('D20001').note).toBe('bad');
  });
});
