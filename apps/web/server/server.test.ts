import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER } from '../app/utils/internal-headers.ts';
import { csrfTokenFor } from '../app/utils/csrf.server.ts';
import { FORM_LIMIT_BYTES, MAX_FIELDS, MAX_UPLOAD_BYTES } from '../app/utils/request-limits.ts';
import { readUpload } from '../app/utils/upload.server.ts';
import { KEEP_ALIVE_TIMEOUT_MS, createHttpServer, createServerApp, writeBody } from './app.ts';
import { stream } from './test-client.ts';

// This process's temporary files go to a folder of its own, so uploads of other test files running at
// the same time (the file-ownership tests) are not counted as left behind by this one.
process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'kamkor-server-test-'));

// The real server (every middleware, the same limits) with the Remix build replaced by a handler that
// reports what the app would receive; uploads go through the real readUpload.
async function start(trustProxy: boolean): Promise<Server> {
  const app = createServerApp({
    mode: 'production',
    trustProxy,
    https: false,
    handleRequest: async (request, context) => {
      const url = new URL(request.url);
      let received: Record<string, unknown> = {};
      const path = url.pathname.replace(/\.data$/, '');
      if (path === '/programs/p1/import' || path === '/assessments/a1/problems/p1') {
        // The photo route reads its upload with a smaller per-file limit, as the real one does.
        const upload = path === '/programs/p1/import' ? await readUpload(request) : await readUpload(request, 'photo', 8 * 1024 * 1024);
        received = upload.ok ? { file: upload.file?.size ?? null, intent: upload.form.get('intent') } : { refused: upload.messageKey };
      } else if (request.body) {
        received = { bytes: (await request.arrayBuffer()).byteLength };
      }
      return Response.json({ ...received, client: request.headers.get(CLIENT_ADDRESS_HEADER), nonce: context.cspNonce });
    },
  });
  const server = createHttpServer(app).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return server;
}

function url(server: Server, path: string): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const BOUNDARY = '----kamkor-test-boundary';
const MULTIPART = { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` };
const field = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const fileHead = (name = 'file') => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="big.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`;
const end = `\r\n--${BOUNDARY}--\r\n`;

let direct: Server;
let proxied: Server;
beforeAll(async () => {
  [direct, proxied] = await Promise.all([start(false), start(true)]);
});
afterAll(() => {
  direct.closeAllConnections();
  proxied.closeAllConnections();
  direct.close();
  proxied.close();
});

describe('keep-alive', () => {
  it('keeps an idle connection open longer than a load balancer would (no reset when a client reuses it)', async () => {
    expect(direct.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
    expect(direct.headersTimeout).toBeGreaterThan(direct.keepAliveTimeout);
    // Two requests 5.5 s apart (past Node's default 5 s) on one kept-alive socket: both answered.
    const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
        const req = httpRequest(url(direct, '/'), { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, socket: req.socket }));
        });
        req.on('error', reject);
        req.end();
      });
    const first = await get();
    await new Promise((r) => setTimeout(r, 5_500));
    const second = await get();
    expect(second.status).toBe(first.status);
    expect(second.socket).toBe(first.socket);
    agent.destroy();
  }, 20_000);
});

describe('request body limit', () => {
  // Temporary files other processes left earlier (a server killed mid-upload) are not this run's.
  const tempFiles = () => readdirSync(tmpdir()).filter((f) => /^kamkor-(body|upload)-/.test(f));
  const before = new Set(tempFiles());
  for (const contentLength of [true, false]) {
    const how = contentLength ? 'with Content-Length' : 'chunked, without Content-Length';

    it(`refuses an over-sized form with 413 in the visitor's language (${how})`, async () => {
      const answer = await stream(direct, '/login', { headers: { ...FORM, 'Accept-Language': 'ru-RU,ru' }, head: 'email=a%40b.kg&password=', size: 20 * 1024 * 1024, contentLength });
      expect(answer.status).toBe(413);
      expect(answer.body).toContain('Слишком большой запрос');
      expect(answer.body).toContain('1 MB');
      // Refused at the limit, not after reading everything.
      expect(answer.sent).toBeLessThan(10 * 1024 * 1024);
    });

    it(`lets a form under the limit through whole (${how})`, async () => {
      const answer = await stream(direct, '/login', { headers: FORM, head: 'email=a%40b.kg&note=', size: FORM_LIMIT_BYTES - 10, contentLength });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).bytes).toBe(FORM_LIMIT_BYTES - 10);
    });

    it(`refuses a multipart body over the file limit on an upload route (${how})`, async () => {
      const answer = await stream(direct, '/programs/p1/import', { headers: { ...MULTIPART, Cookie: 'kamkor_lang=en' }, head: fileHead(), tail: end, size: MAX_UPLOAD_BYTES + 512 * 1024, contentLength });
      // The route's own page answers (its form says the file is too large), with status 413.
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ refused: 'excel.errors.tooLarge' });
      // Submitted by Remix's client: the same answer in the status Remix sent, for its client to decode.
      const data = await stream(direct, '/programs/p1/import.data', { headers: MULTIPART, head: fileHead(), tail: end, size: MAX_UPLOAD_BYTES + 512 * 1024, contentLength });
      expect(data.status).toBe(200);
      expect(JSON.parse(data.body)).toMatchObject({ refused: 'excel.errors.tooLarge' });
    });

    it(`refuses an over-sized multipart body to any other route with the 413 page (${how})`, async () => {
      const answer = await stream(direct, '/programs/p1/edit', { headers: { ...MULTIPART, Cookie: 'kamkor_lang=en' }, head: fileHead(), tail: end, size: 30 * 1024 * 1024, contentLength });
      expect(answer.status).toBe(413);
      expect(answer.body).toContain('The request is too large');
      expect(answer.body).toContain('1 MB');
    });

    it(`streams an upload under the file limit to the action (${how})`, async () => {
      const size = 5 * 1024 * 1024;
      const head = field('intent', 'dryRun') + fileHead();
      const answer = await stream(direct, '/programs/p1/import.data', { headers: MULTIPART, head, tail: end, size, contentLength });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ file: size - head.length - end.length, intent: 'dryRun' });
    });

    it(`keeps multipart to other routes at the form limit (${how})`, async () => {
      const answer = await stream(direct, '/programs/p1/edit', { headers: MULTIPART, head: fileHead(), tail: end, size: 2 * 1024 * 1024, contentLength });
      expect(answer.status).toBe(413);
    });
  }

  it('never lets a client claim its own upload was refused', async () => {
    const res = await fetch(url(direct, '/programs/p1/import'), { method: 'POST', headers: { ...MULTIPART, 'x-kamkor-body-refused': '1' }, body: fileHead() + 'x' + end });
    expect(await res.json()).toMatchObject({ file: 1 });
  });

  it('refuses a declared over-sized body before the client sends it (Expect: 100-continue)', async () => {
    const { port } = direct.address() as AddressInfo;
    const answer = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = httpRequest({ host: '127.0.0.1', port, path: '/login', method: 'POST', headers: { ...FORM, 'Content-Length': String(300 * 1024 * 1024), Expect: '100-continue' } });
      req.on('continue', () => (continued = true));
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, continued });
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(answer).toEqual({ status: 413, continued: false });
  });

  it('lets the route refuse a file over its own smaller limit, while streaming', async () => {
    const head = fileHead('photo');
    const answer = await stream(direct, '/assessments/a1/problems/p1', { headers: MULTIPART, head, tail: end, size: 9 * 1024 * 1024, contentLength: false });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ refused: 'excel.errors.tooLarge' });
  });

  it('leaves no temporary files behind', async () => {
    await new Promise((r) => setTimeout(r, 100));
    expect(tempFiles().filter((f) => !before.has(f))).toEqual([]);
  });

  it('refuses too many fields and too many parts', async () => {
    const fields = Array.from({ length: MAX_FIELDS + 1 }, (_, i) => `f${i}=1`).join('&');
    const tooManyFields = await fetch(url(direct, '/login'), { method: 'POST', headers: FORM, body: fields });
    expect(tooManyFields.status).toBe(413);
    const parts = Array.from({ length: 60 }, (_, i) => field(`f${i}`, 'x')).join('') + `--${BOUNDARY}--\r\n`;
    const tooManyParts = await fetch(url(direct, '/programs/p1/import'), { method: 'POST', headers: MULTIPART, body: parts });
    expect(tooManyParts.status).toBe(413);
    expect(await tooManyParts.json()).toMatchObject({ refused: 'excel.errors.tooLarge' });
    const twoFiles = fileHead() + 'x\r\n' + fileHead('other') + 'y' + end;
    expect((await fetch(url(direct, '/programs/p1/import'), { method: 'POST', headers: MULTIPART, body: twoFiles })).status).toBe(413);
  });

  it('answers 400 to a malformed multipart body', async () => {
    const res = await fetch(url(direct, '/programs/p1/import'), { method: 'POST', headers: MULTIPART, body: fileHead() + 'truncated' });
    expect(res.status).toBe(400);
  });
});

describe('CSRF, checked for every non-GET request', () => {
  const session = 'kamkor_session=some-session-id';
  const post = (body: string, headers: Record<string, string> = {}) => fetch(url(direct, '/programs/p1/edit'), { method: 'POST', headers: { ...FORM, ...headers }, body });

  it('refuses a foreign Origin, even from a visitor', async () => {
    const res = await post('a=1', { Origin: 'https://evil.example', 'Accept-Language': 'en' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('The form has expired');
    expect((await post('a=1', { Referer: 'https://evil.example/page' })).status).toBe(403);
  });

  it('refuses a session without the token or with a wrong one', async () => {
    expect((await post('a=1', { Cookie: session })).status).toBe(403);
    expect((await post('a=1&_csrf=wrong', { Cookie: session })).status).toBe(403);
    expect((await post(`a=1&_csrf=${csrfTokenFor('another-session')}`, { Cookie: session })).status).toBe(403);
    expect((await fetch(url(direct, '/logout'), { method: 'POST', headers: { Cookie: session } })).status).toBe(403);
  });

  it('accepts our own origin with the session token, also inside multipart', async () => {
    const token = csrfTokenFor('some-session-id');
    const host = new URL(url(direct, '/')).host;
    expect((await post(`a=1&_csrf=${encodeURIComponent(token)}`, { Cookie: session, Origin: `http://${host}` })).status).toBe(200);
    const body = fileHead() + 'x\r\n' + field('_csrf', token) + `--${BOUNDARY}--\r\n`;
    expect((await fetch(url(direct, '/programs/p1/import'), { method: 'POST', headers: { ...MULTIPART, Cookie: session }, body })).status).toBe(200);
    expect((await fetch(url(direct, '/programs/p1/import'), { method: 'POST', headers: { ...MULTIPART, Cookie: session }, body: body.replace(token, 'x') })).status).toBe(403);
  });

  it('lets a visitor without a session post without a token (the login form)', async () => {
    expect((await post('email=a')).status).toBe(200);
  });
});

describe('client address for rate limits', () => {
  it('is the socket address without a trusted proxy, whatever the headers claim', async () => {
    const res = await fetch(url(direct, '/'), { headers: { 'X-Forwarded-For': '6.6.6.6', [CLIENT_ADDRESS_HEADER]: '7.7.7.7' } });
    expect((await res.json()).client).toBe('127.0.0.1');
  });

  it('behind a trusted proxy is the right-most X-Forwarded-For entry, the one the proxy added', async () => {
    const res = await fetch(url(proxied, '/'), { headers: { 'X-Forwarded-For': '6.6.6.6, 10.20.30.40', [CLIENT_ADDRESS_HEADER]: '7.7.7.7' } });
    expect((await res.json()).client).toBe('10.20.30.40');
    const alone = await fetch(url(proxied, '/'));
    expect((await alone.json()).client).toBe('127.0.0.1');
  });
});

describe('security headers', () => {
  it('sends a CSP whose script nonce is the one given to the page, and the other protective headers', async () => {
    const res = await fetch(url(direct, '/'));
    const csp = res.headers.get('content-security-policy') ?? '';
    const { nonce } = await res.json();
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const again = await (await fetch(url(direct, '/'))).json();
    expect(again.nonce).not.toBe(nonce);
  });
});

describe('static files', () => {
  it('serves the built assets and the top-level files; every other path reaches the app', async () => {
    const clientDir = mkdtempSync(join(tmpdir(), 'kamkor-client-'));
    mkdirSync(join(clientDir, 'assets'));
    writeFileSync(join(clientDir, 'sw.js'), '/* worker */');
    writeFileSync(join(clientDir, 'assets', 'entry-abc123.js'), 'export {};');
    const app = createServerApp({
      mode: 'production',
      trustProxy: false,
      https: false,
      clientDir,
      handleRequest: async (request) => Response.json({ page: new URL(request.url).pathname }),
    });
    const server = createHttpServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const sw = await fetch(url(server, '/sw.js'));
      expect(await sw.text()).toBe('/* worker */');
      const asset = await fetch(url(server, '/assets/entry-abc123.js'));
      expect(await asset.text()).toBe('export {};');
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect(await (await fetch(url(server, '/analytics/explorer'))).json()).toEqual({ page: '/analytics/explorer' });
      // A file that is not in the build's top level is never looked up on disk: the app answers.
      expect(await (await fetch(url(server, '/package.json'))).json()).toEqual({ page: '/package.json' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('writing a response body', () => {
  /** Serves `body()` through writeBody on a real socket; returns what the client read, how many writes it took, and when each write came. */
  async function serve(body: () => ReadableStream<Uint8Array>) {
    const writes: number[] = [];
    const t0 = Date.now();
    const server = createServer((_req, res) => {
      const write = res.write.bind(res) as (chunk: Uint8Array) => boolean;
      res.write = ((chunk: Uint8Array) => {
        writes.push(Date.now() - t0);
        return write(chunk);
      }) as typeof res.write;
      void writeBody(body(), res as unknown as Parameters<typeof writeBody>[1]);
    }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const text = await (await fetch(url(server, '/'))).text();
      return { text, writes };
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }

  it('joins the small chunks of a rendered page into few writes, losing nothing', async () => {
    const chunk = (i: number) => new TextEncoder().encode(`<p>${String(i).padStart(4, '0')}${'ж'.repeat(1000)}</p>`);
    const { text, writes } = await serve(
      () =>
        new ReadableStream({
          start(c) {
            for (let i = 0; i < 100; i++) c.enqueue(chunk(i));
            c.close();
          },
        }),
    );
    expect(text).toBe(Array.from({ length: 100 }, (_, i) => new TextDecoder().decode(chunk(i))).join(''));
    // 100 chunks of about 2 KB: a write per 64 KB gathered and one for the rest.
    expect(writes.length).toBeLessThanOrEqual(5);
  });

  it('still sends a streamed answer as it is produced', async () => {
    const { text, writes } = await serve(() => {
      let n = 0;
      return new ReadableStream({
        async pull(c) {
          await new Promise((r) => setTimeout(r, 150));
          if (n === 3) return c.close();
          c.enqueue(new TextEncoder().encode(`event ${n++}\n`));
        },
      });
    });
    expect(text).toBe('event 0\nevent 1\nevent 2\n');
    // Three writes, each when its event came (about 150 ms apart), not one at the end.
    expect(writes).toHaveLength(3);
    expect(writes[2]! - writes[0]!).toBeGreaterThanOrEqual(250);
  });
});
