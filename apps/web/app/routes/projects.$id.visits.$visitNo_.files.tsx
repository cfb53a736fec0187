import { redirect } from '@remix-run/node';
import { AppError } from '@kamkor/domain';
import { addVisitFile, getDb, getVisitForActor, openVisitFile } from '../db.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { readUploadStreamed } from '../utils/upload.server.ts';

/** Downloads a file of a visit the user may view (`?id=`); 404 otherwise. */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const file = await openVisitFile(db, user, params.id ?? '', params.visitNo ?? '', new URL(request.url).searchParams.get('id') ?? '');
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  return fileResponse(file, file.fileName);
});

/** Attaches a file to a visit that is not final (its monitoring officers); authorised before the upload is read. */
export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const { project, visit } = await getVisitForActor(db, user, params.id ?? '', params.visitNo ?? '', 'update');
  const back = `/projects/${project.id}/visits/${visit.visit_no}`;
  // The file goes from the request to storage in chunks, never whole in memory.
  return readUploadStreamed(request, async (upload) => {
    if (!upload.ok || !upload.file) return redirect(`${back}?file=missing`);
    const file = upload.file;
    try {
      await db.transaction().execute((trx) =>
        addVisitFile(trx, user, project.id, visit.visit_no, { fileName: file.name, contentType: file.type || 'application/octet-stream', data: file.chunks(), size: file.size }),
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') return redirect(`${back}?file=tooMany`);
      throw err;
    }
    return redirect(`${back}?file=added`);
  });
});
