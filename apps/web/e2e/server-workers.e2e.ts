import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { adminQuery, databaseUrl, startApp, type RunningApp } from './global-setup.ts';
import { DEMO_PASSWORD } from './helpers.ts';

// KAMKOR_WORKERS: several server processes on one port and one PostgreSQL database (server/workers.ts).
const adminUrl = process.env.TEST_DATABASE_URL;

describe.runIf(Boolean(adminUrl))('several server processes', () => {
  const name = `kamkor_workers_${process.pid}`;
  let app: RunningApp | null = null;
  afterAll(async () => {
    await app?.stop();
    await adminQuery(adminUrl!, `drop database if exists ${name} with (force)`);
  });

  it('start together on a fresh database, share the sessions, and all stop on SIGTERM', async () => {
    await adminQuery(adminUrl!, `drop database if exists ${name} with (force)`);
    await adminQuery(adminUrl!, `create database ${name}`);
    process.env.KAMKOR_WORKERS = '3';
    try {
      // Three processes migrate and seed the same empty database at once (one at a time, under the setup lock).
      app = await startApp({ databaseUrl: databaseUrl(adminUrl!, name) }, 'server-workers');
    } finally {
      delete process.env.KAMKOR_WORKERS;
    }
    const log = readFileSync('e2e-artifacts/server-workers.log', 'utf8');
    expect(log).toContain('Kamkor: 3 server processes');
    expect(log.match(/Kamkor listening on/g)).toHaveLength(3);

    const login = await fetch(`${app.baseURL}/login`, {
      method: 'POST',
      headers: { Origin: app.baseURL, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'analyst@kamkor.kg', password: DEMO_PASSWORD, redirectTo: '/' }),
      redirect: 'manual',
    });
    expect(login.status).toBe(302);
    const cookie = /kamkor_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    // Whichever process answers, the session is the same (it lives in the database).
    const pages = await Promise.all(
      Array.from({ length: 24 }, () => fetch(`${app!.baseURL}/analytics/explorer`, { headers: { Cookie: cookie, 'Accept-Language': 'ru' } }).then(async (r) => ({ status: r.status, html: await r.text() }))),
    );
    for (const p of pages) {
      expect(p.status).toBe(200);
      expect(p.html).toContain('Динара Асанова');
    }

    // SIGTERM to the supervising process stops every server process: the port no longer answers.
    const base = app.baseURL;
    await app.stop();
    app = null;
    expect(await fetch(`${base}/login`).then(() => 'answered', () => 'refused')).toBe('refused');
  });
});
