// The import workflows (read workbook → validate → dry run → apply → error copy) reach routes only
// through this .server module, from the application layer @kamkor/app (docs/decisions/010-application-layer.md).
export * from '@kamkor/app';
