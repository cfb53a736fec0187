import type { Generated } from 'kysely';
import type { Timestamp } from './core.ts';

/** A user's saved explorer view: a name and the explorer's query string. */
export interface AnalyticsSavedViewTable {
  id: Generated<string>;
  owner_id: string;
  name: string;
  query: string;
  created_at: Timestamp;
}

export interface AnalyticsTables {
  analytics_saved_view: AnalyticsSavedViewTable;
}
