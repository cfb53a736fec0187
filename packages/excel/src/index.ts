// @kamkor/excel: workbook writers and readers, and the one guarded way to open a user's workbook.
export * from './guard.ts';
export * from './open-workbook.ts';
export * from './streamed-workbook.ts';
export * from './cells.ts';
export * from './sheet-style.ts';
export * from './error-copy.ts';
export * from './classifier.ts';
export * from './assessment.ts';
export * from './program-workbook.ts';
export * from './discussion-summary.ts';
export { TEMPLATE_FORMAT, TEMPLATE_KIND, templateColumns, type TemplateField } from './program-template-layout.ts';
export * from './program-template-writer.ts';
export * from './program-template-reader.ts';
export {
  REPORT_TEMPLATE_KIND,
  REPORT_TEMPLATE_VERSION,
  rowKey,
  templateChecksum,
  type ReportTemplateInput,
  type TemplateLabels,
  type TemplateRow,
} from './report-template-layout.ts';
export * from './report-template-writer.ts';
export * from './report-template-reader.ts';
export * from './bulk-sheet-reader.ts';
export * from './bulk-sheet-writer.ts';
export * from './explorer-export.ts';
export * from './xlsform.ts';
export * from './annual-report.ts';
export * from './score-sheet.ts';
export * from './responses.ts';
export * from './table-stream.ts';
