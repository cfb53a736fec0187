import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SOM_FORMAT, writeTableCsvStream, writeTableXlsxStream, type StreamCell, type StreamColumn } from './table-stream.ts';

function sink() {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(c: Buffer, _e, done) {
      chunks.push(c);
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

const columns: StreamColumn[] = [
  { header: 'Аталышы', kind: 'text' },
  { header: 'Жыл', kind: 'integer' },
  { header: 'Сумма', kind: 'money' },
  { header: 'Башталышы', kind: 'date' },
  { header: 'Саны', kind: 'count' },
];
async function* pages(): AsyncIterable<StreamCell[][]> {
  yield [['Өнүгүү', 2026, 1234.5, new Date(Date.UTC(2026, 0, 15)), 12000]];
  yield [['=HYPERLINK("http://evil","x")', 2025, null, null, 0], ['+996 555', null, 0.01, null, 3]];
}

describe('streamed table export', () => {
  it('writes the about sheet, then typed cells: money in som, dates as dates, typed formulas as text', async () => {
    const { out, bytes } = sink();
    const progress: number[] = [];
    const rows = await writeTableXlsxStream(out, {
      aboutSheet: 'Маалымат',
      dataSheet: 'Маалыматтар',
      title: 'Долбоорлор',
      about: [['Ким', 'Динара (analyst@kamkor.kg)'], ['Издөө', '=cmd']],
      columns,
      pages: pages(),
      onPage: (n) => void progress.push(n),
    });
    expect(rows).toBe(3);
    expect(progress).toEqual([1, 3]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes() as unknown as ArrayBuffer);
    const [about, data] = wb.worksheets;
    expect(about!.name).toBe('Маалымат');
    expect(about!.getCell('A1').value).toBe('Долбоорлор');
    expect(about!.getCell('B3').value).toBe('=cmd');
    expect(about!.getCell('B3').numFmt).toBe('@');
    expect(data!.getRow(1).values).toEqual([undefined, 'Аталышы', 'Жыл', 'Сумма', 'Башталышы', 'Саны']);
    expect(data!.getCell('B2').value).toBe(2026);
    expect(data!.getCell('B2').numFmt).toBe('0');
    expect(data!.getCell('C2').value).toBe(1234.5);
    expect(data!.getCell('C2').numFmt).toBe(SOM_FORMAT);
    expect((data!.getCell('D2').value as Date).toISOString().slice(0, 10)).toBe('2026-01-15');
    expect(data!.getCell('D2').numFmt).toBe('dd.mm.yyyy');
    expect(data!.getCell('A3').value).toBe('=HYPERLINK("http://evil","x")');
    expect(data!.getCell('A3').numFmt).toBe('@');
    expect(data!.getCell('A3').formula).toBeUndefined();
    expect(data!.getCell('A4').numFmt).toBe('@');
    expect(data!.rowCount).toBe(4);
  });

  it('writes CSV a page at a time: facts as comments, text quoted and neutralised, numbers bare', async () => {
    const { out, bytes } = sink();
    await writeTableCsvStream(out, { title: 'Долбоорлор', about: [['Ким', 'Динара, "аналитик"']], columns, pages: pages() });
    const text = bytes().toString('utf8');
    expect(text.startsWith('\uFEFF# Долбоорлор: \r\n# Ким: Динара   аналитик \r\n"Аталышы","Жыл"')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""x"")",2025,,,0\r\n`);
    expect(text).toContain(`"'+996 555",,0.01,,3\r\n`);
    expect(text).toContain('"Өнүгүү",2026,1234.5,2026-01-15,12000\r\n');
  });
});
