import { AppError } from '@kamkor/domain';
import { getDb, databaseStorage } from '../db.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { reportFor, XLSX } from '../utils/results.server.ts';
import { requireUser } from '../utils/session.server.ts';

/** The user's own workbook with bad cells highlighted and commented; only its uploader may fetch it. */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  await reportFor(user, params.id, params.period, 'report');
  const id = new URL(request.url).searchParams.get('file') ?? '';
  const db = await getDb();
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const row = await db.selectFrom('stored_file').select(['file_name', 'data', 'created_by']).where('id', '=', id).executeTakeFirst();
  if (!row || row.created_by !== user.userId || !row.file_name.startsWith('errors-')) throw new AppError('NOT_FOUND', 'errors.notFound');
  void databaseStorage;
  return new Response(row.data as unknown as BodyInit, { headers: { 'Content-Type': XLSX, 'Content-Disposition': `attachment; filename="${row.file_name.replace(/[^\w.-]/g, '_')}"` } });
});
