import { type Kysely, sql } from 'kysely';

// Frozen once landed. Complaints about a competition's published results: each competition's complaint
// period (days after the protocol is signed), the applicant's complaint and the commission's answer.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('competition')
    .addColumn('complaint_days', 'integer', (c) => c.notNull().defaultTo(10).check(sql`complaint_days between 1 and 60`))
    .execute();

  await db.schema
    .createTable('competition_complaint')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('competition_id', 'uuid', (c) => c.notNull().references('competition.id'))
    // One complaint per application: the applicant organisation is the application's.
    .addColumn('application_id', 'uuid', (c) => c.notNull().unique().references('competition_application.id'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('text', 'text', (c) => c.notNull().check(sql`char_length(text) between 1 and 4000`))
    .addColumn('filed_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('filed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','upheld','rejected')`))
    .addColumn('reasons', 'text', (c) => c.check(sql`char_length(reasons) <= 4000`))
    .addColumn('changed_decision', 'text', (c) => c.check(sql`char_length(changed_decision) <= 2000`))
    .addColumn('answered_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('answered_at', 'timestamptz')
    .addCheckConstraint('competition_complaint_answer', sql`(status = 'pending') = (answered_at is null) and (status = 'pending' or reasons is not null) and (status = 'upheld' or changed_decision is null)`)
    .execute();
  await db.schema.createIndex('competition_complaint_competition_idx').on('competition_complaint').column('competition_id').execute();
  await db.schema.createIndex('competition_complaint_org_idx').on('competition_complaint').column('organisation_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('competition_complaint').ifExists().execute();
  await db.schema.alterTable('competition').dropColumn('complaint_days').execute();
}
