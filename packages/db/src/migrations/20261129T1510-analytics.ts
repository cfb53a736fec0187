import { type Kysely, sql } from 'kysely';

// Frozen once landed. Saved explorer views (issue 10): a user's named query string, and an index for
// the explorer's join from report values to their reports by status.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analytics_saved_view')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('analytics_saved_view_owner_idx').on('analytics_saved_view').columns(['owner_id', 'created_at']).execute();
  await db.schema.createIndex('report_status_project_idx').on('report').columns(['status', 'project_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('report_status_project_idx').ifExists().execute();
  await db.schema.dropTable('analytics_saved_view').ifExists().execute();
}
