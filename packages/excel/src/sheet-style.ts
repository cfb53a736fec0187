import type ExcelJS from 'exceljs';

/** Translator passed in by the caller, so headers come out in the user's language. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const MONEY_FORMAT = '#,##0.00';
export const COUNT_FORMAT = '#,##0';
export const DATE_FORMAT = 'dd.mm.yyyy';

/** The workbook as bytes. */
export async function toBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function safeSheetName(name: string): string {
  return name.replace(/[*?:\\/[\]]/g, ' ').trim().slice(0, 31) || 'Sheet';
}

/** Money in tyiyn as som for a money-formatted cell. */
export const som = (tyiyn: number) => tyiyn / 100;

/** The header row look shared by our tables: bold, wrapped, light blue, underlined. */
export function headerStyle(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
    c.border = { bottom: { style: 'thin' } };
  });
}

/** Column letter of a 1-based column number (1 → A, 27 → AA). */
export function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** ISO date text as DD.MM.YYYY (dates are formatted explicitly, see the README's stack notes). */
export function fmtDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}
