import { AppError } from '@kamkor/domain';
import { getDb, databaseStorage } from '../db.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { canBulkImport } from '../utils/results.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';

/**
 * The marked copy of the user's own bulk-import workbook; only its uploader may fetch it. A resource
 * route: a file thrown from the import page's loader became an error page, not a download.
 */
export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(canBulkImport(user));
  const id = new URL(request.url).searchParams.get('file') ?? '';
  const file = await databaseStorage(await getDb()).open(id, { owner: user.userId, kind: 'error_copy' });
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  return fileResponse(file, file.fileName);
});
