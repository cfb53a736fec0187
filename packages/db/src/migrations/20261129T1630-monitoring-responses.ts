import { type Kysely, sql } from 'kysely';

// Frozen once landed. Answers to a questionnaire version about a project (and visit), in a territory,
// entered on a phone (client-made UUID: a resend never duplicates) or imported from Excel (idempotent
// by respondent id). Names, when the questionnaire asks them, stay apart from the answers.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('monitoring_response')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('client_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('questionnaire_version_id', 'uuid', (c) => c.notNull().references('monitoring_questionnaire_version.id').onDelete('cascade'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id').onDelete('cascade'))
    .addColumn('visit_id', 'uuid', (c) => c.references('monitoring_visit.id').onDelete('set null'))
    .addColumn('admin_unit_soate', 'text', (c) => c.notNull())
    .addColumn('respondent_sex', 'text', (c) => c.check(sql`respondent_sex in ('f', 'm')`))
    .addColumn('respondent_age_group', 'text', (c) => c.check(sql`respondent_age_group in ('0_17', '18_29', '30_59', '60_plus')`))
    .addColumn('respondent_name', 'text')
    .addColumn('respondent_ref', 'text')
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('ky', 'ru', 'en')`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('device', 'xlsx')`))
    .addColumn('answered_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Excel imports are idempotent by respondent id within the project and version (NULLs never clash).
    .addUniqueConstraint('monitoring_response_respondent_unique', ['project_id', 'questionnaire_version_id', 'respondent_ref'])
    .execute();
  await db.schema.createIndex('monitoring_response_version_idx').on('monitoring_response').columns(['questionnaire_version_id', 'project_id']).execute();
  await db.schema.createIndex('monitoring_response_project_idx').on('monitoring_response').column('project_id').execute();
  await db.schema.createIndex('monitoring_response_visit_idx').on('monitoring_response').column('visit_id').execute();
  await db.schema.createIndex('monitoring_response_created_by_idx').on('monitoring_response').column('created_by').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('monitoring_response').ifExists().execute();
}
