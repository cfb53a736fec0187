import {
  AppError,
  can,
  childLevel,
  numberFramework,
  type CumulativeMode,
  type Direction,
  type DisaggregationDimension,
  type Actor,
  type FrameworkLevel,
  type FrameworkNodeInput,
  type Frequency,
  type IndicatorInput,
  type IndicatorType,
} from '@kamkor/domain';
import type { Selectable } from 'kysely';
import { type Db, writeAudit } from './audit.ts';
import { getProjectForActor, num, projectResource } from './results-projects.ts';
import type { IndicatorTable } from '../schema/results.ts';

/** An indicator passport with numbers parsed and period targets attached. */
export interface Indicator {
  id: string;
  projectId: string;
  nodeId: string;
  programIndicatorId: string | null;
  code: string;
  sort: number;
  name_ky: string;
  name_ru: string;
  name_en: string;
  definition_ky: string | null;
  definition_ru: string | null;
  definition_en: string | null;
  unit: string;
  type: IndicatorType;
  direction: Direction;
  cumulativeMode: CumulativeMode;
  disaggregations: DisaggregationDimension[];
  dataSource: string | null;
  verification: string | null;
  collectionMethod: string | null;
  frequency: Frequency;
  responsible: string | null;
  baselineNa: boolean;
  baselineValue: number | null;
  baselineDate: string | null;
  lopTarget: number | null;
  minValue: number | null;
  maxValue: number | null;
  revision: number;
  targets: Record<string, number>;
}

/** Maps an indicator row (and its targets) to the domain shape. */
export function toIndicator(r: Selectable<IndicatorTable>, targets: Record<string, number> = {}): Indicator {
  return {
    id: r.id,
    projectId: r.project_id,
    nodeId: r.node_id,
    programIndicatorId: r.program_indicator_id,
    code: r.code,
    sort: r.sort,
    name_ky: r.name_ky,
    name_ru: r.name_ru,
    name_en: r.name_en,
    definition_ky: r.definition_ky,
    definition_ru: r.definition_ru,
    definition_en: r.definition_en,
    unit: r.unit,
    type: r.type as IndicatorType,
    direction: r.direction as Direction,
    cumulativeMode: r.cumulative_mode as CumulativeMode,
    disaggregations: r.disaggregations as DisaggregationDimension[],
    dataSource: r.data_source,
    verification: r.verification,
    collectionMethod: r.collection_method,
    frequency: r.frequency as Frequency,
    responsible: r.responsible,
    baselineNa: r.baseline_na,
    baselineValue: num(r.baseline_value),
    baselineDate: r.baseline_date,
    lopTarget: num(r.lop_target),
    minValue: num(r.min_value),
    maxValue: num(r.max_value),
    revision: r.revision,
    targets,
  };
}

/** Indicators of a project (or of the given ids), with their current targets, in framework order. */
export async function listIndicators(db: Db, filter: { projectId?: string; projectIds?: string[]; ids?: string[]; programIndicatorId?: string }): Promise<Indicator[]> {
  let q = db.selectFrom('indicator').selectAll().orderBy('sort').orderBy('code');
  if (filter.projectId) q = q.where('project_id', '=', filter.projectId);
  if (filter.projectIds) {
    if (filter.projectIds.length === 0) return [];
    q = q.where('project_id', 'in', filter.projectIds);
  }
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    q = q.where('id', 'in', filter.ids);
  }
  if (filter.programIndicatorId) q = q.where('program_indicator_id', '=', filter.programIndicatorId);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const targets = await db.selectFrom('indicator_target').selectAll().where('indicator_id', 'in', rows.map((r) => r.id)).execute();
  const byInd = new Map<string, Record<string, number>>();
  for (const t of targets) (byInd.get(t.indicator_id) ?? byInd.set(t.indicator_id, {}).get(t.indicator_id)!)[t.period_key] = Number(t.target);
  return rows.map((r) => toIndicator(r, byInd.get(r.id) ?? {}));
}

/** The framework tree of a project: nodes numbered 1, 1.1, 1.1.1 with their indicators. */
export async function listFramework(db: Db, projectId: string) {
  const nodes = await db.selectFrom('framework_node').selectAll().where('project_id', '=', projectId).execute();
  const numbers = numberFramework(nodes.map((n) => ({ id: n.id, parentId: n.parent_id, sort: n.sort })));
  const indicators = await listIndicators(db, { projectId });
  const ordered = nodes
    .map((n) => ({ ...n, level: n.level as FrameworkLevel, number: numbers.get(n.id) ?? '?' }))
    .sort((a, b) => a.number.localeCompare(b.number, 'en', { numeric: true }));
  return ordered.map((n) => ({ ...n, indicators: indicators.filter((i) => i.nodeId === n.id) }));
}

export type FrameworkNode = Awaited<ReturnType<typeof listFramework>>[number];

/** Adds a goal, result or output; the level must fit under its parent. */
export async function addFrameworkNode(db: Db, actor: Actor, projectId: string, input: FrameworkNodeInput): Promise<string> {
  const p = await getProjectForActor(db, actor, projectId, 'update');
  let parentLevel: FrameworkLevel | null = null;
  if (input.parentId) {
    const parent = await db.selectFrom('framework_node').select('level').where('id', '=', input.parentId).where('project_id', '=', p.id).executeTakeFirst();
    if (!parent) throw new AppError('INVALID', 'results:errors.parent');
    parentLevel = parent.level as FrameworkLevel;
  }
  if (childLevel(parentLevel) !== input.level) throw new AppError('INVALID', 'results:errors.level');
  const last = await db
    .selectFrom('framework_node')
    .select((eb) => eb.fn.max('sort').as('m'))
    .where('project_id', '=', p.id)
    .where((eb) => (input.parentId ? eb('parent_id', '=', input.parentId) : eb('parent_id', 'is', null)))
    .executeTakeFirst();
  const row = await db
    .insertInto('framework_node')
    .values({
      project_id: p.id,
      program_id: null,
      parent_id: input.parentId,
      level: input.level,
      sort: Number(last?.m ?? 0) + 1,
      name_ky: input.name_ky,
      name_ru: input.name_ru,
      name_en: input.name_en ?? '',
      assumptions: input.assumptions,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Marks the contract signed (here, beside the revisions it starts, so the projects module does not
 * import this one): from now on passports and targets change only with a reason, and the
 * current passports are kept as revision 0 ("as approved").
 */
export async function signProject(db: Db, actor: Actor, projectId: string): Promise<void> {
  const p = await getProjectForActor(db, actor, projectId, 'update');
  if (p.signed_at) return;
  if (!can(actor, 'update', { ...projectResource(p), signed: true })) throw new AppError('NOT_FOUND', 'errors.notFound');
  await db.updateTable('project').set({ signed_at: new Date() }).where('id', '=', projectId).execute();
  await snapshotIndicators(db, projectId, actor.userId, null);
  await writeAudit(db, { actorId: actor.userId, action: 'sign', entity: 'project', entityId: projectId });
}

/** Keeps a copy of the passports and targets of a project's indicators (or one indicator) as a revision. */
export async function snapshotIndicators(db: Db, projectId: string, userId: string | null, reason: string | null, indicatorId?: string): Promise<void> {
  const list = await listIndicators(db, indicatorId ? { ids: [indicatorId] } : { projectId });
  if (list.length === 0) return;
  await db
    .insertInto('indicator_revision')
    .values(list.map((i) => ({ indicator_id: i.id, revision: i.revision, snapshot: JSON.stringify(i), reason, created_by: userId })))
    .onConflict((oc) => oc.constraint('indicator_revision_unique').doNothing())
    .execute();
}

/** Revisions of an indicator, oldest first: revision 0 is the passport as approved at signing. */
export async function listIndicatorRevisions(db: Db, indicatorId: string) {
  const rows = await db
    .selectFrom('indicator_revision')
    .leftJoin('app_user', 'app_user.id', 'indicator_revision.created_by')
    .select(['indicator_revision.revision', 'indicator_revision.snapshot', 'indicator_revision.reason', 'indicator_revision.created_at', 'app_user.full_name'])
    .where('indicator_id', '=', indicatorId)
    .orderBy('revision')
    .execute();
  return rows.map((r) => ({ ...r, snapshot: (typeof r.snapshot === 'string' ? JSON.parse(r.snapshot) : r.snapshot) as Indicator }));
}

function indicatorValues(input: IndicatorInput) {
  return {
    node_id: input.nodeId,
    program_indicator_id: input.programIndicatorId ?? null,
    code: input.code,
    name_ky: input.name_ky,
    name_ru: input.name_ru,
    name_en: input.name_en ?? '',
    definition_ky: input.definition_ky,
    definition_ru: input.definition_ru,
    definition_en: input.definition_en,
    unit: input.unit,
    type: input.type,
    direction: input.direction,
    cumulative_mode: input.cumulativeMode,
    disaggregations: input.disaggregations,
    data_source: input.dataSource,
    verification: input.verification,
    collection_method: input.collectionMethod,
    frequency: input.frequency,
    responsible: input.responsible,
    baseline_na: input.baselineNa,
    baseline_value: input.baselineNa ? null : input.baselineValue,
    baseline_date: input.baselineNa ? null : input.baselineDate,
    lop_target: input.lopTarget,
    min_value: input.minValue,
    max_value: input.maxValue,
  };
}

/**
 * Creates or changes an indicator passport and its period targets. Once the contract is signed a
 * change needs a reason, bumps the revision and keeps a snapshot ("as revised"), audited.
 * Call inside a transaction.
 */
export async function saveIndicator(
  db: Db,
  actor: Actor,
  projectId: string,
  indicatorId: string | null,
  input: IndicatorInput,
  targets: Record<string, number | null>,
): Promise<string> {
  const p = await getProjectForActor(db, actor, projectId, 'update');
  const node = await db.selectFrom('framework_node').select('id').where('id', '=', input.nodeId).where('project_id', '=', p.id).executeTakeFirst();
  if (!node) throw new AppError('INVALID', 'results:errors.parent');
  const signed = p.signed_at != null;
  if (signed && !input.reason) throw new AppError('INVALID', 'results:errors.reasonRequired');
  const dup = await db
    .selectFrom('indicator')
    .select('id')
    .where('project_id', '=', p.id)
    .where('code', '=', input.code)
    .$if(!!indicatorId, (q) => q.where('id', '<>', indicatorId!))
    .executeTakeFirst();
  if (dup) throw new AppError('CONFLICT', 'results:errors.codeTaken');
  let id: string;
  let before: Indicator | undefined;
  if (indicatorId) {
    before = (await listIndicators(db, { ids: [indicatorId] })).find((i) => i.projectId === p.id);
    if (!before) throw new AppError('NOT_FOUND', 'errors.notFound');
    await db
      .updateTable('indicator')
      .set({ ...indicatorValues(input), revision: signed ? before.revision + 1 : before.revision })
      .where('id', '=', indicatorId)
      .execute();
    id = indicatorId;
  } else {
    const last = await db.selectFrom('indicator').select((eb) => eb.fn.max('sort').as('m')).where('project_id', '=', p.id).executeTakeFirst();
    const row = await db
      .insertInto('indicator')
      .values({ project_id: p.id, sort: Number(last?.m ?? 0) + 1, ...indicatorValues(input) })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  }
  await db.deleteFrom('indicator_target').where('indicator_id', '=', id).execute();
  const rows = Object.entries(targets).filter((e): e is [string, number] => e[1] != null);
  if (rows.length) await db.insertInto('indicator_target').values(rows.map(([k, t]) => ({ indicator_id: id, period_key: k, target: t }))).execute();
  if (signed) {
    await snapshotIndicators(db, p.id, actor.userId, input.reason, id);
    const after = (await listIndicators(db, { ids: [id] }))[0];
    await writeAudit(db, { actorId: actor.userId, action: indicatorId ? 'revise' : 'create', entity: 'indicator', entityId: id, before, after, reason: input.reason });
  }
  return id;
}

/**
 * Starts a project's results framework from another project's, used as a template: goals, results,
 * outputs with assumptions, and the indicator passports under them. Baselines, targets and values are
 * the new project's own, so they are not copied. Only into an unsigned project whose framework is empty.
 */
export async function copyFrameworkFrom(db: Db, actor: Actor, projectId: string, sourceProjectId: string): Promise<{ nodes: number; indicators: number }> {
  const target = await getProjectForActor(db, actor, projectId, 'update');
  const source = await getProjectForActor(db, actor, sourceProjectId, 'view');
  if (target.signed_at) throw new AppError('CONFLICT', 'results:template.signed');
  const existing = await db.selectFrom('framework_node').select('id').where('project_id', '=', target.id).executeTakeFirst();
  if (existing) throw new AppError('CONFLICT', 'results:template.notEmpty');
  const nodes = await db.selectFrom('framework_node').selectAll().where('project_id', '=', source.id).orderBy('sort').execute();
  const newId = new Map<string, string>();
  // Parents first: insert level by level until every node has its copy.
  let remaining = nodes;
  while (remaining.length) {
    const ready = remaining.filter((n) => !n.parent_id || newId.has(n.parent_id));
    if (ready.length === 0) break;
    for (const n of ready) {
      const row = await db
        .insertInto('framework_node')
        .values({
          project_id: target.id,
          program_id: null,
          parent_id: n.parent_id ? newId.get(n.parent_id)! : null,
          level: n.level,
          sort: n.sort,
          name_ky: n.name_ky,
          name_ru: n.name_ru,
          name_en: n.name_en,
          assumptions: n.assumptions,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      newId.set(n.id, row.id);
    }
    remaining = remaining.filter((n) => !newId.has(n.id));
  }
  const indicators = await db.selectFrom('indicator').selectAll().where('project_id', '=', source.id).orderBy('sort').execute();
  for (const i of indicators) {
    const { id: _id, project_id: _p, node_id, revision: _r, baseline_value: _bv, baseline_date: _bd, lop_target: _t, ...passport } = i;
    await db
      .insertInto('indicator')
      .values({ ...passport, project_id: target.id, node_id: newId.get(node_id)!, baseline_na: false, baseline_value: null, baseline_date: null, lop_target: null })
      .execute();
  }
  const result = { nodes: newId.size, indicators: indicators.length };
  await writeAudit(db, { actorId: actor.userId, action: 'framework_copy', entity: 'project', entityId: target.id, after: { from: source.id, ...result } });
  return result;
}
