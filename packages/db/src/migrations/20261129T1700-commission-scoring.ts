import { type Kysely, sql } from 'kysely';

// Frozen once landed. Commission roles (chair, secretary, member; state or civil society), closing of
// scoring by the chair, the disagreement threshold per competition, and the commission's overrides
// of the budget cut-off with a recorded reason (issue #9).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('commission_member')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('member').check(sql`role in ('chair','secretary','member')`))
    .execute();
  await db.schema
    .alterTable('commission_member')
    .addColumn('sector', 'text', (c) => c.notNull().defaultTo('state').check(sql`sector in ('state','civil_society')`))
    .execute();
  // One chair and one secretary per commission.
  await sql`create unique index commission_member_one_chair on commission_member (competition_id) where role = 'chair'`.execute(db);
  await sql`create unique index commission_member_one_secretary on commission_member (competition_id) where role = 'secretary'`.execute(db);

  await db.schema
    .alterTable('competition')
    .addColumn('spread_threshold', 'integer', (c) => c.notNull().defaultTo(20).check(sql`spread_threshold between 1 and 100`))
    .execute();
  await db.schema.alterTable('competition').addColumn('scoring_closed_at', 'timestamptz').execute();
  await db.schema.alterTable('competition').addColumn('scoring_closed_by', 'uuid', (c) => c.references('app_user.id')).execute();
  await db.schema.createIndex('competition_scoring_closed_by_idx').on('competition').column('scoring_closed_by').execute();

  await db.schema
    .createTable('competition_award_override')
    .addColumn('application_id', 'uuid', (c) => c.primaryKey().references('competition_application.id').onDelete('cascade'))
    .addColumn('competition_id', 'uuid', (c) => c.notNull().references('competition.id').onDelete('cascade'))
    .addColumn('winner', 'boolean', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(reason) between 1 and 2000`))
    .addColumn('decided_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('competition_award_override_competition_idx').on('competition_award_override').column('competition_id').execute();
  await db.schema.createIndex('competition_award_override_decided_by_idx').on('competition_award_override').column('decided_by').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('competition_award_override').ifExists().execute();
  await db.schema.alterTable('competition').dropColumn('scoring_closed_by').execute();
  await db.schema.alterTable('competition').dropColumn('scoring_closed_at').execute();
  await db.schema.alterTable('competition').dropColumn('spread_threshold').execute();
  await sql`drop index if exists commission_member_one_chair`.execute(db);
  await sql`drop index if exists commission_member_one_secretary`.execute(db);
  await db.schema.alterTable('commission_member').dropColumn('sector').execute();
  await db.schema.alterTable('commission_member').dropColumn('role').execute();
}
