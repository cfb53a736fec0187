import type { Migration } from 'kysely';
import * as core from './20261127T0700-core.ts';
import * as program from './20261127T0800-program.ts';
import * as assessment from './20261127T1000-assessment.ts';
import * as tranches from './20261127T1100-tranches.ts';
import * as results from './20261127T0900-results.ts';

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
};
