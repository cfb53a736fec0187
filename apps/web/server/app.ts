import { createReadStream, readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  type AppLoadContext,
  type ServerBuild,
} from '@remix-run/node';
import compression from 'compression';
import express, { type Request as ExpressRequest, type RequestHandler, type Response as ExpressResponse } from 'express';
import type { KamkorLoadContext } from '../app/load-context.ts';
import { BODY_REFUSED_HEADER, CLIENT_ADDRESS_HEADER, REQUEST_ID_HEADER } from '../app/utils/internal-headers.ts';
import { boundedBody, defaultBodyLimits, type BodyLimits, type ReadBody } from './bounded-body.ts';
import { clientAddress } from './client-address.ts';
import { securityHeaders } from './security-headers.ts';

export type ServerOptions = {
  /** The Remix build (production) or a loader of it (Vite in development). */
  build?: ServerBuild | (() => Promise<ServerBuild>);
  /** Instead of a build: any fetch-style handler (the server's own tests use one). */
  handleRequest?: (request: Request, context: AppLoadContext) => Promise<Response>;
  mode: 'development' | 'production';
  /** Behind one trusted proxy (KAMKOR_TRUST_PROXY=1): the client address is the one it added. */
  trustProxy: boolean;
  /** Served over HTTPS (HSTS, upgrade-insecure-requests). */
  https: boolean;
  /** Built browser assets (production); `vite` serves them in development. */
  clientDir?: string;
  vite?: { middlewares: RequestHandler };
  limits?: BodyLimits;
};

function toFetchHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  return headers;
}

/** As @remix-run/express's sendRemixResponse. */
async function sendFetchResponse(req: ExpressRequest, res: ExpressResponse, response: Response): Promise<void> {
  // A refused upload answered by its page is still a 413 (not for Remix's own `.data` requests, whose
  // client only decodes the statuses Remix itself sends).
  const refusedPage = res.locals.refused && !req.path.endsWith('.data') && response.status < 500 && !(response.status >= 300 && response.status < 400);
  res.status(refusedPage ? 413 : response.status);
  if (!refusedPage) res.statusMessage = response.statusText;
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) res.flushHeaders();
  if (response.body) await writeBody(response.body, res);
  else res.end();
}

/** Chunks written at once when this many bytes have gathered (else on the next turn of the event loop). */
const WRITE_BATCH_BYTES = 64 * 1024;

/**
 * Writes a response body to the socket in few large writes. React's server renderer hands over a page
 * in chunks of about 2 KB; written one by one, a 100 KB page cost fifty system calls (a tenth of the
 * server's time under load, bench P3). Chunks that arrive together are joined and written once they
 * reach WRITE_BATCH_BYTES or the event loop turns, so a streamed answer (server-sent events, a
 * download) still goes out as it is produced.
 */
export async function writeBody(body: ReadableStream<Uint8Array>, res: ExpressResponse): Promise<void> {
  const reader = body.getReader();
  let pending: Uint8Array[] = [];
  let size = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!pending.length || res.writableEnded) return;
    res.write(pending.length === 1 ? pending[0] : Buffer.concat(pending, size));
    pending = [];
    size = 0;
    // compression's flush: what was written leaves the gzip stream now.
    (res as ExpressResponse & { flush?: () => void }).flush?.();
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        flush();
        res.end();
        return;
      }
      pending.push(value);
      size += value.byteLength;
      if (size >= WRITE_BATCH_BYTES) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    }
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  }
}

/**
 * The Fetch request the app sees: the client's headers (the internal client-address header always
 * ours) and the body already read within the limits. This is @remix-run/express's adapter except for
 * the body: that adapter streams the raw socket into Remix, where nothing bounds it.
 */
function toFetchRequest(req: ExpressRequest, res: ExpressResponse, context: KamkorLoadContext): Request {
  // As @remix-run/express: req.hostname and req.protocol respect `trust proxy`; the port comes from the Host.
  const port = [req.get('X-Forwarded-Host'), req.get('host')].map((h) => Number.parseInt(h?.split(':')[1] ?? '', 10)).find(Number.isSafeInteger);
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`);
  const headers = toFetchHeaders(req.headers);
  headers.set(CLIENT_ADDRESS_HEADER, context.clientAddress);
  headers.set(REQUEST_ID_HEADER, randomUUID());
  headers.delete(BODY_REFUSED_HEADER);
  if (res.locals.refused) headers.set(BODY_REFUSED_HEADER, String(res.locals.refused));
  let controller: AbortController | null = new AbortController();
  res.on('finish', () => (controller = null));
  res.on('close', () => controller?.abort());
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal: controller.signal };
  const body = res.locals.body as ReadBody | undefined;
  if (req.method !== 'GET' && req.method !== 'HEAD' && body && body.kind !== 'none') {
    if (body.kind === 'memory') init.body = new Uint8Array(body.data);
    else {
      const file = createReadStream(body.path);
      // An action that answers without reading the upload must not leave the file open.
      res.on('close', () => file.destroy());
      init.body = createReadableStreamFromReadable(file);
      init.duplex = 'half';
    }
  }
  return new Request(url.href, init);
}

/**
 * Kamkor's HTTP server: security headers and CSP, static assets, compression, the bounded body with
 * CSRF, the client address, then Remix. `server/index.ts` starts it; tests start it on a free port.
 */
export function createServerApp(options: ServerOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ? 1 : false);
  app.use(compression());
  app.use(securityHeaders({ dev: options.mode === 'development', https: options.https }));

  if (options.vite) app.use(options.vite.middlewares);
  else if (options.clientDir) {
    // Hashed file names never change content: cache them for a year; the rest (favicon…) for an hour.
    app.use('/assets', express.static(join(options.clientDir, 'assets'), { immutable: true, maxAge: '1y', index: false }));
    // The few top-level files (favicon, service worker) are listed once: every other request (a page)
    // would otherwise cost a failed file lookup and its error object before reaching Remix.
    const topFiles = new Set(readdirSync(options.clientDir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => `/${e.name}`));
    const topStatic = express.static(options.clientDir, { maxAge: '1h', index: false });
    app.use((req, res, next) => (topFiles.has(req.path) ? topStatic(req, res, next) : next()));
  }

  app.use(boundedBody(options.limits ?? defaultBodyLimits));

  const handle = options.handleRequest ?? (options.build ? createRequestHandler(options.build, options.mode) : null);
  if (!handle) throw new Error('createServerApp needs a build or a handleRequest');
  app.all('*', async (req, res, next) => {
    try {
      const context: KamkorLoadContext = { cspNonce: String(res.locals.cspNonce), clientAddress: clientAddress(req) };
      const response = await handle(toFetchRequest(req, res, context), context);
      await sendFetchResponse(req, res, response);
    } catch (err) {
      next(err);
    }
  });
  return app;
}

/** How long an idle keep-alive connection stays open (longer than a load balancer's usual 60 s). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * The HTTP server for `app`. Requests sent with `Expect: 100-continue` reach the app before the client
 * sends its body, so a declared size over the limit is refused without the body ever being sent.
 */
export function createHttpServer(app: ReturnType<typeof createServerApp>, server: Server = createServer()): Server {
  // An idle keep-alive connection is closed after 65 s, not Node's 5 s: a client (or a load balancer,
  // whose idle timeout is typically 60 s) that reuses a connection just as the server closes it gets
  // a reset instead of an answer. The browser tests met exactly that under load (ECONNRESET on a POST).
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  server.on('request', app);
  server.on('checkContinue', app);
  return server;
}
