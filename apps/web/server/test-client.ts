import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/** The server's answer, how many body bytes we had sent by then, and the time to the whole answer. */
export type Answer = { status: number; headers: IncomingHttpHeaders; body: string; sent: number; elapsedMs: number };

/**
 * Sends a body of `size` bytes (made by repeating `chunk` after `head`, ending with `tail`) the way a
 * client streams it, with or without Content-Length (then chunked), and stops sending as soon as the
 * server answers. For the server's tests and its bench.
 */
export function stream(
  target: Server | number,
  path: string,
  opts: { headers?: Record<string, string>; head?: string; tail?: string; size: number; chunk?: Buffer; contentLength: boolean; method?: string },
): Promise<Answer> {
  const port = typeof target === 'number' ? target : (target.address() as AddressInfo).port;
  const head = Buffer.from(opts.head ?? '');
  const tail = Buffer.from(opts.tail ?? '');
  const chunk = opts.chunk ?? Buffer.alloc(64 * 1024, 'a');
  const middle = Math.max(0, opts.size - head.length - tail.length);
  const total = head.length + middle + tail.length;
  const started = performance.now();
  let elapsedMs = 0;
  return new Promise((resolve, reject) => {
    let answered = false;
    let sent = 0;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path,
      method: opts.method ?? 'POST',
      headers: { ...opts.headers, ...(opts.contentLength ? { 'Content-Length': String(total) } : { 'Transfer-Encoding': 'chunked' }) },
    });
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        elapsedMs = performance.now() - started;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8'), sent, elapsedMs });
        req.destroy();
      });
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8'), sent, elapsedMs: performance.now() - started }));
    });
    // Once the server has answered and hung up, the rest of our upload fails to send: expected.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const write = async () => {
      const send = (b: Buffer) => new Promise<void>((r) => (req.write(b) ? r() : req.once('drain', r)));
      await send(head);
      sent += head.length;
      let left = middle;
      while (left > 0 && !answered && !req.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        await send(piece);
        sent += piece.length;
        left -= piece.length;
      }
      if (!answered && !req.destroyed) {
        req.end(tail);
        sent += tail.length;
      }
    };
    write().catch(() => undefined);
  });
}
