import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { rawDriverOf } from '../connection.ts';
import type { Db } from './audit.ts';

/** A column of a staging table: its name and one of the few types imports stage. */
export interface StageColumn {
  name: string;
  type: 'int' | 'text' | 'numeric' | 'uuid';
}

/** A staging table of one import run: its name and its columns, in order. */
export interface Stage {
  table: string;
  columns: readonly StageColumn[];
}

const NAME = /^import_stage_[0-9a-f]{16}$/;

/**
 * A staging table for one import run: unlogged (no WAL; nothing to recover after a crash), visible
 * to every connection of the pool, so rows staged on one connection are validated and merged on
 * another. Written outside any transaction: staging a file holds no lock on the real tables. Dropped
 * by `dropStage` when the run ends, whatever its outcome (a process killed mid-run leaves its
 * table behind: see docs/decisions/014).
 */
export async function createStage(db: Db, columns: readonly StageColumn[]): Promise<Stage> {
  const table = `import_stage_${randomBytes(8).toString('hex')}`;
  const cols = columns.map((c) => sql`${sql.id(c.name)} ${sql.raw(c.type)}`);
  await sql`create unlogged table ${sql.id(table)} (${sql.join(cols)})`.execute(db);
  return { table, columns };
}

/** How `stageColumns` writes: `COPY` where the driver is reachable (the default), or Kysely's `insert … unnest`. */
export type StageWrite = 'copy' | 'insert';

/**
 * Appends rows to a staging table, given column by column (`cols[k]` holds column k of every row):
 * with `COPY … FROM STDIN` (pg-copy-streams) on PostgreSQL or `COPY … FROM '/dev/blob'` on PGlite,
 * where the driver under `db` is known (`rawDriverOf`); else, or with `write: 'insert'`, as one
 * multi-row `insert … select from unnest(…)` through Kysely. A fixed cost per batch, not per row.
 */
export async function stageColumns(db: Db, stage: Stage, cols: readonly (readonly unknown[])[], opts: { write?: StageWrite } = {}): Promise<void> {
  if (!cols[0]?.length) return;
  const raw = opts.write === 'insert' || db.isTransaction ? undefined : rawDriverOf(db);
  if (raw) {
    const data = copyText(cols);
    const statement = `copy ${quoteId(stage.table)} from `;
    if (raw.engine === 'postgres') {
      const client = await raw.pool.connect();
      try {
        await pipeline(Readable.from([data]), client.query(copyFrom(`${statement} stdin`)));
      } finally {
        client.release();
      }
    } else {
      // Through Kysely's one PGlite connection, so the COPY never lands inside another caller's transaction.
      await db.connection().execute(() => raw.pglite.query(`${statement} '/dev/blob'`, [], { blob: new Blob([data as unknown as Uint8Array<ArrayBuffer>]) }));
    }
    return;
  }
  const arrays = stage.columns.map((c, k) => sql`${cols[k]}::${sql.raw(c.type)}[]`);
  await sql`insert into ${sql.id(stage.table)} select * from unnest(${sql.join(arrays)})`.execute(db);
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** One value in COPY's text format: `\N` for null, backslash, tab and line breaks escaped. */
function copyValue(v: unknown): string {
  if (v == null) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

/** Columns (`cols[k]` holds column k of every row) as the body of a text-format COPY. */
function copyText(cols: readonly (readonly unknown[])[]): Buffer {
  const n = cols[0]!.length;
  const lines: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let line = copyValue(cols[0]![i]);
    for (let k = 1; k < cols.length; k++) line += '\t' + copyValue(cols[k]![i]);
    lines[i] = line;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** Drops a staging table and the tables derived from it (`<name>_r`). */
export async function dropStage(db: Db, stage: Stage | string): Promise<void> {
  const table = typeof stage === 'string' ? stage : stage.table;
  if (!NAME.test(table)) throw new Error('not a staging table');
  await sql`drop table if exists ${sql.id(table)}, ${sql.id(`${table}_r`)}`.execute(db);
}

