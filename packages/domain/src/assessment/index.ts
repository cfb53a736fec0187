export * from './stages.ts';
export * from './ranking.ts';
export * from './participation.ts';
export * from './cofinancing.ts';
export * from './cause-tree.ts';
export * from './program-line.ts';
export * from './schemas.ts';
