import type { ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { AppError, can, httpStatusOf, languages, respondentAgeGroups, respondentSexes } from '@kamkor/domain';
import { getDb, listProjectsForResponses, saveResponse } from '../db.server.ts';
import { requireUser } from '../utils/session.server.ts';

/**
 * Where the phone sends one queued response (POST only, form-encoded with the CSRF token and a JSON
 * `payload`; the server's CSRF check reads `_csrf` from form bodies only). Answers JSON with the
 * outcome: saved, already (a resend), conflict (answers kept on the phone) or invalid.
 */
const answerValue = z.union([z.string().max(2000), z.number().finite(), z.array(z.string().max(200)).max(100)]);
const payloadSchema = z.object({
  clientId: z.string().uuid(),
  formId: z.string().min(1).max(200),
  versionNo: z.number().int().min(1).max(1_000_000),
  projectId: z.string().uuid(),
  visitNo: z.number().int().min(1).max(1_000_000).nullable(),
  adminUnitSoate: z.string().regex(/^\d{14}$/),
  sex: z.enum(respondentSexes).nullable(),
  ageGroup: z.enum(respondentAgeGroups).nullable(),
  answers: z.record(z.string().max(200), answerValue).refine((a) => Object.keys(a).length <= 500),
  language: z.enum(languages),
  answeredAt: z.string().max(40).nullable().optional(),
});

const MAX_PAYLOAD = 200_000;

export async function action({ request, params }: ActionFunctionArgs) {
  try {
    return await save(request, params.formId ?? '');
  } catch (err) {
    if (err instanceof Response) throw err;
    if (err instanceof AppError) return Response.json({ status: 'refused', messageKey: err.messageKey }, { status: httpStatusOf[err.code] });
    throw err;
  }
}

async function save(request: Request, formId: string) {
  const user = await requireUser(request);
  // Denied before anything is read: only officers who monitor some project send responses.
  if (!can(user, 'view', { type: 'questionnaire' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const db = await getDb();
  if (!(await listProjectsForResponses(db, user, 'create')).length) throw new AppError('NOT_FOUND', 'errors.notFound');
  const form = await request.formData();
  const raw = form.get('payload');
  if (typeof raw !== 'string' || raw.length > MAX_PAYLOAD) return Response.json({ status: 'invalid', errors: [{ name: '', messageKey: 'errors.invalid' }] }, { status: 400 });
  let parsed: z.infer<typeof payloadSchema>;
  try {
    parsed = payloadSchema.parse(JSON.parse(raw));
  } catch {
    return Response.json({ status: 'invalid', errors: [{ name: '', messageKey: 'errors.invalid' }] }, { status: 400 });
  }
  if (parsed.formId !== formId) throw new AppError('NOT_FOUND', 'errors.notFound');
  const result = await db.transaction().execute((trx) => saveResponse(trx, user, parsed));
  return Response.json(result, { status: result.status === 'invalid' ? 400 : 200, headers: { 'Cache-Control': 'no-store' } });
}

export const loader = () => {
  throw new Response(null, { status: 405 });
};
