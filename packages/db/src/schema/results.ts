import type { ColumnType, Generated } from 'kysely';
import type { DateString, Timestamp } from './core.ts';

/** numeric columns: read as exact strings, written as numbers or strings. */
export type Numeric = ColumnType<string, number | string, number | string>;
export type NullableNumeric = ColumnType<string | null, number | string | null | undefined, number | string | null>;

export interface ProjectTable {
  id: Generated<string>;
  code: string;
  name_ky: string;
  name_ru: string;
  name_en: Generated<string>;
  contractor_id: string;
  customer_id: string;
  amount_tyiyn: number;
  cofunding_tyiyn: Generated<number>;
  start_date: DateString;
  end_date: DateString;
  frequency: string;
  source: Generated<string>;
  program_line_id: string | null;
  signed_at: Date | string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ProjectTerritoryTable {
  project_id: string;
  admin_unit_soate: string;
}

export interface DisaggregationCategoryTable {
  dimension: string;
  code: string;
  name_ky: string;
  name_ru: string;
  name_en: string;
  sort_order: Generated<number>;
  is_active: Generated<boolean>;
}

export interface FrameworkNodeTable {
  id: Generated<string>;
  project_id: string | null;
  program_id: string | null;
  parent_id: string | null;
  level: string;
  sort: Generated<number>;
  name_ky: string;
  name_ru: string;
  name_en: Generated<string>;
  assumptions: string | null;
}

export interface IndicatorTable {
  id: Generated<string>;
  project_id: string;
  node_id: string;
  program_indicator_id: string | null;
  code: string;
  sort: Generated<number>;
  name_ky: string;
  name_ru: string;
  name_en: Generated<string>;
  definition_ky: string | null;
  definition_ru: string | null;
  definition_en: string | null;
  unit: string;
  type: string;
  direction: string;
  cumulative_mode: string;
  disaggregations: ColumnType<string[], string[] | undefined, string[]>;
  data_source: string | null;
  verification: string | null;
  collection_method: string | null;
  frequency: string;
  responsible: string | null;
  baseline_na: Generated<boolean>;
  baseline_value: NullableNumeric;
  baseline_date: DateString | null;
  lop_target: NullableNumeric;
  min_value: NullableNumeric;
  max_value: NullableNumeric;
  revision: Generated<number>;
}

export interface IndicatorTargetTable {
  indicator_id: string;
  period_key: string;
  target: Numeric;
}

export interface IndicatorRevisionTable {
  id: Generated<string>;
  indicator_id: string;
  revision: number;
  snapshot: ColumnType<unknown, string, never>;
  reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ReportTable {
  id: Generated<string>;
  project_id: string;
  period_key: string;
  period_start: DateString;
  period_end: DateString;
  due_date: DateString;
  status: Generated<string>;
  narrative: string | null;
  first_submitted_at: Date | string | null;
  submitted_at: Date | string | null;
  approved_at: Date | string | null;
  approved_by: string | null;
  updated_at: Timestamp;
}

export interface ReportValueTable {
  report_id: string;
  indicator_id: string;
  cell_key: string;
  value: NullableNumeric;
  numerator: NullableNumeric;
  denominator: NullableNumeric;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ReportIndicatorTable {
  report_id: string;
  indicator_id: string;
  flags: ColumnType<string[], string[] | undefined, string[]>;
  explanation: string | null;
  follow_up: Generated<boolean>;
}

export interface ReportCommentTable {
  id: Generated<string>;
  report_id: string;
  indicator_id: string | null;
  author_id: string | null;
  body: string;
  created_at: Timestamp;
}

export interface ReportEvidenceTable {
  id: Generated<string>;
  report_id: string;
  indicator_id: string | null;
  file_id: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ResultsSettingTable {
  key: string;
  on_track: Numeric;
  at_risk: Numeric;
  due_days: number;
}

export interface ResultsTables {
  project: ProjectTable;
  project_territory: ProjectTerritoryTable;
  disaggregation_category: DisaggregationCategoryTable;
  framework_node: FrameworkNodeTable;
  indicator: IndicatorTable;
  indicator_target: IndicatorTargetTable;
  indicator_revision: IndicatorRevisionTable;
  report: ReportTable;
  report_value: ReportValueTable;
  report_indicator: ReportIndicatorTable;
  report_comment: ReportCommentTable;
  report_evidence: ReportEvidenceTable;
  results_setting: ResultsSettingTable;
}
