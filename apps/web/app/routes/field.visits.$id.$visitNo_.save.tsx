import type { ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { AppError, can, httpStatusOf } from '@kamkor/domain';
import { getDb, getVisitForActor, syncVisitRecord, VisitSyncConflict } from '../db.server.ts';
import { requireUser } from '../utils/session.server.ts';

/**
 * Where the phone sends one queued visit record (POST only, form-encoded with the CSRF token and a JSON
 * `payload`, like the questionnaire responses). Answers JSON: saved, already (a resend), conflict (the
 * visit was finalised or its checklist version differs; nothing written, answers kept on the phone),
 * invalid (with messages per field) or refused (404).
 */
const fieldName = z.string().max(120).regex(/^(visitDate|participants|summary|item\.[A-Za-z0-9_]{1,80}|note\.[A-Za-z0-9_]{1,80})$/);
const payloadSchema = z.object({
  clientId: z.string().uuid(),
  projectId: z.string().uuid(),
  visitNo: z.number().int().min(1).max(1_000_000),
  templateVersion: z.number().int().min(1).max(1_000_000),
  fields: z.record(fieldName, z.string().max(4000)).refine((f) => Object.keys(f).length <= 400),
});

const MAX_PAYLOAD = 200_000;

export async function action({ request, params }: ActionFunctionArgs) {
  try {
    return await save(request, params.id ?? '', params.visitNo ?? '');
  } catch (err) {
    if (err instanceof Response) throw err;
    if (err instanceof VisitSyncConflict) return Response.json({ status: 'conflict', conflict: err.conflict }, { headers: { 'Cache-Control': 'no-store' } });
    if (err instanceof AppError) return Response.json({ status: 'refused', messageKey: err.messageKey }, { status: httpStatusOf[err.code] });
    throw err;
  }
}

async function save(request: Request, projectId: string, visitNo: string) {
  const user = await requireUser(request);
  const db = await getDb();
  // Denied before the body is read: only the visit's recorders (were it still open) get further; a
  // final visit then answers a conflict for them, never a 404.
  const { resource } = await getVisitForActor(db, user, projectId, visitNo, 'view');
  if (!can(user, 'update', { ...resource, status: 'draft' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const form = await request.formData();
  const raw = form.get('payload');
  const bad = () => Response.json({ status: 'invalid', errors: { '': 'errors.invalid' } }, { status: 400 });
  if (typeof raw !== 'string' || raw.length > MAX_PAYLOAD) return bad();
  let parsed: z.infer<typeof payloadSchema>;
  try {
    parsed = payloadSchema.parse(JSON.parse(raw));
  } catch {
    return bad();
  }
  if (parsed.projectId !== projectId || String(parsed.visitNo) !== visitNo) throw new AppError('NOT_FOUND', 'errors.notFound');
  const result = await db.transaction().execute((trx) => syncVisitRecord(trx, user, parsed));
  return Response.json(result, { status: result.status === 'invalid' ? 400 : 200, headers: { 'Cache-Control': 'no-store' } });
}

export const loader = () => {
  throw new Response(null, { status: 405 });
};
