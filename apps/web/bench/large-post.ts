/**
 * `pnpm bench` (apps/web): what one over-sized anonymous request costs the real production server.
 * Starts build/app-server.js (building it first when missing) on a fresh PGlite folder, warms it up,
 * then streams 300 MB at it — a form to /login, chunked and with Content-Length, and a multipart body
 * to an upload route — and prints the time to the answer and the server's extra memory (peak RSS
 * over the warmed-up RSS, from /proc). Goal (issue 8): under 50 MB and under 1 s each.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stream } from '../server/test-client.ts';

const SIZE = 300 * 1024 * 1024;
const root = join(import.meta.dirname, '..');

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

function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0);
}

if (!existsSync(join(root, 'build/app-server.js')) || !existsSync(join(root, 'build/server/index.js'))) {
  console.log('No production build: building it first…');
  const built = spawnSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'inherit' });
  const server = spawnSync('node', ['scripts/build-server.mjs'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0 || server.status !== 0) process.exit(1);
}

const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'kamkor-bench-'));
const child = spawn('node', ['build/app-server.js'], {
  cwd: root,
  env: { ...process.env, NODE_ENV: 'production', PORT: String(port), KAMKOR_DATA_DIR: dataDir, KAMKOR_DEMO: '0', DATABASE_URL: '' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
try {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`${base}/login`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 300));
  }
  // Warm up: pages and a failed login, so the baseline includes the routes' code and the database.
  for (let i = 0; i < 5; i++) {
    await fetch(`${base}/login`).then((r) => r.text());
    await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ email: 'nobody@example.kg', password: 'x' }) }).then((r) => r.text());
  }
  await new Promise((r) => setTimeout(r, 500));

  const baseline = memoryKb(child.pid!, 'VmRSS') / 1024;
  const BOUNDARY = '----kamkor-bench';
  const cases = [
    { name: '300 MB form POST to /login, chunked', path: '/login', contentLength: false, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, head: 'email=a%40b.kg&password=' },
    { name: '300 MB form POST to /login, Content-Length', path: '/login', contentLength: true, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, head: 'email=a%40b.kg&password=' },
    {
      name: '300 MB multipart to an upload route, chunked',
      path: '/programs/any/import',
      contentLength: false,
      headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
      head: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\n\r\n`,
    },
  ];
  const rows: string[] = [];
  for (const c of cases) {
    const before = memoryKb(child.pid!, 'VmRSS');
    // Reset the peak (VmHWM) to the current RSS, so the peak below is this request's.
    writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
    const answer = await stream(port, c.path, { headers: c.headers, head: c.head, size: SIZE, contentLength: c.contentLength });
    await new Promise((r) => setTimeout(r, 300));
    const extraMb = Math.max(0, memoryKb(child.pid!, 'VmHWM') - before) / 1024;
    // The upload route answers an anonymous visitor with its redirect to /login (302), others with 413.
    const ok = [302, 413].includes(answer.status) && extraMb < 50 && answer.elapsedMs < 1000;
    rows.push(
      `| ${c.name} | ${answer.status} | ${answer.elapsedMs.toFixed(0)} ms | ${(answer.sent / 1048576).toFixed(1)} MB | ${extraMb.toFixed(1)} MB | ${ok ? 'yes' : 'NO'} |`,
    );
  }
  console.log(`\nOver-sized requests against the production server (warmed up: ${baseline.toFixed(0)} MB RSS; goal: refused, < 1 s, < 50 MB extra)\n`);
  console.log('| request | status | time to answer | sent before answer | extra peak RSS | goal met |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dataDir, { recursive: true, force: true });
}
