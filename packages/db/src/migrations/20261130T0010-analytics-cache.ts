import { type Kysely, sql } from 'kysely';

// Frozen once landed. The analytics result cache (docs/decisions/022-analytics-result-cache.md): the
// answers of explorer views and their filter choices, shared by every app server, keyed by what was
// asked and valid for one data version. The version is a sequence that statement triggers on every
// table an analytics answer reads advance: one `nextval` per statement (never per row), which takes
// no lock and never makes writers wait for each other, unlike a counter row would.
export const ANALYTICS_SOURCE_TABLES = [
  'report',
  'report_value',
  'indicator',
  'indicator_target',
  'project',
  'project_territory',
  'organisation',
  'program',
  'program_line',
  'program_line_territory',
  'program_line_target_group',
  'program_indicator',
  'competition',
  'admin_unit',
  'priority_area',
  'service',
  'target_group',
  'disaggregation_category',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence analytics_data_version`.execute(db);
  await sql`
    create function analytics_data_changed() returns trigger language plpgsql as $$
    begin
      perform nextval('analytics_data_version');
      return null;
    end $$`.execute(db);
  for (const table of ANALYTICS_SOURCE_TABLES) {
    await sql
      .raw(`create trigger ${table}_analytics_version after insert or update or delete or truncate on ${table} for each statement execute function analytics_data_changed()`)
      .execute(db);
  }
  // Unlogged: a cache, rebuilt by the next request if a crash empties it.
  await sql`
    create unlogged table analytics_cache (
      key text primary key,
      version bigint not null,
      result jsonb not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index analytics_cache_created_idx on analytics_cache (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists analytics_cache`.execute(db);
  for (const table of ANALYTICS_SOURCE_TABLES) await sql.raw(`drop trigger if exists ${table}_analytics_version on ${table}`).execute(db);
  await sql`drop function if exists analytics_data_changed()`.execute(db);
  await sql`drop sequence if exists analytics_data_version`.execute(db);
}
