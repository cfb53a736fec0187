/**
 * `pnpm --filter @kamkor/web bench:load` — issue 10's P3 and P4 against the built production server.
 *
 * P4: cold start on PGlite — a fresh data folder, demo data on; the time from starting the server
 *     (migrations, reference data, demo seed) to the first page answered.
 * P3: under 20 concurrent clients for 20 s (autocannon, pinned in package.json), on PGlite and on
 *     PostgreSQL (BENCH_DATABASE_URL, a database this script empties first; skipped without it):
 *     the explorer's heaviest default view, the ministry dashboard and a project's tracking table.
 *     Goal p95 < 150 ms on PostgreSQL. autocannon reports p50/p90/p97.5/p99; p95 is computed from
 *     every response time it reports.
 *     P3 runs on the synthetic dataset (`buildBenchDataset`: BENCH_PROJECTS projects, default 5,000,
 *     × 20 indicators × 12 months with disaggregation, about 1.7 million values) loaded into the
 *     PGlite folder (after the cold start) and into the PostgreSQL database. Both are built once and
 *     reused: the PGlite copy under .data/bench-pglite-<projects> (copied for each run), the PostgreSQL
 *     database kept unless BENCH_FRESH=1. BENCH_PROJECTS=0 measures on the demo data only.
 * Prints a table and writes JSON under bench/results/ (ignored by git). Environment: BENCH_SECONDS
 * (20), BENCH_CONNECTIONS (20), BENCH_ONLY (PGlite or PostgreSQL), BENCH_WORKERS (server processes on
 * PostgreSQL, KAMKOR_WORKERS; default 1).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { setupDatabase } from '@kamkor/db';
import { buildBenchDataset } from '@kamkor/db/bench-dataset';

const root = join(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const PASSWORD = 'kamkor-demo-2026';
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 5000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

if (!existsSync(join(root, 'build/app-server.js')) || !existsSync(join(root, 'build/server/index.js'))) {
  console.log('No production build: building it first…');
  const built = spawnSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'inherit' });
  const server = spawnSync('node', ['scripts/build-server.mjs'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0 || server.status !== 0) process.exit(1);
}

async function start(databaseUrl: string, existingDir?: string): Promise<{ child: ChildProcess; base: string; coldMs: number; dataDir: string }> {
  const port = await freePort();
  const dataDir = existingDir ?? mkdtempSync(join(tmpdir(), 'kamkor-load-'));
  const t0 = performance.now();
  const child = spawn('node', ['build/app-server.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      KAMKOR_DATA_DIR: dataDir,
      KAMKOR_DEMO: '1',
      DATABASE_URL: databaseUrl,
      // Server processes (PostgreSQL only; server/workers.ts): BENCH_WORKERS, default one.
      KAMKOR_WORKERS: databaseUrl ? (process.env.BENCH_WORKERS ?? '1') : '1',
      SESSION_SECRET: process.env.SESSION_SECRET ?? 'bench-only-session-secret-0123456789abcdef',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    const ok = await fetch(`${base}/`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base, coldMs: performance.now() - t0, dataDir };
}

async function logIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD, redirectTo: '/' }),
    redirect: 'manual',
  });
  const sid = /kamkor_session=([^;]+)/.exec(res.headers.get('Set-Cookie') ?? '')?.[1];
  if (res.status !== 302 || !sid) throw new Error(`${email} could not log in (${res.status})`);
  return `kamkor_session=${sid}`;
}

/** A project's tracking page (a synthetic one when loaded: 20 indicators × 12 months), found from the officer's project list. */
async function trackingPath(base: string, cookie: string): Promise<string> {
  const html = await fetch(`${base}/projects${PROJECTS > 0 ? '?q=BENCH-00001' : ''}`, { headers: { Cookie: cookie } }).then((r) => r.text());
  const id = /href="\/projects\/([0-9a-f-]{36})"/.exec(html)?.[1];
  if (!id) throw new Error('no project on /projects');
  return `/projects/${id}/tracking`;
}

interface Measured {
  engine: string;
  target: string;
  path: string;
  requests: number;
  non2xx: number;
  rps: number;
  p50: number;
  p95: number;
  p97_5: number;
  p99: number;
}

async function load(engine: string, base: string, target: string, path: string, cookie: string): Promise<Measured> {
  // Warm up: the route's code, the query plans and the caches, as a running server has them.
  for (let i = 0; i < 5; i++) await fetch(`${base}${path}`, { headers: { Cookie: cookie } }).then((r) => r.text());
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    // A slow answer is measured, not dropped (autocannon's default timeout is 10 s).
    const instance = autocannon({ url: `${base}${path}`, connections: CONNECTIONS, duration: SECONDS, timeout: 120, headers: { Cookie: cookie } }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, _status, _bytes, ms) => void times.push(ms));
  });
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? NaN;
  return {
    engine, target, path,
    requests: result.requests.total,
    non2xx: result.non2xx,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50, p95: Math.round(pct(95)), p97_5: result.latency.p97_5, p99: result.latency.p99,
  };
}

let engines: { name: string; url: string }[] = [{ name: 'PGlite', url: '' }];
if (process.env.BENCH_DATABASE_URL) engines.push({ name: 'PostgreSQL', url: process.env.BENCH_DATABASE_URL });
if (process.env.BENCH_ONLY) engines = engines.filter((e) => e.name === process.env.BENCH_ONLY);
// Several server processes are named in the results ("PostgreSQL ×2").
if (Number(process.env.BENCH_WORKERS ?? 1) > 1) engines = engines.map((e) => (e.url ? { ...e, name: `${e.name} ×${process.env.BENCH_WORKERS}` } : e));

/** The synthetic dataset on top of the demo data (migrated and seeded first); reports how long it took. */
async function loadDataset(opts: { url?: string; dataDir?: string }) {
  const t0 = performance.now();
  const h = await setupDatabase({ ...opts, demo: true });
  try {
    const counts = await buildBenchDataset(h.db, { projects: PROJECTS });
    console.log(`  dataset: ${counts.projects.toLocaleString('en')} synthetic projects, ${counts.values.toLocaleString('en')} values (${Math.round((performance.now() - t0) / 1000)} s)`);
    return counts;
  } finally {
    await h.close();
  }
}

const results: Measured[] = [];
const cold: Record<string, number> = {};
const datasets: Record<string, unknown> = {};
for (const e of engines) {
  if (e.url && (process.env.BENCH_FRESH === '1' || PROJECTS === 0)) {
    // A fresh database: the server migrates and seeds it.
    const u = new URL(e.url);
    const name = u.pathname.slice(1);
    const admin = new URL(e.url);
    admin.pathname = '/postgres';
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`drop database if exists "${name.replace(/"/g, '')}"`);
    await c.query(`create database "${name.replace(/"/g, '')}"`);
    await c.end();
  }
  let s = await start(e.url);
  cold[e.name] = Math.round(s.coldMs);
  if (PROJECTS > 0) {
    // Stop the server (PGlite: one process owns the folder), load the dataset, start it again.
    s.child.kill('SIGTERM');
    await new Promise((r) => s.child.once('exit', r));
    if (e.url) datasets[e.name] = await loadDataset({ url: e.url });
    else {
      const cache = join(root, `../../.data/bench-pglite-${PROJECTS}`);
      if (!existsSync(cache)) {
        cpSync(s.dataDir, cache, { recursive: true });
        datasets[e.name] = await loadDataset({ dataDir: cache });
      }
      rmSync(s.dataDir, { recursive: true, force: true });
      cpSync(cache, s.dataDir, { recursive: true });
    }
    s = await start(e.url, s.dataDir);
  }
  try {
    const officer = await logIn(s.base, 'officer@kamkor.kg');
    const analyst = await logIn(s.base, 'analyst@kamkor.kg');
    const targets: [string, string, string][] = [
      ['explorer, default view', '/analytics/explorer', analyst],
      ['explorer, project × period', '/analytics/explorer?rows=project&cols=period&measure=achieved', analyst],
      ['ministry dashboard', '/analytics', officer],
      ['project tracking table', await trackingPath(s.base, officer), officer],
    ];
    for (const [target, path, cookie] of targets) {
      const m = await load(e.name, s.base, target, path, cookie);
      results.push(m);
      console.log(`${e.name.padEnd(10)} ${target.padEnd(28)} p50 ${String(m.p50).padStart(5)} ms  p95 ${String(m.p95).padStart(5)} ms  p97.5 ${String(m.p97_5).padStart(5)} ms  ${m.rps} req/s  (${m.requests} requests, ${m.non2xx} not 2xx)`);
    }
  } finally {
    s.child.kill('SIGTERM');
    await new Promise((r) => s.child.once('exit', r));
    rmSync(s.dataDir, { recursive: true, force: true });
  }
}

console.log(`\nP4 cold start to the first page (fresh data folder, migrations + demo seed): ${Object.entries(cold).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')} (goal < 10 s on PGlite)`);
console.log(`P3 goal: p95 < 150 ms on PostgreSQL under ${CONNECTIONS} clients for ${SECONDS} s.`);
const dir = join(root, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `explorer-load-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ seconds: SECONDS, connections: CONNECTIONS, projects: PROJECTS, datasets, loadAverage: (await import('node:os')).loadavg(), coldStartMs: cold, results }, null, 2));
console.log(`Written ${file}`);
