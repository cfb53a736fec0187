import type { Generated } from 'kysely';

/** A complaint about a competition's published results and the commission's answer. */
export interface CompetitionComplaintTable {
  id: Generated<string>;
  competition_id: string;
  application_id: string;
  organisation_id: string;
  text: string;
  filed_by: string | null;
  filed_at: Generated<Date | string>;
  /** pending, upheld or rejected */
  status: Generated<string>;
  reasons: string | null;
  changed_decision: string | null;
  answered_by: string | null;
  answered_at: Date | string | null;
}

export interface CompetitionComplaintTables {
  competition_complaint: CompetitionComplaintTable;
}
