import { sql, type Kysely, type RawBuilder } from 'kysely';
import { AppError, can, explorerScope, type Actor, type ExplorerScope, type ExplorerState, type Language } from '@kamkor/domain';
import type { Database } from '../schema/index.ts';
import { scopeWhere, valuesFactsWhere } from './analytics-explorer.ts';
import type { Db } from './audit.ts';

/** One fact behind an explorer view (a report value at its total cell), as a background export writes it. */
export interface ExplorerFact {
  reportId: string;
  indicatorId: string;
  project: string;
  ngo: string;
  year: number | null;
  area: string;
  service: string;
  oblast: string;
  rayon: string;
  indicator: string;
  period: string;
  actual: number | null;
  target: number | null;
}

/** Where the previous page ended (keyset: report id, indicator id). */
export type ExplorerFactCursor = { reportId: string; indicatorId: string } | null;

const num = (v: string | null) => (v == null ? null : Number(v));

/**
 * One page of the facts behind an explorer view, in a stable order, for a streaming export. Uses the
 * explorer's own scope and filter WHERE (so a page holds exactly the rows the view pools) and keyset
 * paging on report_value's primary key, so page 1,000 costs what page 1 costs. Denied (NOT_FOUND)
 * like the explorer.
 */
export async function pageExplorerFacts(
  db: Db,
  actor: Actor | null,
  state: ExplorerState,
  lang: Language,
  after: ExplorerFactCursor,
  limit: number,
): Promise<ExplorerFact[]> {
  const scope = allowedScope(actor);
  // The plain bounds on both ids let the planner start both the report scan and the value scan at the
  // cursor; with the row comparison alone it walked every report before it (minutes at 1,000,000 values).
  const keyset = after
    ? sql`(rv.report_id, rv.indicator_id) > (${after.reportId}::uuid, ${after.indicatorId}::uuid) and rv.report_id >= ${after.reportId}::uuid and r.id >= ${after.reportId}::uuid`
    : sql`true`;
  const result = await factsQuery(scope, state, lang, await valuesFactsWhere(db, state), { keyset, limit }).execute(db);
  return result.rows.map(toFact);
}

/**
 * Every fact behind an explorer view, in batches, through one server-side cursor on a connection of
 * its own (PostgreSQL only: PGlite has one connection, which the export also writes its file on). The
 * database runs the joins once — keyset pages re-ran them per page — and the next batch is fetched
 * while the caller writes the current one. Stopping the iteration early closes the cursor.
 */
export async function* streamExplorerFacts(
  db: Kysely<Database>,
  actor: Actor | null,
  state: ExplorerState,
  lang: Language,
  batch: number,
): AsyncGenerator<ExplorerFact[]> {
  const scope = allowedScope(actor);
  const query = factsQuery(scope, state, lang, await valuesFactsWhere(db, state), null);
  // A one-batch hand-over between the connection's loop (producer) and this generator (consumer).
  const hand: { ready: { rows: ExplorerFact[] | null; error?: unknown }[]; stop: boolean; wanted?: () => void; delivered?: () => void } = { ready: [], stop: false };
  const wake = (key: 'wanted' | 'delivered') => {
    const f = hand[key];
    hand[key] = undefined;
    f?.();
  };
  const push = (item: { rows: ExplorerFact[] | null; error?: unknown }) => {
    hand.ready.push(item);
    wake('delivered');
  };
  const produce = db
    .connection()
    .execute(async (conn) => {
      await sql`begin isolation level repeatable read read only`.execute(conn);
      try {
        const compiled = query.compile(conn);
        await conn.executeQuery({ ...compiled, sql: `declare kamkor_facts no scroll cursor for ${compiled.sql}` });
        for (;;) {
          // At most one batch waits ahead of the writer.
          while (hand.ready.length >= 1 && !hand.stop) await new Promise<void>((resolve) => (hand.wanted = resolve));
          if (hand.stop) break;
          const rows = (await sql.raw(`fetch ${Math.trunc(batch)} from kamkor_facts`).execute(conn)).rows as FactRow[];
          push({ rows: rows.map(toFact) });
          if (rows.length < batch) break;
        }
        await sql`close kamkor_facts`.execute(conn);
        await sql`commit`.execute(conn);
      } catch (err) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw err;
      }
    })
    .then(
      () => push({ rows: null }),
      (error: unknown) => push({ rows: null, error }),
    );
  try {
    for (;;) {
      if (!hand.ready.length) await new Promise<void>((resolve) => (hand.delivered = resolve));
      const item = hand.ready.shift()!;
      wake('wanted');
      if (item.error) throw item.error;
      if (!item.rows) return;
      if (item.rows.length) yield item.rows;
    }
  } finally {
    hand.stop = true;
    wake('wanted');
    await produce;
  }
}

function allowedScope(actor: Actor | null) {
  const scope = explorerScope(actor);
  if (!scope || !can(actor, 'export', { type: 'analytics_explorer' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  return scope;
}

interface FactRow {
  report_id: string;
  indicator_id: string;
  project: string;
  ngo: string;
  year_from: number | null;
  area: string | null;
  service: string | null;
  unit: string | null;
  indicator: string | null;
  period_key: string;
  c_actual: string | null;
  c_target: string | null;
  oblast: string | null;
  rayon: string | null;
}

const toFact = (r: FactRow): ExplorerFact => ({
  reportId: r.report_id,
  indicatorId: r.indicator_id,
  project: r.project,
  ngo: r.ngo ?? '',
  year: r.year_from == null ? null : Number(r.year_from),
  area: r.area ?? '',
  service: r.service ?? '',
  oblast: r.oblast ?? '',
  rayon: r.rayon ?? '',
  indicator: r.indicator ?? '',
  period: r.period_key,
  actual: num(r.c_actual),
  target: num(r.c_target),
});

/**
 * The facts' SELECT: a keyset page in (report id, indicator id) order, or (`page` null) every fact in
 * the order the database finds cheapest, with each project's primary unit aggregated once and hash-joined.
 */
function factsQuery(scope: ExplorerScope, state: ExplorerState, lang: Language, facts: RawBuilder<unknown>, page: { keyset: RawBuilder<unknown>; limit: number } | null) {
  const nameOf = (alias: string) => sql.ref(`${alias}.name_${lang}`);
  const unit = page
    ? sql`(select min(mpt.admin_unit_soate) from project_territory mpt where mpt.project_id = p.id)`
    : sql`pu.unit`;
  const unitJoin = page ? sql`` : sql`left join (select project_id, min(admin_unit_soate) as unit from project_territory group by project_id) pu on pu.project_id = p.id`;
  return sql<FactRow>`
    with page as (
      select rv.report_id, rv.indicator_id, p.code as project, ${nameOf('o')} as ngo, pg.year_from,
        ${nameOf('pa')} as area, ${nameOf('sv')} as service,
        ${unit} as unit,
        coalesce(pi.code || ' ' || ${nameOf('pi')}, i.code || ' ' || ${nameOf('i')}) as indicator, r.period_key,
        (case when i.type = 'percentage' then rv.numerator else rv.value end)::text as c_actual,
        (case when i.type = 'percentage' then it.target * rv.denominator / 100 else it.target end)::text as c_target
      from report_value rv
      join report r on r.id = rv.report_id
      join indicator i on i.id = rv.indicator_id
      join project p on p.id = r.project_id
      join organisation o on o.id = p.contractor_id
      left join program_indicator pi on pi.id = i.program_indicator_id
      left join indicator_target it on it.indicator_id = i.id and it.period_key = r.period_key
      left join program_line pl on pl.id = p.program_line_id
      left join program pg on pg.id = pl.program_id
      left join priority_area pa on pa.code = pl.priority_area_code
      left join service sv on sv.code = pl.service_code
      ${unitJoin}
      where ${scopeWhere(scope)} and ${facts} and ${page ? page.keyset : sql`true`}
      ${page ? sql`order by rv.report_id, rv.indicator_id limit ${page.limit}` : sql``}
    )
    select page.*, ${nameOf('ob')} as oblast, ${nameOf('ry')} as rayon
    from page
    left join admin_unit ob on ob.soate = rpad(substr(page.unit, 1, 5), 14, '0')
    left join admin_unit ry on ry.soate = rpad(substr(page.unit, 1, 8), 14, '0')
    ${page ? sql`order by page.report_id, page.indicator_id` : sql``}
  `;
}

/** How many facts the view has (for the progress bar and the direct-or-background choice). */
export async function countExplorerFacts(db: Db, actor: Actor | null, state: ExplorerState): Promise<number> {
  const scope = allowedScope(actor);
  const result = await sql<{ n: number }>`
    select count(*)::int as n
    from report_value rv
    join report r on r.id = rv.report_id
    join indicator i on i.id = rv.indicator_id
    join project p on p.id = r.project_id
    left join program_line pl on pl.id = p.program_line_id
    left join program pg on pg.id = pl.program_id
    where ${scopeWhere(scope)} and ${await valuesFactsWhere(db, state)}
  `.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
