import { redirect } from '@remix-run/node';
import { AppError } from '@kamkor/domain';
import { addEvidence, databaseStorage, findEvidenceFile, getDb } from '../db.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { reportFor } from '../utils/results.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { readUpload } from '../utils/upload.server.ts';

/** Downloads an evidence file of a report the user may view. */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const { report } = await reportFor(user, params.id, params.period);
  const db = await getDb();
  const found = await findEvidenceFile(db, user, report.id, new URL(request.url).searchParams.get('id') ?? '');
  const file = found ? await databaseStorage(db).get(found.file_id) : null;
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  return new Response(file.data as unknown as BodyInit, {
    headers: { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"` },
  });
});

/** Attaches an evidence file to the report or to one of its values (contractor, editable periods only). */
export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { project, report } = await reportFor(user, params.id, params.period, 'report');
  const upload = await readUpload(request);
  const back = `/projects/${project.id}/reports/${report.period_key}`;
  if (!upload.ok || !upload.file) return redirect(`${back}?done=evidence-missing`);
  const db = await getDb();
  const indicatorId = String(upload.form.get('indicatorId') ?? '') || null;
  await db.transaction().execute(async (trx) => {
    const fileId = await databaseStorage(trx).put({ fileName: upload.file!.name, contentType: upload.file!.type || 'application/octet-stream', data: upload.file!.data, createdBy: user.userId });
    await addEvidence(trx, user, report.id, { indicatorId, fileId });
  });
  return redirect(`${back}?done=evidence`);
});
