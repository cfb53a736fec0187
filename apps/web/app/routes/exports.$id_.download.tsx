import { databaseStorage, findExportJob, getDb } from '../db.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { AppError } from '@kamkor/domain';

/** The file of a finished background export: only for the user who asked for it, until it expires. */
export const loader = resourceLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const job = await findExportJob(db, user, params.id ?? '');
  const file = job?.status === 'done' && job.file_id ? await databaseStorage(db).open(job.file_id, { owner: user.userId, kind: 'export' }) : null;
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  return fileResponse(file, file.fileName);
});
