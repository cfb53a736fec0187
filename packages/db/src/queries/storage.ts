import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './audit.ts';
import { sha256 } from './crypto.ts';

/**
 * What a stored file is for. Dry-run copies (kept between the dry run and "apply") and error copies
 * (the user's workbook with bad cells marked) are temporary and expire; the others are kept.
 */
export type StoredFileKind = 'upload' | 'dry_run' | 'error_copy' | 'evidence' | 'photo' | 'export' | 'attachment';

/** How long temporary copies live; the periodic clean-up (`cleanUpExpired`) deletes them afterwards. */
export const FILE_TTL_MS: Partial<Record<StoredFileKind, number>> = {
  dry_run: 6 * 3600_000,
  error_copy: 24 * 3600_000,
  // Background exports (export-jobs.ts, EXPORT_TTL_MS): kept a week, as their job rows.
  export: 7 * 24 * 3600_000,
};

/**
 * Who may read a file. `owner`: only the user who uploaded it (imports, error copies), optionally
 * only a file of one kind. `policy`: the caller has already asked the policy about the record the
 * file belongs to (evidence of a report the user may view, a photo of an assessment).
 */
export type FileAccess = { owner: string; kind?: StoredFileKind } | { policy: 'checked' };

export interface StoredFile {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  kind: StoredFileKind;
}

/** A file opened for download: its first bytes (to sniff the type) and a stream of all of it. */
export interface OpenedFile extends StoredFile {
  head: Uint8Array;
  stream: ReadableStream<Uint8Array>;
}

/**
 * Uploaded files live behind this interface, and nothing else touches the `stored_file` table. The
 * default keeps them in the database so every app server behind a load balancer sees the same files;
 * an object store can implement the same calls. Reads answer null for a missing, expired or malformed
 * id and for a file the access does not cover — the same answer, so ids reveal nothing.
 */
/** The bytes of a file to store: whole, or as a stream of chunks (an upload read from disk). */
export type FileBytes = Uint8Array | AsyncIterable<Uint8Array>;

export interface FileStorage {
  /**
   * Stores a file. Given a stream, the bytes go to storage a chunk at a time and are never held whole
   * in memory; run it in the caller's transaction so a failure part-way leaves nothing behind.
   */
  put(file: { fileName: string; contentType: string; data: FileBytes; createdBy: string | null; kind?: StoredFileKind }): Promise<string>;
  /** The whole file, for readers that need the bytes (workbook readers). */
  get(id: string, access: FileAccess): Promise<(StoredFile & { data: Uint8Array }) | null>;
  /** The file as a stream read in chunks, for downloads. */
  open(id: string, access: FileAccess): Promise<OpenedFile | null>;
  /** Names and sizes of files the caller already may list (e.g. a report's evidence). */
  describe(ids: string[]): Promise<Map<string, StoredFile>>;
  remove(id: string): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CHUNK = 256 * 1024;

export function databaseStorage(db: Db): FileStorage {
  const meta = (id: string, access: FileAccess) => {
    let q = db
      .selectFrom('stored_file')
      .select(['id', 'file_name', 'content_type', 'size_bytes', 'kind'])
      .where('id', '=', id)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]));
    if ('owner' in access) {
      q = q.where('created_by', '=', access.owner);
      if (access.kind) q = q.where('kind', '=', access.kind);
    }
    return q;
  };
  const toFile = (r: { id: string; file_name: string; content_type: string; size_bytes: number; kind: string }): StoredFile => ({
    id: r.id,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    kind: r.kind as StoredFileKind,
  });
  // A piece of a file from byte `from`: a slice of a whole file, or the streamed chunk that starts there
  // (streamed files are cut at CHUNK bytes, and readers ask for CHUNK-aligned offsets).
  const chunk = async (id: string, from: number, length: number): Promise<Uint8Array> => {
    const row = await db
      .selectFrom('stored_file')
      .select(
        // SQL substring on bytea is 1-based.
        sql<Uint8Array>`coalesce(substring(stored_file.data from ${from + 1} for ${length}), (select c.data from stored_file_chunk c where c.file_id = stored_file.id and c.seq = ${Math.floor(from / CHUNK)}))`.as(
          'part',
        ),
      )
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.part ?? new Uint8Array();
  };
  return {
    async put(file) {
      const kind = file.kind ?? 'upload';
      const ttl = FILE_TTL_MS[kind];
      const whole = file.data instanceof Uint8Array ? file.data : null;
      const row = await db
        .insertInto('stored_file')
        .values({
          file_name: file.fileName,
          content_type: file.contentType,
          size_bytes: whole?.byteLength ?? 0,
          sha256: whole ? sha256(whole) : '',
          data: whole,
          created_by: file.createdBy,
          kind,
          expires_at: ttl ? new Date(Date.now() + ttl) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (whole) return row.id;
      // Streamed: re-cut the incoming pieces into CHUNK-sized rows, hashing and counting as they pass.
      const hash = createHash('sha256');
      let size = 0;
      let seq = 0;
      let pending: Uint8Array[] = [];
      let pendingBytes = 0;
      const flush = async (all: boolean) => {
        while (pendingBytes >= CHUNK || (all && pendingBytes > 0)) {
          const joined = Buffer.concat(pending);
          const take = Math.min(CHUNK, joined.byteLength);
          await db.insertInto('stored_file_chunk').values({ file_id: row.id, seq: seq++, data: new Uint8Array(joined.subarray(0, take)) }).execute();
          const rest = joined.subarray(take);
          pending = rest.byteLength ? [rest] : [];
          pendingBytes = rest.byteLength;
        }
      };
      for await (const piece of file.data as AsyncIterable<Uint8Array>) {
        hash.update(piece);
        size += piece.byteLength;
        pending.push(piece);
        pendingBytes += piece.byteLength;
        if (pendingBytes >= CHUNK) await flush(false);
      }
      await flush(true);
      await db.updateTable('stored_file').set({ size_bytes: size, sha256: hash.digest('hex') }).where('id', '=', row.id).execute();
      return row.id;
    },
    async get(id, access) {
      if (!UUID.test(id)) return null;
      const row = await meta(id, access)
        .select(
          sql<Uint8Array>`coalesce(stored_file.data, (select string_agg(c.data, ''::bytea order by c.seq) from stored_file_chunk c where c.file_id = stored_file.id), ''::bytea)`.as(
            'data',
          ),
        )
        .executeTakeFirst();
      return row ? { ...toFile(row), data: row.data } : null;
    },
    async open(id, access) {
      if (!UUID.test(id)) return null;
      const row = await meta(id, access).executeTakeFirst();
      if (!row) return null;
      const file = toFile(row);
      const head = await chunk(id, 0, Math.min(CHUNK, file.sizeBytes));
      let offset = head.byteLength;
      let first = true;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (first) {
            first = false;
            if (head.byteLength) {
              controller.enqueue(head);
              return;
            }
          }
          if (offset >= file.sizeBytes) return controller.close();
          const part = await chunk(id, offset, CHUNK);
          if (!part.byteLength) return controller.close();
          offset += part.byteLength;
          controller.enqueue(part);
        },
      });
      return { ...file, head, stream };
    },
    async describe(ids) {
      const valid = ids.filter((id) => UUID.test(id));
      if (!valid.length) return new Map();
      const rows = await db
        .selectFrom('stored_file')
        .select(['id', 'file_name', 'content_type', 'size_bytes', 'kind'])
        .where('id', 'in', valid)
        .execute();
      return new Map(rows.map((r) => [r.id, toFile(r)]));
    },
    async remove(id) {
      if (!UUID.test(id)) return;
      await db.deleteFrom('stored_file').where('id', '=', id).execute();
    },
  };
}

/** Deletes expired temporary files (dry-run and error copies); part of `cleanUpExpired`. */
export async function deleteExpiredFiles(db: Db): Promise<number> {
  const r = await db.deleteFrom('stored_file').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  return Number(r.numDeletedRows);
}
