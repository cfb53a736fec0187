import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import { createAssessment, listAssessmentsForActor } from './assessment.ts';
import { addProgressUpdate, addServiceActivity, createServicePlan } from './service-plan.ts';
import { loadMunicipalDashboard, type MunicipalDashboard } from './municipal-dashboard.ts';

const stage = (d: MunicipalDashboard, s: string) => d.assessmentsByStage.find((x) => x.stage === s)!.count;
const status = (d: MunicipalDashboard, s: string) => d.activitiesByStatus.find((x) => x.status === s)!.count;

describe.each(testEngines)('municipal dashboard (%s)', (engine) => {
  let h: DatabaseHandle;
  let alek: Actor;
  let jazy: Actor;
  let orgs: Record<string, string>;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const actor = async (email: string) => (await findActor(h.db, (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id))!;
    alek = await actor('municipal@kamkor.kg');
    jazy = await actor('jazy@kamkor.kg');
    const rows = await h.db.selectFrom('organisation').select(['id', 'name_en']).execute();
    orgs = Object.fromEntries(rows.map((r) => [r.name_en, r.id]));
  }, 120_000);
  afterAll(() => h.close());

  it("each municipal officer sees their own municipality's assessments and plan progress, and no one else's", async () => {
    const alekBefore = (await loadMunicipalDashboard(h.db, alek))!;
    const jazyBefore = (await loadMunicipalDashboard(h.db, jazy))!;
    // Aleksandrovka's figures are its own rows, counted independently.
    const alekId = orgs['Aleksandrovka Aiyl Okmotu']!;
    const own = await h.db.selectFrom('needs_assessment').select(['stage']).where('municipality_id', '=', alekId).execute();
    expect(alekBefore.assessmentsByStage.reduce((s, x) => s + x.count, 0)).toBe(own.length);
    expect(own.length).toBeGreaterThan(0);
    for (const { stage: st } of alekBefore.assessmentsByStage) expect(stage(alekBefore, st)).toBe(own.filter((r) => r.stage === st).length);
    const ownPlans = await h.db.selectFrom('service_plan').select('id').where('municipality_id', '=', alekId).execute();
    expect(alekBefore.plans).toBe(ownPlans.length);

    // Jazy starts an assessment and a plan with two activities, one reported done.
    const jazyId = orgs['Jazy Aiyl Okmotu']!;
    await h.db.transaction().execute((trx) => createAssessment(trx, jazy, { municipalityId: jazyId, year: 2031, rankingMethod: 'votes' }));
    const plan = await createServicePlan(h.db, jazy, { municipalityId: jazyId, title: 'Drinking water', yearFrom: 2031, yearTo: 2032, assessmentId: null });
    await addServiceActivity(h.db, jazy, plan.id, { title: 'Pipes', problemId: null, responsible: 'AO', startsOn: '2031-05-01', endsOn: '2031-09-01', indicator: null, target: null, own: 10_000_000, grant: 30_000_000, other: 0 });
    await addServiceActivity(h.db, jazy, plan.id, { title: 'Tank', problemId: null, responsible: 'AO', startsOn: '2031-05-01', endsOn: '2031-10-01', indicator: null, target: null, own: 0, grant: 0, other: 10_000_000 });
    const tank = await h.db.selectFrom('service_plan_activity').select('id').where('plan_id', '=', plan.id).where('title', '=', 'Tank').executeTakeFirstOrThrow();
    await addProgressUpdate(h.db, jazy, plan.id, tank.id, { status: 'done', progressPct: 100, note: 'Installed' });

    const jazyAfter = (await loadMunicipalDashboard(h.db, jazy))!;
    expect(stage(jazyAfter, 'planned')).toBe(stage(jazyBefore, 'planned') + 1);
    expect(jazyAfter.plans).toBe(jazyBefore.plans + 1);
    expect(status(jazyAfter, 'planned')).toBe(status(jazyBefore, 'planned') + 1);
    expect(status(jazyAfter, 'done')).toBe(status(jazyBefore, 'done') + 1);
    expect(jazyAfter.funding.own - jazyBefore.funding.own).toBe(10_000_000);
    expect(jazyAfter.funding.total - jazyBefore.funding.total).toBe(50_000_000);
    // Aleksandrovka's officer does not see any of it.
    expect(await loadMunicipalDashboard(h.db, alek)).toEqual(alekBefore);

    // The numbers link to /assessments?mine=1&stage=…: that list holds exactly the counted rows,
    // while the unfiltered list also shows other municipalities' published assessments.
    for (const [who, figures, municipalityId] of [[alek, alekBefore, alekId], [jazy, jazyAfter, jazyId]] as const) {
      const mine = await listAssessmentsForActor(h.db, who, { mine: true, pageSize: 100 });
      expect(mine.total).toBe(figures.assessmentsByStage.reduce((s, x) => s + x.count, 0));
      expect(mine.items.every((a) => a.municipality_id === municipalityId)).toBe(true);
      const published = await listAssessmentsForActor(h.db, who, { mine: true, stage: 'published' });
      expect(published.total).toBe(stage(figures, 'published'));
    }
    const everything = await listAssessmentsForActor(h.db, alek, { pageSize: 100 });
    expect(everything.items.some((a) => a.municipality_id !== alekId)).toBe(true);
  });

  it('is shown to municipal officers only', async () => {
    for (const email of ['analyst@kamkor.kg', 'ngo@kamkor.kg', 'officer@kamkor.kg', 'naryn@kamkor.kg']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst();
      if (!u) continue;
      expect(await loadMunicipalDashboard(h.db, (await findActor(h.db, u.id))!)).toBeNull();
    }
    expect(await loadMunicipalDashboard(h.db, null)).toBeNull();
  });
});
