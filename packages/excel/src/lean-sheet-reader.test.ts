import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { streamBulkSheet, type BulkRow, type BulkSheetReader } from './bulk-sheet-reader.ts';
import { writeBulkSheet } from './bulk-sheet-writer.ts';
import { bulkLimits } from './guard.ts';
import { deflatedEntry, writeZip } from './test-zip.ts';

/** Everything a reader hands on: the rows, batch by batch, the sheet named, and the result. */
async function readWith(bytes: Uint8Array, reader: BulkSheetReader, opts: { batchSize?: number; maxRows?: number } = {}) {
  const batches: BulkRow[][] = [];
  const sheets: string[] = [];
  const limits = opts.maxRows ? { ...bulkLimits, maxRows: opts.maxRows } : bulkLimits;
  const result = await streamBulkSheet(bytes, async (b) => void batches.push(b), { reader, batchSize: opts.batchSize ?? 3, limits, onSheet: (n) => sheets.push(n) });
  return { batches, sheets, result };
}

/** Both readers on the same bytes: the same rows, errors, sheet name and result; the lean one really used. */
async function expectSameAsExceljs(bytes: Uint8Array) {
  const lean = await readWith(bytes, 'lean');
  const exceljs = await readWith(bytes, 'exceljs');
  expect(lean.result).toMatchObject({ ok: true, reader: 'lean' });
  expect(exceljs.result).toMatchObject({ ok: true, reader: 'exceljs' });
  expect(lean.batches).toEqual(exceljs.batches);
  expect(lean.sheets).toEqual(exceljs.sheets);
  expect({ ...lean.result, reader: 'x' }).toEqual({ ...exceljs.result, reader: 'x' });
  return lean;
}

const header = ['project_code', 'indicator_code', 'period', 'sex', 'age_group', 'disability', 'territory', 'value', 'numerator', 'denominator'];

/** A workbook written by hand, as other tools write one: inline strings, styles, formulas, errors. */
function handWritten(sheetName: string, rowsXml: string, sharedStrings?: string[]): Uint8Array {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const entries = [
    deflatedEntry(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    deflatedEntry('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    deflatedEntry('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns}><sheets><sheet name="${esc(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    deflatedEntry(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/>${sharedStrings ? `<Relationship Id="rId3" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    ),
    // Styles: 0 general, 1 the built-in date format 14, 2 a custom date format, 3 a custom number format.
    deflatedEntry(
      'xl/styles.xml',
      `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${ns}><numFmts count="2"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00&quot; сом&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    ),
    ...(sharedStrings
      ? [deflatedEntry('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst ${ns} count="${sharedStrings.length}">${sharedStrings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`)]
      : []),
    deflatedEntry('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData>${rowsXml}</sheetData></worksheet>`),
  ];
  return writeZip(entries);
}

const letters = 'ABCDEFGHIJ';
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const headerRow = `<row r="1">${header.map((h, i) => inline(`${letters[i]}1`, h)).join('')}</row>`;

describe('lean bulk sheet reader', () => {
  it('reads what exceljs reads from a workbook exceljs wrote: shared strings, dates, formulas, empty cells, a sheet named Лист1', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Лист1');
    ws.addRow(['Код проекта', 'Код индикатора', 'Период', 'Пол', 'Возраст', null, null, 'Значение', 'Числитель', 'Знаменатель']);
    ws.addRow(['P-1', 'I1', '2025-Q1', 'f', '18-34', null, null, 12, null, null]);
    ws.addRow(['P-1', 'I1', new Date(Date.UTC(2025, 3, 15)), 'ж', '0-17', null, null, '1,5', null, null]);
    ws.addRow(['P-1', 'I2', '2025-Q1', null, null, null, null, { formula: 'H2*2', result: 24 }, null, null]);
    ws.addRow([{ formula: '"P-"&"2"', result: 'P-2' }, 'I3', '2025-Q2', null, null, null, null, null, 3, 4]);
    ws.addRow(['P-2', 'I4', '2025-Q2', null, null, null, null, 'много', null, null]);
    ws.addRow([]);
    ws.addRow(['  P-3  ', 'i5', 45689, null, null, null, null, -7.25, null, null]);
    const dated = ws.addRow(['P-3', 'I6', 45700, null, null, null, null, 45700, null, null]);
    dated.getCell(8).numFmt = 'dd.mm.yyyy';
    ws.addRow(['P-3', 'I7', '2025-Q1', null, null, null, null, true, null, null]);
    const lean = await expectSameAsExceljs(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(lean.sheets).toEqual(['Лист1']);
    const rows = lean.batches.flat();
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 8, 9, 10]);
    expect(rows[1]).toMatchObject({ period: '2025-04-15', value: 1.5, sex: 'ж' });
    expect(rows[2]!.errors).toEqual([{ sheet: 'Лист1', cell: 'H4', messageKey: 'results:excel.formula' }]);
    expect(rows[3]).toMatchObject({ projectCode: 'P-2', numerator: 3, denominator: 4 });
    expect(rows[4]!.errors).toEqual([{ sheet: 'Лист1', cell: 'H6', messageKey: 'results:excel.notNumber', params: { value: 'много' } }]);
    expect(rows[5]).toMatchObject({ projectCode: 'P-3', period: '2025-02-01', value: -7.25 });
    // A value cell formatted as a date is read as a date by both readers, so it is not a number.
    expect(rows[6]!.errors[0]).toMatchObject({ cell: 'H9', messageKey: 'results:excel.notNumber' });
  });

  it('reads what exceljs reads from the streaming writer (inline strings, the bench and sample sheets)', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => [`P-${i % 7}`, `I${i % 3}`, '2025-Q1', i % 2 ? 'f' : 'm', '18-34', null, null, i * 1.5, null, null]);
    const lean = await expectSameAsExceljs(await writeBulkSheet(header, rows));
    expect(lean.batches.flat()).toHaveLength(50);
    expect(lean.batches).toHaveLength(17);
  });

  it('reads a hand-written sheet as exceljs does: inline and shared strings, styled dates, formulas, errors, gaps', async () => {
    const shared = ['P-9', 'I1', '2025-Q3', 'Ж', 'x < y & z'];
    const s = (ref: string, i: number) => `<c r="${ref}" t="s"><v>${i}</v></c>`;
    const rowsXml = [
      headerRow,
      `<row r="2">${s('A2', 0)}${s('B2', 1)}${s('C2', 2)}${s('D2', 3)}<c r="H2"><v>10</v></c></row>`,
      `<row r="3">${inline('A3', 'P-9')}${inline('B3', 'I2')}<c r="C3" s="1"><v>45750</v></c><c r="H3" s="3"><v>1234.5</v></c></row>`,
      `<row r="4">${inline('A4', 'P-9')}${inline('B4', 'I3')}<c r="C4" s="2"><v>45751</v></c><c r="H4"><f>SUM(1,2)</f><v>3</v></c></row>`,
      `<row r="5">${inline('A5', 'P-9')}${inline('B5', 'I4')}${inline('C5', '2025-Q3')}<c r="H5" t="e"><v>#DIV/0!</v></c><c r="I5" t="b"><v>1</v></c></row>`,
      `<row r="6"><c r="A6" t="str"><f>"P-"&amp;9</f><v>P-9</v></c>${inline('B6', 'I5')}${inline('C6', '2025-Q3')}<c r="H6"><f t="shared" ref="H6:H7" si="0">1+1</f><v>2</v></c></row>`,
      `<row r="7">${inline('A7', 'P-9')}${inline('B7', 'I6')}${inline('C7', '2025-Q3')}<c r="H7"><f t="shared" si="0"/><v>2</v></c></row>`,
      `<row r="8"><c r="A8" s="1"/><c r="B8" t="s"/></row>`,
      `<row r="12">${inline('A12', 'P-9')}${inline('B12', 'I7')}${inline('C12', ' 2025-Q3 ')}${s('E12', 4)}<c r="H12"><v>-0.5</v></c><c r="J12" t="inlineStr"><is><t>7</t></is></c></row>`,
    ].join('');
    const lean = await expectSameAsExceljs(handWritten('Лист1', rowsXml, shared));
    expect(lean.sheets).toEqual(['Лист1']);
    const rows = lean.batches.flat();
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 12]);
    expect(rows[0]).toMatchObject({ projectCode: 'P-9', indicatorCode: 'I1', period: '2025-Q3', sex: 'Ж', value: 10 });
    expect(rows[1]).toMatchObject({ period: '2025-04-03', value: 1234.5 });
    expect(rows[2]).toMatchObject({ period: '2025-04-04' });
    expect(rows[2]!.errors).toEqual([{ sheet: 'Лист1', cell: 'H4', messageKey: 'results:excel.formula' }]);
    expect(rows[3]!.errors.map((e) => e.cell)).toEqual(['H5', 'I5']);
    expect(rows[4]).toMatchObject({ projectCode: 'P-9' });
    expect(rows[5]!.errors).toEqual([{ sheet: 'Лист1', cell: 'H7', messageKey: 'results:excel.formula' }]);
    expect(rows[6]).toMatchObject({ period: '2025-Q3', age_group: 'x < y & z', value: -0.5, denominator: 7 });
  });

  it('stops at the row limit while reading, as exceljs does: rows past it are never handed on', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ['P-1', 'I1', '2025-Q1', null, null, null, null, i, null, null]);
    const bytes = await writeBulkSheet(header, rows);
    const lean = await readWith(bytes, 'lean', { maxRows: 100, batchSize: 10 });
    const exceljs = await readWith(bytes, 'exceljs', { maxRows: 100, batchSize: 10 });
    expect(lean.result).toMatchObject({ ok: false, messageKey: 'excel.errors.tooManyRows', params: { max: 100, cells: bulkLimits.maxCells }, rowsRead: 101 });
    expect(lean.result).toEqual(exceljs.result);
    // The header and 99 rows were read before the limit, so at most 9 full batches went on.
    expect(lean.batches.flat().length).toBeLessThanOrEqual(99);
    expect(lean.batches).toEqual(exceljs.batches);
  });

  it('leaves a workbook in the 1904 date system to exceljs', async () => {
    const bytes = handWritten('data', `${headerRow}<row r="2">${inline('A2', 'P')}${inline('B2', 'I')}<c r="C2" s="1"><v>40000</v></c><c r="H2"><v>1</v></c></row>`);
    const patched = handWritten1904(bytes);
    const lean = await readWith(patched, 'lean');
    expect(lean.result).toMatchObject({ ok: true, reader: 'exceljs', rows: 1 });
  });

  it('refuses a lying zip bomb before reading, like the exceljs reader', async () => {
    const { lyingZipBomb } = await import('./test-zip.ts');
    const lean = await readWith(lyingZipBomb(), 'lean');
    expect(lean.result).toMatchObject({ ok: false, messageKey: 'excel.errors.inflatedTooLarge' });
    expect(lean.batches).toEqual([]);
  });
});

/** The same hand-written workbook with `date1904` set (rebuilt: the entries are deflated). */
function handWritten1904(_bytes: Uint8Array): Uint8Array {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return writeZip([
    deflatedEntry('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
    deflatedEntry('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns}><workbookPr date1904="1"/><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    deflatedEntry('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    deflatedEntry('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData>${headerRow}<row r="2">${inline('A2', 'P')}${inline('B2', 'I')}${inline('C2', '2025-Q1')}<c r="H2"><v>1</v></c></row></sheetData></worksheet>`),
  ]);
}
