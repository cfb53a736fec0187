import { type Kysely, sql } from 'kysely';

// Frozen once landed. Background exports (issue 10): one row per export a user asked for, with its
// status and progress, so the job page and "my exports" survive a restart on both engines. On
// PostgreSQL graphile-worker's own tables hold the queue; on PGlite the in-process runner takes
// queued rows from this table.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('export_job')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('xlsx', 'csv')`))
    .addColumn('params', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued').check(sql`status in ('queued', 'running', 'done', 'failed')`))
    .addColumn('rows_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_total', 'integer')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('file_id', 'uuid', (c) => c.references('stored_file.id').onDelete('set null'))
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('export_job_owner_idx').on('export_job').columns(['owner_id', 'created_at']).execute();
  await db.schema.createIndex('export_job_status_idx').on('export_job').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('export_job_expires_at_idx').on('export_job').column('expires_at').execute();
  await db.schema.createIndex('export_job_file_idx').on('export_job').column('file_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('export_job').ifExists().execute();
}
