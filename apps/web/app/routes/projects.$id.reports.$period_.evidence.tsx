import { redirect } from '@remix-run/node';
import { AppError } from '@kamkor/domain';
import { addEvidence, databaseStorage, findEvidenceFile, getDb, isUuid } from '../db.server.ts';
import { action as wrapAction, resourceLoader } from '../utils/http.server.ts';
import { reportFor } from '../utils/results.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { readUploadStreamed } from '../utils/upload.server.ts';
import { fileResponse } from '../utils/download.server.ts';

/** Downloads an evidence file of a report the user may view. */
export const loader = resourceLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const { report } = await reportFor(user, params.id, params.period);
  // A missing or malformed id is a 404 and never reaches the database (it was a 500 from Postgres).
  const evidenceId = new URL(request.url).searchParams.get('id') ?? '';
  if (!isUuid(evidenceId)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const db = await getDb();
  const found = await findEvidenceFile(db, user, report.id, evidenceId);
  // findEvidenceFile asked the policy (the report is one the user may view).
  const file = found ? await databaseStorage(db).open(found.file_id, { policy: 'checked' }) : null;
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  return fileResponse(file, file.fileName);
});

/** Attaches an evidence file to the report or to one of its values (contractor, editable periods only). */
export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { project, report } = await reportFor(user, params.id, params.period, 'report');
  const back = `/projects/${project.id}/reports/${report.period_key}`;
  // The file goes from the request to storage in chunks, never whole in memory.
  return readUploadStreamed(request, async (upload) => {
    if (!upload.ok || !upload.file) return redirect(`${back}?done=evidence-missing`);
    const file = upload.file;
    const db = await getDb();
    const indicatorId = String(upload.form.get('indicatorId') ?? '') || null;
    await db.transaction().execute(async (trx) => {
      const fileId = await databaseStorage(trx).put({ fileName: file.name, contentType: file.type || 'application/octet-stream', data: file.chunks(), createdBy: user.userId, kind: 'evidence' });
      await addEvidence(trx, user, report.id, { indicatorId, fileId });
    });
    return redirect(`${back}?done=evidence`);
  });
});
