import { sql } from 'kysely';
import {
  AppError,
  can,
  evaluationTotals,
  isDecisionOverdue,
  isOverdue,
  publicAnnualReport,
  surveySection,
  type Actor,
  type AnnualReport,
  type Answers,
  type EvaluationCriterion,
  type EvaluationScores,
  type Questionnaire,
} from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';

import { aggregateIndicatorGroups } from './results-tracking.ts';
import { isUuid } from './people.ts';

/** Most survey responses one annual report summarises (the rest are left out of the section). */
const MAX_REPORT_RESPONSES = 50_000;

/** Years a report may be asked for. */
const validYear = (year: number) => Number.isInteger(year) && year >= 2000 && year <= 2100;

async function programFor(db: Db, programId: string) {
  if (!isUuid(programId)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const p = await db
    .selectFrom('program')
    .innerJoin('organisation as customer', 'customer.id', 'program.customer_id')
    .select(['program.id', 'program.title', 'program.customer_id', 'program.year_from', 'program.year_to', 'customer.name_ky', 'customer.name_ru', 'customer.name_en'])
    .where('program.id', '=', programId)
    .executeTakeFirst();
  if (!p) throw new AppError('NOT_FOUND', 'errors.notFound');
  return p;
}

/**
 * The projects of a program for a year: contracted on one of its lines, reporting on one of its
 * indicators, or — for projects contracted before lines were linked — the customer's projects with a
 * monitoring visit planned in that program year (when the program covers the year).
 */
function programProjects(db: Db, program: { id: string; customer_id: string; year_from: number; year_to: number }, year: number) {
  const programId = program.id;
  return db
    .selectFrom('project')
    .innerJoin('organisation as contractor', 'contractor.id', 'project.contractor_id')
    .select(['project.id', 'project.code', 'project.name_ky', 'project.name_ru', 'project.name_en', 'project.end_date', 'contractor.name_ky as c_ky', 'contractor.name_ru as c_ru', 'contractor.name_en as c_en'])
    .where((eb) =>
      eb.or([
        eb('project.program_line_id', 'in', eb.selectFrom('program_line').select('program_line.id').where('program_line.program_id', '=', programId)),
        eb.exists(
          eb
            .selectFrom('indicator')
            .innerJoin('program_indicator', 'program_indicator.id', 'indicator.program_indicator_id')
            .select(sql`1`.as('one'))
            .whereRef('indicator.project_id', '=', 'project.id')
            .where('program_indicator.program_id', '=', programId),
        ),
        eb.and([
          eb('project.customer_id', '=', program.customer_id),
          eb.lit(program.year_from <= year && year <= program.year_to),
          eb.exists(eb.selectFrom('monitoring_visit').select(sql`1`.as('one')).whereRef('monitoring_visit.project_id', '=', 'project.id').where('monitoring_visit.program_year', '=', year)),
        ]),
      ]),
    )
    .orderBy('project.code')
    .limit(500)
    .execute();
}

/**
 * The annual M&E report of a program for a year, generated from the live data: the results tracking
 * summary of its indicators, the year's visits of its projects, their findings and recommendations
 * (status, overdue, decisions) and the evaluations of its projects. Ministry staff, analysts and admins
 * (`annual_report` view); everyone else NOT_FOUND.
 */
export async function loadAnnualReport(db: Db, actor: Actor | null, programId: string, year: number, today: string): Promise<AnnualReport> {
  const program = await programFor(db, programId);
  if (!can(actor, 'view', { type: 'annual_report', customerId: program.customer_id }) || !validYear(year)) throw new AppError('NOT_FOUND', 'errors.notFound');
  return buildReport(db, program, year, today);
}

async function buildReport(db: Db, program: Awaited<ReturnType<typeof programFor>>, year: number, today: string): Promise<AnnualReport> {
  const projects = await programProjects(db, program, year);
  const ids = projects.map((p) => p.id);
  const codeOf = new Map(projects.map((p) => [p.id, p.code]));

  // Tracking: each program indicator over the linked indicators of these projects.
  const pis = await db.selectFrom('program_indicator').select(['id', 'code', 'name_ky', 'name_ru', 'name_en', 'unit']).where('program_id', '=', program.id).orderBy('code').execute();
  const links = ids.length && pis.length
    ? await db.selectFrom('indicator').select(['id', 'program_indicator_id']).where('project_id', 'in', ids).where('program_indicator_id', 'in', pis.map((p) => p.id)).execute()
    : [];
  const groups = new Map<string, string[]>();
  for (const l of links) (groups.get(l.program_indicator_id!) ?? groups.set(l.program_indicator_id!, []).get(l.program_indicator_id!)!).push(l.id);
  const aggs = groups.size ? await aggregateIndicatorGroups(db, groups) : new Map();
  const tracking = pis
    .filter((pi) => groups.has(pi.id))
    .map((pi) => {
      const a = aggs.get(pi.id)!;
      return {
        code: pi.code,
        name: { ky: pi.name_ky, ru: pi.name_ru, en: pi.name_en },
        unit: pi.unit,
        target: a.target,
        actual: a.actualValue,
        percent: a.percent,
        status: a.status,
        projects: new Set(a.projects.map((p: { indicator: { projectId: string } }) => p.indicator.projectId)).size,
      };
    });

  const visits = ids.length
    ? await db
        .selectFrom('monitoring_visit as v')
        .innerJoin('app_user as o', 'o.id', 'v.officer_id')
        .select(['v.id', 'v.project_id', 'v.visit_no', 'v.kind', 'v.status', 'v.planned_date', 'v.visit_date', 'v.summary', 'o.full_name'])
        .where('v.project_id', 'in', ids)
        .where('v.program_year', '=', year)
        .orderBy('v.planned_date')
        .orderBy('v.visit_no')
        .limit(2000)
        .execute()
    : [];
  const visitIds = visits.map((v) => v.id);
  const recs = visitIds.length
    ? await db
        .selectFrom('monitoring_recommendation as r')
        .innerJoin('monitoring_visit as v', 'v.id', 'r.visit_id')
        .innerJoin('organisation as org', 'org.id', 'r.responsible_org_id')
        .select(['r.finding', 'r.recommendation', 'r.due_date', 'r.decision', 'r.decision_reason', 'r.status', 'r.follow_up_note', 'v.project_id', 'v.visit_no', 'org.name_ky', 'org.name_ru', 'org.name_en'])
        .where('r.visit_id', 'in', visitIds)
        .orderBy('r.due_date')
        .orderBy('r.created_at')
        .limit(2000)
        .execute()
    : [];
  // Ministry decisions taken in the year about these projects.
  const decisions = ids.length
    ? await db
        .selectFrom('monitoring_decision as d')
        .leftJoin('monitoring_visit as v', 'v.id', 'd.visit_id')
        .select(['d.project_id', 'd.kind', 'd.basis', 'd.decided_on', 'd.follow_up_due', 'd.status', 'v.visit_no'])
        .where('d.project_id', 'in', ids)
        .where('d.decided_on', '>=', `${year}-01-01`)
        .where('d.decided_on', '<=', `${year}-12-31`)
        .orderBy('d.decided_on')
        .orderBy('d.created_at')
        .limit(2000)
        .execute()
    : [];
  const evals = ids.length
    ? await db
        .selectFrom('project_evaluation as e')
        .innerJoin('evaluation_criteria as c', 'c.id', 'e.criteria_id')
        .select(['e.project_id', 'e.scores', 'e.conclusion', 'e.finalised_at', 'e.status', 'c.items'])
        .where('e.project_id', 'in', ids)
        .execute()
    : [];
  // Beneficiary surveys given on these projects in the year: one section per questionnaire version.
  const responses = ids.length
    ? await db
        .selectFrom('monitoring_response as r')
        .innerJoin('monitoring_questionnaire_version as v', 'v.id', 'r.questionnaire_version_id')
        .innerJoin('monitoring_questionnaire as q', 'q.id', 'v.questionnaire_id')
        .select(['r.questionnaire_version_id', 'r.answers', 'q.form_id', 'v.version_no'])
        .where('r.project_id', 'in', ids)
        .where(sql<number>`extract(year from coalesce(r.answered_at, r.created_at))`, '=', year)
        .orderBy('q.form_id')
        .orderBy('v.version_no')
        .limit(MAX_REPORT_RESPONSES)
        .execute()
    : [];
  const byVersion = new Map<string, { formId: string; answers: Answers[] }>();
  for (const r of responses) {
    const e = byVersion.get(r.questionnaire_version_id) ?? byVersion.set(r.questionnaire_version_id, { formId: r.form_id, answers: [] }).get(r.questionnaire_version_id)!;
    e.answers.push(r.answers as Answers);
  }
  const definitions = byVersion.size
    ? await db.selectFrom('monitoring_questionnaire_version').select(['id', 'definition']).where('id', 'in', [...byVersion.keys()]).execute()
    : [];
  const surveys = definitions.map((d) => surveySection(d.definition as Questionnaire, byVersion.get(d.id)!.formId, byVersion.get(d.id)!.answers)).sort((a, b) => a.formId.localeCompare(b.formId));
  const day = (d: unknown) => (d == null ? null : d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));
  return {
    ...(surveys.length ? { surveys } : {}),
    program: { id: program.id, title: program.title, customer: { ky: program.name_ky, ru: program.name_ru, en: program.name_en } },
    year,
    generatedAt: new Date().toISOString(),
    projects: projects.map((p) => ({ code: p.code, name: { ky: p.name_ky, ru: p.name_ru, en: p.name_en }, contractor: { ky: p.c_ky, ru: p.c_ru, en: p.c_en }, endDate: day(p.end_date)! })),
    tracking,
    visits: visits.map((v) => ({
      projectCode: codeOf.get(v.project_id)!,
      visitNo: v.visit_no,
      kind: v.kind,
      status: v.status,
      plannedDate: day(v.planned_date)!,
      visitDate: day(v.visit_date),
      officerName: v.full_name,
      summary: v.summary,
    })),
    recommendations: recs.map((r) => ({
      projectCode: codeOf.get(r.project_id)!,
      visitNo: r.visit_no,
      finding: r.finding,
      recommendation: r.recommendation,
      responsible: { ky: r.name_ky, ru: r.name_ru, en: r.name_en },
      dueDate: day(r.due_date)!,
      decision: r.decision,
      decisionReason: r.decision_reason,
      status: r.status,
      overdue: isOverdue({ status: r.status, decision: r.decision, dueDate: day(r.due_date)! }, today),
      followUpNote: r.follow_up_note,
    })),
    decisions: decisions.map((d) => ({
      projectCode: codeOf.get(d.project_id)!,
      kind: d.kind,
      basis: d.basis,
      decidedOn: day(d.decided_on)!,
      visitNo: d.visit_no ?? null,
      followUpDue: day(d.follow_up_due),
      status: d.status,
      overdue: isDecisionOverdue({ status: d.status, followUpDue: day(d.follow_up_due) }, today),
    })),
    evaluations: evals
      .map((e) => {
        const p = projects.find((x) => x.id === e.project_id)!;
        const criteria = e.items as EvaluationCriterion[];
        const scores = e.scores as EvaluationScores;
        const totals = evaluationTotals(criteria, scores);
        return {
          projectCode: p.code,
          name: { ky: p.name_ky, ru: p.name_ru, en: p.name_en },
          contractor: { ky: p.c_ky, ru: p.c_ru, en: p.c_en },
          total: totals.total,
          max: totals.max,
          percent: totals.percent,
          conclusion: e.conclusion,
          finalisedAt: e.status === 'final' && e.finalised_at ? new Date(e.finalised_at).toISOString() : null,
          scores: criteria.map((c) => ({ key: c.key, label: { ky: c.ky, ru: c.ru, en: c.en }, score: scores[c.key]?.score ?? null, maxPoints: c.maxPoints })),
        };
      })
      .sort((a, b) => a.projectCode.localeCompare(b.projectCode)),
  };
}

/** Whether (and when, by whom) the report of a program year is published; for the internal page. */
export async function getAnnualReportPublication(db: Db, programId: string, year: number) {
  if (!isUuid(programId)) return null;
  return (
    (await db
      .selectFrom('monitoring_annual_report as r')
      .leftJoin('app_user as u', 'u.id', 'r.published_by')
      .select(['r.status', 'r.published_at', 'u.full_name'])
      .where('r.program_id', '=', programId)
      .where('r.year', '=', year)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Publishes the report of a program year on the public site (the program officers of the program's
 * customer): its public projection as of now is kept, so the public page reads only that. Publishing
 * again replaces it; withdrawing hides it. Audited.
 */
export async function setAnnualReportPublished(db: Db, actor: Actor, programId: string, year: number, today: string, publish: boolean) {
  const program = await programFor(db, programId);
  if (!can(actor, 'approve', { type: 'annual_report', customerId: program.customer_id }) || !validYear(year)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const existing = await db.selectFrom('monitoring_annual_report').select(['id', 'status']).where('program_id', '=', program.id).where('year', '=', year).executeTakeFirst();
  let id: string;
  if (publish) {
    const content = JSON.stringify(publicAnnualReport(await buildReport(db, program, year, today)));
    const now = new Date();
    if (existing) {
      await db.updateTable('monitoring_annual_report').set({ status: 'published', content, published_by: actor.userId, published_at: now }).where('id', '=', existing.id).execute();
      id = existing.id;
    } else {
      id = (
        await db
          .insertInto('monitoring_annual_report')
          .values({ program_id: program.id, year, status: 'published', content, published_by: actor.userId, published_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
  } else {
    if (!existing || existing.status !== 'published') throw new AppError('CONFLICT', 'monitoring:report.errors.notPublished');
    await db.updateTable('monitoring_annual_report').set({ status: 'withdrawn' }).where('id', '=', existing.id).execute();
    id = existing.id;
  }
  await writeAudit(db, { actorId: actor.userId, action: publish ? 'publish' : 'withdraw', entity: 'monitoring_annual_report', entityId: id, before: existing ? { status: existing.status } : undefined, after: { programId, year, status: publish ? 'published' : 'withdrawn' } });
  return { id };
}

/** The public projection of a published report, for anyone; NOT_FOUND unless published. */
export async function getPublishedAnnualReport(db: Db, programId: string, year: number): Promise<AnnualReport & { publishedAt: string }> {
  if (!isUuid(programId) || !validYear(year)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const row = await db
    .selectFrom('monitoring_annual_report')
    .select(['content', 'published_at'])
    .where('program_id', '=', programId)
    .where('year', '=', year)
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'errors.notFound');
  return { ...publicAnnualReport(row.content as AnnualReport), publishedAt: new Date(row.published_at).toISOString() };
}

/** Programs whose annual report the actor may generate, with the years of the published ones. */
export async function listAnnualReportPrograms(db: Db, actor: Actor | null) {
  if (!can(actor, 'view', { type: 'annual_report', customerId: '' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const programs = await db
    .selectFrom('program')
    .select(['id', 'title', 'year_from', 'year_to', 'status', 'customer_id'])
    .where('status', 'in', ['approved', 'amended', 'closed'])
    .orderBy('year_from', 'desc')
    .orderBy('title')
    .limit(100)
    .execute();
  const published = programs.length
    ? await db.selectFrom('monitoring_annual_report').select(['program_id', 'year', 'status', 'published_at']).where('program_id', 'in', programs.map((p) => p.id)).execute()
    : [];
  return programs.map((p) => ({ ...p, reports: published.filter((r) => r.program_id === p.id).map((r) => ({ year: r.year, status: r.status, published_at: r.published_at })) }));
}

/** Published reports for the public site's list. */
export async function listPublishedAnnualReports(db: Db) {
  return db
    .selectFrom('monitoring_annual_report as r')
    .innerJoin('program as p', 'p.id', 'r.program_id')
    .select(['r.program_id', 'r.year', 'r.published_at', 'p.title'])
    .where('r.status', '=', 'published')
    .orderBy('r.year', 'desc')
    .limit(100)
    .execute();
}
