import { type Kysely, sql } from 'kysely';

// Frozen once landed: write a new migration for any change.

/**
 * Foreign keys that queries filter or join on (issue 8, section 4). PostgreSQL indexes the referenced
 * key, not the referencing column, so "the values of this indicator", "the meetings of this
 * assessment" or "the members of this organisation" were sequential scans. `if not exists` keeps the
 * migration safe where an operator already added one by hand.
 */
export const foreignKeyIndexes: [table: string, column: string][] = [
  ['report_value', 'indicator_id'],
  ['report_evidence', 'report_id'],
  ['report_evidence', 'indicator_id'],
  ['report_comment', 'indicator_id'],
  ['report_indicator', 'indicator_id'],
  ['framework_node', 'parent_id'],
  ['assessment_meeting', 'assessment_id'],
  ['assessment_program_line_request', 'assessment_id'],
  ['assessment_tally', 'problem_id'],
  ['assessment_problem_photo', 'problem_id'],
  ['needs_assessment', 'admin_unit_soate'],
  ['service_plan', 'assessment_id'],
  ['service_plan', 'municipality_id'],
  ['service_plan', 'admin_unit_soate'],
  ['service_plan_activity', 'problem_id'],
  ['service_plan_update', 'activity_id'],
  ['program_comment', 'line_id'],
  ['program_line_indicator', 'indicator_id'],
  ['program_line_territory', 'admin_unit_soate'],
  ['project_territory', 'admin_unit_soate'],
  ['membership', 'organisation_id'],
  ['organisation', 'admin_unit_soate'],
  ['password_token', 'user_id'],
  ['stored_file', 'created_by'],
];

const indexName = (table: string, column: string) => `${table}_${column}_idx`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, column] of foreignKeyIndexes) {
    await sql`create index if not exists ${sql.id(indexName(table, column))} on ${sql.table(table)} (${sql.id(column)})`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, column] of foreignKeyIndexes) await sql`drop index if exists ${sql.id(indexName(table, column))}`.execute(db);
}
