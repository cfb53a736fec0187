import { Logger, run, type Runner, type TaskList } from 'graphile-worker';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import {
  claimNextExportJob,
  claimNextImportJob,
  requeueRunningExportJobs,
  requeueRunningImportJobs,
  type Database,
  type DatabaseEngine,
  type Db,
} from '@kamkor/db';
import { runExportJob } from './export.ts';
import { runBulkImportJob } from './import.ts';

/**
 * Background jobs behind one task interface (docs/decisions/015-background-jobs.md). A task is a
 * function of the job's id; the runner decides where and when it runs:
 * - PostgreSQL: graphile-worker (its queue in the `graphile_worker` schema, jobs taken with
 *   `for update skip locked`, so several app servers share the queue and never take a job twice; a
 *   job interrupted by a shutdown is retried);
 * - PGlite (one process owns the data folder; graphile-worker needs LISTEN and its own connections):
 *   an in-process loop over the `export_job` and `import_job` rows, which carry the status, so a job
 *   left running by a stopped process is queued again at start.
 */
export interface TaskContext {
  db: Kysely<Database>;
  jobId: string;
  /** Aborted when the runner stops: the task should stop soon and leave the job to be retried. */
  signal: AbortSignal;
  /** Called after each page with the rows written so far (tests watch progress through it). */
  onProgress?: (rows: number) => Promise<void> | void;
  /** The engine of `db` (a PostgreSQL export reads its rows through a cursor on a connection of its own). */
  engine?: DatabaseEngine;
}

export type Task = (ctx: TaskContext) => Promise<void>;

/** The tasks, by name. Every export_job row runs `export`, every import_job row `bulk_import`. */
export interface Tasks {
  export: Task;
  bulk_import: Task;
}

export type TaskName = keyof Tasks;

export const defaultTasks: Tasks = { export: runExportJob, bulk_import: runBulkImportJob };

export interface JobRunner {
  engine: DatabaseEngine;
  /** Adds the job to the queue inside the caller's transaction (so a rolled-back job never runs). */
  enqueue(trx: Db, jobId: string, task?: TaskName): Promise<void>;
  /** Wakes the runner after the transaction committed. */
  kick(): void;
  /** Stops taking jobs, aborts the running ones (they go back to the queue) and waits for them. */
  stop(): Promise<void>;
}

export interface JobRunnerOptions {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  /** PostgreSQL connection string (graphile-worker opens its own pool with it). */
  url?: string;
  /** Tasks replacing the default ones (tests wrap them). */
  tasks?: Partial<Tasks>;
  /** Jobs run at once by this server (graphile-worker's concurrency). */
  concurrency?: number;
  /** How often an idle runner looks for work it was not told about (ms). */
  pollMs?: number;
  /** How long a stopping runner lets a running job finish before aborting it (ms). */
  graceMs?: number;
}

const graphileLogger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`graphile-worker ${level}: ${message}`);
});

/** How many times graphile-worker runs a job that shutdowns keep interrupting. */
const MAX_ATTEMPTS = 5;

async function startGraphileRunner(opts: JobRunnerOptions & { url: string }): Promise<JobRunner> {
  const tasks: Tasks = { ...defaultTasks, ...opts.tasks };
  // Pools whose job a shutdown interrupted: graphile-worker can leave such a job locked by the
  // stopped pool (until its 4-hour stale-lock reset), so `stop` unlocks them once the pool is down.
  const interruptedBy = new Set<string>();
  const wrap =
    (name: TaskName): TaskList[string] =>
    async (payload, helpers) => {
      const jobId = String((payload as { id?: unknown } | null)?.id ?? '');
      try {
        await tasks[name]({ db: opts.db, jobId, signal: helpers.abortSignal, engine: 'postgres' });
      } catch (err) {
        if (helpers.abortSignal.aborted && helpers.job.locked_by) interruptedBy.add(helpers.job.locked_by);
        throw err;
      }
    };
  const taskList: TaskList = { export: wrap('export'), bulk_import: wrap('bulk_import') };
  // Our own pool, so `stop` can wait until its connections are closed (graphile-worker ends a pool it
  // made in the background, and drops its error handler first: a connection terminated meanwhile, e.g.
  // a test database dropped, was an uncaught error) and a late idle-client error is only logged.
  const pgPool = new pg.Pool({ connectionString: opts.url, max: (opts.concurrency ?? 2) + 2 });
  pgPool.on('error', (err) => console.error(`graphile-worker pool: ${err.message}`));
  // A connection checked out when PostgreSQL goes away (the queue's LISTEN connection holds one all
  // the time) emits its error on the client, not the pool: without a handler that stops the server.
  pgPool.on('connect', (client) => client.on('error', (err) => console.error(`graphile-worker connection: ${err.message}`)));
  const runner: Runner = await run({
    pgPool,
    concurrency: opts.concurrency ?? 2,
    pollInterval: opts.pollMs ?? 2_000,
    noHandleSignals: true,
    logger: graphileLogger,
    taskList,
    preset: { worker: { gracefulShutdownAbortTimeout: opts.graceMs ?? 5_000 } },
  });
  return {
    engine: 'postgres',
    async enqueue(trx, jobId, task = 'export') {
      await sql`select graphile_worker.add_job(${task}::text, json_build_object('id', ${jobId}::text), max_attempts => ${MAX_ATTEMPTS}, job_key => ${jobId}::text)`.execute(trx);
    },
    kick() {
      // graphile-worker hears add_job's NOTIFY itself.
    },
    async stop() {
      await runner.stop();
      if (interruptedBy.size) await sql`select graphile_worker.force_unlock_workers(${[...interruptedBy]}::text[])`.execute(opts.db);
      await pgPool.end();
    },
  };
}

/** The in-process runner's queues: the job rows of each task, taken oldest first, exports before imports. */
const inProcessQueues: { task: TaskName; claim: (db: Db) => Promise<{ id: string } | null>; requeue: (db: Db) => Promise<number> }[] = [
  { task: 'export', claim: claimNextExportJob, requeue: requeueRunningExportJobs },
  { task: 'bulk_import', claim: claimNextImportJob, requeue: requeueRunningImportJobs },
];

function startInProcessRunner(opts: JobRunnerOptions): JobRunner {
  const tasks: Tasks = { ...defaultTasks, ...opts.tasks };
  const pollMs = opts.pollMs ?? 1_000;
  const graceMs = opts.graceMs ?? 5_000;
  const controller = new AbortController();
  let stopping = false;
  let wake: (() => void) | null = null;
  let kicked = false;
  const sleep = () =>
    new Promise<void>((resolve) => {
      if (kicked || stopping) {
        kicked = false;
        return resolve();
      }
      const timer = setTimeout(done, pollMs);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  const loop = (async () => {
    for (const q of inProcessQueues) await q.requeue(opts.db);
    while (!stopping) {
      let job: { id: string } | null = null;
      let task: TaskName = 'export';
      try {
        for (const q of inProcessQueues) {
          job = await q.claim(opts.db);
          task = q.task;
          if (job) break;
        }
      } catch (err) {
        console.error('Kamkor job runner could not take a job:', err);
      }
      if (!job) {
        await sleep();
        continue;
      }
      try {
        await tasks[task]({ db: opts.db, jobId: job.id, signal: controller.signal, engine: 'pglite' });
      } catch (err) {
        if (!controller.signal.aborted) console.error(`Kamkor job ${job.id} stopped:`, err);
      }
    }
  })();
  return {
    engine: 'pglite',
    async enqueue() {
      // The row is the queue: it is taken once the transaction commits.
    },
    kick() {
      kicked = true;
      wake?.();
    },
    async stop() {
      stopping = true;
      wake?.();
      const timer = setTimeout(() => controller.abort(), graceMs);
      await loop;
      clearTimeout(timer);
    },
  };
}

/** Starts the job runner for the engine: graphile-worker on PostgreSQL, the in-process runner on PGlite. */
export async function startJobRunner(opts: JobRunnerOptions): Promise<JobRunner> {
  if (opts.engine === 'postgres') {
    if (!opts.url) throw new Error('startJobRunner: PostgreSQL needs its connection string');
    return startGraphileRunner({ ...opts, url: opts.url });
  }
  return startInProcessRunner(opts);
}

