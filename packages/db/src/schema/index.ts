import type { Insertable, Selectable, Updateable } from 'kysely';
import type { CoreTables } from './core.ts';

export * from './core.ts';

/**
 * All tables. Each feature declares its tables in its own file (schema/<feature>.ts) and adds
 * its interface to this list.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- features extend this list
export interface Database extends CoreTables {}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
