import { AppError } from '@kamkor/domain';
import { databaseStorage, getDb, listScoreSheets } from '../db.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';

/** The member's uploaded evaluation sheet with bad cells marked and commented; only its uploader may fetch it. */
export const loader = resourceLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  await listScoreSheets(db, user, params.id ?? '');
  const id = new URL(request.url).searchParams.get('file') ?? '';
  const file = await databaseStorage(db).open(id, { owner: user.userId, kind: 'error_copy' });
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  return fileResponse(file, file.fileName);
});
