import { type Kysely, sql } from 'kysely';

// Frozen once landed. Ministry decisions on a project (its contract): continue, adjust, suspend or
// terminate the contract, or change next year's program; with their basis, the visit or
// recommendation they rest on, and an optional follow-up (due date, open → done) the board watches.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('monitoring_decision')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('continue', 'adjust', 'suspend', 'terminate', 'change_program')`))
    .addColumn('basis', 'text', (c) => c.notNull().check(sql`char_length(basis) between 1 and 4000`))
    .addColumn('visit_id', 'uuid', (c) => c.references('monitoring_visit.id').onDelete('set null'))
    .addColumn('recommendation_id', 'uuid', (c) => c.references('monitoring_recommendation.id').onDelete('set null'))
    .addColumn('decided_on', 'date', (c) => c.notNull())
    .addColumn('follow_up_due', 'date')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'done')`))
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('monitoring_decision_project_idx').on('monitoring_decision').columns(['project_id', 'decided_on']).execute();
  await db.schema.createIndex('monitoring_decision_visit_idx').on('monitoring_decision').column('visit_id').execute();
  await db.schema.createIndex('monitoring_decision_recommendation_idx').on('monitoring_decision').column('recommendation_id').execute();
  await db.schema.createIndex('monitoring_decision_created_by_idx').on('monitoring_decision').column('created_by').execute();
  await db.schema.createIndex('monitoring_decision_follow_up_idx').on('monitoring_decision').columns(['status', 'follow_up_due']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('monitoring_decision').ifExists().execute();
}
