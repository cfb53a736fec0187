import { sql, type Kysely } from 'kysely';
import type { Database } from './schema/index.ts';

/**
 * Issue 10's benchmark dataset (P2 export, P3 explorer load): deterministic and synthetic, built on top
 * of the demo data entirely in SQL (`insert … select … generate_series`), so a million values load in
 * seconds on PostgreSQL and in a minute or two on PGlite. Every project:
 * - is an NGO contract of the demo's NGOs (round robin) for the ministry, in a program line of the demo
 *   programs (round robin, so year/area/service pivots have several values) and one rayon-level unit
 *   (round robin over the current rayons and cities, so the oblasts partition the total);
 * - has `indicators` indicators (default 20): the first two linked to the demo's program indicators
 *   IND-01/IND-02, the last a percentage (numerator/denominator), the first disaggregated by sex × age
 *   group (8 cells besides the total); every indicator has a target per period;
 * - has `periods` monthly reports (default 12) of 2025; all approved, except that every tenth project's
 *   last report is submitted (so `basis=reported` differs from the default).
 * Values are a hash of (project, indicator, period, cell): the same on every run and engine.
 * Codes start with `BENCH-`; calling it twice adds nothing (it returns the existing counts).
 */
export interface BenchDatasetOptions {
  projects: number;
  indicators?: number;
  periods?: number;
}

export interface BenchDatasetCounts {
  projects: number;
  values: number;
  /** Values at the total cell of approved reports: the rows an export of the default view writes. */
  approvedTotals: number;
}

export async function buildBenchDataset(db: Kysely<Database>, opts: BenchDatasetOptions): Promise<BenchDatasetCounts> {
  const indicators = opts.indicators ?? 20;
  const periods = opts.periods ?? 12;
  const existing = await sql<{ n: number }>`select count(*)::int as n from project where code like 'BENCH-%'`.execute(db);
  if (Number(existing.rows[0]?.n ?? 0) === 0) {
    await db.transaction().execute(async (trx) => {
      // Foreign keys are checked row by row by triggers (most of the load time): the rows below reference
      // only rows made here or existing ones, so a superuser (the bench's own database) skips the checks.
      const su = await sql<{ su: boolean }>`select rolsuper as su from pg_roles where rolname = current_user`.execute(trx);
      if (su.rows[0]?.su) await sql`set local session_replication_role = replica`.execute(trx);
      const ministry = await trx.selectFrom('organisation').select('id').where('name_en', 'like', 'Ministry%').orderBy('name_en').executeTakeFirstOrThrow();
      // Numbered helper lists (the round robins), dropped at commit.
      await sql`create temporary table bench_ngo on commit drop as
        select row_number() over (order by name_en) - 1 as k, id from organisation where kind = 'ngo'`.execute(trx);
      await sql`create temporary table bench_line on commit drop as
        select row_number() over (order by pg.year_from, pg.title, pl.line_no) - 1 as k, pl.id
        from program_line pl join program pg on pg.id = pl.program_id`.execute(trx);
      await sql`create temporary table bench_unit on commit drop as
        select row_number() over (order by soate) - 1 as k, soate from admin_unit
        where level in ('rayon', 'city') and valid_to is null`.execute(trx);
      await sql`create temporary table bench_pi on commit drop as
        select row_number() over (order by pi.code) as k, pi.id from program_indicator pi join program pg on pg.id = pi.program_id
        where pi.code in ('IND-01', 'IND-02') and pg.year_from = (select max(year_from) from program where status in ('approved', 'amended'))`.execute(trx);
      await sql`insert into project (code, name_ky, name_ru, name_en, contractor_id, customer_id, program_line_id, amount_tyiyn, start_date, end_date, frequency)
        select 'BENCH-' || lpad(g::text, 5, '0'), 'Долбоор ' || g, 'Проект ' || g, 'Project ' || g,
          (select id from bench_ngo where k = g % (select count(*) from bench_ngo)), ${ministry.id}::uuid,
          (select id from bench_line where k = g % greatest((select count(*) from bench_line), 1)),
          100000000 + (g % 97) * 1000000, '2025-01-01', '2025-12-31', 'monthly'
        from generate_series(1, ${opts.projects}) g`.execute(trx);
      await sql`insert into project_territory (project_id, admin_unit_soate)
        select p.id, u.soate from project p join bench_unit u on u.k = substr(p.code, 7)::int % (select count(*) from bench_unit)
        where p.code like 'BENCH-%'`.execute(trx);
      await sql`insert into framework_node (project_id, level, name_ky, name_ru, name_en)
        select id, 'goal', 'Максат', 'Цель', 'Goal' from project where code like 'BENCH-%'`.execute(trx);
      await sql`insert into indicator (project_id, node_id, program_indicator_id, code, sort, name_ky, name_ru, name_en, unit, type, direction, cumulative_mode, frequency, disaggregations)
        select n.project_id, n.id, (select id from bench_pi where bench_pi.k = g), 'I' || lpad(g::text, 2, '0'), g,
          'Көрсөткүч ' || g, 'Показатель ' || g, 'Indicator ' || g,
          case when g = ${indicators} then '%' else 'people' end,
          case when g = ${indicators} then 'percentage' else 'number' end,
          case when g % 7 = 3 then 'decrease' else 'increase' end, 'per_period', 'monthly',
          case when g = 1 then array['sex', 'age_group'] else array[]::text[] end
        from framework_node n join project p on p.id = n.project_id and p.code like 'BENCH-%', generate_series(1, ${indicators}) g`.execute(trx);
      await sql`insert into indicator_target (indicator_id, period_key, target)
        select i.id, '2025-' || lpad(m::text, 2, '0'), case when i.type = 'percentage' then 80 else 50 + abs(hashtext(i.code || m)) % 900 end
        from indicator i join project p on p.id = i.project_id and p.code like 'BENCH-%', generate_series(1, ${periods}) m`.execute(trx);
      await sql`insert into report (project_id, period_key, period_start, period_end, due_date, status, first_submitted_at, submitted_at, approved_at)
        select p.id, '2025-' || lpad(m::text, 2, '0'), make_date(2025, m, 1), (make_date(2025, m, 1) + interval '1 month - 1 day')::date,
          (make_date(2025, m, 1) + interval '1 month + 14 days')::date, s.status,
          make_date(2025, m, 1) + interval '1 month + 10 days', make_date(2025, m, 1) + interval '1 month + 10 days',
          case when s.status = 'approved' then make_date(2025, m, 1) + interval '1 month + 20 days' end
        from project p, generate_series(1, ${periods}) m,
          lateral (select case when m = ${periods} and substr(p.code, 7)::int % 10 = 0 then 'submitted' else 'approved' end as status) s
        where p.code like 'BENCH-%'`.execute(trx);
      // Totals of every indicator (a percentage has numerator/denominator), then indicator 1's sex × age cells.
      await sql`insert into report_value (report_id, indicator_id, cell_key, value, numerator, denominator)
        select r.id, i.id, '',
          case when i.type = 'percentage' then null else (abs(hashtext(p.code || i.code || r.period_key)) % 1000)::numeric end,
          case when i.type = 'percentage' then (abs(hashtext(p.code || i.code || r.period_key)) % 40)::numeric end,
          case when i.type = 'percentage' then 40::numeric end
        from report r join project p on p.id = r.project_id and p.code like 'BENCH-%' join indicator i on i.project_id = p.id`.execute(trx);
      await sql`insert into report_value (report_id, indicator_id, cell_key, value)
        select r.id, i.id, 'sex=' || sx.code || '|age_group=' || ag.code, (abs(hashtext(p.code || r.period_key || sx.code || ag.code)) % 200)::numeric
        from report r join project p on p.id = r.project_id and p.code like 'BENCH-%' join indicator i on i.project_id = p.id and i.sort = 1,
          (select code from disaggregation_category where dimension = 'sex' and is_active) sx,
          (select code from disaggregation_category where dimension = 'age_group' and is_active) ag`.execute(trx);
      // The explorer's summary (its triggers do not fire while foreign-key triggers are skipped).
      await sql`select explorer_value_total_refresh(array(select r.id from report r join project p on p.id = r.project_id where p.code like 'BENCH-%'))`.execute(trx);
    });
    await sql`analyze`.execute(db);
  }
  const counts = await sql<{ projects: number; values: number; approved_totals: number }>`
    select (select count(*)::int from project where code like 'BENCH-%') as projects,
      (select count(*)::int from report_value) as values,
      (select count(*)::int from report_value rv join report r on r.id = rv.report_id where rv.cell_key = '' and r.status = 'approved') as approved_totals`.execute(db);
  const c = counts.rows[0]!;
  return { projects: Number(c.projects), values: Number(c.values), approvedTotals: Number(c.approved_totals) };
}
