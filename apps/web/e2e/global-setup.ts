import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/** Where the seeded template lives; each browser test file gets a copy of its own. */
type E2eTemplate =
  | { engine: 'postgres'; adminUrl: string; templateDb: string; prefix: string }
  | { engine: 'pglite'; templateDir: string };

declare module 'vitest' {
  export interface ProvidedContext {
    /** The local endpoint that hands each test file a server of its own (see ServerPool). */
    e2ePool: string;
  }
}

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

/**
 * THE command that starts the built app. Everything else (environment, port, database, log) is set by
 * `startApp`; change only this when the app gets its own HTTP server.
 */
export function serverCommand(): { command: string; args: string[] } {
  // The production server (server/index.ts bundled by `pnpm build`), as `pnpm start` runs it.
  return { command: process.execPath, args: ['build/app-server.js'] };
}

export interface RunningApp {
  baseURL: string;
  /** Stops the server and waits until the process has exited (so its PGlite folder can be copied). */
  stop: () => Promise<void>;
}

/** Starts the built app on one database (PostgreSQL URL or PGlite folder) and waits until it is migrated and seeded. */
export async function startApp(db: { databaseUrl: string } | { dataDir: string }, logName: string): Promise<RunningApp> {
  const port = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    PORT: String(port),
    KAMKOR_DEMO: '1',
    KAMKOR_SECURE_COOKIES: '0',
    // As behind a load balancer: tests set X-Forwarded-For to act as different visitors.
    KAMKOR_TRUST_PROXY: '1',
    SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-123',
  };
  delete env.DATABASE_URL;
  delete env.KAMKOR_DATA_DIR;
  if ('databaseUrl' in db) env.DATABASE_URL = db.databaseUrl;
  else env.KAMKOR_DATA_DIR = db.dataDir;
  const { command, args } = serverCommand();
  const server: ChildProcess = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  // The server's own log, for when a browser test fails (CI keeps apps/web/e2e-artifacts).
  mkdirSync('e2e-artifacts', { recursive: true });
  const log = createWriteStream(`e2e-artifacts/${logName}.log`);
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d).slice(-20_000);
    log.write(d);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  let stopping = false;
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
  server.on('exit', (code, signal) => {
    if (!stopping) console.error(`\nThe app server (${logName}) stopped (code ${code}, signal ${signal}). Its last output:\n${output.slice(-4000)}`);
  });
  const stop = async () => {
    stopping = true;
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  // The server migrates and seeds in the background when it starts (nothing to do on a copy of the
  // seeded template). /login answers before that; the public program list needs the database.
  for (;;) {
    try {
      const res = await fetch(`${baseURL}/public/programs`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline || server.exitCode !== null) {
      await stop();
      throw new Error(`app did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { baseURL, stop };
}

/** Runs SQL on the maintenance connection of TEST_DATABASE_URL. */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A database name derived from TEST_DATABASE_URL's, so each developer's databases keep their prefix. */
function prefixOf(adminUrl: string): string {
  const base = new URL(adminUrl).pathname.replace(/^\//, '').replace(/[^a-z0-9_]/gi, '_').toLowerCase() || 'kamkor';
  return `${base}_e2e_${process.pid}`;
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

interface Lease {
  app: RunningApp;
  log: string;
  dropDatabase: () => Promise<void>;
}

/**
 * Fresh app servers, each on its own copy of the seeded template. One spare is always being started
 * while a test file runs, so the next file does not wait for a cold start.
 */
class ServerPool {
  private spare: Promise<Lease> | null = null;
  private leased = new Map<string, Lease>();
  private count = 0;

  constructor(private template: E2eTemplate) {}

  private start(): Promise<Lease> {
    const t = this.template;
    const log = `server-${++this.count}`;
    return (async () => {
      if (t.engine === 'postgres') {
        const name = `${t.prefix}_${this.count}`;
        await adminQuery(t.adminUrl, `drop database if exists ${name} with (force)`);
        await adminQuery(t.adminUrl, `create database ${name} template ${t.templateDb}`);
        const dropDatabase = () => adminQuery(t.adminUrl, `drop database if exists ${name} with (force)`);
        return { app: await startApp({ databaseUrl: databaseUrl(t.adminUrl, name) }, log), log, dropDatabase };
      }
      const dir = mkdtempSync(join(tmpdir(), 'kamkor-e2e-file-'));
      cpSync(t.templateDir, dir, { recursive: true });
      const dropDatabase = async () => rmSync(dir, { recursive: true, force: true });
      return { app: await startApp({ dataDir: dir }, log), log, dropDatabase };
    })();
  }

  /** A ready server for one test file; starts the next spare at once. */
  async acquire(file: string): Promise<string> {
    const lease = await (this.spare ?? this.start());
    this.spare = this.start();
    this.spare.catch(() => {}); // reported when acquired
    this.leased.set(lease.app.baseURL, lease);
    appendFileSync('e2e-artifacts/servers.txt', `${lease.log}.log: ${file}\n`);
    return lease.app.baseURL;
  }

  async release(baseURL: string): Promise<void> {
    const lease = this.leased.get(baseURL);
    this.leased.delete(baseURL);
    if (!lease) return;
    await lease.app.stop();
    await lease.dropDatabase();
  }

  async close(): Promise<void> {
    await Promise.all([...this.leased.keys()].map((url) => this.release(url)));
    const spare = await this.spare?.catch(() => null);
    if (spare) {
      await spare.app.stop();
      await spare.dropDatabase();
    }
  }
}

/**
 * Prepares one migrated and seeded template for all browser test files: a PostgreSQL database (when
 * TEST_DATABASE_URL is set, as in CI) or a PGlite folder (a newcomer's run). Each test file then asks
 * the pool (over a small local HTTP endpoint, see per-file-setup.ts) for a server of its own on a copy
 * (`create database … template …`, or a copied folder), and gives it back when done.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  let template: E2eTemplate;
  let dropTemplate: () => Promise<void>;
  mkdirSync('e2e-artifacts', { recursive: true });
  writeFileSync('e2e-artifacts/servers.txt', '');
  if (adminUrl) {
    const prefix = prefixOf(adminUrl);
    const templateDb = `${prefix}_template`;
    await adminQuery(adminUrl, `drop database if exists ${templateDb} with (force)`);
    await adminQuery(adminUrl, `create database ${templateDb}`);
    const app = await startApp({ databaseUrl: databaseUrl(adminUrl, templateDb) }, 'server-template');
    // No connection may stay open on a template database.
    await app.stop();
    template = { engine: 'postgres', adminUrl, templateDb, prefix };
    dropTemplate = () => adminQuery(adminUrl, `drop database if exists ${templateDb} with (force)`);
  } else {
    const templateDir = mkdtempSync(join(tmpdir(), 'kamkor-e2e-template-'));
    const app = await startApp({ dataDir: templateDir }, 'server-template');
    await app.stop();
    template = { engine: 'pglite', templateDir };
    dropTemplate = async () => rmSync(templateDir, { recursive: true, force: true });
  }
  const pool = new ServerPool(template);
  const control = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://pool');
    const answer = url.pathname === '/acquire' ? pool.acquire(url.searchParams.get('file') ?? '?') : pool.release(url.searchParams.get('url') ?? '').then(() => '');
    answer.then(
      (text) => res.end(text),
      (err: Error) => {
        res.statusCode = 500;
        res.end(String(err.stack ?? err));
      },
    );
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  project.provide('e2ePool', `http://127.0.0.1:${(control.address() as { port: number }).port}`);
  return async () => {
    control.close();
    await pool.close();
    await dropTemplate();
  };
}
