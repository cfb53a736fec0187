import { data, redirect } from '@remix-run/node';
import { AppError, builderToQuestionnaire, can, parseBuilderBody, type Actor } from '@kamkor/domain';
import { getDb, saveQuestionnaireVersion } from '../db.server.ts';

/**
 * The builder's POST: authorised before the body is read (404 otherwise), the JSON checked with the
 * domain's builderSchema (size first), saved as a new version of the questionnaire (audited), then
 * back to the questionnaire's page. `formId` fixes the form id when editing; a new form may not
 * reuse an existing id.
 */
export async function saveBuiltQuestionnaire(request: Request, user: Actor, opts: { formId: string | null }) {
  if (!can(user, 'import', { type: 'questionnaire' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const form = await request.formData();
  const raw = form.get('definition');
  const parsed = parseBuilderBody(raw);
  const echo = echoable(raw);
  if (!parsed.ok) return data({ errors: parsed.errors, definition: echo }, { status: 400 });
  const db = await getDb();
  if (opts.formId !== null && parsed.form.formId !== opts.formId) return data({ errors: [{ path: 'formId', messageKey: 'errors.invalid' }], definition: echo }, { status: 400 });
  if (opts.formId === null) {
    const taken = await db.selectFrom('monitoring_questionnaire').select('id').where('form_id', '=', parsed.form.formId).executeTakeFirst();
    if (taken) return data({ errors: [{ path: 'formId', messageKey: 'monitoring:builder.errors.duplicate' }], definition: echo }, { status: 400 });
  }
  const questionnaire = builderToQuestionnaire(parsed.form);
  const saved = await db.transaction().execute((trx) => saveQuestionnaireVersion(trx, user, { questionnaire, issues: [], fileName: null }));
  return redirect(`/monitoring/questionnaires/${encodeURIComponent(saved.formId)}?version=${saved.versionNo}`);
}

const isLabels = (l: unknown) => !!l && typeof l === 'object' && ['ky', 'ru', 'en'].every((k) => typeof (l as Record<string, unknown>)[k] === 'string');
const isQuestion = (q: unknown): boolean => {
  const x = q as Record<string, unknown>;
  return !!x && x.kind === 'question' && typeof x.name === 'string' && typeof x.type === 'string' && isLabels(x.label) && isLabels(x.hint) && typeof x.min === 'string' && typeof x.max === 'string' && Array.isArray(x.choices) && (x.choices as unknown[]).every((c) => !!c && typeof (c as { name?: unknown }).name === 'string' && isLabels((c as { label?: unknown }).label));
};
/** The posted form handed back to the builder only when it has the builder's shape (so the page can render it). */
function echoable(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 400_000) return null;
  try {
    const f = JSON.parse(raw) as Record<string, unknown>;
    const ok =
      !!f && typeof f.title === 'string' && typeof f.formId === 'string' && typeof f.defaultLanguage === 'string' && Array.isArray(f.items) &&
      (f.items as unknown[]).every((i) => isQuestion(i) || (!!i && (i as { kind?: unknown }).kind === 'group' && typeof (i as { name?: unknown }).name === 'string' && isLabels((i as { label?: unknown }).label) && Array.isArray((i as { items?: unknown }).items) && ((i as { items: unknown[] }).items).every(isQuestion)));
    return ok ? raw : null;
  } catch {
    return null;
  }
}
