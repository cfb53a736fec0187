import { redirect } from '@remix-run/node';
import { AppError, can, type Action } from '@kamkor/domain';
import { assessmentResource, findAssessment, findServicePlan, servicePlanResource } from '@kamkor/db';
import { getDb } from '../db.server.ts';
import { getCurrentUser } from './session.server.ts';

/**
 * The assessment of the URL, if the visitor may do `action` to it. Residents may read published
 * assessments without logging in; a visitor denied anything else is sent to log in, a logged-in user
 * denied gets 404 (never revealing that the id exists).
 */
export async function assessmentFor(request: Request, id: string | undefined, action: Action) {
  const user = await getCurrentUser(request);
  const db = await getDb();
  const a = await findAssessment(db, id ?? '');
  const allowed = !!a && can(user, action, assessmentResource(a));
  if (!allowed) {
    if (!user) {
      const url = new URL(request.url);
      throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
    }
    throw new AppError('NOT_FOUND', 'errors.notFound');
  }
  return { user, db, assessment: a! };
}

/** The same for a service plan (never public). */
export async function servicePlanFor(request: Request, id: string | undefined, action: Action) {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const db = await getDb();
  const plan = await findServicePlan(db, id ?? '');
  if (!plan || !can(user, action, servicePlanResource(plan))) throw new AppError('NOT_FOUND', 'errors.notFound');
  return { user, db, plan };
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file download response with a UTF-8 file name. */
export function download(bytes: Uint8Array, fileName: string, contentType = XLSX_TYPE): Response {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'private, no-store',
    },
  });
}
