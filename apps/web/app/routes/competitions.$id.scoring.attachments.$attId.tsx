import { AppError } from '@kamkor/domain';
import { getDb, openAttachmentForReviewer } from '../db.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';

/**
 * An attachment for a commission member: the copy without document metadata (or the original the
 * secretary marked anonymised), named by the application's code; 404 for everyone else and for files
 * not cleared for reviewers.
 */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const file = await openAttachmentForReviewer(await getDb(), user, params.id ?? '', params.attId ?? '');
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  return fileResponse(file, file.fileName);
});
