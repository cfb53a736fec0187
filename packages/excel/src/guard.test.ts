import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { inspectXlsx } from './guard.ts';
import { levelFromSoate, readClassifierWorkbook, writeClassifierWorkbook } from './classifier.ts';

/** A minimal zip with one stored entry whose central directory claims `claimed` uncompressed bytes. */
function zipWithEntry(name: string, claimed: number): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const body = deflateRawSync(Buffer.alloc(16));
  const local = Buffer.alloc(30 + nameBytes.length);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(claimed, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  Buffer.from(nameBytes).copy(local, 30);
  const central = Buffer.alloc(46 + nameBytes.length);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(claimed, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  Buffer.from(nameBytes).copy(central, 46);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length, 12);
  eocd.writeUInt32LE(local.length + body.length, 16);
  return new Uint8Array(Buffer.concat([local, body, central, eocd]));
}

describe('upload guard', () => {
  it('accepts a real workbook written by exceljs', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('A').addRow([1, 2, 3]);
    expect(inspectXlsx(new Uint8Array(await wb.xlsx.writeBuffer()))).toEqual({ ok: true });
  });
  it('refuses files that are not xlsx with a clear message', () => {
    expect(inspectXlsx(new TextEncoder().encode('name,value\nA,1'))).toMatchObject({ ok: false, messageKey: 'excel.errors.notXlsx' });
    expect(inspectXlsx(new Uint8Array())).toMatchObject({ ok: false, messageKey: 'excel.errors.empty' });
    expect(inspectXlsx(zipWithEntry('hello.txt', 16))).toMatchObject({ ok: false, messageKey: 'excel.errors.notXlsx' });
  });
  it('refuses a zip bomb from its declared sizes without inflating it', () => {
    const bomb = zipWithEntry('xl/worksheets/sheet1.xml', 4_000_000_000);
    expect(inspectXlsx(bomb)).toMatchObject({ ok: false, messageKey: 'excel.errors.tooLarge' });
  });
  it('refuses an oversize upload', () => {
    const big = new Uint8Array(30 * 1024 * 1024);
    big[0] = 0x50;
    big[1] = 0x4b;
    expect(inspectXlsx(big)).toMatchObject({ ok: false, messageKey: 'excel.errors.tooLarge' });
  });
});

describe('SOATE classifier workbook', () => {
  it('infers levels from the code structure', () => {
    expect(levelFromSoate('41700000000000')).toBe('country');
    expect(levelFromSoate('41704000000000')).toBe('oblast');
    expect(levelFromSoate('41711000000000')).toBe('city_republican');
    expect(levelFromSoate('41704210000000')).toBe('rayon');
    expect(levelFromSoate('41702410000000')).toBe('city');
    expect(levelFromSoate('41704210805000')).toBe('aiyl_aimak');
    expect(levelFromSoate('41704210805010')).toBe('village');
  });
  it('reads codes with spaces, skips titles, and reports bad codes by sheet and cell', async () => {
    const file = await writeClassifierWorkbook([
      { name: 'Нарын', rows: [['417 04 000 000 000', 'Нарын облусу', 'Нарынская область'], ['4170421', 'Бузук', 'Испорченный'], ['41704210000000', 'Ак-Талаа району', 'Ак-Талинский район']] },
    ]);
    const read = await readClassifierWorkbook(file);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.units.map((u) => [u.soate, u.level, u.parent_soate])).toEqual([
      ['41704000000000', 'oblast', null],
      ['41704210000000', 'rayon', '41704000000000'],
    ]);
    expect(read.errors).toEqual([{ sheet: 'Нарын', cell: 'A3', messageKey: 'errors.soate', params: { value: '4170421' } }]);
  });
  it('says so when a workbook has no codes at all', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['hello']);
    const read = await readClassifierWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(read).toMatchObject({ ok: false, messageKey: 'territory.import.noUnits' });
  });
});
