export * from './explorer.ts';
