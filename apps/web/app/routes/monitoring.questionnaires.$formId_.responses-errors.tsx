import { AppError, can } from '@kamkor/domain';
import { databaseStorage, getDb } from '../db.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';

/** The marked copy of the user's own responses workbook; only its uploader may fetch it. */
export const loader = resourceLoader(async ({ request }) => {
  const user = await requireUser(request);
  if (!can(user, 'view', { type: 'questionnaire' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const id = new URL(request.url).searchParams.get('file') ?? '';
  const file = await databaseStorage(await getDb()).open(id, { owner: user.userId, kind: 'error_copy' });
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  return fileResponse(file, file.fileName);
});
