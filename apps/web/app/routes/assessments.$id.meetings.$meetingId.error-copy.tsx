import { AppError, can } from '@kamkor/domain';
import { assessmentResource, databaseStorage, getMeeting, isUuid, listProblems } from '../db.server.ts';
import { markErrorsInWorkbook, readTallyWorkbook } from '../excel.server.ts';
import { getT } from '../i18n.ts';
import { assessmentFor, download } from '../utils/assessment.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, resolveLanguage } from '../utils/session.server.ts';

/** The uploaded tally with each error marked in its cell, for the uploader to fix and send again. */
export const loader = wrapLoader(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view');
  assertCan(can(user, 'import', assessmentResource(assessment)));
  const meeting = await getMeeting(db, assessment.id, params.meetingId ?? '');
  const fileId = new URL(request.url).searchParams.get('file') ?? '';
  const owner = isUuid(fileId) ? await db.selectFrom('stored_file').select('created_by').where('id', '=', fileId).executeTakeFirst() : undefined;
  const file = owner && owner.created_by === user!.userId ? await databaseStorage(db).get(fileId) : null;
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  const problems = await listProblems(db, assessment.id);
  const read = await readTallyWorkbook(file.data, { meetingId: meeting.id, problemNumbers: problems.map((p) => p.number) });
  if (!read.ok) throw new AppError('INVALID', read.messageKey);
  const t = getT(resolveLanguage(request, user));
  const marked = await markErrorsInWorkbook(file.data, read.errors.map((e) => ({ sheet: e.sheet, cell: e.cell, message: t(e.messageKey, e.params) })));
  return download(marked, `errors-${file.fileName}`);
});
