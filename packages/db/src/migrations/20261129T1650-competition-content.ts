import { type Kysely, sql } from 'kysely';

// Frozen once landed. Issue #9's lot and application content: a lot covering several program lines,
// the lot's fields (tasks, problem, period, co-funding share, requirements, documents), the application's
// activity plan, budget lines with co-funding, proposed indicators and attachments (with a copy whose
// document metadata was removed, for reviewers), and the contract's co-funding.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('competition_lot_line')
    .addColumn('competition_id', 'uuid', (c) => c.notNull().references('competition.id').onDelete('cascade'))
    .addColumn('line_id', 'uuid', (c) => c.notNull().references('program_line.id'))
    .addPrimaryKeyConstraint('competition_lot_line_pk', ['competition_id', 'line_id'])
    .execute();
  await db.schema.createIndex('competition_lot_line_line_idx').on('competition_lot_line').column('line_id').execute();
  // Every competition so far had one line: it becomes its lot's only line.
  await sql`insert into competition_lot_line (competition_id, line_id) select id, program_line_id from competition`.execute(db);

  await db.schema
    .alterTable('competition')
    .addColumn('tasks', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('problem', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('project_start', 'date')
    .addColumn('project_end', 'date')
    .addColumn('min_cofunding_pct', 'integer', (c) => c.notNull().defaultTo(0).check(sql`min_cofunding_pct >= 0 and min_cofunding_pct < 100`))
    .addColumn('eligibility', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('required_documents', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();

  await db.schema.alterTable('competition_application').addColumn('tasks', 'text', (c) => c.notNull().defaultTo('')).execute();

  await db.schema
    .createTable('application_activity')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('competition_application.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addCheckConstraint('application_activity_dates', sql`ends_on >= starts_on`)
    .execute();
  await db.schema.createIndex('application_activity_app_idx').on('application_activity').column('application_id').execute();

  await db.schema
    .createTable('application_budget_line')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('competition_application.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    // Requested from the customer; the applicant's own money and other sources (co-funding), tyiyn.
    .addColumn('requested_tyiyn', 'bigint', (c) => c.notNull().check(sql`requested_tyiyn >= 0`))
    .addColumn('own_tyiyn', 'bigint', (c) => c.notNull().check(sql`own_tyiyn >= 0`))
    .addColumn('other_tyiyn', 'bigint', (c) => c.notNull().check(sql`other_tyiyn >= 0`))
    .execute();
  await db.schema.createIndex('application_budget_line_app_idx').on('application_budget_line').column('application_id').execute();

  await db.schema
    .createTable('application_indicator')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('competition_application.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // Picked from the catalogue (an indicator of the lot's program) or new (null).
    .addColumn('program_indicator_id', 'uuid', (c) => c.references('program_indicator.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('baseline', sql`numeric(18,2)`, (c) => c.notNull())
    .addColumn('target', sql`numeric(18,2)`, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('application_indicator_app_idx').on('application_indicator').column('application_id').execute();
  await db.schema.createIndex('application_indicator_prog_idx').on('application_indicator').column('program_indicator_id').execute();

  await db.schema
    .createTable('application_attachment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('competition_application.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // The file as uploaded (the NGO and the customer) and, for DOCX/XLSX/PDF, a copy without document
    // metadata (the commission). Both live in FileStorage.
    .addColumn('file_id', 'uuid', (c) => c.notNull().references('stored_file.id'))
    .addColumn('stripped_file_id', 'uuid', (c) => c.references('stored_file.id'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    // Set by the secretary: the original may reach reviewers (e.g. an image checked by eye).
    .addColumn('anonymised_at', 'timestamptz')
    .addColumn('anonymised_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  for (const col of ['application_id', 'file_id', 'stripped_file_id', 'anonymised_by', 'created_by']) {
    await db.schema.createIndex(`application_attachment_${col}_idx`).on('application_attachment').column(col).execute();
  }

  await db.schema.alterTable('project').addColumn('cofunding_tyiyn', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`cofunding_tyiyn >= 0`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('project').dropColumn('cofunding_tyiyn').execute();
  for (const t of ['application_attachment', 'application_indicator', 'application_budget_line', 'application_activity', 'competition_lot_line']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.schema.alterTable('competition_application').dropColumn('tasks').execute();
  for (const col of ['tasks', 'problem', 'project_start', 'project_end', 'min_cofunding_pct', 'eligibility', 'required_documents']) {
    await db.schema.alterTable('competition').dropColumn(col).execute();
  }
}
