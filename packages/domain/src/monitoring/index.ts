export * from './visits.ts';
export * from './recommendations.ts';
export * from './questionnaire.ts';
export * from './builder.ts';
export * from './evaluation.ts';
export * from './annual-report.ts';
export * from './responses.ts';
export * from './responses-import.ts';
