// @kamkor/app: the application layer. Workflows that need both the workbook package and the
// database live here, so that @kamkor/db never imports @kamkor/excel (docs/decisions/010). Every
// workbook import runs on one pipeline (import-pipeline.ts: read → validate → dry run → apply → error
// copy) with a definition per import in its own module (docs/decisions/021).
export * from './report-upload.ts';
export * from './bulk-import.ts';
export * from './program-line-import.ts';
export * from './tally-import.ts';
export * from './classifier-import.ts';
export * from './error-copy.ts';
export * from './import-pipeline.ts';
export * from './analytics-export.ts';
export * from './score-sheet-import.ts';
export * from './parse-pool.ts';
export * from './response-import.ts';
export { bulkLimits } from '@kamkor/excel';
export * from './annual-report-export.ts';
export * from './open-data.ts';
export * from './jobs/index.ts';
export * from './strip-metadata.ts';
export * from './application-attachment.ts';
