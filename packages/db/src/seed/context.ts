import type { Kysely } from 'kysely';
import type { Database } from '../schema/index.ts';

/**
 * Context passed from one feature's seeder to the next. In its own file so the feature seeders do not
 * import seed/index.ts, which imports them (no import cycle).
 */
export interface SeedContext {
  orgIds: Record<string, string>;
}

/** A feature seeder: idempotent, run in order after people. */
export type Seeder = (db: Kysely<Database>, ctx: SeedContext) => Promise<void>;
