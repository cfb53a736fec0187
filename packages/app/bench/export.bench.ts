/**
 * P2 (issue 10): a background export of 1,000,000 indicator values (the explorer's rows) through the
 * job — the task reads keyset pages from the database, streams them into exceljs's WorkbookWriter and
 * stores the file through FileStorage — side by side with exceljs's bare streaming writer of the same
 * cells from memory. Goal: ≤ 1.3× and peak memory < 250 MB. Builds the deterministic synthetic
 * dataset (`buildBenchDataset`: projects × 20 indicators × 12 months with disaggregation; the export
 * writes the approved totals, about 1,000,000). Prints numbers; asserts nothing.
 * `pnpm bench -- export 0.1` runs a tenth of the size.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { createExportJob, findActor, loadExportJob } from '@kamkor/db';
import { buildBenchDataset } from '@kamkor/db/bench-dataset';
import { createTestDatabase, type TestEngine } from '@kamkor/db/testing';
import { runExportJob } from '../src/jobs/export.ts';

const INDICATORS = 20;
const PERIODS = 12;

function memoryProbe() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    return Math.round(peak / 1048576);
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; mb: number; startMb: number; out: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  const startMb = Math.round(process.memoryUsage().rss / 1048576);
  const stop = memoryProbe();
  const t0 = performance.now();
  const out = await fn();
  return { ms: Math.round(performance.now() - t0), mb: stop(), startMb, out };
}

/** The same cells from memory into the bare streaming writer (no database, no styles but the header). */
async function bareWriter(rows: number) {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      bytes += chunk.length;
      done();
    },
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Data');
  ws.addRow(['Project', 'NGO', 'Program year', 'Priority area', 'Service', 'Oblast', 'Rayon', 'Program indicator', 'Period', 'Actual', 'Target']).commit();
  for (let i = 0; i < rows; i++) {
    const p = Math.floor(i / (INDICATORS * PERIODS)) + 1;
    ws.addRow([`BENCH-${String(p).padStart(5, '0')}`, 'Umut-Nadejda', null, '', '', 'Чүй облусу', 'Аламүдүн району', `I${(i % INDICATORS) + 1} Indicator`, `2025-${String((Math.floor(i / INDICATORS) % PERIODS) + 1).padStart(2, '0')}`, i % 1000, null]).commit();
    // Yield every 5,000 rows as the job does between pages: without it the zip stream never drains and
    // the "bare" writer buffers the whole file (600 MB and slower at 1,000,000 rows).
    if (i % 5000 === 4999) await new Promise((r) => setImmediate(r));
  }
  ws.commit();
  await wb.commit();
  return bytes;
}

export async function benchExport(engine: TestEngine, scale: number) {
  const projects = Math.round((1_000_000 / (INDICATORS * PERIODS)) * scale);
  const h = await createTestDatabase(engine, { demo: true });
  try {
    const built = await timed(() => buildBenchDataset(h.db, { projects, indicators: INDICATORS, periods: PERIODS }));
    const values = built.out.approvedTotals;
    const analyst = (await findActor(h.db, (await h.db.selectFrom('app_user').select('id').where('email', '=', 'analyst@kamkor.kg').executeTakeFirstOrThrow()).id))!;
    // The job first, so its peak memory is not the bare writer's leftovers (the heap is not given back).
    const job = await h.db.transaction().execute((trx) => createExportJob(trx, analyst, { source: 'explorer', format: 'xlsx', params: { query: 'basis=approved' }, lang: 'ru' }));
    const run = await timed(() => runExportJob({ db: h.db, jobId: job.id, signal: new AbortController().signal, engine }));
    const bare = await timed(() => bareWriter(values));
    const done = (await loadExportJob(h.db, job.id))!;
    const file = await h.db.selectFrom('stored_file').select('size_bytes').where('id', '=', done.file_id!).executeTakeFirst();
    const result = {
      engine,
      values,
      status: done.status,
      rowsWritten: done.rows_done,
      buildMs: built.ms,
      bareMs: bare.ms,
      bareMb: bare.mb,
      jobMs: run.ms,
      jobPeakMb: run.mb,
      jobStartMb: run.startMb,
      ratio: Number((run.ms / bare.ms).toFixed(2)),
      fileMb: Number((Number(file?.size_bytes ?? 0) / 1048576).toFixed(1)),
    };
    console.log(`  ${engine}: ${values.toLocaleString('en')} values (built in ${(built.ms / 1000).toFixed(1)} s)`);
    console.log('  | what | time | peak RSS | goal |');
    console.log('  | --- | --- | --- | --- |');
    console.log(`  | exceljs bare streaming writer, same cells from memory | ${(bare.ms / 1000).toFixed(1)} s | ${bare.mb} MB (${bare.startMb} MB before) | |`);
    console.log(`  | export job (DB keyset pages → WorkbookWriter → FileStorage) | ${(run.ms / 1000).toFixed(1)} s | ${run.mb} MB (${run.startMb} MB before) | < 250 MB |`);
    console.log(`  | job ÷ bare | ${result.ratio}× | | ≤ 1.3× |`);
    console.log(`  file ${result.fileMb} MB, job ${done.status}, ${done.rows_done.toLocaleString('en')} rows`);
    mkdirSync(new URL('../../../bench/results/', import.meta.url), { recursive: true });
    writeFileSync(new URL(`../../../bench/results/p2-export-${engine}.json`, import.meta.url), JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2));
  } finally {
    await h.close();
  }
}
