/**
 * First characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a typed value as a
 * formula or a DDE call — `=`, `+`, `-`, `@`, and tab and carriage return, which some importers skip
 * before looking — plus their full-width forms, which some of them fold to the ASCII ones.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** True when a spreadsheet could take this text for a formula. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * Text a user typed, made safe to put in an exported workbook or CSV: when it could start a formula it
 * is prefixed with an apostrophe (the spreadsheet convention for "this is text"), otherwise returned
 * unchanged. Apply it to free text only, never to numbers, dates or codes written as such.
 *
 * @example neutraliseFormula('=HYPERLINK("http://x","click")') // "'=HYPERLINK(\"http://x\",\"click\")"
 * @example neutraliseFormula('Жаңы мектеп') // 'Жаңы мектеп'
 */
export function neutraliseFormula(text: string): string;
export function neutraliseFormula(text: string | null | undefined): string | null | undefined;
export function neutraliseFormula(text: string | null | undefined): string | null | undefined {
  if (text == null) return text;
  return startsLikeFormula(text) ? `'${text}` : text;
}
