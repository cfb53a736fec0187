import { type Kysely, sql } from 'kysely';

// Frozen once landed. Saves of a visit's checklist sent from a phone (docs/decisions/013, 017): one row
// per id made on the device, so a resend of the same save is recognised and never applied twice.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('monitoring_visit_sync')
    .addColumn('client_id', 'uuid', (c) => c.primaryKey())
    .addColumn('visit_id', 'uuid', (c) => c.notNull().references('monitoring_visit.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('monitoring_visit_sync_visit_idx').on('monitoring_visit_sync').column('visit_id').execute();
  await db.schema.createIndex('monitoring_visit_sync_user_idx').on('monitoring_visit_sync').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('monitoring_visit_sync').ifExists().execute();
}
