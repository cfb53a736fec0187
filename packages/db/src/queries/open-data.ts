import { sql } from 'kysely';
import { parseExplorerState, pivot, publishedProgramStatuses, type Language } from '@kamkor/domain';
import type { Db } from './audit.ts';
import { explorePublished } from './analytics-explorer.ts';

/**
 * The open-data datasets (issue 10): published data only, as plain rows for xlsx, CSV and JSON.
 * Budgets of approved programs, competitions from their announcement on, and results of approved
 * reports pooled by program indicator and period (the explorer's published scope). Small by nature
 * (a few thousand rows at most), so they are built whole and streamed straight to the response.
 */
export const openDatasets = ['program-budgets', 'competitions', 'results'] as const;
export type OpenDataset = (typeof openDatasets)[number];
export type OpenColumnType = 'text' | 'number' | 'money' | 'date' | 'percent';
export interface OpenColumn {
  key: string;
  type: OpenColumnType;
}
export type OpenRow = Record<string, string | number | null>;

/** Most rows one open dataset file holds. */
export const OPEN_DATA_MAX_ROWS = 20_000;

export const openDataColumns: Record<OpenDataset, OpenColumn[]> = {
  'program-budgets': [
    { key: 'program', type: 'text' },
    { key: 'year', type: 'number' },
    { key: 'line_no', type: 'number' },
    { key: 'priority_area', type: 'text' },
    { key: 'service', type: 'text' },
    { key: 'territory', type: 'text' },
    { key: 'territory_name', type: 'text' },
    { key: 'beneficiaries', type: 'number' },
    { key: 'budget_som', type: 'money' },
  ],
  competitions: [
    { key: 'title', type: 'text' },
    { key: 'program', type: 'text' },
    { key: 'priority_area', type: 'text' },
    { key: 'service', type: 'text' },
    { key: 'status', type: 'text' },
    { key: 'lot_budget_som', type: 'money' },
    { key: 'opens_at', type: 'date' },
    { key: 'closes_at', type: 'date' },
  ],
  results: [
    { key: 'indicator', type: 'text' },
    { key: 'period', type: 'text' },
    { key: 'actual', type: 'number' },
    { key: 'target', type: 'number' },
    { key: 'achieved', type: 'percent' },
  ],
};

const day = (v: Date | string | null) => (v == null ? null : (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10));

/** The rows of one open dataset in a language (names of areas, services, units in that language). */
export async function openDataRows(db: Db, dataset: OpenDataset, lang: Language): Promise<OpenRow[]> {
  const name = (alias: string) => sql.ref(`${alias}.name_${lang}`);
  if (dataset === 'program-budgets') {
    const rows = await sql<{ program: string; year: number; line_no: number; area: string | null; service: string | null; territory: string | null; territory_name: string | null; beneficiaries: number; budget: string }>`
      select pg.title as program, pg.year_from as year, pl.line_no, ${name('pa')} as area, ${name('sv')} as service,
        string_agg(lt.admin_unit_soate, ' ' order by lt.admin_unit_soate) as territory,
        string_agg(${name('au')}, '; ' order by lt.admin_unit_soate) as territory_name,
        pl.planned_beneficiaries as beneficiaries, (pl.budget_tyiyn / 100.0)::text as budget
      from program_line pl
      join program pg on pg.id = pl.program_id
      left join priority_area pa on pa.code = pl.priority_area_code
      left join service sv on sv.code = pl.service_code
      left join program_line_territory lt on lt.line_id = pl.id
      left join admin_unit au on au.soate = lt.admin_unit_soate
      where pg.status in (${sql.join([...publishedProgramStatuses])})
      group by pg.id, pg.title, pg.year_from, pl.id, pl.line_no, pa.code, sv.code, pl.planned_beneficiaries, pl.budget_tyiyn
      order by pg.year_from desc, pg.title, pl.line_no
      limit ${OPEN_DATA_MAX_ROWS}
    `.execute(db);
    return rows.rows.map((r) => ({
      program: r.program, year: Number(r.year), line_no: Number(r.line_no), priority_area: r.area, service: r.service,
      territory: r.territory, territory_name: r.territory_name, beneficiaries: Number(r.beneficiaries), budget_som: Number(r.budget),
    }));
  }
  if (dataset === 'competitions') {
    const rows = await sql<{ title: string; program: string; area: string | null; service: string | null; status: string; lot: string; opens_at: Date | string; closes_at: Date | string }>`
      select cm.title, pg.title as program, ${name('pa')} as area, ${name('sv')} as service, cm.status,
        (cm.lot_budget_tyiyn / 100.0)::text as lot, cm.opens_at, cm.closes_at
      from competition cm
      join program_line pl on pl.id = cm.program_line_id
      join program pg on pg.id = cm.program_id
      left join priority_area pa on pa.code = pl.priority_area_code
      left join service sv on sv.code = pl.service_code
      where cm.status <> 'planned'
      order by cm.opens_at desc, cm.title
      limit ${OPEN_DATA_MAX_ROWS}
    `.execute(db);
    return rows.rows.map((r) => ({
      title: r.title, program: r.program, priority_area: r.area, service: r.service, status: r.status,
      lot_budget_som: Number(r.lot), opens_at: day(r.opens_at), closes_at: day(r.closes_at),
    }));
  }
  // Results: the public explorer's view by program indicator and period, one row per cell.
  const res = await explorePublished(db, parseExplorerState(new URLSearchParams('rows=indicator&cols=period')), lang);
  const t = pivot(res.groups);
  const out: OpenRow[] = [];
  for (const r of t.rows) {
    for (const c of t.cols) {
      const m = t.cell(r.key, c.key);
      if (!m) continue;
      out.push({ indicator: r.label, period: c.label, actual: m.actual, target: m.target, achieved: m.achieved == null ? null : Math.round(m.achieved * 10) / 10 });
    }
  }
  return out;
}
