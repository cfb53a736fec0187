export * from './program.ts';
export * from './totals.ts';
export * from './diff.ts';
