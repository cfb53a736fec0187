import type { Labels } from './questionnaire.ts';
import type { FollowUpStatus, RecommendationDecision } from './recommendations.ts';
import type { MinistryDecisionKind, MinistryDecisionStatus } from './decisions.ts';
import type { VisitKind, VisitStatus } from './visits.ts';

type Names = { ky: string; ru: string; en: string };

/**
 * The annual M&E report of a program for a year, as generated from the live data (packages/db
 * loadAnnualReport) and, once published, kept as its public projection (publicAnnualReport).
 */
export interface AnnualReport {
  program: { id: string; title: string; customer: Names };
  year: number;
  generatedAt: string;
  projects: { code: string; name: Names; contractor: Names; endDate: string }[];
  /** Program indicators over the linked project indicators (the results tracking summary). */
  tracking: { code: string; name: Names; unit: string; target: number | null; actual: number | null; percent: number | null; status: string; projects: number }[];
  visits: {
    projectCode: string;
    visitNo: number;
    kind: VisitKind;
    status: VisitStatus;
    plannedDate: string;
    visitDate: string | null;
    /** Internal only: dropped from the public projection. */
    officerName?: string | null;
    summary?: string | null;
  }[];
  recommendations: {
    projectCode: string;
    visitNo: number;
    finding: string;
    recommendation: string;
    responsible: Names;
    dueDate: string;
    decision: RecommendationDecision | null;
    decisionReason: string | null;
    status: FollowUpStatus;
    overdue: boolean;
    followUpNote?: string | null;
  }[];
  /**
   * Ministry decisions of the year about the program's projects (internal: left out of the public
   * projection). Optional so reports generated before decisions existed still read.
   */
  decisions?: {
    projectCode: string;
    kind: MinistryDecisionKind;
    basis: string;
    decidedOn: string;
    visitNo: number | null;
    followUpDue: string | null;
    status: MinistryDecisionStatus;
    overdue: boolean;
  }[];
  evaluations: { projectCode: string; name: Names; contractor: Names; total: number; max: number; percent: number | null; conclusion: string | null; finalisedAt: string | null; scores: { key: string; label: Names; score: number | null; maxPoints: number }[] }[];
  /**
   * Survey summaries, filled by the questionnaire responses module when it has data (the section is
   * rendered only when present and not empty).
   */
  surveys?: SurveySummarySection[];
}

/** One questionnaire's summary as the annual report shows it. */
export interface SurveySummarySection {
  title: string;
  formId: string;
  responses: number;
  questions: { name: string; label: Labels; rows: { label: Labels | string; count: number; percent: number | null }[]; mean?: number | null; median?: number | null }[];
}

/** Figures of the report's first page: visits planned/done, recommendations by status, overdue, evaluations. */
export function annualReportFigures(r: Pick<AnnualReport, 'visits' | 'recommendations' | 'evaluations'>) {
  const done = r.visits.filter((v) => v.status !== 'planned').length;
  const recs = r.recommendations;
  const evaluated = r.evaluations.filter((e) => e.percent !== null);
  return {
    visitsPlanned: r.visits.length,
    visitsDone: done,
    visitsFinal: r.visits.filter((v) => v.status === 'final').length,
    recommendations: recs.length,
    accepted: recs.filter((x) => x.decision === 'accepted').length,
    rejected: recs.filter((x) => x.decision === 'rejected').length,
    undecided: recs.filter((x) => x.decision === null).length,
    open: recs.filter((x) => x.decision !== 'rejected' && x.status === 'open').length,
    inProgress: recs.filter((x) => x.decision !== 'rejected' && x.status === 'in_progress').length,
    done: recs.filter((x) => x.decision !== 'rejected' && x.status === 'done').length,
    overdue: recs.filter((x) => x.overdue).length,
    evaluations: r.evaluations.length,
    /** Mean share of the highest score over the evaluated projects, one decimal. */
    meanEvaluationPercent: evaluated.length ? Math.round((evaluated.reduce((s, e) => s + e.percent!, 0) / evaluated.length) * 10) / 10 : null,
  };
}

/**
 * What the public site shows of a published report: no officers' names, no visit summaries and no
 * follow-up notes (working notes that may name people); only final evaluations. Named fields, so a
 * field added to the internal report never reaches the public page by accident.
 */
export function publicAnnualReport(r: AnnualReport): AnnualReport {
  return {
    program: { id: r.program.id, title: r.program.title, customer: r.program.customer },
    year: r.year,
    generatedAt: r.generatedAt,
    projects: r.projects.map((p) => ({ code: p.code, name: p.name, contractor: p.contractor, endDate: p.endDate })),
    tracking: r.tracking.map((t) => ({ code: t.code, name: t.name, unit: t.unit, target: t.target, actual: t.actual, percent: t.percent, status: t.status, projects: t.projects })),
    visits: r.visits.map((v) => ({ projectCode: v.projectCode, visitNo: v.visitNo, kind: v.kind, status: v.status, plannedDate: v.plannedDate, visitDate: v.visitDate })),
    recommendations: r.recommendations.map((x) => ({
      projectCode: x.projectCode,
      visitNo: x.visitNo,
      finding: x.finding,
      recommendation: x.recommendation,
      responsible: x.responsible,
      dueDate: x.dueDate,
      decision: x.decision,
      decisionReason: x.decisionReason,
      status: x.status,
      overdue: x.overdue,
    })),
    evaluations: r.evaluations
      .filter((e) => e.finalisedAt !== null)
      .map((e) => ({ projectCode: e.projectCode, name: e.name, contractor: e.contractor, total: e.total, max: e.max, percent: e.percent, conclusion: e.conclusion, finalisedAt: e.finalisedAt, scores: e.scores })),
    ...(r.surveys?.length ? { surveys: r.surveys } : {}),
  };
}

/**
 * The years a program's annual M&E report can be generated for: each year the program covers, up to
 * the current one (a report on a year not yet begun has nothing to say). `today` is YYYY-MM-DD.
 */
export function reportableYears(program: { year_from: number; year_to: number }, today: string): number[] {
  const last = Math.min(program.year_to, Number(today.slice(0, 4)));
  return Array.from({ length: Math.max(0, last - program.year_from + 1) }, (_, i) => program.year_from + i);
}
