import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './core.ts';

export type ExportJobStatus = 'queued' | 'running' | 'done' | 'failed';

/** A background export a user asked for (docs/decisions/015-background-jobs.md). */
export interface ExportJobTable {
  id: Generated<string>;
  owner_id: string;
  /** What is exported: 'explorer' or a table name (see exportSources in @kamkor/app). */
  source: string;
  format: 'xlsx' | 'csv';
  params: ColumnType<Record<string, unknown>, string, string>;
  lang: string;
  status: Generated<ExportJobStatus>;
  rows_done: Generated<number>;
  rows_total: number | null;
  attempts: Generated<number>;
  file_id: string | null;
  error: string | null;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date;
}

/** What a bulk-import job does: count and check the file, or write it (after a clean dry run of it). */
export type ImportJobMode = 'dry_run' | 'apply';

/** A background bulk import a user started (docs/decisions/015-background-jobs.md, addendum). */
export interface ImportJobTable {
  id: Generated<string>;
  owner_id: string;
  mode: ImportJobMode;
  /** The stored upload (kind 'dry_run'); null once removed (applied, refused or with errors). */
  file_id: string | null;
  file_name: string;
  dry_run_id: string | null;
  lang: string;
  status: Generated<ExportJobStatus>;
  rows_read: Generated<number>;
  rows_staged: Generated<number>;
  attempts: Generated<number>;
  /** The outcome (counts, errors shown, error count, rows, flags, applied) once done. */
  result: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  error_file_id: string | null;
  error: string | null;
  error_params: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date;
}

export interface JobTables {
  export_job: ExportJobTable;
  import_job: ImportJobTable;
}
