import { AppError, cumulate, measureValue, trancheConditionMet, trancheStatus, type Actor, type TrancheInput } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';
import { listIndicators } from './results-framework.ts';
import { getProjectForActor, num } from './results-projects.ts';

/**
 * A contract's tranches with what approved reports say about each condition: the indicator's value to
 * date over approved periods only (so unapproved numbers never release money), and the resulting status.
 */
export async function listTranches(db: Db, actor: Actor | null, projectId: string) {
  const project = await getProjectForActor(db, actor, projectId, 'view');
  const rows = await db.selectFrom('tranche').selectAll().where('project_id', '=', project.id).orderBy('tranche_no').execute();
  const indicators = await listIndicators(db, { projectId: project.id });
  const approved = await db
    .selectFrom('report_value')
    .innerJoin('report', 'report.id', 'report_value.report_id')
    .select(['report_value.indicator_id', 'report_value.value', 'report_value.numerator', 'report_value.denominator', 'report.period_start'])
    .where('report.project_id', '=', project.id)
    .where('report.status', '=', 'approved')
    .where('report_value.cell_key', '=', '')
    .orderBy('report.period_start')
    .execute();
  return rows.map((t) => {
    const indicator = indicators.find((i) => i.id === t.condition_indicator_id) ?? null;
    const threshold = num(t.condition_threshold);
    let approvedToDate: number | null = null;
    if (indicator) {
      const measures = approved
        .filter((v) => v.indicator_id === indicator.id)
        .map((v) => ({ value: num(v.value), numerator: num(v.numerator), denominator: num(v.denominator) }));
      approvedToDate = measureValue(indicator.type, cumulate(indicator, measures));
    }
    const hasCondition = !!indicator && threshold != null;
    const conditionMet = hasCondition && trancheConditionMet(indicator!.direction, approvedToDate, threshold!);
    return {
      ...t,
      indicator: indicator ? { id: indicator.id, code: indicator.code, name_ky: indicator.name_ky, name_ru: indicator.name_ru, name_en: indicator.name_en, unit: indicator.unit, direction: indicator.direction } : null,
      threshold,
      approvedToDate,
      status: trancheStatus({ releasedAt: t.released_at, hasCondition, conditionMet }),
    };
  });
}

/** Adds a tranche to a contract (the customer's officer); the total may not exceed the contract amount. */
export async function addTranche(db: Db, actor: Actor, projectId: string, input: TrancheInput): Promise<string> {
  const project = await getProjectForActor(db, actor, projectId, 'update');
  if (input.indicatorId) {
    if (!isUuid(input.indicatorId)) throw new AppError('INVALID', 'results:tranches.errors.indicator');
    const ok = await db.selectFrom('indicator').select('id').where('id', '=', input.indicatorId).where('project_id', '=', project.id).executeTakeFirst();
    if (!ok) throw new AppError('INVALID', 'results:tranches.errors.indicator');
  }
  const existing = await db.selectFrom('tranche').select(['tranche_no', 'amount_tyiyn']).where('project_id', '=', project.id).execute();
  const total = existing.reduce((s, t) => s + t.amount_tyiyn, 0) + input.amount;
  if (total > project.amount_tyiyn) throw new AppError('INVALID', 'results:tranches.errors.overContract');
  const row = await db
    .insertInto('tranche')
    .values({
      project_id: project.id,
      tranche_no: Math.max(0, ...existing.map((t) => t.tranche_no)) + 1,
      amount_tyiyn: input.amount,
      planned_date: input.plannedDate,
      condition_indicator_id: input.indicatorId,
      condition_threshold: input.threshold,
      condition_note: input.note,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId: actor.userId, action: 'create', entity: 'tranche', entityId: row.id, after: input });
  return row.id;
}

/** Marks a tranche released; refused while its condition is not met by approved values. */
export async function releaseTranche(db: Db, actor: Actor, projectId: string, trancheId: string): Promise<void> {
  const project = await getProjectForActor(db, actor, projectId, 'approve');
  const tranche = (await listTranches(db, actor, project.id)).find((t) => t.id === trancheId);
  if (!tranche) throw new AppError('NOT_FOUND', 'errors.notFound');
  if (tranche.status === 'released') return;
  if (tranche.status !== 'ready') throw new AppError('CONFLICT', 'results:tranches.errors.notMet');
  await db.updateTable('tranche').set({ released_at: new Date(), released_by: actor.userId }).where('id', '=', tranche.id).execute();
  await writeAudit(db, {
    actorId: actor.userId,
    action: 'release',
    entity: 'tranche',
    entityId: tranche.id,
    after: { amount_tyiyn: tranche.amount_tyiyn, approvedToDate: tranche.approvedToDate, threshold: tranche.threshold },
  });
}
