import { type Kysely, sql } from 'kysely';

// Frozen once landed. Competitions (one lot from a program line), applications with their identifying
// part kept apart from the project content, the commission, conflicts of interest and sealed scores.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('competition')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('program.id'))
    .addColumn('program_line_id', 'uuid', (c) => c.notNull().references('program_line.id'))
    .addColumn('customer_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('goal', 'text', (c) => c.notNull())
    // The lot: its budget, and the most one project may receive (tyiyn).
    .addColumn('lot_budget_tyiyn', 'bigint', (c) => c.notNull().check(sql`lot_budget_tyiyn > 0`))
    .addColumn('max_amount_tyiyn', 'bigint', (c) => c.notNull().check(sql`max_amount_tyiyn > 0`))
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('planned').check(sql`status in ('planned','announced','accepting','closed','evaluating','awarded','unsuccessful','cancelled')`),
    )
    .addColumn('protocol_signed_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('competition_line_idx').on('competition').column('program_line_id').execute();
  await db.schema.createIndex('competition_customer_idx').on('competition').column('customer_id').execute();

  await db.schema
    .createTable('competition_criterion')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('competition_id', 'uuid', (c) => c.notNull().references('competition.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull().check(sql`weight > 0 and weight <= 100`))
    .addColumn('max_points', 'integer', (c) => c.notNull().check(sql`max_points > 0`))
    .addUniqueConstraint('competition_criterion_position_unique', ['competition_id', 'position'])
    .execute();

  await db.schema
    .createTable('competition_application')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('competition_id', 'uuid', (c) => c.notNull().references('competition.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    // Identifying part: never read by the commission's queries before the protocol is signed.
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_phone', 'text', (c) => c.notNull())
    .addColumn('inn', 'text', (c) => c.notNull())
    // Project content: what reviewers see, next to the code.
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('goal', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('requested_tyiyn', 'bigint', (c) => c.notNull().check(sql`requested_tyiyn > 0`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`status in ('draft','submitted','withdrawn','admitted','rejected','awarded','not_awarded')`),
    )
    .addColumn('reject_reason', 'text')
    .addColumn('submitted_at', 'timestamptz')
    // The contract (results module's project) created from a winning application.
    .addColumn('project_id', 'uuid', (c) => c.references('project.id'))
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('competition_application_code_unique', ['competition_id', 'code'])
    .execute();
  await db.schema.createIndex('competition_application_org_idx').on('competition_application').column('organisation_id').execute();

  await db.schema
    .createTable('commission_member')
    .addColumn('competition_id', 'uuid', (c) => c.notNull().references('competition.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('conflicts_declared_at', 'timestamptz')
    .addPrimaryKeyConstraint('commission_member_pk', ['competition_id', 'user_id'])
    .execute();
  await db.schema.createIndex('commission_member_user_idx').on('commission_member').column('user_id').execute();

  // Declared conflicts name organisations, never applications: the exclusion is computed in SQL.
  await db.schema
    .createTable('commission_conflict')
    .addColumn('competition_id', 'uuid', (c) => c.notNull().references('competition.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addPrimaryKeyConstraint('commission_conflict_pk', ['competition_id', 'user_id', 'organisation_id'])
    .execute();

  await db.schema
    .createTable('competition_score')
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('competition_application.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('criterion_id', 'uuid', (c) => c.notNull().references('competition_criterion.id').onDelete('cascade'))
    .addColumn('points', 'integer', (c) => c.notNull().check(sql`points >= 0`))
    .addColumn('comment', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('competition_score_pk', ['application_id', 'user_id', 'criterion_id'])
    .execute();
  await db.schema.createIndex('competition_score_criterion_idx').on('competition_score').column('criterion_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['competition_score', 'commission_conflict', 'commission_member', 'competition_application', 'competition_criterion', 'competition']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
