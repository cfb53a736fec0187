// Runs every benchmark in this folder (*.bench.ts) and prints its numbers. Benchmarks report; they never
// fail on a timing. Set TEST_DATABASE_URL to include PostgreSQL. The import workflows (program template,
// results bulk import, the lying zip bomb) are benchmarked in packages/app/bench.
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
