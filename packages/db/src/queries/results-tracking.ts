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
  type Actor,
} from '@kamkor/domain';
import type { Db } from './audit.ts';
import { listIndicatorRevisions, listIndicators, type Indicator } from './results-framework.ts';
import { getResultsSettings, listProjectsForActor, num } from './results-projects.ts';

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
  // Independent reads side by side (bench P3: each request used to wait for four in a row).
  const [thresholds, indicators, periods] = await Promise.all([
    getResultsSettings(db),
    listIndicators(db, { projectId }),
    db.selectFrom('report').select(['period_key', 'status']).where('project_id', '=', projectId).orderBy('period_start').execute(),
  ]);
  const keys = periods.map((p) => p.period_key);
  const [actuals, targetsByIndicator] = await Promise.all([
    actualsOf(db, indicators.map((i) => i.id), statusesFor(opts.basis)),
    Promise.all(indicators.map((ind) => targetsOf(db, ind, opts.targets))),
  ]);
  const rows: { indicator: Indicator; cells: TrackingCell[]; lop: { target: number | null; percent: number | null; status: string } }[] = [];
  for (const [i, ind] of indicators.entries()) {
    const kind = { type: ind.type, direction: ind.direction, cumulativeMode: ind.cumulativeMode, baseline: ind.baselineValue };
    const targets = targetsByIndicator[i]!;
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
  return (await aggregateIndicatorGroups(db, new Map([['', indicatorIds]]), opts)).get('')!;
}

/**
 * aggregateIndicators for many groups at once (e.g. every program indicator), in a fixed number of
 * queries whatever the number of groups and projects: settings, indicators, actuals and periods are
 * each read once.
 */
export async function aggregateIndicatorGroups(db: Db, groups: Map<string, string[]>, opts: TrackingOptions = {}) {
  const allIds = [...new Set([...groups.values()].flat())];
  const [thresholds, indicators] = await Promise.all([getResultsSettings(db), listIndicators(db, { ids: allIds })]);
  const projectIds = [...new Set(indicators.map((i) => i.projectId))];
  const [actuals, periodRows] = await Promise.all([
    actualsOf(db, indicators.map((i) => i.id), statusesFor(opts.basis)),
    projectIds.length
      ? db.selectFrom('report').select(['project_id', 'period_key']).where('project_id', 'in', projectIds).orderBy('period_start').execute()
      : Promise.resolve([]),
  ]);
  const periodsOf = new Map<string, string[]>();
  for (const r of periodRows) (periodsOf.get(r.project_id) ?? periodsOf.set(r.project_id, []).get(r.project_id)!).push(r.period_key);
  const out = new Map<string, ReturnType<typeof aggregateOne>>();
  for (const [key, ids] of groups) {
    const wanted = new Set(ids);
    out.set(key, aggregateOne(indicators.filter((i) => wanted.has(i.id)), actuals, periodsOf, thresholds));
  }
  return out;
}

function aggregateOne(
  indicators: Indicator[],
  actuals: Map<string, Record<string, Measure>>,
  periodsOf: Map<string, string[]>,
  thresholds: Awaited<ReturnType<typeof getResultsSettings>>,
) {
  const type = indicators[0]?.type ?? 'number';
  const perProject = indicators.map((ind) => {
    const a = actuals.get(ind.id) ?? {};
    return { cumulative: cumulate(ind, (periodsOf.get(ind.projectId) ?? []).map((k) => a[k])), target: ind.lopTarget, indicator: ind };
  });
  const agg = aggregateProjects(type, perProject);
  const direction = indicators[0]?.direction ?? 'increase';
  const percent = achievementPercent({ type: type === 'yes_no' ? 'percentage' : type, direction, cumulativeMode: 'latest_value' }, agg.actualValue, agg.target);
  return { ...agg, percent, status: achievementStatus(percent, thresholds), projects: perProject };
}

/**
 * Program indicators over the project indicators linked to them, counting only the projects this
 * actor may see (listProjectsForActor, the policy's filter), in a fixed number of queries.
 */
export async function listProgramResultsForActor(db: Db, actor: Actor, opts: TrackingOptions = {}) {
  const [linked, projects] = await Promise.all([listLinkedProgramIndicators(db), listProjectsForActor(db, actor)]);
  if (!linked.length) return [];
  const visible = new Map(projects.map((p) => [p.id, p]));
  const links = await db
    .selectFrom('indicator')
    .select(['id', 'project_id', 'program_indicator_id'])
    .where('program_indicator_id', 'in', linked.map((pi) => pi.id))
    .execute();
  const groups = new Map<string, string[]>();
  for (const l of links) if (visible.has(l.project_id)) (groups.get(l.program_indicator_id!) ?? groups.set(l.program_indicator_id!, []).get(l.program_indicator_id!)!).push(l.id);
  const aggs = await aggregateIndicatorGroups(db, groups, opts);
  return linked
    .filter((pi) => groups.has(pi.id))
    .map((pi) => {
      const agg = aggs.get(pi.id)!;
      return { pi, agg, projects: agg.projects.map((p) => ({ ...p, code: visible.get(p.indicator.projectId)!.code })) };
    });
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
