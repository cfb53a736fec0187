import { redirect } from '@remix-run/node';
import type { z } from 'zod';
import { AppError, can, type Action, type Actor } from '@kamkor/domain';
import { assessmentResource, findAssessment, findServicePlan, servicePlanResource, type Db } from '@kamkor/db';
import { getDb } from '../db.server.ts';
import { formError, invalid, parseForm } from './forms.server.ts';
import { action as wrapAction } from './http.server.ts';
import { assertCan, getCurrentUser } from './session.server.ts';

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

export { XLSX_TYPE } from './download.server.ts';

/**
 * The action of a stage page that lists records with an "add" form and a "delete" button per row
 * (focus groups, meetings): checks the right to edit, validates, writes in a transaction, and returns
 * a flash message or the form's errors with the user's input.
 */
export function addOrDeleteAction<S extends z.ZodTypeAny>(opts: {
  schema: S;
  /** Form field holding the id of the row to delete. */
  idField: string;
  /** Field that carries a refused write's message (e.g. the village). */
  errorField: string;
  add: (trx: Db, actor: Actor, assessmentId: string, data: z.infer<S>) => Promise<unknown>;
  remove: (trx: Db, actor: Actor, assessmentId: string, id: string) => Promise<unknown>;
  messages: { added: string; deleted: string };
}) {
  return wrapAction(async ({ request, params }) => {
    const { user, db, assessment } = await assessmentFor(request, params.id, 'update');
    assertCan(can(user, 'update', assessmentResource(assessment)));
    const form = await request.formData();
    if (form.get('intent') === 'delete') {
      await db.transaction().execute((trx) => opts.remove(trx, user!, assessment.id, String(form.get(opts.idField) ?? '')));
      return { ok: true as const, message: opts.messages.deleted };
    }
    const parsed = await parseForm(request, opts.schema, form);
    if (!parsed.ok) return invalid(parsed);
    try {
      await db.transaction().execute((trx) => opts.add(trx, user!, assessment.id, parsed.data));
    } catch (err) {
      return formError(err, form, opts.errorField);
    }
    return { ok: true as const, message: opts.messages.added };
  });
}
