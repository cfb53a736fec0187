import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema/index.ts';

/** int8 values (counts, tyiyn amounts) become numbers, but never silently lose precision. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds exact range`);
  return n;
}
const identity = (v: string) => v;

// The same parsers on both engines, so a query returns identical values on PGlite and PostgreSQL:
// dates as 'YYYY-MM-DD' strings, numeric as exact strings, int8 as checked numbers.
const OID = { int8: 20, date: 1082, numeric: 1700 } as const;

export type DatabaseEngine = 'pglite' | 'postgres';

export interface OpenOptions {
  /** PostgreSQL connection string; when absent, the embedded PGlite is used. */
  url?: string;
  /** PGlite data folder; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  /** The PostgreSQL connection string (not on PGlite): a job queue opens its own connections with it. */
  url?: string;
  close: () => Promise<void>;
}

/**
 * The driver under a Kysely instance opened by `openDatabase`, for the few statements Kysely cannot
 * send: `COPY` into an import's staging table (import-stage.ts). Unknown for any other instance
 * (a transaction, a Kysely made elsewhere): callers then keep to Kysely.
 */
export type RawDriver = { engine: 'postgres'; pool: pg.Pool } | { engine: 'pglite'; pglite: PGlite };
const rawDrivers = new WeakMap<object, RawDriver>();

export function rawDriverOf(db: object): RawDriver | undefined {
  return rawDrivers.get(db);
}

/** Opens Kysely on PostgreSQL (url given) or on the embedded PGlite (data folder). */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const custom: Record<number, (v: string) => unknown> = {
      [OID.int8]: parseInt8,
      [OID.date]: identity,
      [OID.numeric]: identity,
    };
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: any) =>
          custom[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection that PostgreSQL ends (restart, failover, admin command) must not take the
    // whole app server down: log it; the pool opens a fresh connection on the next query.
    pool.on('error', (err) => console.error('PostgreSQL connection lost:', err.message));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    rawDrivers.set(db, { engine: 'postgres', pool });
    return { db, engine: 'postgres', url: options.url, close: () => db.destroy() };
  }
  const pglite = await PGlite.create(options.dataDir ?? 'memory://', {
    parsers: { [OID.int8]: parseInt8, [OID.date]: identity, [OID.numeric]: identity },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  rawDrivers.set(db, { engine: 'pglite', pglite });
  return { db, engine: 'pglite', close: () => db.destroy() };
}
