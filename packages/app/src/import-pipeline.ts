import type { Kysely } from 'kysely';
import type { CellError } from '@kamkor/domain';
import { databaseStorage, type Database, type Db } from '@kamkor/db';
import type { Refusal, XlsxLimits } from '@kamkor/excel';
import { writeTranslatedErrorCopy } from './error-copy.ts';
import { readInPool } from './parse-pool.ts';
import type { ReadTask } from './parse-worker.ts';

/**
 * One pipeline for every workbook import (docs/decisions/021-one-import-pipeline.md):
 *
 *   read (bounded, in the parse pool) → validate → dry run (writes nothing) → apply (one transaction)
 *   → error copy (the user's own workbook with the bad cells marked)
 *
 * Each import is an `ImportDefinition`: which reader of the pool it needs, how the rows it read are
 * checked and planned, what the plan would do, and how it is written. The pipeline owns the rest, the
 * same for every import: the row and byte limits, the stored copies (a refused file is not kept, a dry
 * run keeps at most one copy, copies expire), the transaction, and the error copy.
 */

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The reader an import asks of the parse pool, without the bytes and limits (the pipeline adds them). */
export type WorkbookReader = DistributiveOmit<ReadTask, 'bytes' | 'limits'>;

/** A refusal of the whole file: nothing is written and the upload is not kept. `rowsRead`: where the read stopped. */
export type ImportRefusal = Refusal & { rowsRead?: number };

export interface ImportDefinition<Ctx, Read, Plan, Preview, Done> {
  /** The stored copy's file name when the upload has none. */
  fileName: string;
  /** The reader of the parse pool for this target; may refuse the target before any byte is read (a locked period). Reads only. */
  reader(db: Db, ctx: Ctx): Promise<WorkbookReader | Refusal>;
  /** The rows read, mapped and checked against the database: the plan and the errors by cell. Reads only. */
  validate(db: Db, ctx: Ctx, read: Read): Promise<{ ok: true; plan: Plan; errors: CellError[] } | Refusal>;
  /** What the apply would do (counts, flags): no write to a real table and no transaction. */
  dryRun(db: Db, ctx: Ctx, plan: Plan): Promise<Preview>;
  /** The writes, inside the pipeline's one transaction: a failure anywhere leaves nothing written. */
  apply(trx: Db, ctx: Ctx, plan: Plan): Promise<Done>;
}

export interface ReadOptions {
  /** Row, cell and byte limits (default: `defaultLimits` of @kamkor/excel). */
  limits?: XlsxLimits;
  signal?: AbortSignal;
}

export type CheckedImport<Plan> = { ok: true; plan: Plan; errors: CellError[] };

/** Read (in the pool, bounded) and validate: no write anywhere. */
export async function checkImport<Ctx, Read, Plan>(
  db: Db,
  def: ImportDefinition<Ctx, Read, Plan, unknown, unknown>,
  ctx: Ctx,
  bytes: Uint8Array,
  opts: ReadOptions = {},
): Promise<ImportRefusal | CheckedImport<Plan>> {
  const reader = await def.reader(db, ctx);
  if (!('kind' in reader)) return reader;
  const read = (await readInPool({ ...reader, bytes, limits: opts.limits } as ReadTask, { signal: opts.signal })) as { ok: boolean };
  if (!read.ok) return read as ImportRefusal;
  return def.validate(db, ctx, read as Read);
}

/** The apply of a checked plan in one transaction (the caller made sure it has no errors). */
export function applyChecked<Ctx, Plan, Done>(db: Kysely<Database>, def: ImportDefinition<Ctx, unknown, Plan, unknown, Done>, ctx: Ctx, plan: Plan): Promise<Done> {
  return db.transaction().execute((trx) => def.apply(trx, ctx, plan));
}

export type BytesOutcome<Preview, Done> =
  | ImportRefusal
  | { ok: true; applied: false; preview: Preview; errors: CellError[] }
  | { ok: true; applied: true; done: Done; errors: [] };

/**
 * The pipeline over bytes already in hand, without storage (jobs, tests, benches): the dry run, or
 * with `apply` the apply in one transaction when the file has no errors (with errors, the dry run).
 */
export async function importBytes<Ctx, Read, Plan, Preview, Done>(
  db: Kysely<Database>,
  def: ImportDefinition<Ctx, Read, Plan, Preview, Done>,
  ctx: Ctx,
  bytes: Uint8Array,
  opts: ReadOptions & { apply: boolean },
): Promise<BytesOutcome<Preview, Done>> {
  const check = await checkImport(db, def, ctx, bytes, opts);
  if (!check.ok) return check;
  if (opts.apply && check.errors.length === 0) return { ok: true, applied: true, done: await applyChecked(db, def, ctx, check.plan), errors: [] };
  return { ok: true, applied: false, preview: await def.dryRun(db, ctx, check.plan), errors: check.errors };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ImportRequest extends ReadOptions {
  /** The user: owner of the stored copies (only they may apply the dry-run copy or fetch the error copy). */
  owner: string;
  /** A new file (its bytes are taken over the kept copy). */
  upload?: { name: string; data: Uint8Array } | null;
  /** The dry-run copy kept by an earlier dry run of this user. */
  fileId?: string | null;
  /** Apply (only a kept dry-run copy without errors is applied); otherwise a dry run. */
  apply: boolean;
  /** The message of an error in the user's language: with it, a file with errors gets its error copy. */
  errorText?: (e: CellError) => string;
}

export type ImportOutcome<Preview, Done> =
  | ImportRefusal
  | {
      ok: true;
      step: 'dry-run';
      preview: Preview;
      errors: CellError[];
      /** The kept dry-run copy (only for a file without errors: the one that can be applied). */
      fileId: string | null;
      /** The user's workbook with the error cells marked (only for a file with errors). */
      errorFileId: string | null;
    }
  | { ok: true; step: 'applied'; done: Done };

/**
 * The whole pipeline for a route: the bytes of the upload or of the user's kept dry-run copy, read
 * and validated; a refused file is not kept (a kept copy is removed). A dry run keeps one copy of a
 * file that can be applied (the kept copy again, not a new one) and writes the error copy of a file
 * with errors instead; both expire (`FILE_TTL_MS`, deleted by `cleanUpExpired`). The apply writes the
 * plan and removes the kept copy in one transaction.
 */
export async function runImport<Ctx, Read, Plan, Preview, Done>(
  db: Kysely<Database>,
  def: ImportDefinition<Ctx, Read, Plan, Preview, Done>,
  ctx: Ctx,
  req: ImportRequest,
): Promise<ImportOutcome<Preview, Done>> {
  const storage = databaseStorage(db);
  const keptId = req.upload ? null : req.fileId || null;
  const kept = keptId ? await storage.get(keptId, { owner: req.owner, kind: 'dry_run' }) : null;
  const bytes = req.upload?.data ?? kept?.data ?? null;
  if (!bytes) return { ok: false, messageKey: 'excel.errors.noFile' };
  const fileName = req.upload?.name || kept?.fileName || def.fileName;
  const check = await checkImport(db, def, ctx, bytes, req);
  if (!check.ok) {
    if (kept) await storage.remove(kept.id);
    return check;
  }
  if (req.apply && kept) {
    if (check.errors.length) return { ok: false, messageKey: 'excel.errors.fixFirst' };
    const done = await db.transaction().execute(async (trx) => {
      const r = await def.apply(trx, ctx, check.plan);
      await databaseStorage(trx).remove(kept.id);
      return r;
    });
    return { ok: true, step: 'applied', done };
  }
  const preview = await def.dryRun(db, ctx, check.plan);
  if (check.errors.length) {
    // A file with errors cannot be applied: its copy is not kept; the user gets the marked copy.
    if (kept) await storage.remove(kept.id);
    let errorFileId: string | null = null;
    if (req.errorText) {
      const marked = await writeTranslatedErrorCopy(bytes, check.errors, req.errorText, req.limits);
      errorFileId = await storage.put({ fileName: `errors-${fileName}`, contentType: XLSX, data: marked, createdBy: req.owner, kind: 'error_copy' });
    }
    return { ok: true, step: 'dry-run', preview, errors: check.errors, fileId: null, errorFileId };
  }
  const fileId = kept?.id ?? (await storage.put({ fileName, contentType: XLSX, data: bytes, createdBy: req.owner, kind: 'dry_run' }));
  return { ok: true, step: 'dry-run', preview, errors: [], fileId, errorFileId: null };
}

/** The error copy kept for its owner by a dry run (`errorFileId`), or null. */
export async function findErrorCopy(db: Db, fileId: string, owner: string) {
  return databaseStorage(db).get(fileId, { owner, kind: 'error_copy' });
}
