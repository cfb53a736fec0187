import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readScoreSheet, writeProtocolWorkbook, writeScoreSheet, SCORE_SHEET_META } from './score-sheet.ts';

const criteria = [
  { code: 'importance', name: 'Значимость', weight: 60, maxPoints: 10 },
  { code: 'budget', name: 'Бюджет', weight: 40, maxPoints: 5 },
];
const expected = { competitionId: 'c-1', criteria, codes: ['A-4MHR', 'A-P9TX', 'A-7K2Q'] };
const labels = { sheet: 'Оценка', title: 'Лист оценки', code: 'Код', comment: 'Комментарий', criterion: (c: { name: string; maxPoints: number }) => `${c.name} (0–${c.maxPoints})` };

async function sheet() {
  return writeScoreSheet({
    competitionId: 'c-1',
    labels,
    criteria,
    rows: [
      { code: 'A-4MHR', points: { importance: 8, budget: 4 }, comment: '=HYPERLINK("http://x")' },
      { code: 'A-P9TX', points: {}, comment: null },
      { code: 'A-7K2Q', points: {}, comment: null },
    ],
  });
}

async function edit(bytes: Uint8Array, fn: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  fn(wb.getWorksheet('Оценка')!);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('offline evaluation sheet', () => {
  it('holds codes, criteria with max points and the member\'s own points only; typed text is never a formula', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await sheet()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Оценка')!;
    expect(ws.getRow(2).values).toEqual([undefined, 'Код', 'Значимость (0–10)', 'Бюджет (0–5)', 'Комментарий']);
    expect(ws.getCell('A3').value).toBe('A-4MHR');
    expect(ws.getCell('B3').value).toBe(8);
    expect(ws.getCell('D3').value).toBe('=HYPERLINK("http://x")');
    expect(ws.getCell('D3').numFmt).toBe('@');
    expect(ws.getCell('B4').dataValidation).toMatchObject({ type: 'whole', formulae: [0, 10] });
    expect(wb.getWorksheet(SCORE_SHEET_META)!.state).toBe('veryHidden');
  });

  it('reads a filled sheet; blank rows are skipped', async () => {
    const filled = await edit(await sheet(), (ws) => {
      ws.getCell('B4').value = 10;
      ws.getCell('C4').value = '5';
      ws.getCell('D4').value = 'Сильная команда';
    });
    const read = await readScoreSheet(filled, expected);
    expect(read).toMatchObject({ ok: true, errors: [] });
    if (!read.ok) return;
    expect(read.rows).toEqual([
      { code: 'A-4MHR', points: { importance: 8, budget: 4 }, comment: '=HYPERLINK("http://x")' },
      { code: 'A-P9TX', points: { importance: 10, budget: 5 }, comment: 'Сильная команда' },
    ]);
  });

  it('writes every problem to its cell: out of range, not whole, missing, formula, unknown or repeated code', async () => {
    const bad = await edit(await sheet(), (ws) => {
      ws.getCell('B3').value = 11;
      ws.getCell('C3').value = 2.5;
      ws.getCell('B4').value = 5;
      ws.getCell('B5').value = { formula: '1+1', result: 2 } as ExcelJS.CellFormulaValue;
      ws.getCell('C5').value = 1;
      ws.getCell('A6').value = 'A-ZZZZ';
      ws.getCell('B6').value = 1;
      ws.getCell('A7').value = 'A-4MHR';
      ws.getCell('B7').value = 1;
      ws.getCell('C7').value = 1;
    });
    const read = await readScoreSheet(bad, expected);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.errors.map((e) => [e.cell, e.messageKey])).toEqual([
      ['B3', 'competition:errors.points'],
      ['C3', 'competition:errors.points'],
      ['C4', 'competition:excel.pointsRequired'],
      ['B5', 'competition:excel.noFormulas'],
      ['A6', 'competition:excel.unknownCode'],
      ['A7', 'competition:excel.duplicateCode'],
    ]);
    expect(read.rows).toEqual([]);
  });

  it('refuses another competition\'s sheet and a workbook that is not a sheet', async () => {
    expect(await readScoreSheet(await sheet(), { ...expected, competitionId: 'c-2' })).toEqual({ ok: false, messageKey: 'competition:excel.wrongSheet' });
    expect(await readScoreSheet(await sheet(), { ...expected, criteria: [criteria[0]!] })).toEqual({ ok: false, messageKey: 'competition:excel.wrongSheet' });
    expect((await readScoreSheet(new Uint8Array([1, 2, 3]), expected)).ok).toBe(false);
  });
});

describe('protocol workbook', () => {
  it('writes the tables with numbers as numbers and typed text safe', async () => {
    const bytes = await writeProtocolWorkbook([
      {
        sheet: 'Протокол',
        title: 'Протокол',
        about: [['Лот', '2 000 000,00 сом']],
        columns: [{ header: 'Код' }, { header: 'Итог', numFmt: '0.00' }, { header: 'Причина' }],
        rows: [['A-4MHR', 65.5, '+ повторная экспертиза']],
        notes: ['Ранжирование по среднему баллу'],
      },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Протокол')!;
    expect(ws.getCell('A1').value).toBe('Протокол');
    expect(ws.getRow(5).values).toEqual([undefined, 'A-4MHR', 65.5, '+ повторная экспертиза']);
    expect(ws.getCell('C5').numFmt).toBe('@');
    expect(ws.getCell('A7').value).toBe('Ранжирование по среднему баллу');
  });
});
