/** Runs the @kamkor/db benchmarks on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set. */
import { testEngines } from '../src/testing.ts';
import { benchBulkImport } from './bulk-import.ts';

for (const engine of testEngines) await benchBulkImport(engine);
