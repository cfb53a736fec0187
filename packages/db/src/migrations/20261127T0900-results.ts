import { type Kysely, sql } from 'kysely';

// Results frameworks, indicator passports, periodic reports. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('project')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_ky', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contractor_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('customer_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('amount_tyiyn', 'bigint', (c) => c.notNull().check(sql`amount_tyiyn >= 0`))
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull().check(sql`frequency in ('monthly','quarterly','semi_annual','annual')`))
    // Where the contract came from: 'manual' (registered by an officer) or, later, a competition lot.
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('program_line_id', 'uuid')
    .addColumn('signed_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('project_dates', sql`end_date >= start_date`)
    .execute();
  await db.schema.createIndex('project_contractor_idx').on('project').column('contractor_id').execute();
  await db.schema.createIndex('project_customer_idx').on('project').column('customer_id').execute();

  await db.schema
    .createTable('project_territory')
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id').onDelete('cascade'))
    .addColumn('admin_unit_soate', 'char(14)', (c) => c.notNull().references('admin_unit.soate'))
    .addPrimaryKeyConstraint('project_territory_pk', ['project_id', 'admin_unit_soate'])
    .execute();

  // Configurable categories of the sex / age group / disability dimensions (territory comes from the project).
  await db.schema
    .createTable('disaggregation_category')
    .addColumn('dimension', 'text', (c) => c.notNull().check(sql`dimension in ('sex','age_group','disability')`))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name_ky', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addPrimaryKeyConstraint('disaggregation_category_pk', ['dimension', 'code'])
    .execute();
  await db
    .insertInto('disaggregation_category')
    .values([
      { dimension: 'sex', code: 'f', name_ky: 'Аял', name_ru: 'Женщины', name_en: 'Female', sort_order: 1 },
      { dimension: 'sex', code: 'm', name_ky: 'Эркек', name_ru: 'Мужчины', name_en: 'Male', sort_order: 2 },
      { dimension: 'age_group', code: '0-17', name_ky: '0–17 жаш', name_ru: '0–17 лет', name_en: '0–17 years', sort_order: 1 },
      { dimension: 'age_group', code: '18-34', name_ky: '18–34 жаш', name_ru: '18–34 лет', name_en: '18–34 years', sort_order: 2 },
      { dimension: 'age_group', code: '35-59', name_ky: '35–59 жаш', name_ru: '35–59 лет', name_en: '35–59 years', sort_order: 3 },
      { dimension: 'age_group', code: '60+', name_ky: '60 жана андан улуу', name_ru: '60 лет и старше', name_en: '60 and over', sort_order: 4 },
      { dimension: 'disability', code: 'yes', name_ky: 'Ден соолугунун мүмкүнчүлүгү чектелген', name_ru: 'С инвалидностью', name_en: 'With disability', sort_order: 1 },
      { dimension: 'disability', code: 'no', name_ky: 'Мүмкүнчүлүгү чектелбеген', name_ru: 'Без инвалидности', name_en: 'Without disability', sort_order: 2 },
    ])
    .execute();

  // Results framework of a project (or, later, of a program): goal → expected result → output.
  await db.schema
    .createTable('framework_node')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.references('project.id').onDelete('cascade'))
    .addColumn('program_id', 'uuid')
    .addColumn('parent_id', 'uuid', (c) => c.references('framework_node.id').onDelete('cascade'))
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('goal','result','output')`))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('name_ky', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('assumptions', 'text')
    .addCheckConstraint('framework_node_owner', sql`(project_id is null) <> (program_id is null)`)
    .execute();
  await db.schema.createIndex('framework_node_project_idx').on('framework_node').column('project_id').execute();

  await db.schema
    .createTable('indicator')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id').onDelete('cascade'))
    .addColumn('node_id', 'uuid', (c) => c.notNull().references('framework_node.id').onDelete('cascade'))
    // Linked program indicator (issue #3's program_indicator); the foreign key is added when both land.
    .addColumn('program_indicator_id', 'uuid')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('name_ky', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('definition_ky', 'text')
    .addColumn('definition_ru', 'text')
    .addColumn('definition_en', 'text')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('number','percentage','yes_no','money')`))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('increase','decrease','maintain')`))
    .addColumn('cumulative_mode', 'text', (c) => c.notNull().check(sql`cumulative_mode in ('per_period','running_total','latest_value')`))
    .addColumn('disaggregations', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('data_source', 'text')
    .addColumn('verification', 'text')
    .addColumn('collection_method', 'text')
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('responsible', 'text')
    .addColumn('baseline_na', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('baseline_value', 'numeric(18, 4)')
    .addColumn('baseline_date', 'date')
    .addColumn('lop_target', 'numeric(18, 4)')
    .addColumn('min_value', 'numeric(18, 4)')
    .addColumn('max_value', 'numeric(18, 4)')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('indicator_code_unique', ['project_id', 'code'])
    .execute();
  await db.schema.createIndex('indicator_program_indicator_idx').on('indicator').column('program_indicator_id').execute();

  await db.schema
    .createTable('indicator_target')
    .addColumn('indicator_id', 'uuid', (c) => c.notNull().references('indicator.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('target', 'numeric(18, 4)', (c) => c.notNull())
    .addPrimaryKeyConstraint('indicator_target_pk', ['indicator_id', 'period_key'])
    .execute();

  // Snapshots of a passport with its targets: revision 0 is "as approved" at signing, later ones "as revised".
  await db.schema
    .createTable('indicator_revision')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('indicator_id', 'uuid', (c) => c.notNull().references('indicator.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('indicator_revision_unique', ['indicator_id', 'revision'])
    .execute();

  await db.schema
    .createTable('report')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`status in ('draft','submitted','returned','resubmitted','approved')`),
    )
    .addColumn('narrative', 'text')
    .addColumn('first_submitted_at', 'timestamptz')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('approved_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('report_period_unique', ['project_id', 'period_key'])
    .execute();

  await db.schema
    .createTable('report_value')
    .addColumn('report_id', 'uuid', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('indicator_id', 'uuid', (c) => c.notNull().references('indicator.id').onDelete('cascade'))
    // '' is the total; otherwise 'sex=f|age_group=0-17'.
    .addColumn('cell_key', 'text', (c) => c.notNull())
    .addColumn('value', 'numeric(18, 4)')
    .addColumn('numerator', 'numeric(18, 4)')
    .addColumn('denominator', 'numeric(18, 4)')
    .addColumn('updated_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('report_value_pk', ['report_id', 'indicator_id', 'cell_key'])
    .execute();

  // Per indicator in a report: data-quality flags, the reporter's explanation, the reviewer's follow-up mark.
  await db.schema
    .createTable('report_indicator')
    .addColumn('report_id', 'uuid', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('indicator_id', 'uuid', (c) => c.notNull().references('indicator.id').onDelete('cascade'))
    .addColumn('flags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('explanation', 'text')
    .addColumn('follow_up', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('report_indicator_pk', ['report_id', 'indicator_id'])
    .execute();

  await db.schema
    .createTable('report_comment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('report_id', 'uuid', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('indicator_id', 'uuid', (c) => c.references('indicator.id').onDelete('cascade'))
    .addColumn('author_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('report_comment_report_idx').on('report_comment').column('report_id').execute();

  await db.schema
    .createTable('report_evidence')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('report_id', 'uuid', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('indicator_id', 'uuid', (c) => c.references('indicator.id').onDelete('cascade'))
    .addColumn('file_id', 'uuid', (c) => c.notNull().references('stored_file.id'))
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Configurable thresholds of achievement status (one row, key 'default').
  await db.schema
    .createTable('results_setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('on_track', 'numeric(6, 2)', (c) => c.notNull())
    .addColumn('at_risk', 'numeric(6, 2)', (c) => c.notNull())
    .addColumn('due_days', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('results_setting').values({ key: 'default', on_track: 90, at_risk: 70, due_days: 15 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'results_setting',
    'report_evidence',
    'report_comment',
    'report_indicator',
    'report_value',
    'report',
    'indicator_revision',
    'indicator_target',
    'indicator',
    'framework_node',
    'disaggregation_category',
    'project_territory',
    'project',
  ])
    await db.schema.dropTable(t).execute();
}
