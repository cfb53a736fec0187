import { type Kysely, sql } from 'kysely';

// Frozen once landed. The explorer's summary of indicator values (docs/decisions/016, addendum "bench
// P3"): per report and program indicator, the pooled sums of the total cells — actual (numerators for a
// percentage), target (target % × denominator ÷ 100 for a percentage), the actual and target of the
// facts that count in % achieved (an "increase" indicator with both), and how many facts. Views that
// do not pivot or filter by a disaggregation read these rows instead of every value (20 indicators of
// a project collapse into one row per program indicator it links to, plus one for the unlinked).
// Statement triggers keep it equal to the values: a change of values, targets or an indicator's type,
// direction or link recomputes the reports it touches, in the same transaction. The report's status
// is not in it (views join the report), so submitting, approving or returning a report changes nothing here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table explorer_value_total (
      report_id uuid not null references report (id) on delete cascade,
      program_indicator_id uuid references program_indicator (id) on delete cascade,
      actual numeric,
      target numeric,
      ach_actual numeric,
      ach_target numeric,
      facts int not null
    )`.execute(db);
  // One row per report and program indicator (null: the project's own indicators).
  await sql`create unique index explorer_value_total_key on explorer_value_total (report_id, coalesce(program_indicator_id, '00000000-0000-0000-0000-000000000000'::uuid))`.execute(db);
  await sql`create index explorer_value_total_pi_idx on explorer_value_total (program_indicator_id)`.execute(db);
  await sql`
    create function explorer_value_total_refresh(reports uuid[]) returns void language plpgsql as $$
    begin
      delete from explorer_value_total where report_id = any(reports);
      insert into explorer_value_total (report_id, program_indicator_id, actual, target, ach_actual, ach_target, facts)
      select f.report_id, f.program_indicator_id, sum(f.c_actual), sum(f.c_target),
        sum(case when f.direction = 'increase' and f.c_actual is not null and f.c_target is not null then f.c_actual end),
        sum(case when f.direction = 'increase' and f.c_actual is not null and f.c_target is not null then f.c_target end),
        count(*)::int
      from (
        select rv.report_id, i.program_indicator_id, i.direction,
          case when i.type = 'percentage' then rv.numerator else rv.value end as c_actual,
          case when i.type = 'percentage' then it.target * rv.denominator / 100 else it.target end as c_target
        from report_value rv
        join report r on r.id = rv.report_id
        join indicator i on i.id = rv.indicator_id
        left join indicator_target it on it.indicator_id = i.id and it.period_key = r.period_key
        where rv.report_id = any(reports) and rv.cell_key = ''
      ) f
      group by f.report_id, f.program_indicator_id;
    end $$`.execute(db);
  // report_value: one trigger per event (a trigger with transition tables has one event).
  await sql`
    create function explorer_value_total_values() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform explorer_value_total_refresh(array(select distinct report_id from new_rows));
      elsif tg_op = 'DELETE' then
        perform explorer_value_total_refresh(array(select distinct report_id from old_rows));
      else
        perform explorer_value_total_refresh(array(select report_id from new_rows union select report_id from old_rows));
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger explorer_value_total_ins after insert on report_value referencing new table as new_rows for each statement execute function explorer_value_total_values()`.execute(db);
  await sql`create trigger explorer_value_total_upd after update on report_value referencing old table as old_rows new table as new_rows for each statement execute function explorer_value_total_values()`.execute(db);
  await sql`create trigger explorer_value_total_del after delete on report_value referencing old table as old_rows for each statement execute function explorer_value_total_values()`.execute(db);
  // Targets: the reports of the indicator's project in that period.
  // A trigger function can name a transition table only when the trigger defines it: one function per event.
  for (const [event, refs] of [
    ['insert', 'new table as new_rows'],
    ['update', 'old table as old_rows new table as new_rows'],
    ['delete', 'old table as old_rows'],
  ] as const) {
    const rows = event === 'insert' ? 'new_rows' : 'old_rows';
    await sql.raw(`
      create function explorer_value_total_targets_${event}() returns trigger language plpgsql as $$
      begin
        perform explorer_value_total_refresh(array(
          select distinct r.id from report r join indicator i on i.project_id = r.project_id
          join ${rows} t on t.indicator_id = i.id and t.period_key = r.period_key));
        return null;
      end $$`).execute(db);
    await sql.raw(`create trigger explorer_value_total_targets_${event} after ${event} on indicator_target referencing ${refs} for each statement execute function explorer_value_total_targets_${event}()`).execute(db);
  }
  // An indicator's type, direction or program indicator link: every report of its project.
  await sql`
    create function explorer_value_total_indicators() returns trigger language plpgsql as $$
    begin
      perform explorer_value_total_refresh(array(
        select distinct r.id from report r join new_rows n on n.project_id = r.project_id
        join old_rows o on o.id = n.id
        where n.type is distinct from o.type or n.direction is distinct from o.direction
          or n.program_indicator_id is distinct from o.program_indicator_id));
      return null;
    end $$`.execute(db);
  await sql`create trigger explorer_value_total_indicators after update on indicator referencing old table as old_rows new table as new_rows for each statement execute function explorer_value_total_indicators()`.execute(db);
  // The values already there.
  await sql`select explorer_value_total_refresh(array(select id from report))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists explorer_value_total_indicators on indicator`.execute(db);
  for (const event of ['insert', 'update', 'delete']) {
    await sql.raw(`drop trigger if exists explorer_value_total_targets_${event} on indicator_target`).execute(db);
    await sql.raw(`drop function if exists explorer_value_total_targets_${event}()`).execute(db);
  }
  await sql`drop trigger if exists explorer_value_total_ins on report_value`.execute(db);
  await sql`drop trigger if exists explorer_value_total_upd on report_value`.execute(db);
  await sql`drop trigger if exists explorer_value_total_del on report_value`.execute(db);
  await sql`drop function if exists explorer_value_total_indicators()`.execute(db);
  await sql`drop function if exists explorer_value_total_values()`.execute(db);
  await sql`drop function if exists explorer_value_total_refresh(uuid[])`.execute(db);
  await sql`drop table if exists explorer_value_total`.execute(db);
}
