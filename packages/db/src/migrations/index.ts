import type { Migration } from 'kysely';
import * as core from './20261127T0700-core.ts';
import * as program from './20261127T0800-program.ts';
import * as assessment from './20261127T1000-assessment.ts';
import * as tranches from './20261127T1100-tranches.ts';
import * as results from './20261127T0900-results.ts';
import * as fileExpiryLoginThrottle from './20261129T1340-file-expiry-login-throttle.ts';
import * as foreignKeyIndexes from './20261129T1400-foreign-key-indexes.ts';
import * as competitions from './20261129T1500-competitions.ts';
import * as analytics from './20261129T1510-analytics.ts';
import * as monitoring from './20261129T1520-monitoring.ts';
import * as storedFileChunks from './20261129T1530-stored-file-chunks.ts';
import * as evaluationAnnualReport from './20261129T1640-evaluation-annual-report.ts';
import * as competitionComplaints from './20261129T1710-competition-complaints.ts';
import * as commissionScoring from './20261129T1700-commission-scoring.ts';
import * as monitoringResponses from './20261129T1630-monitoring-responses.ts';
import * as exportJobs from './20261129T1610-export-jobs.ts';
import * as competitionContent from './20261129T1650-competition-content.ts';
import * as monitoringVisitSync from './20261129T1800-monitoring-visit-sync.ts';
import * as importJobs from './20261129T1920-import-jobs.ts';
import * as explorerValueTotals from './20261129T1930-explorer-value-totals.ts';
import * as analyticsCache from './20261130T0010-analytics-cache.ts';
import * as monitoringDecisions from './20261130T0020-monitoring-decisions.ts';

/**
 * Every migration, by timestamped name. A static map (not a folder scan) so the app bundle carries
 * them. Add new ones at the end; never edit one that has landed.
 */
export const migrations: Record<string, Migration> = {
  '20261127T0700-core': core,
  '20261127T0800-program': program,
  '20261127T0900-results': results,
  '20261127T1000-assessment': assessment,
  '20261127T1100-tranches': tranches,
  '20261129T1340-file-expiry-login-throttle': fileExpiryLoginThrottle,
  '20261129T1400-foreign-key-indexes': foreignKeyIndexes,
  '20261129T1500-competitions': competitions,
  '20261129T1510-analytics': analytics,
  '20261129T1520-monitoring': monitoring,
  '20261129T1530-stored-file-chunks': storedFileChunks,
  '20261129T1640-evaluation-annual-report': evaluationAnnualReport,
  '20261129T1710-competition-complaints': competitionComplaints,
  '20261129T1700-commission-scoring': commissionScoring,
  '20261129T1630-monitoring-responses': monitoringResponses,
  '20261129T1610-export-jobs': exportJobs,
  '20261129T1650-competition-content': competitionContent,
  '20261129T1800-monitoring-visit-sync': monitoringVisitSync,
  '20261129T1920-import-jobs': importJobs,
  '20261129T1930-explorer-value-totals': explorerValueTotals,
  '20261130T0010-analytics-cache': analyticsCache,
  '20261130T0020-monitoring-decisions': monitoringDecisions,
};
