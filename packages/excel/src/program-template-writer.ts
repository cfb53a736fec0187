import ExcelJS from 'exceljs';
import type { LineData } from '@kamkor/domain';
import { addSafeRow, setSafeValue } from './cells.ts';
import { LINES_SHEET, LISTS_SHEET, MAX_ROWS, META_SHEET, TEMPLATE_FORMAT, TEMPLATE_KIND, fields, templateColumns, type TemplateField } from './program-template-layout.ts';
import { DATE_FORMAT, MONEY_FORMAT, headerStyle, som, toBytes, type Translate } from './sheet-style.ts';

export interface TemplateInput {
  programId: string;
  versionNo: number;
  title: string;
  lines: (LineData & { indicatorCodes: string[] })[];
  lists: {
    areas: { code: string; name: string }[];
    services: { code: string; name: string }[];
    targetGroups: { code: string; name: string }[];
    territories: { code: string; name: string }[];
    indicators: { code: string; name: string }[];
  };
}

/**
 * The import template: a "Lines" sheet prefilled with the program's lines (headers locked, data
 * cells open), dropdowns fed from a "Lists" sheet, and a hidden metadata sheet naming the program
 * and version so a file from another program or a frozen version is refused on import.
 */
export async function writeProgramTemplate(input: TemplateInput, t: Translate): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kamkor';
  const ws = wb.addWorksheet(LINES_SHEET);
  const lists = wb.addWorksheet(LISTS_SHEET);
  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.addRow(['kind', TEMPLATE_KIND]);
  meta.addRow(['format', TEMPLATE_FORMAT]);
  meta.addRow(['program', input.programId]);
  meta.addRow(['version', input.versionNo]);
  // The sheet password guards against slips, not attackers: a low spin count keeps writing fast.
  await meta.protect('kamkor', { spinCount: 100 });

  const widths: Record<TemplateField, number> = {
    lineNo: 8, priorityAreaCode: 12, serviceCode: 12, targetGroupCodes: 18, territorySoates: 34, plannedBeneficiaries: 14,
    budget: 18, periodStart: 14, periodEnd: 14, expectedResults: 44, indicatorCodes: 18,
  };
  ws.columns = fields.map((f) => ({ key: f, width: widths[f], style: { protection: { locked: false } } }));
  const header = ws.getRow(1);
  fields.forEach((f, i) => {
    const c = header.getCell(i + 1);
    c.value = t(`program:template.columns.${f}`);
    c.protection = { locked: true };
    c.note = t(`program:template.hints.${f}`);
  });
  headerStyle(header);
  header.height = 45;
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const l of [...input.lines].sort((a, b) => a.lineNo - b.lineNo)) {
    addSafeRow(ws, [
      l.lineNo,
      l.priorityAreaCode,
      l.serviceCode,
      l.targetGroupCodes.join(', '),
      l.territorySoates.join(', '),
      l.plannedBeneficiaries,
      som(l.budgetTyiyn),
      isoToDate(l.periodStart),
      isoToDate(l.periodEnd),
      l.expectedResults ?? '',
      l.indicatorCodes.join(', '),
    ]);
  }
  ws.getColumn('budget').numFmt = MONEY_FORMAT;
  ws.getColumn('periodStart').numFmt = DATE_FORMAT;
  ws.getColumn('periodEnd').numFmt = DATE_FORMAT;
  ws.getColumn('lineNo').numFmt = '0';

  // Lists: pairs of code/name columns; dropdowns refer to the code columns.
  const blocks = [
    ['areas', input.lists.areas],
    ['services', input.lists.services],
    ['targetGroups', input.lists.targetGroups],
    ['territories', input.lists.territories],
    ['indicators', input.lists.indicators],
  ] as const;
  lists.columns = blocks.flatMap(() => [{ width: 18 }, { width: 50 }]);
  const listRef: Record<string, string> = {};
  blocks.forEach(([name, items], i) => {
    const codeCol = i * 2 + 1;
    lists.getCell(1, codeCol).value = t(`program:template.lists.${name}`);
    lists.getCell(1, codeCol + 1).value = t('program:excel.columns.name');
    items.forEach((it, r) => {
      setSafeValue(lists.getCell(r + 2, codeCol), it.code);
      setSafeValue(lists.getCell(r + 2, codeCol + 1), it.name);
    });
    const letter = lists.getColumn(codeCol).letter;
    listRef[name] = `${LISTS_SHEET}!$${letter}$2:$${letter}$${Math.max(2, items.length + 1)}`;
  });
  headerStyle(lists.getRow(1));
  await lists.protect('kamkor', { selectLockedCells: true, selectUnlockedCells: true, spinCount: 100 });

  const range = (f: TemplateField) => `${templateColumns[f]}2:${templateColumns[f]}${MAX_ROWS}`;
  const dropdown = (f: TemplateField, ref: string, strict: boolean) =>
    validations(ws).add(range(f), {
      type: 'list',
      allowBlank: true,
      formulae: [ref],
      // Multi-value columns accept "TG-01, TG-03": the list helps, it cannot refuse.
      showErrorMessage: strict,
      errorStyle: 'stop',
      error: t('program:template.pickFromList'),
    });
  dropdown('priorityAreaCode', listRef.areas!, true);
  dropdown('serviceCode', listRef.services!, true);
  dropdown('targetGroupCodes', listRef.targetGroups!, false);
  dropdown('territorySoates', listRef.territories!, false);
  dropdown('indicatorCodes', listRef.indicators!, false);
  validations(ws).add(range('plannedBeneficiaries'), { type: 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], showErrorMessage: true, error: t('program:errors.wholeNumber') });
  validations(ws).add(range('budget'), { type: 'decimal', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], showErrorMessage: true, error: t('program:errors.money') });
  // Headers locked, data open; users may add and delete rows.
  await ws.protect('kamkor', { selectLockedCells: true, selectUnlockedCells: true, insertRows: true, deleteRows: true, formatColumns: true, sort: true, autoFilter: true, spinCount: 100 });
  return toBytes(wb);
}

/** exceljs has range validations at runtime (`ws.dataValidations.add`) but not in its typings. */
function validations(ws: ExcelJS.Worksheet) {
  return (ws as unknown as { dataValidations: { add: (range: string, v: ExcelJS.DataValidation) => void } }).dataValidations;
}

function isoToDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}
