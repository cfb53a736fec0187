import { AppError } from '@kamkor/domain';
import { findProblemPhotoFile } from '../db.server.ts';
import { assessmentFor } from '../utils/assessment.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';

/** A problem photo, served only to those who may view its assessment. */
export const loader = wrapLoader(async ({ request, params }) => {
  const { db, assessment } = await assessmentFor(request, params.id, 'view');
  const file = await findProblemPhotoFile(db, assessment.id, params.photoId ?? '');
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  return new Response(file.data as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': file.contentType,
      'Cache-Control': assessment.stage === 'published' ? 'public, max-age=3600' : 'private, max-age=600',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
