import { AppError, can } from '@kamkor/domain';
import { assessmentResource, findProblemPhotoFile } from '../db.server.ts';
import { assessmentFor } from '../utils/assessment.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';

/** A problem photo, served only to those who may view its assessment. */
export const loader = resourceLoader(async ({ request, params }) => {
  const { db, assessment } = await assessmentFor(request, params.id, 'view_draft');
  const file = await findProblemPhotoFile(db, assessment.id, params.photoId ?? '');
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  const response = fileResponse(file, file.fileName);
  response.headers.set('Cache-Control', can(null, 'view', assessmentResource(assessment)) ? 'public, max-age=3600' : 'private, max-age=600');
  return response;
});
