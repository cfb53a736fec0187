import { type Kysely, sql } from 'kysely';

// Frozen once landed. Tranches of a contract, each optionally conditional on an indicator's approved values.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tranche')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id').onDelete('cascade'))
    .addColumn('tranche_no', 'integer', (c) => c.notNull())
    .addColumn('amount_tyiyn', 'bigint', (c) => c.notNull().check(sql`amount_tyiyn > 0`))
    .addColumn('planned_date', 'date', (c) => c.notNull())
    .addColumn('condition_indicator_id', 'uuid', (c) => c.references('indicator.id'))
    .addColumn('condition_threshold', 'numeric')
    .addColumn('condition_note', 'text')
    .addColumn('released_at', 'timestamptz')
    .addColumn('released_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('tranche_no_unique', ['project_id', 'tranche_no'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tranche').ifExists().execute();
}
