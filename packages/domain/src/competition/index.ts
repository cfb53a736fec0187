export * from './competition.ts';
export * from './complaints.ts';
export * from './ocds.ts';
export * from './scoring.ts';
export * from './content.ts';
