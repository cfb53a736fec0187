import { type Kysely, sql } from 'kysely';

// Frozen once landed. Background bulk imports (issue 12, decision 015's addendum): one row per dry run
// or apply a user started, with the stored upload, progress and the result, so the import page
// survives a restart and several app servers share the work. On PostgreSQL graphile-worker's own
// tables hold the queue; on PGlite the in-process runner takes queued rows from this table.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_job')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('dry_run', 'apply')`))
    .addColumn('file_id', 'uuid', (c) => c.references('stored_file.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    // The finished dry run an apply comes from (same file, same owner); one apply per dry run.
    .addColumn('dry_run_id', 'uuid', (c) => c.references('import_job.id').onDelete('set null'))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued').check(sql`status in ('queued', 'running', 'done', 'failed')`))
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_staged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'jsonb')
    .addColumn('error_file_id', 'uuid', (c) => c.references('stored_file.id').onDelete('set null'))
    .addColumn('error', 'text')
    .addColumn('error_params', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_job_owner_idx').on('import_job').columns(['owner_id', 'created_at']).execute();
  await db.schema.createIndex('import_job_status_idx').on('import_job').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('import_job_expires_at_idx').on('import_job').column('expires_at').execute();
  await db.schema.createIndex('import_job_file_idx').on('import_job').column('file_id').execute();
  await db.schema.createIndex('import_job_error_file_idx').on('import_job').column('error_file_id').execute();
  await sql`create unique index import_job_one_apply_idx on import_job (dry_run_id) where mode = 'apply'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_job').ifExists().execute();
}
