import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeSheetsWorkbook, writeTallyTemplate } from './assessment.ts';
import { writeBulkSheet } from './bulk-sheet-writer.ts';
import { writeDiscussionSummary } from './discussion-summary.ts';
import { writeProgramWorkbook } from './program-workbook.ts';

const typed = ['=HYPERLINK("http://evil.example","click")', '+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'];

async function load(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** Every cell that holds one of the typed texts: it must be a string cell with the Text format. */
function expectTypedAsText(wb: ExcelJS.Workbook, expected = typed.length) {
  let found = 0;
  for (const ws of wb.worksheets)
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        // XML turns a typed CR into LF on the way back.
        const text = typeof cell.value === 'string' ? cell.value.replace(/^\n/, '\r') : null;
        if (!typed.includes(text ?? '') && cell.type !== ExcelJS.ValueType.Formula) return;
        found++;
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
        expect(cell.numFmt).toBe('@');
      }),
    );
  expect(found).toBeGreaterThanOrEqual(expected);
}

describe('formula neutralising in every writer', () => {
  it('keeps typed text that starts like a formula as text (sheets, tally, bulk)', async () => {
    expectTypedAsText(await load(await writeSheetsWorkbook([{ name: 'Problems', headers: ['Title'], rows: typed.map((t) => [t]) }])));
    const tally = await writeTallyTemplate(
      { meetingId: 'm', villageName: '=1+1', heldOn: '2026-01-01', problems: typed.map((title, i) => ({ number: i + 1, title })) },
      { sheet: 'T', title: 't', meeting: 'm', village: 'v', date: 'd', number: 'n', problem: 'p', votes: 'v', instructions: 'i' },
    );
    expectTypedAsText(await load(tally));
    expectTypedAsText(await load(await writeBulkSheet(['project_code'], typed.map((t) => [t]))));
  });
  it('keeps public comments and program texts as text (discussion summary, program table)', async () => {
    const t = (k: string) => k;
    const summary = await writeDiscussionSummary(
      { title: 'S', facts: [], rows: typed.map((text, i) => ({ no: i + 1, author: text, line: '1', proposal: text, response: 'accepted', reasons: text })) },
      t,
    );
    expectTypedAsText(await load(summary), typed.length * 3);
    const program = await writeProgramWorkbook(
      {
        title: '=cmd|" /C calc"!A0',
        facts: [['+1', '-1']],
        lines: typed.map((text, i) => ({
          lineNo: i + 1, areaCode: 'A', area: 'Area', service: text, targetGroups: '', territories: '', plannedBeneficiaries: 1,
          budgetTyiyn: 100, periodStart: '2026-01-01', periodEnd: '2026-12-31', expectedResults: text, indicators: '',
        })),
        totals: [],
      },
      t,
    );
    const wb = await load(program);
    expectTypedAsText(wb, typed.length * 2);
    expect(wb.worksheets[0]!.getCell('A1').type).toBe(ExcelJS.ValueType.String);
  });
});
