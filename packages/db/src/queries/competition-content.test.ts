import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationContentSchema, type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { demoCompetitionIds } from '../seed/competition.ts';
import { listAuditLog } from './audit.ts';
import { findActor } from './people.ts';
import { createCompetition, getCompetitionForActor, listLinesForCompetition, listLotLines } from './competitions.ts';
import { createApplication, getApplicationForActor, setApplicationSubmitted } from './competition-applications.ts';
import { getApplicationContent, listIndicatorCatalogue, saveApplicationContent } from './competition-application-content.ts';

const application = { contactName: 'Айгүл', contactPhone: '+996 555 000000', inn: '02104200910123', title: 'Проект', goal: 'Цель', tasks: 'Задача 1\nЗадача 2', description: 'Описание', requested: 500_000_00 };
const form = (over: Record<string, unknown> = {}) =>
  applicationContentSchema.parse({
    activityName: ['Набор детей', 'Занятия'],
    activityStart: ['01.03.2027', '01.04.2027'],
    activityEnd: ['31.03.2027', '30.11.2027'],
    budgetItem: ['Зарплата специалистов', 'Аренда'],
    budgetRequested: ['600 000', '200 000'],
    budgetOwn: ['50 000', '30 000'],
    budgetOther: ['', '20 000'],
    indicatorCatalogue: [''],
    indicatorName: ['Дети, прошедшие реабилитацию'],
    indicatorUnit: ['чел.'],
    indicatorBaseline: ['0'],
    indicatorTarget: ['30'],
    ...over,
  });

describe.each(testEngines)('competition content (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'ngo', 'ngo2', 'commission']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
  });
  afterAll(() => h?.close());

  it('creates a lot from two lines of one program, checked against what both have left, carrying their groups and territories', async () => {
    const lines = await listLinesForCompetition(h.db, actors.officer!);
    const byProgram = new Map<string, typeof lines>();
    for (const l of lines) (byProgram.get(l.program_id) ?? byProgram.set(l.program_id, []).get(l.program_id)!).push(l);
    const [programLines, other] = [...byProgram.values()].sort((a, b) => b.length - a.length);
    const [l1, l2] = [...programLines!].sort((a, b) => b.budget_tyiyn - b.allocated - (a.budget_tyiyn - a.allocated));
    const left = l1!.budget_tyiyn - l1!.allocated + (l2!.budget_tyiyn - l2!.allocated);
    const input = {
      lineId: [l1!.id, l2!.id],
      title: 'Лот из двух позиций',
      goal: 'Цель',
      tasks: 'Задача',
      problem: '',
      projectStart: '2026-03-01',
      projectEnd: '2026-12-31',
      minCofundingPct: 10,
      eligibility: ['Зарегистрированная НКО'],
      requiredDocuments: ['Устав', 'Бюджет'],
      criteria: [
        { code: 'importance', weight: 40, maxPoints: 10 },
        { code: 'participation', weight: 20, maxPoints: 10 },
        { code: 'sustainability', weight: 20, maxPoints: 5 },
        { code: 'budget', weight: 10, maxPoints: 10 },
        { code: 'contribution', weight: 10, maxPoints: 10 },
      ],
      lotBudget: left + 1,
      maxAmount: 100_000_00,
      opensAt: new Date(Date.now() - 3600_000),
      closesAt: new Date(Date.now() + 86400_000),
    };
    // One tyiyn over what the two lines have left together: refused with the amounts of both lines.
    await expect(h.db.transaction().execute((trx) => createCompetition(trx, actors.officer!, input))).rejects.toMatchObject({
      messageKey: 'competition:errors.lotOverLine',
      params: { lineBudget: l1!.budget_tyiyn + l2!.budget_tyiyn, allocatedElsewhere: l1!.allocated + l2!.allocated, available: left, lotBudget: left + 1 },
    });
    if (other?.length) {
      await expect(createCompetition(h.db, actors.officer!, { ...input, lineId: [l1!.id, other[0]!.id], lotBudget: 100 })).rejects.toMatchObject({ messageKey: 'competition:content.errors.linesOfOneProgram' });
    }
    // Over one line alone but within both: accepted.
    const lot = Math.max(l1!.budget_tyiyn - l1!.allocated, l2!.budget_tyiyn - l2!.allocated) + 1;
    const row = await h.db.transaction().execute((trx) => createCompetition(trx, actors.officer!, { ...input, lotBudget: lot }));
    const c = await getCompetitionForActor(h.db, actors.officer!, row.id);
    expect(c).toMatchObject({ tasks: 'Задача', min_cofunding_pct: 10, eligibility: ['Зарегистрированная НКО'], required_documents: ['Устав', 'Бюджет'] });
    expect(String(c.project_start)).toBe('2026-03-01');
    expect(c.criteria.map((k) => [k.code, k.weight, k.max_points])).toEqual([['importance', 40, 10], ['participation', 20, 10], ['sustainability', 20, 5], ['budget', 10, 10], ['contribution', 10, 10]]);
    const lotLines = await listLotLines(h.db, row.id);
    expect(lotLines.map((l) => l.id).sort()).toEqual([l1!.id, l2!.id].sort());
    const groups = await h.db.selectFrom('program_line_target_group').select('target_group_code').where('line_id', 'in', [l1!.id, l2!.id]).execute();
    expect(lotLines.flatMap((l) => l.targetGroups).sort()).toEqual(groups.map((g) => g.target_group_code).sort());
    // The lot is held on both lines in proportion to their budgets: together exactly the lot.
    const after = await listLinesForCompetition(h.db, actors.officer!);
    const held = after.filter((l) => l.id === l1!.id || l.id === l2!.id).reduce((s, l) => s + l.allocated, 0);
    expect(held - (l1!.allocated + l2!.allocated)).toBe(lot);
  });

  it("validates the plan, budget and indicators against the lot; the NGO's own only, before the deadline", async () => {
    const compId = demoCompetitionIds.accepting;
    await h.db.updateTable('competition').set({ min_cofunding_pct: 10, project_start: '2027-01-01', project_end: '2027-12-31' }).where('id', '=', compId).execute();
    const c = await getCompetitionForActor(h.db, actors.ngo!, compId);
    const ngoOrg = actors.ngo!.memberships[0]!.organisationId;
    const a = await createApplication(h.db, actors.ngo!, compId, ngoOrg, application);
    // Submitting needs the content.
    await expect(setApplicationSubmitted(h.db, actors.ngo!, a.id, true)).rejects.toMatchObject({ messageKey: 'competition:content.errors.noActivities' });
    // Another NGO and the commission cannot touch or read it.
    await expect(saveApplicationContent(h.db, actors.ngo2!, a.id, form())).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(getApplicationContent(h.db, actors.ngo2!, a.id)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(getApplicationContent(h.db, actors.commission!, a.id)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    // Co-funding below the lot's 10 %: 50,000 of 850,000 is 5.88 %.
    await expect(saveApplicationContent(h.db, actors.ngo!, a.id, form({ budgetOwn: ['50 000', ''], budgetOther: ['', ''] }))).rejects.toMatchObject({
      messageKey: 'competition:content.errors.cofundingLow',
      params: { share: 5.88, min: 10, cofunding: 50_000_00, total: 850_000_00 },
    });
    // More than the maximum per project.
    await expect(saveApplicationContent(h.db, actors.ngo!, a.id, form({ budgetRequested: ['600 000', String(c.max_amount_tyiyn / 100)] }))).rejects.toMatchObject({
      messageKey: 'competition:content.errors.overMax',
      params: { max: c.max_amount_tyiyn, requested: c.max_amount_tyiyn + 600_000_00 },
    });
    await expect(saveApplicationContent(h.db, actors.ngo!, a.id, form({ activityEnd: ['31.03.2027', '15.01.2028'] }))).rejects.toMatchObject({ messageKey: 'competition:content.errors.activityOutsidePeriod' });
    // A "catalogue" indicator of another program is refused.
    const foreign = await h.db.selectFrom('program_indicator').select('id').where('program_id', '!=', c.program_id).executeTakeFirst();
    if (foreign) await expect(saveApplicationContent(h.db, actors.ngo!, a.id, form({ indicatorCatalogue: [foreign.id] }))).rejects.toMatchObject({ messageKey: 'competition:content.errors.indicatorNotInCatalogue' });
    const catalogue = await listIndicatorCatalogue(h.db, actors.ngo!, compId);
    expect(catalogue.length).toBeGreaterThan(0);
    const picked = catalogue[0];
    await h.db.transaction().execute((trx) =>
      saveApplicationContent(trx, actors.ngo!, a.id, form(picked ? { indicatorCatalogue: ['', picked.id], indicatorName: ['Дети, прошедшие реабилитацию', ''], indicatorUnit: ['чел.', ''], indicatorBaseline: ['0', '5'], indicatorTarget: ['30', '50'] } : {})),
    );
    const content = await getApplicationContent(h.db, actors.ngo!, a.id);
    expect(content.activities).toEqual([
      { name: 'Набор детей', startsOn: '2027-03-01', endsOn: '2027-03-31' },
      { name: 'Занятия', startsOn: '2027-04-01', endsOn: '2027-11-30' },
    ]);
    expect(content.totals).toMatchObject({ requested: 800_000_00, cofunding: 100_000_00, total: 900_000_00, cofundingPct: 11.11 });
    if (picked) expect(content.indicators[1]).toMatchObject({ programIndicatorId: picked.id, name: picked.name_ru, unit: picked.unit, baseline: 5, target: 50 });
    // The requested amount follows the budget; the customer reads the content of a submitted application.
    expect((await getApplicationForActor(h.db, actors.ngo!, a.id)).requested_tyiyn).toBe(800_000_00);
    await expect(getApplicationContent(h.db, actors.officer!, a.id)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    // After the deadline nothing changes.
    const late = new Date(new Date(c.closes_at).getTime() + 1000);
    await expect(saveApplicationContent(h.db, actors.ngo!, a.id, form(), late)).rejects.toMatchObject({ messageKey: 'competition:errors.windowClosed' });
    await setApplicationSubmitted(h.db, actors.ngo!, a.id, true);
    expect((await getApplicationContent(h.db, actors.officer!, a.id)).budget).toHaveLength(2);
    // A submitted application is no longer a draft: its content is frozen.
    await expect(saveApplicationContent(h.db, actors.ngo!, a.id, form())).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    expect((await listAuditLog(h.db, { entity: 'competition_application', entityId: a.id })).map((x) => x.action)).toContain('application.content');
  });
});
