import { assessmentStages, coFinancing, municipalWorkScope, serviceActivityStatuses, type Actor, type AssessmentStage, type CoFinancing, type ServiceActivityStatus } from '@kamkor/domain';
import type { Db } from './audit.ts';

/** The municipal officer's dashboard figures: their own municipalities' assessments and service plans. */
export interface MunicipalDashboard {
  /** Needs assessments of the officer's municipalities, by stage (every stage, zero included). */
  assessmentsByStage: { stage: AssessmentStage; count: number }[];
  plans: number;
  /** Activities of those plans, by status (every status, zero included). */
  activitiesByStatus: { status: ServiceActivityStatus; count: number }[];
  funding: CoFinancing;
}

/**
 * Assessments and service-plan progress of the municipalities the actor works for as municipal
 * officer (municipalWorkScope's municipalityIds only: other municipalities' published assessments,
 * which the list also shows, are not theirs). Null for an actor who is no municipality's officer.
 */
export async function loadMunicipalDashboard(db: Db, actor: Actor | null): Promise<MunicipalDashboard | null> {
  const ids = municipalWorkScope(actor).municipalityIds;
  if (!ids.length) return null;
  const [stages, plans, activities, money] = await Promise.all([
    db
      .selectFrom('needs_assessment')
      .select(['stage', (eb) => eb.fn.countAll<number>().as('n')])
      .where('municipality_id', 'in', ids)
      .groupBy('stage')
      .execute(),
    db.selectFrom('service_plan').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', 'in', ids).executeTakeFirstOrThrow(),
    db
      .selectFrom('service_plan_activity as a')
      .innerJoin('service_plan as p', 'p.id', 'a.plan_id')
      .select(['a.status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('p.municipality_id', 'in', ids)
      .groupBy('a.status')
      .execute(),
    db
      .selectFrom('service_plan_activity as a')
      .innerJoin('service_plan as p', 'p.id', 'a.plan_id')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>('a.own_tyiyn'), eb.lit(0)).as('own'),
        eb.fn.coalesce(eb.fn.sum<number>('a.grant_tyiyn'), eb.lit(0)).as('grant'),
        eb.fn.coalesce(eb.fn.sum<number>('a.other_tyiyn'), eb.lit(0)).as('other'),
      ])
      .where('p.municipality_id', 'in', ids)
      .executeTakeFirstOrThrow(),
  ]);
  const countOf = (rows: { n: number | string }[], match: (r: any) => boolean) => Number(rows.find(match)?.n ?? 0);
  return {
    assessmentsByStage: assessmentStages.map((stage) => ({ stage, count: countOf(stages, (r) => r.stage === stage) })),
    plans: Number(plans.n),
    activitiesByStatus: serviceActivityStatuses.map((status) => ({ status, count: countOf(activities, (r) => r.status === status) })),
    funding: coFinancing([{ own: Number(money.own), grant: Number(money.grant), other: Number(money.other) }]),
  };
}
