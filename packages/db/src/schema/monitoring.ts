import type { ColumnType, Generated } from 'kysely';
import type { DateString, Timestamp } from './core.ts';

export interface MonitoringChecklistTemplateTable {
  id: Generated<string>;
  version: number;
  /** ChecklistItem[] (packages/domain monitoring/visits.ts), as JSON. */
  items: ColumnType<unknown, string, never>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface MonitoringVisitTable {
  id: Generated<string>;
  project_id: string;
  visit_no: number;
  program_year: number;
  kind: 'scheduled' | 'unscheduled';
  status: Generated<'planned' | 'draft' | 'final'>;
  planned_date: DateString;
  officer_id: string;
  visit_date: DateString | null;
  participants: string | null;
  summary: string | null;
  template_id: string | null;
  /** Record<itemKey, { answer, note }> as JSON. */
  answers: ColumnType<unknown, string | null, string | null>;
  created_by: string | null;
  created_at: Timestamp;
  finalised_at: Date | string | null;
}

export interface MonitoringRecommendationTable {
  id: Generated<string>;
  visit_id: string;
  finding: string;
  recommendation: string;
  responsible_org_id: string;
  due_date: DateString;
  decision: 'accepted' | 'rejected' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | string | null;
  status: Generated<'open' | 'in_progress' | 'done'>;
  follow_up_note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

/** A ministry decision on a project (its contract), with its basis and optional follow-up. */
export interface MonitoringDecisionTable {
  id: Generated<string>;
  project_id: string;
  kind: 'continue' | 'adjust' | 'suspend' | 'terminate' | 'change_program';
  basis: string;
  visit_id: string | null;
  recommendation_id: string | null;
  decided_on: DateString;
  follow_up_due: DateString | null;
  status: Generated<'open' | 'done'>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface MonitoringQuestionnaireTable {
  id: Generated<string>;
  /** The XLSForm `form_id`; a re-import with the same id adds a version. */
  form_id: string;
  title: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface MonitoringQuestionnaireVersionTable {
  id: Generated<string>;
  questionnaire_id: string;
  version_no: number;
  /** Questionnaire (packages/domain monitoring/questionnaire.ts) as JSON. */
  definition: ColumnType<unknown, string, never>;
  /** XlsFormIssue[]: what the import left out, shown with the version. */
  issues: ColumnType<unknown, string, never>;
  source_file_name: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface MonitoringVisitFileTable {
  id: Generated<string>;
  visit_id: string;
  /** A stored_file (FileStorage) of kind `evidence`; read only after the visit's policy was asked. */
  file_id: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface EvaluationCriteriaTable {
  id: Generated<string>;
  version: number;
  /** EvaluationCriterion[] (packages/domain monitoring/evaluation.ts) as JSON. */
  items: ColumnType<unknown, string, never>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface MonitoringResponseTable {
  id: Generated<string>;
  /** Made on the device (or derived for an import row); unique, so a resend never duplicates. */
  client_id: string;
  questionnaire_version_id: string;
  project_id: string;
  visit_id: string | null;
  /** The territory (SOATE) the response was given in. */
  admin_unit_soate: string;
  respondent_sex: 'f' | 'm' | null;
  respondent_age_group: '0_17' | '18_29' | '30_59' | '60_plus' | null;
  /** Only when the questionnaire asks names; shown only to the territory's officers. */
  respondent_name: string | null;
  /** The respondent id of an Excel import row (idempotency key within project and version). */
  respondent_ref: string | null;
  /** Answers (packages/domain monitoring/responses.ts) as JSON. */
  answers: ColumnType<unknown, string, string>;
  language: 'ky' | 'ru' | 'en';
  source: 'device' | 'xlsx';
  answered_at: Date | string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ProjectEvaluationTable {
  id: Generated<string>;
  project_id: string;
  /** The criteria version the sheet was first saved on. */
  criteria_id: string;
  /** EvaluationScores as JSON. */
  scores: ColumnType<unknown, string, string>;
  conclusion: string | null;
  status: Generated<'draft' | 'final'>;
  evaluated_by: string | null;
  created_at: Timestamp;
  updated_at: ColumnType<Date | string, Date | string | undefined, Date | string>;
  finalised_at: Date | string | null;
}

export interface MonitoringAnnualReportTable {
  id: Generated<string>;
  program_id: string;
  year: number;
  status: 'published' | 'withdrawn';
  /** The public projection (publicAnnualReport) as published. */
  content: ColumnType<unknown, string, string>;
  published_by: string | null;
  published_at: ColumnType<Date | string, Date | string | undefined, Date | string>;
}

export interface MonitoringTables {
  evaluation_criteria: EvaluationCriteriaTable;
  project_evaluation: ProjectEvaluationTable;
  monitoring_annual_report: MonitoringAnnualReportTable;
  monitoring_response: MonitoringResponseTable;
  monitoring_visit_file: MonitoringVisitFileTable;
  monitoring_questionnaire: MonitoringQuestionnaireTable;
  monitoring_questionnaire_version: MonitoringQuestionnaireVersionTable;
  monitoring_checklist_template: MonitoringChecklistTemplateTable;
  monitoring_visit: MonitoringVisitTable;
  monitoring_recommendation: MonitoringRecommendationTable;
  monitoring_decision: MonitoringDecisionTable;
}
