/**
 * Stall bench (issue #12): the BUILT app server (apps/web/build/app-server.js, `pnpm --filter
 * @kamkor/web build` first) on its own database, demo data seeded. For each of the five imports —
 * program line import, report upload, tally upload, classifier import and the bulk import — two
 * 1,048,000-row workbooks (16.7 MB, under the 20 MB upload limit) are uploaded at once by the user
 * who may import there, while 20 clients keep reading the public page /public/programs. The phase
 * lasts until both uploads have been answered and, for the bulk import, until both background jobs
 * (dry runs) have finished. Prints the page's p50/p95/max latency per phase and the server process's
 * peak RSS (sampled from /proc every 100 ms; the import pool's threads are in the same process).
 * Goals: p95 < 300 ms, peak RSS < 500 MB. Asserts nothing.
 *
 * Engines: STALL_ENGINES=postgres,pglite (default postgres; PostgreSQL needs TEST_DATABASE_URL, whose
 * server gets a database of its own, dropped afterwards). STALL_ROWS changes the rows (default
 * 1,048,000); STALL_IMPORTS=bulk,report picks phases by name.
 *
 * The same workbook is sent to every import: the long bulk sheet (project, indicator, period, value,
 * codes no project has). Its sheet inflates past the guard's 150 MB entry limit (any 1,048,000-row
 * sheet of four columns does), so every import refuses it before reading a row: the phases measure
 * receiving two 17 MB bodies, storing them (the bulk import) and the guard. The last phase ('bulk 200k')
 * sends the longest sheet the bulk import accepts (199,999 rows) and waits for both background dry
 * runs (every row an error, error copies written).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import ExcelJS from 'exceljs';

const ROWS = Number(process.env.STALL_ROWS ?? 1_048_000);
const CLIENTS = 20;
/** The bulk import's row bound (bulkLimits.maxRows, the header row counts). */
const BULK_BOUND = 199_999;
const PASSWORD = 'kamkor-demo-2026';
const webDir = new URL('../../../apps/web/', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0);
};

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

async function sheetFile(rows = ROWS): Promise<string> {
  const path = join(tmpdir(), `kamkor-stall-v4-${rows}.xlsx`);
  if (existsSync(path)) return path;
  // Shared strings, no styles, numbers where the reader takes them and values that repeat every ten
  // rows: 1,048,000 rows stay under the 20 MB upload limit (the bulk sheet writer's inline strings and
  // values repeating every hundred rows make ~22 MB).
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('data');
  ws.addRow(['project_code', 'indicator_code', 'period', 'value']).commit();
  for (let i = 0; i < rows; i++) ws.addRow([`P${i % 10}`, i % 10, 2025, i % 10]).commit();
  ws.commit();
  await wb.commit();
  return path;
}

interface App {
  base: string;
  pid: number;
  stop: () => Promise<void>;
  output: () => string;
}

async function startApp(db: { databaseUrl: string } | { dataDir: string }): Promise<App> {
  const port = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    PORT: String(port),
    KAMKOR_DEMO: '1',
    KAMKOR_SECURE_COOKIES: '0',
    KAMKOR_TRUST_PROXY: '1',
    SESSION_SECRET: 'stall-bench-session-secret-that-is-long-enough',
  };
  delete env.DATABASE_URL;
  delete env.KAMKOR_DATA_DIR;
  delete env.KAMKOR_IMPORT_TRACE;
  if ('databaseUrl' in db) env.DATABASE_URL = db.databaseUrl;
  else env.KAMKOR_DATA_DIR = db.dataDir;
  const server: ChildProcess = spawn(process.execPath, ['build/app-server.js'], { cwd: webDir, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => void (output = (output + d).slice(-20_000));
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/public/programs`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline || server.exitCode !== null) {
      await stop();
      throw new Error(`app did not start:\n${output}`);
    }
    await sleep(300);
  }
  return { base, pid: server.pid!, stop, output: () => output };
}

interface Session {
  cookie: string;
  csrf: string;
  ip: string;
}

async function logIn(base: string, email: string, ip: string): Promise<Session> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { Origin: base, 'X-Forwarded-For': ip, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD, redirectTo: '/' }),
    redirect: 'manual',
  });
  const sid = /kamkor_session=([^;]+)/.exec(res.headers.get('Set-Cookie') ?? '')?.[1];
  if (res.status !== 302 || !sid) throw new Error(`${email} could not log in (${res.status})`);
  const cookie = `kamkor_session=${sid}`;
  const page = await (await fetch(`${base}/account`, { headers: { Cookie: cookie, 'X-Forwarded-For': ip } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error(`no CSRF token for ${email}`);
  return { cookie, csrf, ip };
}

async function html(base: string, s: Session, path: string): Promise<string> {
  const res = await fetch(`${base}${path}`, { headers: { Cookie: s.cookie, 'X-Forwarded-For': s.ip, 'Accept-Language': 'ru' } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return res.text();
}

function idNear(page: string, prefix: string, text: string): string {
  const at = page.indexOf(text);
  if (at < 0) throw new Error(`"${text}" not found`);
  const re = new RegExp(`href="${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([0-9a-f-]{36})`, 'g');
  let best: { id: string; d: number } | null = null;
  for (const m of page.matchAll(re)) {
    const d = Math.abs(m.index - at);
    if (!best || d < best.d) best = { id: m[1]!, d };
  }
  if (!best) throw new Error(`no link ${prefix}… near "${text}"`);
  return best.id;
}

function firstId(page: string, prefix: string): string {
  const m = new RegExp(`href="${prefix}([0-9a-f-]{36})`).exec(page);
  if (!m) throw new Error(`no link ${prefix}…`);
  return m[1]!;
}

/** One GET of the public page with a fresh connection (as a new visitor), its time in ms. */
function get(base: string, ip: string): Promise<number> {
  const url = new URL('/public/programs', base);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, agent: false, headers: { 'X-Forwarded-For': ip, 'Accept-Language': 'ru' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`/public/programs: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function upload(base: string, s: Session, path: string, bytes: Uint8Array): Promise<{ status: number; location: string | null; ms: number }> {
  const form = new FormData();
  form.set('_csrf', s.csrf);
  form.set('intent', 'dry-run');
  form.set('file', new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), 'stall.xlsx');
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { Origin: base, Cookie: s.cookie, 'X-Forwarded-For': s.ip, 'Accept-Language': 'ru' }, body: form, redirect: 'manual' });
    await res.arrayBuffer();
    return { status: res.status, location: res.headers.get('Location'), ms: Math.round(performance.now() - t0) };
  } catch {
    // The server cut the connection (a body over its limit).
    return { status: 0, location: null, ms: Math.round(performance.now() - t0) };
  }
}

/** Waits for a bulk-import job page to show a finished job (its owner's session); its status. */
async function jobDone(base: string, s: Session, location: string): Promise<string> {
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    let page: string;
    try {
      page = await html(base, s, location);
    } catch (err) {
      // A slow answer or a reset connection under load: ask again (the job goes on).
      if (Date.now() > deadline) return `unknown (${(err as Error).message})`;
      await sleep(2_000);
      continue;
    }
    const status = /data-status="([a-z]+)"/.exec(page)?.[1] ?? '?';
    const why = /role="alert"><p>([^<]*)</.exec(page)?.[1];
    if (status === 'failed') return `failed (${why ?? '?'})`;
    if (status === 'done' || Date.now() > deadline) return status;
    await sleep(2_000);
  }
}

interface Phase {
  name: string;
  who: Session;
  path: string;
  background?: boolean;
  /** Another workbook than the long one (the bulk import's own bound). */
  bytes?: Uint8Array;
}

async function phase(app: App, p: Phase | null, bytes: Uint8Array, seconds = 10): Promise<string> {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  let peak = rssMb(app.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(app.pid))), 100);
  const clients = Array.from({ length: CLIENTS }, async (_, i) => {
    while (running) {
      try {
        latencies.push(await get(app.base, `10.99.1.${i + 1}`));
      } catch {
        failures++;
        await sleep(50);
      }
    }
  });
  const t0 = performance.now();
  let what = '';
  if (!p) {
    await sleep(seconds * 1000);
    what = `${seconds} s, no upload`;
  } else {
    const answers = await Promise.all([upload(app.base, p.who, p.path, p.bytes ?? bytes), upload(app.base, p.who, p.path, p.bytes ?? bytes)]);
    what = answers.map((a) => `${a.status} in ${a.ms} ms`).join(', ');
    if (p.background) {
      const jobs = await Promise.all(answers.map((a) => (a.location ? jobDone(app.base, p.who, a.location) : Promise.resolve('not started'))));
      what += `; jobs ${jobs.join(', ')}`;
    }
  }
  const ms = Math.round(performance.now() - t0);
  running = false;
  await Promise.all(clients);
  clearInterval(sampler);
  const p95 = pct(latencies, 95);
  return `  ${(p?.name ?? 'baseline').padEnd(18)} ${String(Math.round(ms / 1000)).padStart(4)} s  page: ${String(latencies.length).padStart(6)} requests${failures ? ` (${failures} failed)` : ''}, p50 ${pct(latencies, 50)} ms, p95 ${p95} ms${p95 < 300 ? '' : ' (over 300)'}, max ${pct(latencies, 100)} ms  server peak RSS ${peak} MB${peak < 500 ? '' : ' (over 500)'}  [${what}]`;
}

async function benchEngine(engine: 'postgres' | 'pglite', bytes: Uint8Array, bound: Uint8Array): Promise<void> {
  let app: App;
  let cleanUp = async () => {};
  if (engine === 'postgres') {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) {
      console.log('  postgres: TEST_DATABASE_URL is not set, skipped');
      return;
    }
    const name = `${new URL(adminUrl).pathname.replace(/^\//, '').replace(/[^a-z0-9_]/gi, '_').toLowerCase() || 'kamkor'}_stall_${process.pid}`;
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(q);
      } finally {
        await c.end();
      }
    };
    await admin(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    app = await startApp({ databaseUrl: url.toString() });
    cleanUp = () => admin(`drop database if exists ${name} with (force)`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'kamkor-stall-pglite-'));
    app = await startApp({ dataDir: dir });
    cleanUp = async () => rmSync(dir, { recursive: true, force: true });
  }
  try {
    const [officer, ngo, jazy, admin] = await Promise.all([
      logIn(app.base, 'officer@kamkor.kg', '10.99.0.2'),
      logIn(app.base, 'ngo@kamkor.kg', '10.99.0.3'),
      logIn(app.base, 'jazy@kamkor.kg', '10.99.0.4'),
      logIn(app.base, 'admin@kamkor.kg', '10.99.0.5'),
    ]);
    const draftProgram = idNear(await html(app.base, officer, '/programs'), '/programs/', 'на 2027 год');
    const project = idNear(await html(app.base, officer, '/projects'), '/projects/', 'SSO-2025-001');
    const draftAssessment = idNear(await html(app.base, admin, '/assessments'), '/assessments/', 'Жазы');
    const meeting = firstId(await html(app.base, admin, `/assessments/${draftAssessment}/meetings`), `/assessments/${draftAssessment}/meetings/`);
    const phases: Phase[] = [
      { name: 'program import', who: officer, path: `/programs/${draftProgram}/import` },
      { name: 'report upload', who: ngo, path: `/projects/${project}/reports/2026-Q4/upload` },
      { name: 'tally upload', who: jazy, path: `/assessments/${draftAssessment}/meetings/${meeting}` },
      { name: 'classifier import', who: admin, path: '/admin/territory/import' },
      { name: 'bulk import', who: officer, path: '/projects/import', background: true },
      // The bulk import refuses a sheet past 200,000 rows (bulkLimits) once it has read that far: this
      // phase runs two whole dry runs of the longest sheet it accepts (every row an error, error copies).
      { name: 'bulk 200k', who: officer, path: '/projects/import', background: true, bytes: bound },
    ];
    const pick = process.env.STALL_IMPORTS?.split(',');
    console.log(`\n${engine}: server pid ${app.pid}, RSS at start ${rssMb(app.pid)} MB`);
    console.log(await phase(app, null, bytes));
    for (const p of phases) {
      if (pick && !pick.some((name) => p.name.includes(name))) continue;
      console.log(await phase(app, p, bytes));
    }
  } catch (err) {
    const alive = rssMb(app.pid) > 0;
    console.log(`  ${engine}: ${(err as Error).message} (server ${alive ? 'still running' : 'gone'})\n${app.output().slice(-2000)}`);
  } finally {
    await app.stop();
    await cleanUp();
  }
}

export default async function benchStall(): Promise<void> {
  if (!existsSync(join(webDir, 'build/app-server.js'))) {
    console.log('stall: build the app first (pnpm --filter @kamkor/web build)');
    return;
  }
  const path = await sheetFile();
  const bytes = new Uint8Array(readFileSync(path));
  console.log(
    `\nstall: two uploads at once of a ${ROWS.toLocaleString('en')}-row workbook (${(statSync(path).size / 1048576).toFixed(1)} MB) to each import, ${CLIENTS} clients on /public/programs (the built server, load ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')})`,
  );
  const engines = (process.env.STALL_ENGINES ?? 'postgres').split(',') as ('postgres' | 'pglite')[];
  const bound = new Uint8Array(readFileSync(await sheetFile(BULK_BOUND)));
  for (const engine of engines) await benchEngine(engine, bytes, bound);
}
