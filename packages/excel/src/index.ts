export * from './guard.ts';
export * from './cells.ts';
export * from './classifier.ts';
export * from './program.ts';
export * from './assessment.ts';
export * from './results.ts';
