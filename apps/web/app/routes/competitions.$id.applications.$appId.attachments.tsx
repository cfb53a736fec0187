import { redirect } from '@remix-run/node';
import { AppError } from '@kamkor/domain';
import { attachToApplication } from '../services.server.ts';
import { getApplicationForActor, getDb, markAttachmentAnonymised, openAttachment, removeAttachment } from '../db.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, type CurrentUser } from '../utils/session.server.ts';
import { readUpload } from '../utils/upload.server.ts';

async function applicationFor(user: CurrentUser, competitionId: string | undefined, id: string | undefined, action: 'view' | 'update' = 'view') {
  const a = await getApplicationForActor(await getDb(), user, id ?? '', action);
  if (a.competition_id !== competitionId) throw new AppError('NOT_FOUND', 'errors.notFound');
  return a;
}

/** Downloads an attachment as uploaded (`?id=`): the NGO and the customer side, whoever may read the application. */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const a = await applicationFor(user, params.id, params.appId);
  const file = await openAttachment(await getDb(), user, a.id, new URL(request.url).searchParams.get('id') ?? '');
  if (!file) throw new AppError('NOT_FOUND', 'errors.notFound');
  return fileResponse(file, file.fileName);
});

const KNOWN = new Set(['competition:content.errors.attachmentType', 'competition:content.errors.attachmentTooLarge', 'competition:content.errors.tooManyAttachments']);

/**
 * Attaches (multipart, the NGO while it edits), removes (the NGO) or marks anonymised (the commission's
 * secretary) — authorised before an upload is read; back to the application page.
 */
export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const a = await applicationFor(user, params.id, params.appId);
  const back = (notice: string) => redirect(`/competitions/${a.competition_id}/applications/${a.id}?attachment=${notice}#attachments`);
  const multipart = (request.headers.get('Content-Type') ?? '').toLowerCase().startsWith('multipart/form-data');
  try {
    if (multipart) {
      await applicationFor(user, params.id, params.appId, 'update');
      const upload = await readUpload(request);
      if (!upload.ok) return back('attachmentTooLarge');
      if (!upload.file || upload.file.size === 0) return back('attachmentMissing');
      await db.transaction().execute((trx) => attachToApplication(trx, user, a.id, { name: upload.file!.name, data: upload.file!.data }));
      return back('added');
    }
    const form = await request.formData();
    const intent = String(form.get('intent') ?? '');
    const id = String(form.get('id') ?? '');
    if (intent === 'remove') {
      await db.transaction().execute((trx) => removeAttachment(trx, user, a.id, id));
      return back('removed');
    }
    if (intent === 'anonymised') {
      await db.transaction().execute((trx) => markAttachmentAnonymised(trx, user, a.competition_id, id));
      return back('marked');
    }
    // Nothing named: denied for those who may not act on the application, otherwise nothing to do.
    await applicationFor(user, params.id, params.appId, 'update');
    return back('attachmentMissing');
  } catch (err) {
    if (err instanceof AppError && err.code === 'INVALID' && KNOWN.has(err.messageKey)) return back(err.messageKey.split('.').pop()!);
    throw err;
  }
});
