import type { Kysely } from 'kysely';

// Frozen once landed. An upload can be streamed into storage in chunks (never held whole in memory):
// a streamed file keeps its bytes in `stored_file_chunk` rows and `stored_file.data` stays null.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stored_file').alterColumn('data', (c) => c.dropNotNull()).execute();
  await db.schema
    .createTable('stored_file_chunk')
    .addColumn('file_id', 'uuid', (c) => c.notNull().references('stored_file.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('stored_file_chunk_pkey', ['file_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stored_file_chunk').ifExists().execute();
}
