/**
 * A problem found in one cell of an uploaded workbook; the message is an i18n key. Owned here (not by
 * `@kamkor/excel`) because the database layer plans imports with it and must not import the excel
 * package (see docs/decisions/010-application-layer.md).
 */
export interface CellError {
  sheet: string;
  cell: string;
  messageKey: string;
  params?: Record<string, unknown>;
}
