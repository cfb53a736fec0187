import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import busboy from 'busboy';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CSRF_FIELD, hasValidCsrfToken, isSameOrigin } from '../app/utils/csrf.server.ts';
import {
  FORM_LIMIT_BYTES,
  isUploadPath,
  MAX_FIELDS,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_FILES,
  MAX_UPLOAD_PARTS,
  MULTIPART_OVERHEAD_BYTES,
} from '../app/utils/request-limits.ts';
import { discardBody, refuse } from './refusal.ts';

/** What the app receives in place of the client's stream: the body, already read within the limits. */
export type ReadBody = { kind: 'none' } | { kind: 'memory'; data: Buffer } | { kind: 'file'; path: string; size: number };

export type BodyLimits = {
  formBytes: number;
  uploadBytes: number;
  fields: number;
  uploadParts: number;
  uploadFiles: number;
};

export const defaultBodyLimits: BodyLimits = {
  formBytes: FORM_LIMIT_BYTES,
  uploadBytes: MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES,
  fields: MAX_FIELDS,
  uploadParts: MAX_UPLOAD_PARTS,
  uploadFiles: MAX_UPLOAD_FILES,
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

class Counter extends Transform {
  received = 0;
  constructor(
    private readonly limit: number,
    private readonly onOver: () => void,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.received += chunk.length;
    if (this.received > this.limit) {
      this.onOver();
      done();
      return;
    }
    done(null, chunk);
  }
}

/**
 * Every request body passes here before the app sees it, in one place:
 * 1. the byte limit, counted on the bytes as they arrive (with or without Content-Length): ordinary
 *    forms and any other body get `formBytes`, multipart bodies on upload routes `uploadBytes`;
 * 2. the number of fields, parts and files (busboy's limits);
 * 3. CSRF for every non-GET request: the Origin (else Referer) must be ours, and a request with a
 *    session cookie must carry that session's token in the `_csrf` field.
 * Small bodies are kept in memory (at most `formBytes`); uploads are written to a temporary file that
 * is removed when the response ends. The app then reads the body from there (`res.locals.body`).
 * Over a limit: 413 with a short page — except on upload routes, whose action gets the request with no
 * body and the refusal noted, so the form itself says the file is too large (still with status 413).
 * Such a request has passed the Origin check but carries no token; its action reads nothing from it.
 */
export function boundedBody(limits: BodyLimits = defaultBodyLimits): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = (name: string) => req.get(name);
    const mutation = !SAFE_METHODS.has(req.method);
    if (mutation && !isSameOrigin(header)) return refuse(req, res, 'csrf');

    const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
    const hasBody = req.headers['transfer-encoding'] !== undefined || (declared !== null && declared > 0);
    if (!hasBody) {
      if (mutation && !hasValidCsrfToken(req.headers.cookie, null)) return refuse(req, res, 'csrf');
      res.locals.body = { kind: 'none' } satisfies ReadBody;
      return next();
    }

    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    const multipart = contentType.startsWith('multipart/form-data');
    const form = multipart || contentType.startsWith('application/x-www-form-urlencoded');
    const upload = multipart && isUploadPath(req.path);
    const limit = upload ? limits.uploadBytes : limits.formBytes;
    // An upload route still answers an over-sized body itself, with no body and the refusal noted
    // (`readUpload` then says the file is too large, in the form); the status is still 413.
    const handOver = () => {
      discardBody(req, res);
      res.locals.body = { kind: 'none' } satisfies ReadBody;
      res.locals.refused = 'tooLarge';
      next();
    };
    // Refused before a single byte of the body is read.
    if (declared !== null && !(declared <= limit)) return upload ? handOver() : refuse(req, res, 'tooLarge', limit);

    // The body is welcome: a client waiting on `Expect: 100-continue` may now send it.
    if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();

    let settled = false;
    let dir: string | null = null;
    const cleanup = () => {
      if (dir) void rm(dir, { recursive: true, force: true });
    };
    res.on('close', cleanup);
    const fail = (reason: 'tooLarge' | 'badRequest') => {
      if (settled) return;
      settled = true;
      req.unpipe(counter);
      counter.unpipe();
      parser?.destroy();
      if (reason === 'tooLarge' && upload) handOver();
      else refuse(req, res, reason, limit);
    };

    const counter = new Counter(limit, () => fail('tooLarge'));
    let token: string | null = null;
    let parser: busboy.Busboy | null = null;
    const pending: Promise<unknown>[] = [];
    const finished = (stream: NodeJS.EventEmitter, event: string) => new Promise<void>((resolve) => stream.once(event, () => resolve()));

    if (form) {
      try {
        parser = busboy({
          headers: { 'content-type': req.headers['content-type']! },
          limits: upload
            ? { fields: limits.uploadParts, parts: limits.uploadParts, files: limits.uploadFiles, fieldSize: limits.formBytes, fileSize: limits.uploadBytes }
            : { fields: limits.fields, parts: limits.fields, files: limits.uploadFiles, fieldSize: limits.formBytes, fileSize: limits.formBytes },
        });
      } catch {
        return refuse(req, res, 'badRequest');
      }
      parser.on('field', (name, value, info) => {
        if (info.valueTruncated || info.nameTruncated) fail('tooLarge');
        else if (name === CSRF_FIELD) token = value;
      });
      // File contents are only counted here; the app reads them from the stored body.
      parser.on('file', (_name, stream) => {
        stream.on('limit', () => fail('tooLarge'));
        // A cut-off body errors the part too; the parser's own error (or the limit) answers the client.
        stream.on('error', () => undefined);
        stream.resume();
      });
      for (const event of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) parser.on(event, () => fail('tooLarge'));
      parser.on('error', () => fail('badRequest'));
      pending.push(finished(parser, 'close'));
      counter.pipe(parser);
    }

    req.on('error', () => fail('badRequest'));
    // The client hung up half-way: nothing to answer, only the temporary file to remove.
    req.on('close', () => {
      if (req.complete || settled) return;
      settled = true;
      cleanup();
    });

    const done = (body: ReadBody) => {
      void Promise.all(pending).then(() => {
        if (settled) return;
        settled = true;
        if (mutation && !hasValidCsrfToken(req.headers.cookie, token)) return refuse(req, res, 'csrf');
        res.locals.body = body;
        next();
      });
    };

    if (upload) {
      void mkdtemp(join(tmpdir(), 'kamkor-body-')).then((created) => {
        dir = created;
        if (settled) return cleanup();
        const path = join(created, 'body');
        const file = createWriteStream(path);
        file.on('error', (err) => {
          if (settled) return;
          settled = true;
          discardBody(req, res);
          next(err);
        });
        pending.push(finished(file, 'finish'));
        counter.pipe(file);
        req.pipe(counter);
        counter.on('end', () => done({ kind: 'file', path, size: counter.received }));
      }, (err: unknown) => {
        // No temporary folder (disk full?): a server error, not the client's.
        settled = true;
        discardBody(req, res);
        next(err);
      });
    } else {
      const chunks: Buffer[] = [];
      counter.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.pipe(counter);
      counter.on('end', () => done({ kind: 'memory', data: Buffer.concat(chunks) }));
    }
  };
}
