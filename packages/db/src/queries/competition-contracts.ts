import { AppError, can, type Actor } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { getCompetitionForActor } from './competitions.ts';
import { createProject } from './results-projects.ts';
import { addFrameworkNode, saveIndicator } from './results-framework.ts';

/**
 * The contract of a winning application: a project of the results module (contractor, customer,
 * amount, the line's period and territories, quarterly reporting), linked to the program line and
 * to the application, unsigned — the officer completes its results framework and signs it as for
 * any contract. Once per application; audited.
 */
export async function createContractFromApplication(db: Db, actor: Actor, competitionId: string, applicationId: string): Promise<string> {
  const c = await getCompetitionForActor(db, actor, competitionId, 'manage');
  const a = await db
    .selectFrom('competition_application')
    .select(['id', 'code', 'organisation_id', 'title', 'goal', 'tasks', 'requested_tyiyn', 'status', 'project_id'])
    .where('id', '=', applicationId)
    .where('competition_id', '=', competitionId)
    .forUpdate()
    .executeTakeFirst();
  if (!a || !can(actor, 'manage', c.resource)) throw new AppError('NOT_FOUND', 'errors.notFound');
  if (a.status !== 'awarded' || c.status !== 'awarded') throw new AppError('INVALID', 'competition:errors.notWinner');
  if (a.project_id) throw new AppError('CONFLICT', 'competition:errors.contractExists');
  const line = await db.selectFrom('program_line').select(['id', 'period_start', 'period_end']).where('id', '=', (await db.selectFrom('competition').select('program_line_id').where('id', '=', competitionId).executeTakeFirstOrThrow()).program_line_id).executeTakeFirstOrThrow();
  const territories = (await db.selectFrom('program_line_territory').select('admin_unit_soate').where('line_id', '=', line.id).execute()).map((t) => t.admin_unit_soate);
  // The lot's project period when it has one, else the line's.
  const period = await db.selectFrom('competition').select(['project_start', 'project_end']).where('id', '=', competitionId).executeTakeFirstOrThrow();
  const startDate = period.project_start ? dateOnly(period.project_start) : String(line.period_start);
  const endDate = period.project_end ? dateOnly(period.project_end) : String(line.period_end);
  const year = startDate.slice(0, 4);
  const projectId = await createProject(db, actor, {
    code: `SSO-${year}-${a.code}`,
    name_ky: a.title,
    name_ru: a.title,
    name_en: null,
    contractorId: a.organisation_id,
    customerId: c.customer_id,
    amount: a.requested_tyiyn,
    startDate,
    endDate,
    frequency: 'quarterly',
    territories,
    signed: false,
  });
  const budget = await db.selectFrom('application_budget_line').select(['own_tyiyn', 'other_tyiyn']).where('application_id', '=', a.id).execute();
  const cofunding = budget.reduce((s, b) => s + Number(b.own_tyiyn) + Number(b.other_tyiyn), 0);
  await db.updateTable('project').set({ program_line_id: line.id, cofunding_tyiyn: cofunding }).where('id', '=', projectId).execute();
  await draftFramework(db, actor, projectId, a);
  await db.updateTable('competition_application').set({ project_id: projectId, updated_at: new Date() }).where('id', '=', a.id).execute();
  await writeAudit(db, { actorId: actor.userId, action: 'application.contract', entity: 'competition_application', entityId: a.id, after: { projectId, cofunding, startDate, endDate } });
  return projectId;
}

const dateOnly = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/**
 * The contract's draft results framework from the application: its goal as the goal, each line of its
 * tasks as an expected result under it, and its proposed indicators (baseline, life-of-project target,
 * the catalogue link) under the goal. The officer completes it before signing, as for any contract.
 */
async function draftFramework(db: Db, actor: Actor, projectId: string, a: { id: string; goal: string; tasks: string }) {
  const text = (s: string) => s.trim().slice(0, 500);
  const goalId = await addFrameworkNode(db, actor, projectId, { parentId: null, level: 'goal', name_ky: text(a.goal), name_ru: text(a.goal), name_en: null, assumptions: null });
  for (const task of a.tasks.split(/\r?\n/).map((t) => t.replace(/^\s*(\d+[.)]|[-•*])\s*/, '')).map(text).filter(Boolean).slice(0, 20)) {
    await addFrameworkNode(db, actor, projectId, { parentId: goalId, level: 'result', name_ky: task, name_ru: task, name_en: null, assumptions: null });
  }
  const indicators = await db.selectFrom('application_indicator').select(['program_indicator_id', 'name', 'unit', 'baseline', 'target']).where('application_id', '=', a.id).orderBy('position').limit(50).execute();
  let n = 0;
  for (const i of indicators) {
    n++;
    const baseline = Number(i.baseline);
    const target = Number(i.target);
    await saveIndicator(
      db,
      actor,
      projectId,
      null,
      {
        nodeId: goalId,
        code: `I-${n}`,
        name_ky: text(i.name),
        name_ru: text(i.name),
        name_en: null,
        definition_ky: null,
        definition_ru: null,
        definition_en: null,
        unit: i.unit.slice(0, 60),
        type: /%/.test(i.unit) ? 'percentage' : 'number',
        direction: target > baseline ? 'increase' : target < baseline ? 'decrease' : 'maintain',
        cumulativeMode: 'latest_value',
        disaggregations: [],
        dataSource: null,
        verification: null,
        collectionMethod: null,
        frequency: 'quarterly',
        responsible: null,
        baselineNa: false,
        baselineValue: baseline,
        baselineDate: null,
        lopTarget: target,
        minValue: null,
        maxValue: null,
        programIndicatorId: i.program_indicator_id,
        reason: null,
      },
      {},
    );
  }
}
