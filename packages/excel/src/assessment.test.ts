import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTallyWorkbook, writeSheetsWorkbook, writeTallyTemplate } from './assessment.ts';
import { writeErrorCopy } from './error-copy.ts';

const labels = { sheet: 'Tally', title: 'Tally', meeting: 'Meeting', village: 'Village', date: 'Date', number: 'No.', problem: 'Problem', votes: 'Votes', instructions: 'Fill in votes' };
const problems = [
  { number: 1, title: 'Water' },
  { number: 2, title: 'Kindergarten' },
  { number: 3, title: 'Roads' },
];

async function fill(bytes: Uint8Array, edit: (ws: ExcelJS.Worksheet) => void) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  edit(wb.worksheets[0]!);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('tally template round trip', () => {
  it('reads back the votes typed into the template', async () => {
    const tpl = await writeTallyTemplate({ meetingId: 'm-1', villageName: 'Besh-Koruk', heldOn: '05.10.2015', problems }, labels);
    const filled = await fill(tpl, (ws) => {
      ws.getCell('C8').value = 18;
      ws.getCell('C9').value = '52';
    });
    const read = await readTallyWorkbook(filled, { meetingId: 'm-1', problemNumbers: [1, 2, 3] });
    expect(read).toEqual({ ok: true, errors: [], votes: [{ number: 1, votes: 18 }, { number: 2, votes: 52 }, { number: 3, votes: 0 }] });
  });

  it('reports bad votes, formulas, unknown and repeated problems by cell', async () => {
    const tpl = await writeTallyTemplate({ meetingId: 'm-1', villageName: 'V', heldOn: '', problems }, labels);
    const filled = await fill(tpl, (ws) => {
      ws.getCell('C8').value = -3;
      ws.getCell('C9').value = { formula: '1+1', result: 2 } as ExcelJS.CellFormulaValue;
      ws.getCell('A10').value = 9;
      ws.getCell('C10').value = 1;
      ws.getCell('A11').value = 1;
      ws.getCell('C11').value = 4.5;
    });
    const read = await readTallyWorkbook(filled, { meetingId: 'm-1', problemNumbers: [1, 2, 3] });
    if (!read.ok) throw new Error('expected ok');
    expect(read.errors.map((e) => [e.cell, e.messageKey])).toEqual([
      ['C8', 'assessment:excel.votes'],
      ['C9', 'assessment:excel.formula'],
      ['A10', 'assessment:excel.unknownProblem'],
      ['A11', 'assessment:excel.duplicateProblem'],
    ]);
  });

  it('questions a problem with more votes than people at the meeting (1 234 votes, 65 attended)', async () => {
    const tpl = await writeTallyTemplate({ meetingId: 'm-1', villageName: 'V', heldOn: '', problems }, labels);
    const filled = await fill(tpl, (ws) => {
      ws.getCell('C8').value = 1234;
      ws.getCell('C9').value = 65;
    });
    const read = await readTallyWorkbook(filled, { meetingId: 'm-1', problemNumbers: [1, 2, 3], attendees: 65 });
    if (!read.ok) throw new Error('expected ok');
    expect(read.errors).toEqual([{ sheet: 'Tally', cell: 'C8', messageKey: 'assessment:excel.votesOverAttendance', params: { votes: 1234, attendees: 65 } }]);
    expect(read.votes).toEqual([{ number: 2, votes: 65 }, { number: 3, votes: 0 }]);
  });

  it("refuses another meeting's sheet and a file that is not xlsx", async () => {
    const tpl = await writeTallyTemplate({ meetingId: 'm-1', villageName: 'V', heldOn: '', problems }, labels);
    const read = await readTallyWorkbook(tpl, { meetingId: 'm-2', problemNumbers: [1, 2, 3] });
    expect(read.ok && read.errors[0]).toMatchObject({ cell: 'B3', messageKey: 'assessment:excel.wrongMeeting' });
    expect(await readTallyWorkbook(new TextEncoder().encode('votes,1,2'), { meetingId: 'm-1', problemNumbers: [1] })).toEqual({ ok: false, messageKey: 'excel.errors.notXlsx' });
  });

  it('marks errors in a copy of the upload', async () => {
    const tpl = await writeTallyTemplate({ meetingId: 'm-1', villageName: 'V', heldOn: '', problems }, labels);
    const marked = await writeErrorCopy(tpl, [{ sheet: 'Tally', cell: 'C8', text: 'Votes must be a whole number' }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(marked as unknown as ArrayBuffer);
    const cell = wb.worksheets[0]!.getCell('C8');
    expect(JSON.stringify(cell.note)).toContain('Votes must be a whole number');
  });
});

describe('writeSheetsWorkbook', () => {
  it('writes one sheet per section with headers and safe, unique names', async () => {
    const bytes = await writeSheetsWorkbook([
      { name: 'Problems / gallery', headers: ['No.', 'Title'], rows: [[1, 'Water']] },
      { name: 'Problems / gallery', headers: ['x'], rows: [] },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Problems   gallery', 'Problems   gallery 2']);
    expect(wb.worksheets[0]!.getCell('B2').value).toBe('Water');
  });
});
