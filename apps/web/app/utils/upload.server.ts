import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import busboy from 'busboy';
import { BODY_REFUSED_HEADER } from './internal-headers.ts';
import { MAX_FIELDS, MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, MAX_UPLOAD_PARTS } from './request-limits.ts';
import type { CellError } from '@kamkor/domain';

export { MAX_UPLOAD_BYTES };

export type UploadedFile = { name: string; type: string; size: number; data: Uint8Array };

export type UploadResult =
  | { ok: true; form: FormData; file: UploadedFile | null }
  | { ok: false; form: FormData | null; messageKey: string; params?: Record<string, unknown> };

type Received = { over: boolean; form: FormData; file: { name: string; type: string; size: number; path: string } | null };

/**
 * Receives a multipart form with one file field into `dir`. The file part is streamed to a temporary
 * file and counted as it arrives, so an over-sized part is refused at the limit without being
 * buffered. The HTTP server has already bounded the whole body and the number of parts, and checked
 * CSRF (server/bounded-body.ts).
 */
async function receive(request: Request, contentType: string, field: string, maxBytes: number, dir: string): Promise<Received> {
  const form = new FormData();
  let saved: { name: string; type: string; size: number; path: string } | null = null;
  const writes: Promise<void>[] = [];
  let over = false;
  const parser = busboy({
    headers: { 'content-type': contentType },
    // File names are UTF-8 (a Cyrillic name must not arrive as latin1 mojibake).
    defParamCharset: 'utf8',
    limits: { fileSize: maxBytes, files: MAX_UPLOAD_FILES, parts: MAX_UPLOAD_PARTS, fields: MAX_FIELDS },
  });
  parser.on('field', (name, value) => form.append(name, value));
  parser.on('file', (name, stream, info) => {
    if (name !== field || saved) {
      stream.on('error', () => undefined);
      stream.resume();
      return;
    }
    const file = { name: info.filename ?? '', type: info.mimeType, size: 0, path: join(dir, 'file') };
    saved = file;
    stream.on('data', (chunk: Buffer) => (file.size += chunk.length));
    // Busboy truncates the part at the limit and stops counting it; the rest of the body is discarded.
    stream.on('limit', () => (over = true));
    writes.push(pipeline(stream, createWriteStream(file.path)));
  });
  for (const event of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) parser.on(event, () => (over = true));
  await pipeline(Readable.fromWeb(request.body as NodeWebStream<Uint8Array>), parser);
  await Promise.all(writes);
  const file = saved as Received['file'];
  return { over, form, file: file && file.size > 0 ? file : null };
}

const tooLarge = (maxBytes: number) => ({ ok: false as const, form: null, messageKey: 'excel.errors.tooLarge', params: { mb: Math.round(maxBytes / 1048576) } });

/**
 * Reads a multipart form with one file field, for readers that need the file's bytes (workbooks). The
 * part is received on disk and counted (see `receive`); only an accepted file is read back.
 */
export async function readUpload(request: Request, field = 'file', maxBytes = MAX_UPLOAD_BYTES): Promise<UploadResult> {
  // The server already stopped reading an over-sized body (or one with too many parts).
  if (request.headers.get(BODY_REFUSED_HEADER)) return tooLarge(maxBytes);
  const contentType = request.headers.get('Content-Type') ?? '';
  if (!request.body || !contentType.toLowerCase().startsWith('multipart/form-data')) return { ok: true, form: await request.formData(), file: null };
  const dir = await mkdtemp(join(tmpdir(), 'kamkor-upload-'));
  try {
    const got = await receive(request, contentType, field, maxBytes, dir);
    if (got.over) return tooLarge(maxBytes);
    if (!got.file) return { ok: true, form: got.form, file: null };
    return { ok: true, form: got.form, file: { name: got.file.name, type: got.file.type, size: got.file.size, data: new Uint8Array(await readFile(got.file.path)) } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An accepted upload kept on disk: its first bytes (to sniff the type) and a stream of all of it. */
export type StreamedFile = { name: string; type: string; size: number; head: Uint8Array; chunks(): AsyncIterable<Uint8Array> };

export type StreamedUploadResult =
  | { ok: true; form: FormData; file: StreamedFile | null }
  | { ok: false; form: FormData | null; messageKey: string; params?: Record<string, unknown> };

/** How many first bytes a streamed upload offers for sniffing its type. */
const HEAD_BYTES = 4096;

/**
 * Reads a multipart form with one file field for files that are stored as they are (evidence, visit
 * files, photos): `use` gets the file as a stream from disk, to hand to `FileStorage.put`, so the file
 * is never held whole in memory. The temporary copy is removed when `use` has finished.
 */
export async function readUploadStreamed<T>(
  request: Request,
  use: (upload: StreamedUploadResult) => Promise<T>,
  field = 'file',
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<T> {
  if (request.headers.get(BODY_REFUSED_HEADER)) return use(tooLarge(maxBytes));
  const contentType = request.headers.get('Content-Type') ?? '';
  if (!request.body || !contentType.toLowerCase().startsWith('multipart/form-data')) return use({ ok: true, form: await request.formData(), file: null });
  const dir = await mkdtemp(join(tmpdir(), 'kamkor-upload-'));
  try {
    const got = await receive(request, contentType, field, maxBytes, dir);
    if (got.over) return await use(tooLarge(maxBytes));
    if (!got.file) return await use({ ok: true, form: got.form, file: null });
    const { name, type, size, path } = got.file;
    const handle = await open(path, 'r');
    const head = new Uint8Array(Math.min(HEAD_BYTES, size));
    try {
      await handle.read(head, 0, head.byteLength, 0);
    } finally {
      await handle.close();
    }
    return await use({ ok: true, form: got.form, file: { name, type, size, head, chunks: () => createReadStream(path, { highWaterMark: 256 * 1024 }) } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What the import pipeline (`runImport`) takes from an import form: the new file, or else the dry-run
 * copy the form names, whether to apply, and (when given) how to word an error for the error copy.
 */
export function importRequestOf(
  owner: string,
  upload: Extract<UploadResult, { ok: true }>,
  errorText?: (e: CellError) => string,
): { owner: string; upload: { name: string; data: Uint8Array } | null; fileId: string; apply: boolean; errorText?: (e: CellError) => string } {
  return {
    owner,
    upload: upload.file ? { name: upload.file.name, data: upload.file.data } : null,
    fileId: String(upload.form.get('fileId') ?? ''),
    apply: upload.form.get('intent') === 'apply',
    ...(errorText ? { errorText } : {}),
  };
}
