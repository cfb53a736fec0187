// The application layer's benchmarks: the program template import, the lying zip bomb sent to every
// import, and the results bulk import on each engine (PostgreSQL too with TEST_DATABASE_URL). They
// print numbers and never fail on a timing. `pnpm bench -- zip` runs only the ones named with "zip".
// The bulk import: `BENCH_BULK_ROWS=1000000` for the million-row run, `BENCH_ENGINES=postgres` for one engine.
const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  program: async () => (await import('./program.bench.ts')).default(),
  'zip-bomb': async () => (await import('./zip-bomb.bench.ts')).default(),
  stall: async () => (await import('./stall.bench.ts')).default(),
  // Each engine in its own process, so its peak RSS is its own (PGlite's WASM heap is never given back).
  'bulk-import': async () => {
    const { testEngines } = await import('@kamkor/db/testing');
    const { spawnSync } = await import('node:child_process');
    const { writeBenchSheet } = await import('./bulk-import.ts');
    const path = await writeBenchSheet();
    const engines = process.env.BENCH_ENGINES ? testEngines.filter((e) => process.env.BENCH_ENGINES!.split(',').includes(e)) : testEngines;
    for (const engine of engines) {
      const r = spawnSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--one-engine', engine, path], { stdio: 'inherit' });
      if (r.status !== 0) console.log(`  (${engine}: the bench process exited with ${r.status})`);
    }
  },
  // P2 (issue 10): each engine in its own process, as the bulk import.
  export: async () => {
    const { testEngines } = await import('@kamkor/db/testing');
    const { spawnSync } = await import('node:child_process');
    const engines = process.env.BENCH_ENGINES ? testEngines.filter((e) => process.env.BENCH_ENGINES!.split(',').includes(e)) : testEngines;
    for (const engine of engines) {
      const r = spawnSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--export-engine', engine, ...process.argv.slice(3)], { stdio: 'inherit' });
      if (r.status !== 0) console.log(`  (${engine}: the bench process exited with ${r.status})`);
    }
  },
};
if (process.argv[2] === '--export-engine') {
  const { benchExport } = await import('./export.bench.ts');
  const scale = Number(process.argv.slice(4).find((a) => /^\d*\.?\d+$/.test(a)) ?? 1);
  await benchExport(process.argv[3] as 'pglite' | 'postgres', scale);
  process.exit(0);
}
if (process.argv[2] === '--one-engine') {
  const { benchBulkImport } = await import('./bulk-import.ts');
  await benchBulkImport(process.argv[3] as 'pglite' | 'postgres', process.argv[4]!);
  process.exit(0);
}
for (const [name, run] of Object.entries(benches)) {
  if (only && !name.includes(only)) continue;
  console.log(`\n## ${name}`);
  await run();
}
