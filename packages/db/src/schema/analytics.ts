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

/** A cached analytics answer (docs/decisions/022): valid while the data version is `version`. */
export interface AnalyticsCacheTable {
  key: string;
  version: string;
  result: unknown;
  created_at: Generated<Timestamp>;
}

export interface AnalyticsTables {
  analytics_saved_view: AnalyticsSavedViewTable;
  analytics_cache: AnalyticsCacheTable;
}
