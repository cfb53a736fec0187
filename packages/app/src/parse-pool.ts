import { existsSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { BulkSheetReader, XlsxLimits } from '@kamkor/excel';
import { importThreadsSetting } from './env.ts';
import { streamBulkSheet } from '@kamkor/excel';
import {
  parseBulk,
  readWorkbook,
  toBulkBatch,
  type BulkBatch,
  type ParseBulkTask,
  type ParsedBulkSheet,
  type ReadResult,
  type ReadTask,
  type StreamBulkTask,
  type StreamedBulkSheet,
} from './parse-worker.ts';

/**
 * Reading a workbook is CPU work (inflate + XML): on the request thread, a large upload stalls every
 * other request. Every import reads its workbook here, in a piscina worker-thread pool, while the
 * event loop keeps serving. The pool is started on first use, keeps at most
 * `KAMKOR_IMPORT_THREADS` threads (default: the CPU count minus one, at least 1) and lets idle threads
 * go. `KAMKOR_IMPORT_THREADS=0` reads inline (a fallback, not for production).
 *
 * The worker file: next to this module when it is the built bundle (build/server/parse-worker.js),
 * else the TypeScript source run through tsx (dev server, tests, bench).
 */
let pool: Piscina | null = null;

function workerFile(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  // Built names are taken from variables so that no bundler rewrites them into assets.
  const built = fileURLToPath(new URL(['.', 'parse-worker.js'].join('/'), here));
  if (!here.endsWith('.ts') && existsSync(built)) return { filename: built, execArgv: [] };
  const source = fileURLToPath(new URL(['.', 'parse-worker.ts'].join('/'), here));
  return { filename: source, execArgv: ['--import', 'tsx'] };
}

function threads(): number {
  return importThreadsSetting() ?? Math.max(1, availableParallelism() - 1);
}

function getPool(): Piscina | null {
  const max = threads();
  if (max === 0) return null;
  if (!pool) {
    const { filename, execArgv } = workerFile();
    pool = new Piscina({ filename, execArgv, minThreads: 0, maxThreads: max, idleTimeout: 30_000, maxQueue: 'auto' });
  }
  return pool;
}

/**
 * The bulk sheet read into rows in a worker thread (bounded by `limits`). A worker that fails or is
 * aborted rejects; the caller has written nothing by then.
 */
export async function parseBulkSheet(bytes: Uint8Array, opts: { limits?: XlsxLimits; signal?: AbortSignal } = {}): Promise<ParsedBulkSheet> {
  const task: ParseBulkTask = { kind: 'bulk', bytes, limits: opts.limits };
  const p = getPool();
  if (!p) return parseBulk(task);
  return p.run(task, { signal: opts.signal ?? null }) as Promise<ParsedBulkSheet>;
}

/**
 * The bulk sheet streamed from a worker thread in batches of plain columns: `onBatch` runs on this
 * thread (staging the rows) while the worker waits, so at most one batch is held whatever the file's
 * length. A worker that fails or is aborted (`signal`), or an `onBatch` that throws, rejects; the
 * caller drops what it staged.
 */
export async function streamBulkSheetInPool(
  bytes: Uint8Array,
  onBatch: (batch: BulkBatch) => Promise<void>,
  opts: { limits?: XlsxLimits; signal?: AbortSignal; reader?: BulkSheetReader } = {},
): Promise<StreamedBulkSheet> {
  const p = getPool();
  if (!p) return streamBulkSheet(bytes, (rows) => onBatch(toBulkBatch(rows)), { limits: opts.limits, reader: opts.reader });
  const { port1, port2 } = new MessageChannel();
  const stop = new AbortController();
  const onAbort = () => stop.abort(opts.signal?.reason);
  // A signal aborted before the read starts stops it too (the listener alone would never fire).
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  let failed: unknown = null;
  let chain = Promise.resolve();
  port1.on('message', (batch: BulkBatch) => {
    chain = chain.then(async () => {
      if (failed) return;
      try {
        await onBatch(batch);
        port1.postMessage('ack');
      } catch (e) {
        failed = e;
        stop.abort(e);
      }
    });
  });
  try {
    const task: StreamBulkTask = { kind: 'bulk-stream', bytes, limits: opts.limits, reader: opts.reader, port: port2 };
    const res = (await p.run(task, { signal: stop.signal, transferList: [port2] })) as StreamedBulkSheet;
    await chain;
    if (failed) throw failed;
    return res;
  } catch (e) {
    await chain;
    throw failed ?? e;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    port1.close();
  }
}

/**
 * One of the other imports' readers (report template, program template, tally, classifier) run in a
 * worker thread: the same bounded, guarded reading, off the request thread.
 */
export async function readInPool<T extends ReadTask>(task: T, opts: { signal?: AbortSignal } = {}): Promise<ReadResult<T>> {
  const p = getPool();
  if (!p) return readWorkbook(task) as Promise<ReadResult<T>>;
  return p.run(task, { signal: opts.signal ?? null }) as Promise<ReadResult<T>>;
}

/** Stops the pool's threads (tests, shutdown). */
export async function closeParsePool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
