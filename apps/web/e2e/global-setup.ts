import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
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
 * Starts the built app once for all browser tests: on a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set (CI), else on a fresh PGlite folder; demo data is seeded on start.
 */
export default async function setup(project: TestProject) {
  const port = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    PORT: String(port),
    KAMKOR_DEMO: '1',
    KAMKOR_SECURE_COOKIES: '0',
    SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-123',
  };
  let dropDb: (() => Promise<void>) | null = null;
  let dataDir: string | null = null;
  if (process.env.TEST_DATABASE_URL) {
    const name = `kamkor_e2e_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'kamkor-e2e-'));
    env.KAMKOR_DATA_DIR = dataDir;
    delete env.DATABASE_URL;
  }
  const server: ChildProcess = spawn('node', ['node_modules/@remix-run/serve/dist/cli.js', 'build/server/index.js'], {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The server's own log, for when a browser test fails (CI keeps it in apps/web/e2e-artifacts).
  mkdirSync('e2e-artifacts', { recursive: true });
  const log = createWriteStream('e2e-artifacts/server.log');
  let output = '';
  server.stdout?.on('data', (d) => {
    output += d;
    log.write(d);
  });
  server.stderr?.on('data', (d) => {
    output += d;
    log.write(d);
  });
  server.on('exit', (code, signal) => {
    if (signal !== 'SIGTERM') console.error(`\nThe app server stopped (code ${code}, signal ${signal}). Its last output:\n${output.slice(-4000)}`);
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  // The first request migrates and seeds; wait until the login page answers.
  for (;;) {
    try {
      const res = await fetch(`${baseURL}/login`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`app did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  project.provide('baseURL', baseURL);
  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (dropDb) await dropDb();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
