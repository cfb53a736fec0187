import type { Generated } from 'kysely';

/** One checklist save sent from a phone, by the id the phone made (a resend is not applied twice). */
export interface MonitoringVisitSyncTable {
  client_id: string;
  visit_id: string;
  user_id: string;
  received_at: Generated<Date | string>;
}

export interface MonitoringVisitSyncTables {
  monitoring_visit_sync: MonitoringVisitSyncTable;
}
