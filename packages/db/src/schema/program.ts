import type { ColumnType, Generated } from 'kysely';
import type { DateString, Timestamp } from './core.ts';

export interface ProgramTable {
  id: Generated<string>;
  customer_id: string;
  title: string;
  year_from: number;
  year_to: number;
  funding_source: string;
  /** Money in tyiyn (1 som = 100 tyiyn). */
  ceiling_tyiyn: number;
  status: Generated<string>;
  version_no: Generated<number>;
  discussion_start: DateString | null;
  discussion_end: DateString | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProgramIndicatorTable {
  id: Generated<string>;
  program_id: string;
  code: string;
  name_ky: string;
  name_ru: string;
  name_en: string;
  unit: string;
  /** numeric(18,2) as an exact string. */
  target: ColumnType<string, string | number, string | number>;
}

export interface ProgramLineTable {
  id: Generated<string>;
  program_id: string;
  line_no: number;
  priority_area_code: string;
  service_code: string;
  planned_beneficiaries: number;
  budget_tyiyn: number;
  period_start: DateString;
  period_end: DateString;
  expected_results: string | null;
  updated_at: Timestamp;
}

export interface ProgramLineTargetGroupTable {
  line_id: string;
  target_group_code: string;
}

export interface ProgramLineTerritoryTable {
  line_id: string;
  admin_unit_soate: string;
}

export interface ProgramLineIndicatorTable {
  line_id: string;
  indicator_id: string;
}

export interface ProgramVersionTable {
  id: Generated<string>;
  program_id: string;
  version_no: number;
  approval_doc_no: string;
  approval_date: DateString;
  approving_body: string;
  approved_by: string | null;
  approved_at: Timestamp;
  snapshot: ColumnType<unknown, string, never>;
}

export interface ProgramCommentTable {
  id: Generated<string>;
  program_id: string;
  version_no: number;
  line_id: string | null;
  line_no: number | null;
  author_name: string;
  author_org: string | null;
  body: string;
  status: Generated<string>;
  rejection_reason: string | null;
  moderated_by: string | null;
  moderated_at: Date | string | null;
  response_kind: string | null;
  response_text: string | null;
  responded_by: string | null;
  responded_at: Date | string | null;
  created_at: Timestamp;
}

export interface ProgramTables {
  program: ProgramTable;
  program_indicator: ProgramIndicatorTable;
  program_line: ProgramLineTable;
  program_line_target_group: ProgramLineTargetGroupTable;
  program_line_territory: ProgramLineTerritoryTable;
  program_line_indicator: ProgramLineIndicatorTable;
  program_version: ProgramVersionTable;
  program_comment: ProgramCommentTable;
}
