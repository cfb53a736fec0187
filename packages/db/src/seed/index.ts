import type { Kysely } from 'kysely';
import type { Database } from '../schema/index.ts';
import type { SeedContext, Seeder } from './context.ts';
import { seedPeople } from './people.ts';
import { seedPrograms } from './program.ts';
import { seedAssessments } from './assessment.ts';
import { seedResults } from './results.ts';
import { seedCompetitions } from './competition.ts';
import { seedMonitoring } from './monitoring.ts';
import { seedCompetitionResults } from './competition-results.ts';

export { DEMO_PASSWORD, demoAccounts } from './people.ts';

export type { SeedContext } from './context.ts';

/** Feature seeders, run in order after people. Each must be idempotent. */
const featureSeeders: Seeder[] = [seedPrograms, seedResults, seedAssessments, seedCompetitions, seedMonitoring, seedCompetitionResults];

/** Seeds demo data once (idempotent: a marker row records that it ran). */
export async function seedDemo(db: Kysely<Database>): Promise<boolean> {
  const done = await db.selectFrom('reference_data_version').select('version').where('name', '=', 'demo-seed').executeTakeFirst();
  if (done) return false;
  await db.transaction().execute(async (trx) => {
    const orgIds = await seedPeople(trx);
    const ctx: SeedContext = { orgIds };
    for (const seeder of featureSeeders) await seeder(trx as unknown as Kysely<Database>, ctx);
    await trx.insertInto('reference_data_version').values({ name: 'demo-seed', version: '1' }).execute();
  });
  return true;
}
