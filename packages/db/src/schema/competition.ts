import type { ColumnType, Generated } from 'kysely';
import type { DateString, Timestamp } from './core.ts';

export interface CompetitionTable {
  id: Generated<string>;
  program_id: string;
  program_line_id: string;
  customer_id: string;
  title: string;
  goal: string;
  lot_budget_tyiyn: number;
  max_amount_tyiyn: number;
  opens_at: Date | string;
  closes_at: Date | string;
  status: Generated<string>;
  protocol_signed_at: Date | string | null;
  /** Days after publication (the protocol's signature) an applicant may complain (Asia/Bishkek days). */
  complaint_days: Generated<number>;
  /** Points (of 100) above which members' totals for one application are flagged as a disagreement. */
  spread_threshold: Generated<number>;
  scoring_closed_at: Generated<Date | string | null>;
  scoring_closed_by: Generated<string | null>;
  tasks: Generated<string>;
  problem: Generated<string>;
  project_start: DateString | null;
  project_end: DateString | null;
  min_cofunding_pct: Generated<number>;
  eligibility: ColumnType<string[], string[] | undefined, string[]>;
  required_documents: ColumnType<string[], string[] | undefined, string[]>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CompetitionCriterionTable {
  id: Generated<string>;
  competition_id: string;
  position: number;
  code: string;
  weight: number;
  max_points: number;
}

export interface CompetitionApplicationTable {
  id: Generated<string>;
  competition_id: string;
  code: string;
  organisation_id: string;
  contact_name: string;
  contact_phone: string;
  inn: string;
  title: string;
  goal: string;
  description: string;
  tasks: Generated<string>;
  requested_tyiyn: number;
  status: Generated<string>;
  reject_reason: string | null;
  submitted_at: Date | string | null;
  project_id: Generated<string | null>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommissionMemberTable {
  competition_id: string;
  user_id: string;
  conflicts_declared_at: Date | string | null;
  /** chair | secretary | member */
  role: Generated<string>;
  /** state | civil_society */
  sector: Generated<string>;
}

/** The commission's decision against the budget cut-off for one application, with its reason. */
export interface CompetitionAwardOverrideTable {
  application_id: string;
  competition_id: string;
  winner: boolean;
  reason: string;
  decided_by: string;
  decided_at: Generated<Date | string>;
}

export interface CommissionConflictTable {
  competition_id: string;
  user_id: string;
  organisation_id: string;
}

export interface CompetitionScoreTable {
  application_id: string;
  user_id: string;
  criterion_id: string;
  points: number;
  comment: string | null;
  updated_at: Timestamp;
}

/** A lot covers one or more lines of an approved program. */
export interface CompetitionLotLineTable {
  competition_id: string;
  line_id: string;
}

export interface ApplicationActivityTable {
  id: Generated<string>;
  application_id: string;
  position: number;
  name: string;
  starts_on: DateString;
  ends_on: DateString;
}

export interface ApplicationBudgetLineTable {
  id: Generated<string>;
  application_id: string;
  position: number;
  item: string;
  requested_tyiyn: number;
  own_tyiyn: number;
  other_tyiyn: number;
}

export interface ApplicationIndicatorTable {
  id: Generated<string>;
  application_id: string;
  position: number;
  program_indicator_id: string | null;
  name: string;
  unit: string;
  /** numeric(18,2) as an exact string. */
  baseline: ColumnType<string, string | number, string | number>;
  target: ColumnType<string, string | number, string | number>;
}

export interface ApplicationAttachmentTable {
  id: Generated<string>;
  application_id: string;
  position: number;
  file_id: string;
  stripped_file_id: string | null;
  content_type: string;
  anonymised_at: Date | string | null;
  anonymised_by: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CompetitionTables {
  competition: CompetitionTable;
  competition_criterion: CompetitionCriterionTable;
  competition_application: CompetitionApplicationTable;
  commission_member: CommissionMemberTable;
  commission_conflict: CommissionConflictTable;
  competition_score: CompetitionScoreTable;
  competition_award_override: CompetitionAwardOverrideTable;
  competition_lot_line: CompetitionLotLineTable;
  application_activity: ApplicationActivityTable;
  application_budget_line: ApplicationBudgetLineTable;
  application_indicator: ApplicationIndicatorTable;
  application_attachment: ApplicationAttachmentTable;
}
