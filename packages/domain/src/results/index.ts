export * from './achievement.ts';
export * from './quality.ts';
export * from './periods.ts';
export * from './disaggregation.ts';
export * from './workflow.ts';
export * from './numbering.ts';
export * from './schemas.ts';
export * from './settings.ts';
