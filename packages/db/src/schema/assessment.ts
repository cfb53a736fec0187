import type { ColumnType, Generated } from 'kysely';
import type { DateString, Timestamp } from './core.ts';

/** A text[] column: read and written as a string array. */
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

interface AssessmentCatalogueRow {
  code: string;
  name_ky: string;
  name_ru: string;
  name_en: string;
  is_active: Generated<boolean>;
  sort_order: Generated<number>;
}

export type FocusGroupCategoryTable = AssessmentCatalogueRow;
export type ProblemCategoryTable = AssessmentCatalogueRow;

export interface NeedsAssessmentTable {
  id: Generated<string>;
  municipality_id: string;
  admin_unit_soate: string | null;
  year: number;
  stage: Generated<string>;
  /** 'votes' or 'points'. */
  ranking_method: Generated<string>;
  /** Points by place for the points rule, e.g. '3-2-1'. */
  ranking_points: string | null;
  published_at: Date | string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AssessmentFocusGroupTable {
  id: Generated<string>;
  assessment_id: string;
  category_code: string;
  village_soate: string;
  held_on: DateString;
  facilitator: string;
  women_14_29: number;
  women_30_59: number;
  women_60_plus: number;
  men_14_29: number;
  men_30_59: number;
  men_60_plus: number;
  problems_raised: string | null;
  created_at: Timestamp;
}

export interface AssessmentProblemTable {
  id: Generated<string>;
  assessment_id: string;
  /** Gallery number, stable within the assessment; the last tie-break. */
  number: number;
  title: string;
  description: string | null;
  category_code: string;
  village_soates: TextArray;
  raised_by: TextArray;
  /** Frozen when the assessment is prioritised. */
  rank: number | null;
  score: number | null;
  total_votes: number | null;
  created_at: Timestamp;
}

export interface AssessmentProblemPhotoTable {
  id: Generated<string>;
  problem_id: string;
  file_id: string;
  caption: string | null;
  created_at: Timestamp;
}

export interface AssessmentCauseNodeTable {
  id: Generated<string>;
  problem_id: string;
  parent_id: string | null;
  kind: string;
  text: string;
  sort_order: Generated<number>;
}

export interface AssessmentMeetingTable {
  id: Generated<string>;
  assessment_id: string;
  /** 'village' or 'aiyl_aimak'. */
  kind: string;
  village_soate: string | null;
  held_on: DateString;
  women: number;
  men: number;
  notes: string | null;
  created_at: Timestamp;
}

export interface AssessmentTallyTable {
  meeting_id: string;
  problem_id: string;
  votes: number;
}

/**
 * A priority sent to the local SSO program. INTEGRATION POINT: until the program tables (issue #3)
 * are merged, the draft is kept here; at merge `createProgramLineFromPriority` writes a program line.
 */
export interface AssessmentProgramLineRequestTable {
  id: Generated<string>;
  assessment_id: string;
  problem_id: string;
  draft: ColumnType<unknown, string, string>;
  program_line_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ServicePlanTable {
  id: Generated<string>;
  municipality_id: string;
  admin_unit_soate: string | null;
  assessment_id: string | null;
  title: string;
  year_from: number;
  year_to: number;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ServicePlanActivityTable {
  id: Generated<string>;
  plan_id: string;
  problem_id: string | null;
  title: string;
  responsible: string;
  starts_on: DateString;
  ends_on: DateString;
  indicator: string | null;
  target: string | null;
  own_tyiyn: number;
  grant_tyiyn: number;
  other_tyiyn: number;
  status: Generated<string>;
  progress_pct: Generated<number>;
  sort_order: Generated<number>;
  created_at: Timestamp;
}

export interface ServicePlanUpdateTable {
  id: Generated<string>;
  activity_id: string;
  status: string;
  progress_pct: number;
  note: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface AssessmentTables {
  focus_group_category: FocusGroupCategoryTable;
  problem_category: ProblemCategoryTable;
  needs_assessment: NeedsAssessmentTable;
  assessment_focus_group: AssessmentFocusGroupTable;
  assessment_problem: AssessmentProblemTable;
  assessment_problem_photo: AssessmentProblemPhotoTable;
  assessment_cause_node: AssessmentCauseNodeTable;
  assessment_meeting: AssessmentMeetingTable;
  assessment_tally: AssessmentTallyTable;
  assessment_program_line_request: AssessmentProgramLineRequestTable;
  service_plan: ServicePlanTable;
  service_plan_activity: ServicePlanActivityTable;
  service_plan_update: ServicePlanUpdateTable;
}
