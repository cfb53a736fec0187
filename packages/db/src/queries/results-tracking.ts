import {
  TOTAL_CELL,
  aggregateProjects,
  achievementPercent,
  achievementStatus,
  cumulate,
  trackIndicator,
  type Measure,
  type ReportStatus,
  type TrackingCell,
} from '@kamkor/domain';
import type { Db } from './audit.ts';
import { listIndicatorRevisions, listIndicators, type Indicator } from './results-framework.ts';
import { getResultsSettings, num } from './results-projects.ts';

export interface TrackingOptions {
  /** 'approved' counts only approved periods (what feeds tranches); 'reported' also submitted ones. */
  basis?: 'approved' | 'reported';
  /** Targets as approved at signing (revision 0) or as revised (current). */
  targets?: 'approved' | 'revised';
}

const statusesFor = (basis: TrackingOptions['basis']): ReportStatus[] =>
  basis === 'reported' ? ['submitted', 'resubmitted', 'approved'] : ['approved'];

/** Totals by indicator and period key for the given indicators, from reports in the given statuses. */
async function actualsOf(db: Db, indicatorIds: string[], statuses: ReportStatus[]) {
  const out = new Map<string, Record<string, Measure>>();
  if (indicatorIds.length === 0) return out;
  const rows = await db
    .selectFrom('report_value')
    .innerJoin('report', 'report.id', 'report_value.report_id')
    .select(['report_value.indicator_id', 'report.period_key', 'report_value.value', 'report_value.numerator', 'report_value.denominator'])
    .where('report_value.indicator_id', 'in', indicatorIds)
    .where('report_value.cell_key', '=', TOTAL_CELL)
    .where('report.status', 'in', statuses)
    .execute();
  for (const r of rows) {
    (out.get(r.indicator_id) ?? out.set(r.indicator_id, {}).get(r.indicator_id)!)[r.period_key] = {
      value: num(r.value),
      numerator: num(r.numerator),
      denominator: num(r.denominator),
    };
  }
  return out;
}

async function targetsOf(db: Db, ind: Indicator, which: TrackingOptions['targets']): Promise<Record<string, number>> {
  if (which !== 'approved') return ind.targets;
  const revisions = await listIndicatorRevisions(db, ind.id);
  return revisions[0]?.snapshot.targets ?? ind.targets;
}

/** The indicator performance tracking table of a project: per indicator and period, target, actual, %. */
export async function projectTracking(db: Db, projectId: string, opts: TrackingOptions = {}) {
  const thresholds = await getResultsSettings(db);
  const indicators = await listIndicators(db, { projectId });
  const periods = (await db.selectFrom('report').select(['period_key', 'status']).where('project_id', '=', projectId).orderBy('period_start').execute());
  const keys = periods.map((p) => p.period_key);
  const actuals = await actualsOf(db, indicators.map((i) => i.id), statusesFor(opts.basis));
  const rows: { indicator: Indicator; cells: TrackingCell[]; lop: { target: number | null; percent: number | null; status: string } }[] = [];
  for (const ind of indicators) {
    const kind = { type: ind.type, direction: ind.direction, cumulativeMode: ind.cumulativeMode, baseline: ind.baselineValue };
    const targets = await targetsOf(db, ind, opts.targets);
    const cells = trackIndicator(kind, keys, targets, actuals.get(ind.id) ?? {}, thresholds);
    const last = cells[cells.length - 1];
    const lopPercent = achievementPercent(kind, last?.cumulativeActualValue ?? null, ind.lopTarget);
    rows.push({ indicator: ind, cells, lop: { target: ind.lopTarget, percent: lopPercent, status: achievementStatus(lopPercent, thresholds) } });
  }
  return { periods, rows, thresholds };
}

/**
 * A program indicator over the project indicators linked to it (or any given set of project
 * indicators): each project's cumulative actual in its own mode, then combined across projects —
 * counts added, percentages pooled Σ numerators ÷ Σ denominators.
 */
export async function aggregateIndicators(db: Db, indicatorIds: string[], opts: TrackingOptions = {}) {
  const thresholds = await getResultsSettings(db);
  const indicators = await listIndicators(db, { ids: indicatorIds });
  const actuals = await actualsOf(db, indicators.map((i) => i.id), statusesFor(opts.basis));
  const type = indicators[0]?.type ?? 'number';
  const perProject = [];
  for (const ind of indicators) {
    const periods = await db.selectFrom('report').select('period_key').where('project_id', '=', ind.projectId).orderBy('period_start').execute();
    const a = actuals.get(ind.id) ?? {};
    perProject.push({ cumulative: cumulate(ind, periods.map((p) => a[p.period_key])), target: ind.lopTarget, indicator: ind });
  }
  const agg = aggregateProjects(type, perProject);
  const direction = indicators[0]?.direction ?? 'increase';
  const percent = achievementPercent({ type: type === 'yes_no' ? 'percentage' : type, direction, cumulativeMode: 'latest_value' }, agg.actualValue, agg.target);
  return { ...agg, percent, status: achievementStatus(percent, thresholds), projects: perProject };
}

/** Program indicators that have project indicators linked to them, with the number of links. */
export async function listLinkedProgramIndicators(db: Db) {
  return db
    .selectFrom('program_indicator')
    .innerJoin('program', 'program.id', 'program_indicator.program_id')
    .innerJoin('indicator', 'indicator.program_indicator_id', 'program_indicator.id')
    .select(['program_indicator.id', 'program_indicator.code', 'program_indicator.name_ky', 'program_indicator.name_ru', 'program_indicator.name_en', 'program_indicator.unit', 'program.title'])
    .select((eb) => eb.fn.count<number>('indicator.id').as('links'))
    .groupBy(['program_indicator.id', 'program.title'])
    .orderBy('program_indicator.code')
    .execute();
}
