import { type Kysely, sql } from 'kysely';
import { readReferenceCsv } from '../reference-data.ts';

// Frozen once landed: write a new migration for any change.
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['focus_group_category', 'problem_category']) {
    await db.schema
      .createTable(table)
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name_ky', 'text', (c) => c.notNull())
      .addColumn('name_ru', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  // The shipped categories are the starting list; admins edit them afterwards, so load them once here
  // rather than on every start (which would overwrite their edits).
  for (const [file, table] of [
    ['focus-group-categories.csv', 'focus_group_category'],
    ['problem-categories.csv', 'problem_category'],
  ] as const) {
    const csv = readReferenceCsv(file);
    let order = 0;
    for (const r of csv.rows) {
      await db
        .insertInto(table)
        .values({ code: r.code, name_ky: r.name_ky, name_ru: r.name_ru, name_en: r.name_en, sort_order: order++ })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
  }

  await db.schema
    .createTable('needs_assessment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('admin_unit_soate', 'char(14)', (c) => c.references('admin_unit.soate'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('stage', 'text', (c) =>
      c
        .notNull()
        .defaultTo('planned')
        .check(sql`stage in ('planned','focus_groups','problem_gallery','analysis','meetings','prioritised','published')`),
    )
    .addColumn('ranking_method', 'text', (c) => c.notNull().defaultTo('votes').check(sql`ranking_method in ('votes','points')`))
    .addColumn('ranking_points', 'text')
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('needs_assessment_municipality_year', ['municipality_id', 'year'])
    .execute();

  await db.schema
    .createTable('assessment_focus_group')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('assessment_id', 'uuid', (c) => c.notNull().references('needs_assessment.id').onDelete('cascade'))
    .addColumn('category_code', 'text', (c) => c.notNull().references('focus_group_category.code'))
    .addColumn('village_soate', 'char(14)', (c) => c.notNull().references('admin_unit.soate'))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('facilitator', 'text', (c) => c.notNull())
    .addColumn('women_14_29', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('women_30_59', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('women_60_plus', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('men_14_29', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('men_30_59', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('men_60_plus', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('problems_raised', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'assessment_focus_group_counts',
      sql`least(women_14_29, women_30_59, women_60_plus, men_14_29, men_30_59, men_60_plus) >= 0`,
    )
    .execute();
  await db.schema.createIndex('assessment_focus_group_idx').on('assessment_focus_group').column('assessment_id').execute();

  await db.schema
    .createTable('assessment_problem')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('assessment_id', 'uuid', (c) => c.notNull().references('needs_assessment.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('category_code', 'text', (c) => c.notNull().references('problem_category.code'))
    .addColumn('village_soates', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('raised_by', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('rank', 'integer')
    .addColumn('score', 'integer')
    .addColumn('total_votes', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('assessment_problem_number', ['assessment_id', 'number'])
    .execute();

  await db.schema
    .createTable('assessment_problem_photo')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('problem_id', 'uuid', (c) => c.notNull().references('assessment_problem.id').onDelete('cascade'))
    .addColumn('file_id', 'uuid', (c) => c.notNull().references('stored_file.id'))
    .addColumn('caption', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('assessment_cause_node')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('problem_id', 'uuid', (c) => c.notNull().references('assessment_problem.id').onDelete('cascade'))
    .addColumn('parent_id', 'uuid', (c) => c.references('assessment_cause_node.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('cause','effect')`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('assessment_cause_node_idx').on('assessment_cause_node').column('problem_id').execute();

  await db.schema
    .createTable('assessment_meeting')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('assessment_id', 'uuid', (c) => c.notNull().references('needs_assessment.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('village','aiyl_aimak')`))
    .addColumn('village_soate', 'char(14)', (c) => c.references('admin_unit.soate'))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('women', 'integer', (c) => c.notNull().defaultTo(0).check(sql`women >= 0`))
    .addColumn('men', 'integer', (c) => c.notNull().defaultTo(0).check(sql`men >= 0`))
    .addColumn('notes', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('assessment_meeting_village', sql`kind = 'aiyl_aimak' or village_soate is not null`)
    .execute();

  await db.schema
    .createTable('assessment_tally')
    .addColumn('meeting_id', 'uuid', (c) => c.notNull().references('assessment_meeting.id').onDelete('cascade'))
    .addColumn('problem_id', 'uuid', (c) => c.notNull().references('assessment_problem.id').onDelete('cascade'))
    .addColumn('votes', 'integer', (c) => c.notNull().check(sql`votes >= 0`))
    .addPrimaryKeyConstraint('assessment_tally_pk', ['meeting_id', 'problem_id'])
    .execute();

  await db.schema
    .createTable('assessment_program_line_request')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('assessment_id', 'uuid', (c) => c.notNull().references('needs_assessment.id').onDelete('cascade'))
    .addColumn('problem_id', 'uuid', (c) => c.notNull().references('assessment_problem.id').onDelete('cascade'))
    .addColumn('draft', 'jsonb', (c) => c.notNull())
    .addColumn('program_line_id', 'uuid')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('assessment_program_line_request_problem', ['problem_id'])
    .execute();

  await db.schema
    .createTable('service_plan')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('admin_unit_soate', 'char(14)', (c) => c.references('admin_unit.soate'))
    .addColumn('assessment_id', 'uuid', (c) => c.references('needs_assessment.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('year_from', 'integer', (c) => c.notNull())
    .addColumn('year_to', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('service_plan_years', sql`year_to >= year_from`)
    .execute();

  await db.schema
    .createTable('service_plan_activity')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull().references('service_plan.id').onDelete('cascade'))
    .addColumn('problem_id', 'uuid', (c) => c.references('assessment_problem.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('responsible', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('indicator', 'text')
    .addColumn('target', 'text')
    .addColumn('own_tyiyn', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`own_tyiyn >= 0`))
    .addColumn('grant_tyiyn', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`grant_tyiyn >= 0`))
    .addColumn('other_tyiyn', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`other_tyiyn >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned').check(sql`status in ('planned','in_progress','done','cancelled')`))
    .addColumn('progress_pct', 'integer', (c) => c.notNull().defaultTo(0).check(sql`progress_pct between 0 and 100`))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('service_plan_activity_dates', sql`ends_on >= starts_on`)
    .execute();
  await db.schema.createIndex('service_plan_activity_idx').on('service_plan_activity').column('plan_id').execute();

  await db.schema
    .createTable('service_plan_update')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('activity_id', 'uuid', (c) => c.notNull().references('service_plan_activity.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress_pct', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'service_plan_update',
    'service_plan_activity',
    'service_plan',
    'assessment_program_line_request',
    'assessment_tally',
    'assessment_meeting',
    'assessment_cause_node',
    'assessment_problem_photo',
    'assessment_problem',
    'assessment_focus_group',
    'needs_assessment',
    'problem_category',
    'focus_group_category',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
