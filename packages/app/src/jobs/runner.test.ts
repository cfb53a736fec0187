import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type Actor } from '@kamkor/domain';
import { createExportJob, databaseStorage, findActor, findExportJob, findImportJob, listExportJobs, loadExportJob, loadImportJob, type DatabaseHandle, type ExportJob, type ImportJob } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { writeBulkSheet } from '@kamkor/excel';
import { importBulkSheet } from '../bulk-import.ts';
import { closeParsePool } from '../parse-pool.ts';
import { queueExport, runExportJob } from './export.ts';
import { importJobResult, queueBulkApply, queueBulkImport, runBulkImportJob } from './import.ts';
import { startJobRunner, type JobRunner, type Tasks } from './runner.ts';
import { translatorFor } from './translate.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testEngines)('background export jobs (%s)', (engine) => {
  let h: DatabaseHandle;
  let analyst: Actor;
  let admin: Actor;
  let ngo: Actor;
  const runners: JobRunner[] = [];
  const start = async (tasks?: Partial<Tasks>, graceMs = 5_000) => {
    const r = await startJobRunner({ db: h.db, engine: h.engine, url: h.url, tasks, pollMs: 100, graceMs });
    runners.push(r);
    return r;
  };
  const stop = async (r: JobRunner) => {
    await r.stop();
    runners.splice(runners.indexOf(r), 1);
  };
  /** Polls the job row until `until` holds, collecting every status seen. */
  const watch = async (id: string, until: (j: ExportJob) => boolean, seen: string[] = [], ms = 60_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const j = (await loadExportJob(h.db, id))!;
      if (seen.at(-1) !== j.status) seen.push(j.status);
      if (until(j)) return j;
      if (Date.now() > end) throw new Error(`job ${id} stuck at ${j.status} (${j.rows_done})`);
      await sleep(25);
    }
  };
  const userId = async (email: string) => (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    analyst = (await findActor(h.db, await userId('analyst@kamkor.kg')))!;
    admin = (await findActor(h.db, await userId('admin@kamkor.kg')))!;
    ngo = (await findActor(h.db, await userId('ngo@kamkor.kg')))!;
    // A long audit log (12,000 entries) so an export has several pages; one reason typed as a formula.
    await sql`insert into audit_log (actor_id, action, entity, entity_id, reason)
      select ${admin.userId}::uuid, 'update', 'program', 'synthetic-' || g, case when g = 1 then '=1+2' else null end
      from generate_series(1, 12000) g`.execute(h.db);
  }, 180_000);
  afterAll(async () => {
    for (const r of [...runners]) await r.stop();
    await h?.close();
  });

  it('runs an export: queued → running → done with progress after each page, a file only its owner opens', async () => {
    const progress: number[] = [];
    const runner = await start({ export: (ctx) => runExportJob({ ...ctx, onProgress: (n) => void progress.push(n) }) });
    const job = await queueExport(h.db, runner, admin, { source: 'audit', search: new URLSearchParams(), format: 'xlsx', lang: 'en' });
    expect(job.status).toBe('queued');
    const seen = ['queued'];
    const done = await watch(job.id, (j) => j.status === 'done' || j.status === 'failed', seen);
    expect(done.status).toBe('done');
    expect(seen).toContain('done');
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.slice(0, 2)).toEqual([5000, 10000]);
    expect(done.rows_done).toBeGreaterThan(12_000);
    expect(done.rows_total).toBe(done.rows_done);
    expect(done.attempts).toBe(1);

    const storage = databaseStorage(h.db);
    expect(await storage.get(done.file_id!, { owner: analyst.userId })).toBeNull();
    expect(await findExportJob(h.db, analyst, job.id)).toBeNull();
    expect((await listExportJobs(h.db, admin)).map((j) => j.id)).toContain(job.id);
    const file = (await storage.get(done.file_id!, { owner: admin.userId, kind: 'export' }))!;
    expect(file.fileName).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.data as unknown as ArrayBuffer);
    const [about, data] = wb.worksheets;
    expect(about!.name).toBe('About');
    expect(about!.getCell('A1').value).toBe('Audit log');
    expect(String(about!.getCell('B2').value)).toContain('admin@kamkor.kg');
    expect(data!.getRow(1).values).toEqual([undefined, 'When', 'Who', 'Action', 'Record', 'Record id', 'Reason', 'Before', 'After']);
    expect(data!.rowCount).toBe(done.rows_done + 1);
    // The formula someone typed is text, marked as text, never a formula.
    let typed: ExcelJS.Cell | undefined;
    data!.eachRow((r) => {
      if (r.getCell(5).value === 'synthetic-1') typed = r.getCell(6);
    });
    expect(typed?.value).toBe('=1+2');
    expect(typed?.numFmt).toBe('@');
    await stop(runner);
  });

  it('refuses a source the user may not export, and fails a job whose owner lost the right', async () => {
    const runner = await start();
    await expect(queueExport(h.db, runner, ngo, { source: 'audit', search: new URLSearchParams(), format: 'csv', lang: 'ru' })).rejects.toBeInstanceOf(AppError);
    await expect(queueExport(h.db, runner, ngo, { source: 'nope', search: new URLSearchParams(), format: 'csv', lang: 'ru' })).rejects.toBeInstanceOf(AppError);
    await stop(runner);
    // A job whose owner may not (any longer) export the table: refused when it runs.
    const row = await h.db.transaction().execute((trx) => createExportJob(trx, ngo, { source: 'audit', format: 'csv', params: {}, lang: 'ru' }));
    const r2 = await start();
    await h.db.transaction().execute((trx) => r2.enqueue(trx, row.id));
    r2.kick();
    const failed = await watch(row.id, (j) => j.status === 'failed' || j.status === 'done');
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('errors.notFound');
    expect(failed.file_id).toBeNull();
    await stop(r2);
  });

  it('survives a restart: a running job interrupted by a stop goes back to the queue and the next runner finishes it', async () => {
    let hang: Promise<void> | null = null;
    const interrupted = await start(
      {
        export: (ctx) =>
          runExportJob({
            ...ctx,
            // Hold the job after its first page until the runner stops.
            onProgress: () => (hang ??= new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()))),
          }),
      },
      200,
    );
    const exportFiles = async () => (await h.db.selectFrom('stored_file').select('id').where('kind', '=', 'export').where('created_by', '=', admin.userId).execute()).length;
    const filesBefore = await exportFiles();
    const job = await queueExport(h.db, interrupted, admin, { source: 'audit', search: new URLSearchParams(), format: 'csv', lang: 'ky' });
    await watch(job.id, (j) => j.status === 'running' && hang !== null);
    await stop(interrupted);
    const after = (await loadExportJob(h.db, job.id))!;
    expect(after.status).toBe('queued');
    expect(after.file_id).toBeNull();
    // The file being streamed into storage when the job was interrupted is removed, not left half-written.
    expect(await exportFiles()).toBe(filesBefore);
    await start();
    const done = await watch(job.id, (j) => j.status === 'done' || j.status === 'failed');
    expect(done.status).toBe('done');
    expect(done.attempts).toBe(2);
    const file = (await databaseStorage(h.db).get(done.file_id!, { owner: admin.userId }))!;
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.data);
    expect(text.startsWith(`\uFEFF# ${translatorFor('ky')('audit.title')}`)).toBe(true);
    expect(text).toContain(`"'=1+2"`);
    // Streamed into storage as chunk rows, never held whole: the file row itself carries no bytes.
    const stored = await h.db.selectFrom('stored_file').select(['data', 'size_bytes']).where('id', '=', done.file_id!).executeTakeFirstOrThrow();
    expect(stored.data).toBeNull();
    expect(Number(stored.size_bytes)).toBe(file.data.byteLength);
    for (const r of [...runners]) await stop(r);
  });

  it('takes again a job a killed process left running (in-process runner) or that graphile-worker hands back', async () => {
    const row = await h.db.transaction().execute(async (trx) => {
      const j = await createExportJob(trx, analyst, { source: 'explorer', format: 'xlsx', params: { query: 'rows=ngo' }, lang: 'en' });
      if (engine === 'postgres') await sql`select graphile_worker.add_job('export', json_build_object('id', ${j.id}::text), job_key => ${j.id}::text)`.execute(trx);
      return j;
    });
    await h.db.updateTable('export_job').set({ status: 'running' }).where('id', '=', row.id).execute();
    await start();
    const done = await watch(row.id, (j) => j.status === 'done' || j.status === 'failed');
    expect(done.status).toBe('done');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await databaseStorage(h.db).get(done.file_id!, { owner: analyst.userId }))!.data as unknown as ArrayBuffer);
    const data = wb.worksheets[1]!;
    expect(data.getRow(1).values).toEqual([undefined, 'Project', 'NGO', 'Program year', 'Priority area', 'Service', 'Oblast', 'Rayon', 'Program indicator', 'Period', 'Actual', 'Target']);
    expect(data.rowCount).toBeGreaterThan(1);
    expect(typeof data.getRow(2).getCell(10).value).toBe('number');
    for (const r of [...runners]) await stop(r);
  });

  it('never gives one job to two workers', async () => {
    const runs = new Map<string, number>();
    const counting: Partial<Tasks> = {
      export: async (ctx) => {
        runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
        await runExportJob(ctx);
      },
    };
    const a = await start(counting);
    const b = await start(counting);
    const ids: string[] = [];
    for (const [i, who] of [analyst, analyst, analyst, admin, admin, admin, admin, admin].entries()) {
      const via = i % 2 ? a : b;
      ids.push((await queueExport(h.db, via, who, { source: i % 3 ? 'programs' : 'projects', search: new URLSearchParams(), format: 'xlsx', lang: 'ru' })).id);
    }
    for (const id of ids) expect((await watch(id, (j) => j.status === 'done' || j.status === 'failed')).status).toBe('done');
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    const rows = await h.db.selectFrom('export_job').select(['attempts']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });
});

const bulkHeader = ['project_code', 'indicator_code', 'period', 'sex', 'age_group', 'disability', 'territory', 'value', 'numerator', 'denominator'];
type BulkRow = (string | number | null)[];
/** SSO-2025-003, 2026-Q4 (its open draft): the sex × age grid of 1.1.1-BEN (first cell `first`, the others 5) and 1.1.2-SAT. */
const cleanSheet = (first: number): BulkRow[] => {
  const period = '2026-Q4';
  const rows: BulkRow[] = [];
  for (const sex of ['f', 'm']) for (const age of ['0-17', '18-34', '35-59', '60+']) rows.push(['SSO-2025-003', '1.1.1-BEN', period, sex, age, null, null, rows.length ? 5 : first, null, null]);
  rows.push(['SSO-2025-003', '1.1.2-SAT', period, null, null, null, null, null, 8, 10]);
  return rows;
};
/** 12,000 rows (three reader batches) of a project nobody has: every row an error. */
const unknownSheet = (): BulkRow[] => Array.from({ length: 12_000 }, (_, i) => [`NOPE-${i % 7}`, 'X', '2025', null, null, null, null, i, null, null]);

describe.each(testEngines)('background bulk imports (%s)', (engine) => {
  let h: DatabaseHandle;
  let analyst: Actor;
  let officer: Actor;
  const runners: JobRunner[] = [];
  const start = async (tasks?: Partial<Tasks>, graceMs = 5_000) => {
    const r = await startJobRunner({ db: h.db, engine: h.engine, url: h.url, tasks, pollMs: 100, graceMs });
    runners.push(r);
    return r;
  };
  const stop = async (r: JobRunner) => {
    await r.stop();
    runners.splice(runners.indexOf(r), 1);
  };
  const watch = async (id: string, until: (j: ImportJob) => boolean, ms = 120_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const j = (await loadImportJob(h.db, id))!;
      if (until(j)) return j;
      if (Date.now() > end) throw new Error(`import ${id} stuck at ${j.status} (${j.rows_read}/${j.rows_staged})`);
      await sleep(25);
    }
  };
  const finished = (j: ImportJob) => j.status === 'done' || j.status === 'failed';
  const upload = async (actor: Actor, rows: BulkRow[], runner: JobRunner, lang: 'ru' | 'en' | 'ky' = 'en') =>
    queueBulkImport(h.db, runner, actor, { fileName: 'results.xlsx', data: await writeBulkSheet(bulkHeader, rows), lang });
  /** Everything an import may write, as one comparable snapshot. */
  const realTables = async () =>
    (
      await sql<{ v: string; f: string; a: string }>`
        select (select count(*) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(coalesce(value, 0) + coalesce(numerator, 0))::text, '') from report_value) as v,
               (select string_agg(report_id::text || indicator_id::text || array_to_string(flags, ','), ';' order by report_id, indicator_id) from report_indicator) as f,
               (select count(*)::text from audit_log) as a`.execute(h.db)
    ).rows[0]!;
  const stagingTables = async () => (await sql<{ n: number }>`select count(*)::int as n from pg_tables where tablename like 'import_stage_%'`.execute(h.db)).rows[0]!.n;
  const userId = async (email: string) => (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    analyst = (await findActor(h.db, await userId('analyst@kamkor.kg')))!;
    officer = (await findActor(h.db, await userId('officer@kamkor.kg')))!;
  }, 180_000);
  // A failed test must not leave its runner taking the next test's jobs.
  afterEach(async () => {
    for (const r of [...runners]) await stop(r);
  });
  afterAll(async () => {
    for (const r of [...runners]) await r.stop();
    await closeParsePool();
    await h?.close();
  });

  it('a dry run in the background: progress in rows read and staged, the same result as inline, an error copy only its owner opens', async () => {
    const seen: { read: number; staged: number }[] = [];
    const runner = await start({ bulk_import: (ctx) => runBulkImportJob({ ...ctx, onImportProgress: (p) => void seen.push(p) }) });
    const rows = unknownSheet();
    const job = await upload(analyst, rows, runner);
    expect(job).toMatchObject({ status: 'queued', mode: 'dry_run', owner_id: analyst.userId });
    const done = await watch(job.id, finished);
    expect(done.status).toBe('done');
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(seen.at(-1)).toEqual({ read: 12_000, staged: 12_000 });
    expect(seen.some((p) => p.read > p.staged)).toBe(true);
    expect(done).toMatchObject({ rows_read: 12_000, rows_staged: 12_000, attempts: 1 });
    const result = importJobResult(done)!;
    // The job's result is what the inline call gives for the same bytes.
    const inline = await importBulkSheet(h.db, analyst, await writeBulkSheet(bulkHeader, rows), { dryRun: true });
    expect(JSON.parse(JSON.stringify(inline))).toEqual(result);
    expect(result).toMatchObject({ applied: false, errorCount: 12_000, rows: 12_000 });
    expect(result.errors).toHaveLength(1000);
    // A file with errors cannot be applied: its upload is not kept, the marked copy is the owner's only.
    expect(done.file_id).toBeNull();
    const storage = databaseStorage(h.db);
    expect(await storage.get(done.error_file_id!, { owner: officer.userId, kind: 'error_copy' })).toBeNull();
    const copy = (await storage.get(done.error_file_id!, { owner: analyst.userId, kind: 'error_copy' }))!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(copy.data as unknown as ArrayBuffer);
    expect(JSON.stringify(wb.worksheets[0]!.getCell('A2').note)).toContain('NOPE-0');
    expect(await findImportJob(h.db, officer, job.id)).toBeNull();
    await expect(queueBulkApply(h.db, runner, analyst, job.id, 'en')).rejects.toMatchObject({ messageKey: 'results:bulk.notApplicable' });
    await stop(runner);
  });

  it('the apply runs only from a finished clean dry run of the same file by the same user, once, and writes what the dry run counted', async () => {
    const runner = await start();
    const dry = await upload(analyst, cleanSheet(7), runner);
    // Not before the dry run has finished.
    await expect(queueBulkApply(h.db, runner, analyst, dry.id, 'en')).rejects.toMatchObject({ messageKey: 'results:bulk.notApplicable' });
    const dryDone = await watch(dry.id, finished);
    expect(importJobResult(dryDone)).toMatchObject({ applied: false, errorCount: 0, counts: { created: 9, updated: 0, unchanged: 0 } });
    expect(dryDone.file_id).not.toBeNull();
    // Another user may not apply someone's dry run (nor see it).
    await expect(queueBulkApply(h.db, runner, officer, dry.id, 'en')).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    const before = await realTables();
    const apply = await queueBulkApply(h.db, runner, analyst, dry.id, 'en');
    expect(apply).toMatchObject({ mode: 'apply', dry_run_id: dry.id, file_id: dryDone.file_id });
    expect((await queueBulkApply(h.db, runner, analyst, dry.id, 'en')).id).toBe(apply.id);
    const applied = await watch(apply.id, finished);
    expect(applied.status).toBe('done');
    expect(importJobResult(applied)).toMatchObject({ applied: true, errorCount: 0, counts: { created: 9, updated: 0, unchanged: 0 } });
    expect(await realTables()).not.toEqual(before);
    // The upload is gone once applied.
    expect(applied.file_id).toBeNull();
    expect(await databaseStorage(h.db).get(dryDone.file_id!, { owner: analyst.userId })).toBeNull();
    await stop(runner);
  });

  it('survives a restart: a queued import is picked up by the next runner, and a running one interrupted by a stop is run again', async () => {
    const stopped = await start();
    await stop(stopped);
    // Queued while no runner runs.
    const waiting = await upload(analyst, cleanSheet(11), stopped);
    await sleep(300);
    expect((await loadImportJob(h.db, waiting.id))!.status).toBe('queued');
    let hang: Promise<void> | null = null;
    const interrupted = await start(
      {
        bulk_import: (ctx) =>
          runBulkImportJob({ ...ctx, onImportProgress: () => (hang ??= new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()))) }),
      },
      200,
    );
    await watch(waiting.id, (j) => j.status === 'running' && hang !== null);
    await stop(interrupted);
    expect((await loadImportJob(h.db, waiting.id))!.status).toBe('queued');
    expect(await stagingTables()).toBe(0);
    await start();
    const done = await watch(waiting.id, finished);
    expect(done.status).toBe('done');
    expect(done.attempts).toBe(2);
    // Applied before (7 in the first cell): the dry run counts one change.
    expect(importJobResult(done)).toMatchObject({ applied: false, errorCount: 0, counts: { created: 0, updated: 1, unchanged: 8 } });
    for (const r of [...runners]) await stop(r);
  });

  it('never gives one import to two workers', async () => {
    const runs = new Map<string, number>();
    const counting: Partial<Tasks> = {
      bulk_import: async (ctx) => {
        runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
        await runBulkImportJob(ctx);
      },
    };
    const a = await start(counting);
    const b = await start(counting);
    const ids: string[] = [];
    for (const [i, who] of [analyst, officer, analyst, officer, analyst, officer].entries()) ids.push((await upload(who, cleanSheet(20 + i), i % 2 ? a : b)).id);
    for (const id of ids) expect((await watch(id, finished)).status).toBe('done');
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    const rows = await h.db.selectFrom('import_job').select(['attempts']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    for (const r of [...runners]) await stop(r);
  });

  it('a failed import leaves nothing written: an apply whose merge fails, and a dry run that fails part-way', async () => {
    const runner = await start();
    const dry = await upload(analyst, cleanSheet(9), runner);
    expect((await watch(dry.id, finished)).status).toBe('done');
    // Every write to report_value fails from now on (the merge runs inside the apply's transaction).
    await sql`create function kamkor_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`.execute(h.db);
    await sql`create trigger kamkor_test_refuse before insert or update on report_value for each row execute function kamkor_test_refuse()`.execute(h.db);
    try {
      const before = await realTables();
      const apply = await queueBulkApply(h.db, runner, analyst, dry.id, 'en');
      const failed = await watch(apply.id, finished);
      expect(failed.status).toBe('failed');
      expect(failed.error).toBe('results:bulk.failed');
      expect(failed.result).toBeNull();
      expect(await realTables()).toEqual(before);
      expect(await stagingTables()).toBe(0);
    } finally {
      await sql`drop trigger kamkor_test_refuse on report_value`.execute(h.db);
      await sql`drop function kamkor_test_refuse()`.execute(h.db);
    }
    await stop(runner);
    // A dry run whose task fails part-way (after its first batch is staged).
    const breaking = await start({
      bulk_import: (ctx) =>
        runBulkImportJob({
          ...ctx,
          onImportProgress: (p) => {
            if (p.staged > 0) throw new Error('broken on purpose');
          },
        }),
    });
    const before = await realTables();
    const job = await upload(analyst, unknownSheet(), breaking);
    const failed = await watch(job.id, finished);
    expect(failed.status).toBe('failed');
    expect(failed.error_file_id).toBeNull();
    expect(await realTables()).toEqual(before);
    expect(await stagingTables()).toBe(0);
    await stop(breaking);
  });
});
