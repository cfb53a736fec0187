import type { Kysely } from 'kysely';
import type { Database } from '../schema/index.ts';
import type { Db } from './audit.ts';

/** Thrown inside a transaction to roll it back on purpose. */
export class Rollback extends Error {}

/** Runs `fn` in a transaction that is always rolled back (a dry run writes nothing). */
export async function inRolledBackTransaction<T>(db: Kysely<Database>, fn: (trx: Db) => Promise<T>): Promise<T> {
  let out: T | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      out = await fn(trx);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return out as T;
}
