export * from './runner.ts';
export * from './export.ts';
export * from './import.ts';
export * from './sources.ts';
export * from './translate.ts';
