import { AppError } from '@kamkor/domain';
import { getDb, databaseStorage } from '../db.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { reportFor } from '../utils/results.server.ts';
import { requireUser } from '../utils/session.server.ts';

/** The user's own workbook with bad cells highlighted and commented; only its uploader may fetch it. */
export const loader = resourceLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  await reportFor(user, params.id, params.period, 'report');
  const id = new URL(request.url).searchParams.get('file') ?? '';
  const file = await databaseStorage(await getDb()).open(id, { owner: user.userId, kind: 'error_copy' });
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  return fileResponse(file, file.fileName);
});
