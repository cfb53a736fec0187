import type { Db } from './audit.ts';
import { sha256 } from './crypto.ts';

/**
 * Uploaded files live behind this interface. The default keeps them in the database so every app
 * server behind a load balancer sees the same files; an object store can implement the same three calls.
 */
export interface FileStorage {
  put(file: { fileName: string; contentType: string; data: Uint8Array; createdBy: string | null }): Promise<string>;
  get(id: string): Promise<{ fileName: string; contentType: string; data: Uint8Array } | null>;
  remove(id: string): Promise<void>;
}

export function databaseStorage(db: Db): FileStorage {
  return {
    async put(file) {
      const row = await db
        .insertInto('stored_file')
        .values({
          file_name: file.fileName,
          content_type: file.contentType,
          size_bytes: file.data.byteLength,
          sha256: sha256(file.data),
          data: file.data,
          created_by: file.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async get(id) {
      const row = await db
        .selectFrom('stored_file')
        .select(['file_name', 'content_type', 'data'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? { fileName: row.file_name, contentType: row.content_type, data: row.data } : null;
    },
    async remove(id) {
      await db.deleteFrom('stored_file').where('id', '=', id).execute();
    },
  };
}
