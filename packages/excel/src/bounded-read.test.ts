import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTallyWorkbook } from './assessment.ts';
import { streamBulkSheet } from './bulk-sheet-reader.ts';
import { readClassifierWorkbook } from './classifier.ts';
import { writeErrorCopy } from './error-copy.ts';
import { bulkLimits, defaultLimits } from './guard.ts';
import { openWorkbook, scanWorkbook } from './open-workbook.ts';
import { readProgramTemplate } from './program-template-reader.ts';
import { readReportUpload } from './report-template-reader.ts';
import { deflatedEntry, writeZip } from './test-zip.ts';

/** A long sheet written with exceljs's streaming writer (never held whole). */
async function longWorkbook(rows: number, sheet = 'data'): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet(sheet);
  ws.addRow(['project_code', 'indicator_code', 'period', 'value']).commit();
  for (let i = 1; i <= rows; i++) ws.addRow(['P-1', 'I-1', '2025', i]).commit();
  ws.commit();
  await wb.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

describe('bounded reading', () => {
  it('stops reading at the row limit: rows past it are never read', async () => {
    const bytes = await longWorkbook(5000);
    const limits = { ...defaultLimits, maxRows: 100 };
    const scan = await scanWorkbook(bytes, limits);
    expect(scan).toMatchObject({ ok: false, messageKey: 'excel.errors.tooManyRows', params: { max: 100 }, rowsRead: 101 });
    let batches = 0;
    const bulk = await streamBulkSheet(bytes, async () => void batches++, { limits, batchSize: 10 });
    expect(bulk).toMatchObject({ ok: false, messageKey: 'excel.errors.tooManyRows', rowsRead: 101 });
    // Header + 99 rows became batches before the refusal; nothing after row 101 was read.
    expect(batches).toBeLessThanOrEqual(10);
    const opened = await openWorkbook(bytes, limits);
    expect(opened).toMatchObject({ ok: false, messageKey: 'excel.errors.tooManyRows' });
  });

  it('stops reading at the cell limit too', async () => {
    const bytes = await longWorkbook(1000);
    const scan = await scanWorkbook(bytes, { ...defaultLimits, maxCells: 400 });
    // Four cells a row: the 101st row passes 400 cells.
    expect(scan).toMatchObject({ ok: false, messageKey: 'excel.errors.tooManyRows', rowsRead: 101 });
  });

  it('every import refuses a workbook past the default row limit with the same message', async () => {
    const bytes = await longWorkbook(defaultLimits.maxRows);
    const same = { ok: false, messageKey: 'excel.errors.tooManyRows', params: { max: defaultLimits.maxRows } };
    expect(await readProgramTemplate(bytes, { programId: 'x' })).toMatchObject(same);
    expect(await readReportUpload(bytes, { projectId: 'x', projectCode: 'x', periodKey: '2025', rows: [], yesWords: [], noWords: [] })).toMatchObject(same);
    expect(await readTallyWorkbook(bytes, { meetingId: 'x', problemNumbers: [1] })).toMatchObject(same);
    expect(await readClassifierWorkbook(bytes)).toMatchObject(same);
    expect(await streamBulkSheet(bytes, async () => undefined, { limits: defaultLimits })).toMatchObject(same);
    // The bulk sheet has its own, larger limit and the same message past it.
    const bulk = await streamBulkSheet(bytes, async () => undefined);
    expect(bulk).toMatchObject({ ok: true, rows: defaultLimits.maxRows });
    expect(bulkLimits.maxRows).toBeGreaterThan(defaultLimits.maxRows);
    // The bulk sheet's error copy is opened with the bulk limits, so a long sheet with errors still gets one.
    await expect(writeErrorCopy(bytes, [{ sheet: 'data', cell: 'D2', text: 'x' }])).rejects.toThrow();
    const copy = await writeErrorCopy(bytes, [{ sheet: 'data', cell: 'D2', text: 'x' }], bulkLimits);
    expect(copy.byteLength).toBeGreaterThan(0);
  }, 120_000);
});

/** A workbook as openpyxl and others save it: absolute relationship targets, inline strings. */
function absoluteTargetWorkbook(sheet: string): Uint8Array {
  const cell = (ref: string, v: string | number) =>
    typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
  const row = (n: number, vals: (string | number)[]) => `<row r="${n}">${vals.map((v, i) => cell(`${'ABCD'[i]}${n}`, v)).join('')}</row>`;
  return writeZip([
    deflatedEntry(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    deflatedEntry('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>'),
    deflatedEntry(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    deflatedEntry('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>'),
    deflatedEntry(
      'xl/worksheets/sheet1.xml',
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row(1, ['project_code', 'indicator_code', 'period', 'value'])}${row(2, ['P-1', 'I-1', '2025', 'много'])}</sheetData></worksheet>`,
    ),
  ]);
}

describe('error copy on the user\'s own sheet', () => {
  it('names the sheet `Лист1` even when the workbook relationships are absolute, and the copy marks the cell', async () => {
    const bytes = absoluteTargetWorkbook('Лист1');
    const errors: { sheet: string; cell: string }[] = [];
    const read = await streamBulkSheet(bytes, async (rows) => void rows.forEach((r) => errors.push(...r.errors)));
    expect(read).toMatchObject({ ok: true, sheet: 'Лист1' });
    expect(errors).toEqual([expect.objectContaining({ sheet: 'Лист1', cell: 'D2', messageKey: 'results:excel.notNumber' })]);
    const copy = await writeErrorCopy(bytes, errors.map((e) => ({ ...e, text: 'Not a number' })));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(copy) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Лист1')!;
    expect(ws).toBeTruthy();
    expect(String(ws.getCell('D2').note)).toContain('Not a number');
  });
});
