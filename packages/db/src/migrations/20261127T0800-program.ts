import { type Kysely, sql } from 'kysely';

// Frozen once landed: write a new migration for any change.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('program')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('customer_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('year_from', 'integer', (c) => c.notNull())
    .addColumn('year_to', 'integer', (c) => c.notNull())
    .addColumn('funding_source', 'text', (c) => c.notNull().check(sql`funding_source in ('republican','local')`))
    .addColumn('ceiling_tyiyn', 'bigint', (c) => c.notNull().check(sql`ceiling_tyiyn >= 0`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`status in ('draft','public_discussion','revision','approved','amended','closed')`),
    )
    // The version being drafted or, once approved, the last approved one.
    .addColumn('version_no', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('discussion_start', 'date')
    .addColumn('discussion_end', 'date')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('program_period', sql`year_to >= year_from and year_to - year_from <= 1`)
    .execute();
  await db.schema.createIndex('program_customer_idx').on('program').column('customer_id').execute();

  // Program-level indicators; the results framework (issue #4) links its indicators to these rows.
  await db.schema
    .createTable('program_indicator')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('program.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name_ky', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('target', sql`numeric(18, 2)`, (c) => c.notNull())
    .addUniqueConstraint('program_indicator_code', ['program_id', 'code'])
    .execute();

  await db.schema
    .createTable('program_line')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('program.id').onDelete('cascade'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('priority_area_code', 'text', (c) => c.notNull().references('priority_area.code'))
    .addColumn('service_code', 'text', (c) => c.notNull().references('service.code'))
    .addColumn('planned_beneficiaries', 'integer', (c) => c.notNull().check(sql`planned_beneficiaries >= 0`))
    .addColumn('budget_tyiyn', 'bigint', (c) => c.notNull().check(sql`budget_tyiyn >= 0`))
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('expected_results', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('program_line_no', ['program_id', 'line_no'])
    .addCheckConstraint('program_line_period', sql`period_end >= period_start`)
    .execute();

  await db.schema
    .createTable('program_line_target_group')
    .addColumn('line_id', 'uuid', (c) => c.notNull().references('program_line.id').onDelete('cascade'))
    .addColumn('target_group_code', 'text', (c) => c.notNull().references('target_group.code'))
    .addPrimaryKeyConstraint('program_line_target_group_pk', ['line_id', 'target_group_code'])
    .execute();
  await db.schema
    .createTable('program_line_territory')
    .addColumn('line_id', 'uuid', (c) => c.notNull().references('program_line.id').onDelete('cascade'))
    .addColumn('admin_unit_soate', 'char(14)', (c) => c.notNull().references('admin_unit.soate'))
    .addPrimaryKeyConstraint('program_line_territory_pk', ['line_id', 'admin_unit_soate'])
    .execute();
  await db.schema
    .createTable('program_line_indicator')
    .addColumn('line_id', 'uuid', (c) => c.notNull().references('program_line.id').onDelete('cascade'))
    .addColumn('indicator_id', 'uuid', (c) => c.notNull().references('program_indicator.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('program_line_indicator_pk', ['line_id', 'indicator_id'])
    .execute();

  // Each approval freezes the whole program (header, indicators, lines) as a JSON snapshot.
  await db.schema
    .createTable('program_version')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('program.id').onDelete('cascade'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('approval_doc_no', 'text', (c) => c.notNull())
    .addColumn('approval_date', 'date', (c) => c.notNull())
    .addColumn('approving_body', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('approved_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addUniqueConstraint('program_version_no', ['program_id', 'version_no'])
    .execute();

  await db.schema
    .createTable('program_comment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('program.id').onDelete('cascade'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('line_id', 'uuid', (c) => c.references('program_line.id').onDelete('set null'))
    // The line's number when commented, kept if the line is later removed.
    .addColumn('line_no', 'integer')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_org', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','published','rejected')`))
    .addColumn('rejection_reason', 'text')
    .addColumn('moderated_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('moderated_at', 'timestamptz')
    .addColumn('response_kind', 'text', (c) => c.check(sql`response_kind in ('accepted','partly','rejected')`))
    .addColumn('response_text', 'text')
    .addColumn('responded_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('responded_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('program_comment_program_idx').on('program_comment').columns(['program_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'program_comment',
    'program_version',
    'program_line_indicator',
    'program_line_territory',
    'program_line_target_group',
    'program_line',
    'program_indicator',
    'program',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
