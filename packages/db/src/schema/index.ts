import type { Insertable, Selectable, Updateable } from 'kysely';
import type { CoreTables } from './core.ts';
import type { ProgramTables } from './program.ts';
import type { ResultsTables } from './results.ts';
import type { AssessmentTables } from './assessment.ts';
import type { TrancheTables } from './tranche.ts';
import type { AnalyticsTables } from './analytics.ts';
import type { CompetitionTables } from './competition.ts';
import type { CompetitionComplaintTables } from './competition-complaint.ts';
import type { MonitoringTables } from './monitoring.ts';
import type { JobTables } from './jobs.ts';
import type { MonitoringVisitSyncTables } from './monitoring-visit-sync.ts';

export * from './core.ts';
export * from './program.ts';
export * from './results.ts';
export * from './assessment.ts';
export * from './tranche.ts';
export * from './analytics.ts';
export * from './competition.ts';
export * from './competition-complaint.ts';
export * from './monitoring.ts';
export * from './jobs.ts';
export * from './monitoring-visit-sync.ts';

/**
 * All tables. Each feature declares its tables in its own file (schema/<feature>.ts) and adds
 * its interface to this list.
 */
export interface Database extends CoreTables, ProgramTables, ResultsTables, AssessmentTables, TrancheTables, AnalyticsTables, CompetitionTables, MonitoringTables, CompetitionComplaintTables {}
export interface Database extends CoreTables, ProgramTables, ResultsTables, AssessmentTables, TrancheTables, AnalyticsTables, CompetitionTables, MonitoringTables, JobTables, MonitoringVisitSyncTables {}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
