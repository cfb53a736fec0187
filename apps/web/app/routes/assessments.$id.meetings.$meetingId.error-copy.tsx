import { AppError, can } from '@kamkor/domain';
import { assessmentResource, getMeeting } from '../db.server.ts';
import { findErrorCopy } from '../services.server.ts';
import { assessmentFor } from '../utils/assessment.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { assertCan } from '../utils/session.server.ts';

/** The uploaded tally with each error marked in its cell (kept by the dry run), for the uploader to fix and send again. */
export const loader = resourceLoader(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view_draft');
  assertCan(can(user, 'import', assessmentResource(assessment)));
  await getMeeting(db, assessment.id, params.meetingId ?? '');
  // Only its uploader may fetch it.
  const file = await findErrorCopy(db, new URL(request.url).searchParams.get('file') ?? '', user!.userId);
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  return fileResponse(file.data, file.fileName);
});
