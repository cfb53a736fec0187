/**
 * Bulk import benchmark: 100,000 rows of the long sheet (project, indicator, period, sex, age group,
 * value) for 100 projects, imported with `importBulkSheet`, measured side by side with the floor the
 * issue sets: reading the same file with exceljs's streaming reader plus a bare batched insert of
 * the same rows into a plain table. Goal: ≤ 1.5× the floor, dry run ≤ 1.0× the apply, peak memory
 * < 300 MB. `BENCH_BULK_ROWS=1000000` runs the million-row sheet (1,000 projects; the row and size
 * limits raised for the bench only). The sheet is written by the parent process and each engine
 * imports it in its own process, so the writer's memory is not counted. Prints numbers; asserts nothing.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulkLimits, streamBulkSheet, writeBulkSheet, type BulkSheetReader, type XlsxLimits } from '@kamkor/excel';
import { findActor, type Database } from '@kamkor/db';
import { createTestDatabase, type TestEngine } from '@kamkor/db/testing';
import { importBulkSheet } from '../src/bulk-import.ts';
import { importBulkSheetRowByRow } from './legacy-bulk-import.ts';

const PROJECTS = Math.max(1, Math.round(Number(process.env.BENCH_BULK_ROWS ?? 100_000) / 1000));
/** The bulk limits, raised past a million rows when the bench asks for one. */
const LIMITS: XlsxLimits = PROJECTS > 200 ? { ...bulkLimits, maxRows: PROJECTS * 1000 + 10, maxCells: PROJECTS * 6000, maxCompressedBytes: 1 << 28, maxEntryBytes: 1 << 30, maxUncompressedBytes: 1 << 30 } : bulkLimits;
const PERIODS = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'];
const DIS_INDICATORS = 15; // each with sex × age group = 8 cells
const PLAIN_INDICATORS = 5;
const SEXES = ['f', 'm'];
const AGES = ['0-17', '18-34', '35-59', '60+'];

/** Samples the process's resident memory every few milliseconds; returns the peak in MB. */
function memoryProbe() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    return Math.round(peak / 1048576);
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; mb: number; from: number; out: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  const from = Math.round(process.memoryUsage().rss / 1048576);
  const stop = memoryProbe();
  const t0 = performance.now();
  const out = await fn();
  const ms = Math.round(performance.now() - t0);
  return { ms, mb: stop(), from, out };
}

/** Writes the bench sheet to a file (in the parent process) and returns its path. */
export async function writeBenchSheet(): Promise<string> {
  const header = ['project_code', 'indicator_code', 'period', 'sex', 'age_group', 'disability', 'territory', 'value', 'numerator', 'denominator'];
  const path = join(tmpdir(), `kamkor-bench-bulk-${PROJECTS * 1000}.xlsx`);
  // The sheet is the same every run (a fixed generator): a file left by an earlier run is reused.
  if (existsSync(path)) {
    console.log(`  sheet of ${PROJECTS * 1000} rows reused from ${path}`);
    return path;
  }
  const gen = await timed(() => writeBulkSheet(header, benchRows()));
  await writeFile(path, gen.out);
  console.log(`  sheet of ${PROJECTS * 1000} rows written in ${gen.ms} ms (${(gen.out.byteLength / 1048576).toFixed(1)} MB; parent process, ${gen.mb} MB peak RSS)`);
  return path;
}

export async function createBenchProjects(db: Kysely<Database>) {
  const orgs = await db.selectFrom('organisation').select(['id', 'name_en']).execute();
  const ngo = orgs.find((o) => o.name_en.startsWith('Umut'))!.id;
  const ministry = orgs.find((o) => o.name_en.startsWith('Ministry'))!.id;
  await db.transaction().execute(async (trx) => {
    const projects = await trx
      .insertInto('project')
      .values(Array.from({ length: PROJECTS }, (_, i) => ({
        code: `BENCH-${String(i + 1).padStart(3, '0')}`, name_ky: `Bench ${i}`, name_ru: `Bench ${i}`, name_en: `Bench ${i}`,
        contractor_id: ngo, customer_id: ministry, amount_tyiyn: 100_000_00, start_date: '2025-01-01', end_date: '2026-12-31',
        frequency: 'quarterly', program_line_id: null, signed_at: null, created_by: null,
      })))
      .returning('id')
      .execute();
    await trx.insertInto('project_territory').values(projects.map((p) => ({ project_id: p.id, admin_unit_soate: '41704245000000' }))).execute();
    const nodes = await trx
      .insertInto('framework_node')
      .values(projects.map((p) => ({ project_id: p.id, program_id: null, parent_id: null, level: 'goal', name_ky: 'g', name_ru: 'g', name_en: 'g', assumptions: null })))
      .returning(['id', 'project_id'])
      .execute();
    const indicators = nodes.flatMap((n) =>
      Array.from({ length: DIS_INDICATORS + PLAIN_INDICATORS }, (_, k) => ({
        project_id: n.project_id!, node_id: n.id, program_indicator_id: null, code: `I${k + 1}`, name_ky: 'i', name_ru: 'i', name_en: 'i',
        definition_ky: null, definition_ru: null, definition_en: null, unit: 'people', type: 'number', direction: 'increase',
        cumulative_mode: 'per_period', disaggregations: k < DIS_INDICATORS ? ['sex', 'age_group'] : [], data_source: null,
        verification: null, collection_method: null, frequency: 'quarterly', responsible: null, lop_target: 1000, min_value: 0,
      })),
    );
    for (let i = 0; i < indicators.length; i += 1000) await trx.insertInto('indicator').values(indicators.slice(i, i + 1000)).execute();
    const reports = projects.flatMap((p) => PERIODS.map((k) => ({
      project_id: p.id, period_key: k, period_start: `${k.slice(0, 4)}-${String(3 * (Number(k.slice(6)) - 1) + 1).padStart(2, '0')}-01`,
      period_end: `${k.slice(0, 4)}-12-31`, due_date: '2027-01-15', status: 'draft', narrative: null, first_submitted_at: null,
      submitted_at: null, approved_at: null, approved_by: null, updated_at: new Date(),
    })));
    // Under PostgreSQL's 65,535 bind parameters per statement, whatever the number of projects.
    for (let i = 0; i < reports.length; i += 2000) await trx.insertInto('report').values(reports.slice(i, i + 2000)).execute();
  });
}

function* benchRows(): Generator<(string | number | null)[]> {
  let x = 1;
  for (let p = 1; p <= PROJECTS; p++) {
    const code = `BENCH-${String(p).padStart(3, '0')}`;
    for (const period of PERIODS) {
      for (let k = 1; k <= DIS_INDICATORS; k++)
        for (const s of SEXES) for (const a of AGES) yield [code, `I${k}`, period, s, a, null, null, (x = (x * 48271) % 2147483647) % 50, null, null];
      for (let k = DIS_INDICATORS + 1; k <= DIS_INDICATORS + PLAIN_INDICATORS; k++) yield [code, `I${k}`, period, null, null, null, null, (x = (x * 48271) % 2147483647) % 500, null, null];
    }
  }
}

/** The floor: exceljs streaming read of the same file plus a bare batched insert of its rows. */
async function baseline(db: Kysely<Database>, bytes: Uint8Array): Promise<number> {
  await sql`create table if not exists bench_raw (project_code text, indicator_code text, period text, sex text, age_group text, value numeric)`.execute(db);
  await sql`truncate bench_raw`.execute(db);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes)), { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', entries: 'ignore', hyperlinks: 'ignore' });
  let cols: string[][] = [[], [], [], [], [], []];
  let n = 0;
  // PGlite has one connection: inside the transaction only `trx` may be used.
  let trx: Kysely<Database> = db;
  const flush = async () => {
    if (cols[0]!.length === 0) return;
    await sql`insert into bench_raw select * from unnest(${cols[0]}::text[], ${cols[1]}::text[], ${cols[2]}::text[], ${cols[3]}::text[], ${cols[4]}::text[], ${cols[5]}::numeric[])`.execute(trx);
    cols = [[], [], [], [], [], []];
  };
  await db.transaction().execute(async (t) => {
    trx = t;
    for await (const ws of reader) {
      let first = true;
      for await (const row of ws) {
        if (first) {
          first = false;
          continue;
        }
        const v = row.values as unknown[];
        cols[0]!.push(String(v[1]));
        cols[1]!.push(String(v[2]));
        cols[2]!.push(String(v[3]));
        cols[3]!.push((v[4] as string) ?? null);
        cols[4]!.push((v[5] as string) ?? null);
        cols[5]!.push(v[8] as unknown as string);
        n++;
        if (cols[0]!.length >= 5000) await flush();
      }
      break;
    }
    await flush();
  });
  return n;
}

/** The long sheet read alone (no database), with one reader: the rows it gave. */
async function readOnly(bytes: Uint8Array, reader: BulkSheetReader): Promise<number> {
  let n = 0;
  const res = await streamBulkSheet(bytes, async (rows) => void (n += rows.length), { limits: LIMITS, reader });
  if (!res.ok || res.reader !== reader) throw new Error(`the ${reader} reader did not read the bench sheet`);
  return n;
}

/** Runs the benchmark on one engine and prints a table of timings and peak memory. */
export async function benchBulkImport(engine: TestEngine, path: string): Promise<void> {
  const h = await createTestDatabase(engine, { demo: true });
  try {
    await createBenchProjects(h.db);
    const analystId = (await h.db.selectFrom('app_user').select('id').where('email', '=', 'analyst@kamkor.kg').executeTakeFirstOrThrow()).id;
    const actor = (await findActor(h.db, analystId))!;
    const bytes = new Uint8Array(await readFile(path));
    const start = Math.round(process.memoryUsage().rss / 1048576);
    const base = await timed(() => baseline(h.db, bytes));
    // Both readers of the long sheet, alone (this thread, no database), then the dry run with each.
    const readLean = await timed(() => readOnly(bytes, 'lean'));
    const readExceljs = await timed(() => readOnly(bytes, 'exceljs'));
    const dryExceljs = await timed(() => importBulkSheet(h.db, actor, bytes, { dryRun: true, limits: LIMITS, reader: 'exceljs' }));
    const dry = await timed(() => importBulkSheet(h.db, actor, bytes, { dryRun: true, limits: LIMITS }));
    const apply = await timed(() => importBulkSheet(h.db, actor, bytes, { dryRun: false, limits: LIMITS }));
    const again = await timed(() => importBulkSheet(h.db, actor, bytes, { dryRun: false, limits: LIMITS }));
    const base2 = await timed(() => baseline(h.db, bytes));
    // The row-by-row import of before, on the same data and machine load: the bench values are
    // removed first, so its dry run and apply create every row as the staged ones did.
    let legacy: { dry: Awaited<ReturnType<typeof timed<Awaited<ReturnType<typeof importBulkSheetRowByRow>>>>>; apply: Awaited<ReturnType<typeof timed<Awaited<ReturnType<typeof importBulkSheetRowByRow>>>>> } | null = null;
    if (process.env.BENCH_LEGACY) {
      await sql`delete from report_value where report_id in (select r.id from report r join project p on p.id = r.project_id where p.code like 'BENCH-%')`.execute(h.db);
      const ldry = await timed(() => importBulkSheetRowByRow(h.db, actor, bytes, { dryRun: true, limits: LIMITS }));
      legacy = { dry: ldry, apply: await timed(() => importBulkSheetRowByRow(h.db, actor, bytes, { dryRun: false, limits: LIMITS })) };
    }
    const floor = Math.min(base.ms, base2.ms);
    const fmt = (name: string, r: { ms: number; mb: number; from: number }, extra = '') =>
      console.log(`  ${name.padEnd(44)} ${String(r.ms).padStart(7)} ms  ${String(r.mb).padStart(5)} MB peak RSS (from ${String(r.from).padStart(4)})  ${extra}`);
    console.log(`\nbulk import, ${engine}: ${base.out} rows, file ${(bytes.byteLength / 1048576).toFixed(1)} MB; RSS with the database open and the file read: ${start} MB`);
    fmt('floor: exceljs stream read + bare insert', base, `(again: ${base2.ms} ms)`);
    fmt('read only: lean reader (saxes)', readLean, `${readLean.out} rows`);
    fmt('read only: exceljs streaming reader', readExceljs, `${readExceljs.out} rows; ${(readExceljs.ms / readLean.ms).toFixed(2)}× the lean reader`);
    const counts = (r: typeof apply) => (r.out.ok ? `created ${r.out.counts.created}, updated ${r.out.counts.updated}, unchanged ${r.out.counts.unchanged}, errors ${r.out.errorCount}` : r.out.messageKey);
    fmt('importBulkSheet dry run, exceljs reader', dryExceljs, `${(dryExceljs.ms / floor).toFixed(2)}× floor; ${counts(dryExceljs)}`);
    fmt('importBulkSheet dry run (read only)', dry, `${(dry.ms / floor).toFixed(2)}× floor, ${(dry.ms / apply.ms).toFixed(2)}× apply; ${counts(dry)}`);
    fmt('importBulkSheet apply', apply, `${(apply.ms / floor).toFixed(2)}× floor; ${counts(apply)}`);
    fmt('importBulkSheet re-apply same file', again, `${(again.ms / floor).toFixed(2)}× floor; ${counts(again)}`);
    if (legacy) {
      fmt('before #12 staging: dry run', legacy.dry, `${(legacy.dry.ms / floor).toFixed(2)}× floor; ${counts(legacy.dry)}`);
      fmt('before #12 staging: apply', legacy.apply, `${(legacy.apply.ms / floor).toFixed(2)}× floor; ${counts(legacy.apply)}`);
    }
  } finally {
    await h.close();
  }
}
