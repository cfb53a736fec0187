import { type Kysely, sql } from 'kysely';

// Frozen once landed. Issue 11: end-of-project evaluation sheets (versioned criteria) and the published
// annual M&E reports of programs (their public projection, kept as published).
const firstCriteria = [
  { key: 'relevance', ky: 'Актуалдуулук', ru: 'Актуальность', en: 'Relevance', maxPoints: 5 },
  { key: 'plan_fulfilment', ky: 'Пландын аткарылышы', ru: 'Выполнение плана', en: 'Plan fulfilment', maxPoints: 5 },
  { key: 'result', ky: 'Натыйжа', ru: 'Результат', en: 'Result', maxPoints: 5 },
  { key: 'continuation', ky: 'Улантуу ыктымалдыгы', ru: 'Вероятность продолжения', en: 'Likelihood of continuation', maxPoints: 5 },
  { key: 'long_term_effect', ky: 'Узак мөөнөттүү таасир', ru: 'Долгосрочный эффект', en: 'Long-term effect', maxPoints: 5 },
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evaluation_criteria')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('version', 'integer', (c) => c.notNull().unique())
    .addColumn('items', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.insertInto('evaluation_criteria').values({ version: 1, items: JSON.stringify(firstCriteria) }).execute();

  await db.schema
    .createTable('project_evaluation')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().unique().references('project.id').onDelete('cascade'))
    .addColumn('criteria_id', 'uuid', (c) => c.notNull().references('evaluation_criteria.id'))
    .addColumn('scores', 'jsonb', (c) => c.notNull())
    .addColumn('conclusion', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft', 'final')`))
    .addColumn('evaluated_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finalised_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('project_evaluation_criteria_idx').on('project_evaluation').column('criteria_id').execute();
  await db.schema.createIndex('project_evaluation_evaluated_by_idx').on('project_evaluation').column('evaluated_by').execute();

  await db.schema
    .createTable('monitoring_annual_report')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('program.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('published', 'withdrawn')`))
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('published_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('monitoring_annual_report_unique', ['program_id', 'year'])
    .execute();
  await db.schema.createIndex('monitoring_annual_report_published_by_idx').on('monitoring_annual_report').column('published_by').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('monitoring_annual_report').ifExists().execute();
  await db.schema.dropTable('project_evaluation').ifExists().execute();
  await db.schema.dropTable('evaluation_criteria').ifExists().execute();
}
