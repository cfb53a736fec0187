import type { Generated } from 'kysely';
import type { DateString, Timestamp } from './core.ts';
import type { NullableNumeric } from './results.ts';

export interface TrancheTable {
  id: Generated<string>;
  project_id: string;
  tranche_no: number;
  amount_tyiyn: number;
  planned_date: DateString;
  condition_indicator_id: string | null;
  condition_threshold: NullableNumeric;
  condition_note: string | null;
  released_at: Date | string | null;
  released_by: string | null;
  created_at: Timestamp;
}

export interface TrancheTables {
  tranche: TrancheTable;
}
