import { type Kysely, sql } from 'kysely';

// Frozen once landed. Monitoring in the field: versioned checklist templates, visits (plan entries and
// records), findings with recommendations, decisions and follow-up.
const firstChecklist = [
  { key: 'services_as_contracted', ky: 'Кызматтар келишимге ылайык көрсөтүлөт', ru: 'Услуги оказываются в соответствии с договором', en: 'Services delivered as contracted' },
  { key: 'beneficiary_register', ky: 'Кызмат алуучулардын реестри жүргүзүлөт', ru: 'Реестр получателей услуг ведётся', en: 'Beneficiary register kept' },
  { key: 'premises_accessible', ky: 'Имарат жеткиликтүү', ru: 'Помещение доступно', en: 'Premises accessible' },
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('monitoring_checklist_template')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('version', 'integer', (c) => c.notNull().unique())
    .addColumn('items', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.insertInto('monitoring_checklist_template').values({ version: 1, items: JSON.stringify(firstChecklist) }).execute();

  await db.schema
    .createTable('monitoring_visit')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id').onDelete('cascade'))
    .addColumn('visit_no', 'integer', (c) => c.notNull())
    .addColumn('program_year', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('scheduled', 'unscheduled')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned').check(sql`status in ('planned', 'draft', 'final')`))
    .addColumn('planned_date', 'date', (c) => c.notNull())
    .addColumn('officer_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('visit_date', 'date')
    .addColumn('participants', 'text')
    .addColumn('summary', 'text')
    .addColumn('template_id', 'uuid', (c) => c.references('monitoring_checklist_template.id'))
    .addColumn('answers', 'jsonb')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finalised_at', 'timestamptz')
    .addUniqueConstraint('monitoring_visit_no_unique', ['project_id', 'visit_no'])
    .execute();
  await db.schema.createIndex('monitoring_visit_year_idx').on('monitoring_visit').columns(['program_year', 'planned_date']).execute();
  await db.schema.createIndex('monitoring_visit_officer_idx').on('monitoring_visit').column('officer_id').execute();
  await db.schema.createIndex('monitoring_visit_template_idx').on('monitoring_visit').column('template_id').execute();

  await db.schema
    .createTable('monitoring_recommendation')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('visit_id', 'uuid', (c) => c.notNull().references('monitoring_visit.id').onDelete('cascade'))
    .addColumn('finding', 'text', (c) => c.notNull())
    .addColumn('recommendation', 'text', (c) => c.notNull())
    .addColumn('responsible_org_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('accepted', 'rejected')`))
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'in_progress', 'done')`))
    .addColumn('follow_up_note', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('monitoring_recommendation_visit_idx').on('monitoring_recommendation').column('visit_id').execute();
  await db.schema.createIndex('monitoring_recommendation_org_idx').on('monitoring_recommendation').column('responsible_org_id').execute();
  await db.schema.createIndex('monitoring_recommendation_due_idx').on('monitoring_recommendation').columns(['status', 'due_date']).execute();

  await db.schema
    .createTable('monitoring_questionnaire')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('form_id', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('monitoring_questionnaire_version')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('questionnaire_id', 'uuid', (c) => c.notNull().references('monitoring_questionnaire.id').onDelete('cascade'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('issues', 'jsonb', (c) => c.notNull())
    .addColumn('source_file_name', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('monitoring_questionnaire_version_unique', ['questionnaire_id', 'version_no'])
    .execute();

  await db.schema
    .createTable('monitoring_visit_file')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('visit_id', 'uuid', (c) => c.notNull().references('monitoring_visit.id').onDelete('cascade'))
    .addColumn('file_id', 'uuid', (c) => c.notNull().references('stored_file.id'))
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('monitoring_visit_file_visit_idx').on('monitoring_visit_file').column('visit_id').execute();
  await db.schema.createIndex('monitoring_visit_file_file_idx').on('monitoring_visit_file').column('file_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('monitoring_visit_file').ifExists().execute();
  await db.schema.dropTable('monitoring_questionnaire_version').ifExists().execute();
  await db.schema.dropTable('monitoring_questionnaire').ifExists().execute();
  await db.schema.dropTable('monitoring_recommendation').ifExists().execute();
  await db.schema.dropTable('monitoring_visit').ifExists().execute();
  await db.schema.dropTable('monitoring_checklist_template').ifExists().execute();
}
