import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkXlsx, defaultLimits } from './guard.ts';
import { openWorkbook } from './open-workbook.ts';
import { levelFromSoate, readClassifierWorkbook, writeClassifierWorkbook } from './classifier.ts';
import { deflatedEntry, lyingZipBomb, writeZip } from './test-zip.ts';

async function realWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('A').addRow([1, 2, 3]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('upload guard', () => {
  it('accepts a real workbook written by exceljs', async () => {
    expect(await checkXlsx(await realWorkbook())).toEqual({ ok: true });
  });
  it('refuses files that are not xlsx with a clear message', async () => {
    expect(await checkXlsx(new TextEncoder().encode('name,value\nA,1'))).toMatchObject({ ok: false, messageKey: 'excel.errors.notXlsx' });
    expect(await checkXlsx(new Uint8Array())).toMatchObject({ ok: false, messageKey: 'excel.errors.empty' });
    expect(await checkXlsx(writeZip([deflatedEntry('hello.txt', 'hello')]))).toMatchObject({ ok: false, messageKey: 'excel.errors.notXlsx' });
  });
  it('refuses a zip that admits to being a bomb without inflating it', async () => {
    const honest = lyingZipBomb(1, 4_000_000_000);
    expect(await checkXlsx(honest)).toMatchObject({ ok: false, messageKey: 'excel.errors.inflatedTooLarge', params: { mb: 200 } });
  });
  it('refuses a lying bomb by the real inflated bytes, whatever the central directory declares', async () => {
    const bomb = lyingZipBomb(300);
    // By the compression ratio (the default limits) …
    expect(await checkXlsx(bomb)).toMatchObject({ ok: false, messageKey: 'excel.errors.inflatedTooLarge' });
    // … by the per-entry limit with the ratio check off …
    expect(await checkXlsx(bomb, { ...defaultLimits, maxRatio: Infinity })).toMatchObject({ ok: false, messageKey: 'excel.errors.inflatedTooLarge' });
    // … and by the total with both off.
    expect(await checkXlsx(lyingZipBomb(20), { ...defaultLimits, maxRatio: Infinity, maxEntryBytes: Infinity, maxUncompressedBytes: 10 * 1048576 })).toMatchObject({
      ok: false,
      messageKey: 'excel.errors.inflatedTooLarge',
      params: { mb: 10 },
    });
    // openWorkbook never hands it to exceljs.
    expect(await openWorkbook(bomb)).toMatchObject({ ok: false, messageKey: 'excel.errors.inflatedTooLarge' });
  });
  it('refuses a zip that under-states an entry below the limits (sizes that do not add up)', async () => {
    expect(await checkXlsx(lyingZipBomb(2, 1024), { ...defaultLimits, maxRatio: Infinity })).toMatchObject({ ok: false, messageKey: 'excel.errors.unreadable' });
  });
  it('refuses too many entries', async () => {
    expect(await checkXlsx(await realWorkbook(), { ...defaultLimits, maxEntries: 3 })).toMatchObject({ ok: false, messageKey: 'excel.errors.tooComplex' });
  });
  it('refuses an oversize upload', async () => {
    const big = new Uint8Array(30 * 1024 * 1024);
    big[0] = 0x50;
    big[1] = 0x4b;
    expect(await checkXlsx(big)).toMatchObject({ ok: false, messageKey: 'excel.errors.tooLarge' });
  });
  it('refuses a zip with an entry hidden from its central directory', async () => {
    const good = Buffer.from(await realWorkbook());
    const hidden = Buffer.from(writeZip([deflatedEntry('x.xml', 'hidden')]));
    // Prepend a local entry the central directory does not list (offsets shift, so nothing tiles).
    const local = hidden.subarray(0, hidden.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    expect(await checkXlsx(new Uint8Array(Buffer.concat([local, good])))).toMatchObject({ ok: false });
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
