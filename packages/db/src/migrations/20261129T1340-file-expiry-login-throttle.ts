import { type Kysely, sql } from 'kysely';

// Frozen once landed. Stored files get a kind and an expiry (dry-run and error copies are temporary),
// and failed logins get a progressive-delay counter per account and per client address.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('stored_file')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('upload'))
    .execute();
  await db.schema.alterTable('stored_file').addColumn('expires_at', 'timestamptz').execute();
  await db.schema.createIndex('stored_file_expires_at_idx').on('stored_file').column('expires_at').execute();
  await db.schema.createIndex('session_expires_at_idx').on('session').column('expires_at').execute();

  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    // Every attempt that reached the check, delayed or not.
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // Attempts that were let through to the password check and not (yet) known to be right.
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    // The value of `attempts` at the last attempt that was let through, so the caller can tell.
    .addColumn('allowed_attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_allowed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttle').ifExists().execute();
  await db.schema.dropIndex('session_expires_at_idx').ifExists().execute();
  await db.schema.dropIndex('stored_file_expires_at_idx').ifExists().execute();
  await db.schema.alterTable('stored_file').dropColumn('expires_at').execute();
  await db.schema.alterTable('stored_file').dropColumn('kind').execute();
}
