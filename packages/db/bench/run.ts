// Runs every benchmark in this folder (*.bench.ts) and prints its numbers. Benchmarks report; they never
// fail on a timing. Set TEST_DATABASE_URL to include PostgreSQL.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only && !file.includes(only)) continue;
  console.log(`\n## ${file}`);
  const mod = (await import(join(here, file))) as { default: () => Promise<void> };
  await mod.default();
}

// The results bulk import (issue #4) lives in bulk-import.ts: PGlite, and PostgreSQL with TEST_DATABASE_URL.
if (!only || 'bulk-import'.includes(only)) {
  console.log('\n## bulk-import.ts');
  const { testEngines } = await import('../src/testing.ts');
  const { benchBulkImport } = await import('./bulk-import.ts');
  for (const engine of testEngines) await benchBulkImport(engine);
}
