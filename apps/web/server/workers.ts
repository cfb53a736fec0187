import cluster from 'node:cluster';

/** How long a stopping primary waits for its workers (each finishes its requests and hands back its jobs). */
const STOP_GRACE_MS = 10_000;
/** A worker that dies is replaced after this pause (a crash loop does not spin the CPU). */
const RESTART_DELAY_MS = 1_000;

/**
 * Runs `count` server processes on one port (node:cluster), for a machine with several cores. Each
 * worker is a whole Kamkor server: its own database pool, job runner and clean-up timer. Nothing is
 * shared in memory (sessions, jobs, counters and files are in PostgreSQL), so this is the same as
 * several servers behind a load balancer. The primary only supervises: it replaces a worker that
 * dies and, on SIGTERM/SIGINT, stops them all and waits for them.
 */
export function superviseWorkers(count: number): void {
  let stopping = false;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`Kamkor worker ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    setTimeout(() => cluster.fork(), RESTART_DELAY_MS).unref();
  });
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.once(sig, () => {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {});
      if (alive.length === 0) process.exit(0);
      for (const w of alive) w?.process.kill('SIGTERM');
      setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
    });
  }
  console.log(`Kamkor: ${count} server processes`);
}
