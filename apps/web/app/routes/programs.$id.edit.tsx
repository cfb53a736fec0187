import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { formatNumber, fundingSources, programHeaderSchema } from '@kamkor/domain';
import { updateProgramHeader } from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { FormAlert } from '../components/program.tsx';
import { useLang, useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { appErrorFields, loadProgram } from '../utils/program.server.ts';
import { requireUser } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request, params }) => {
  await requireUser(request);
  const { program } = await loadProgram(request, params.id, 'update');
  return { program };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { db, program, lang } = await loadProgram(request, params.id, 'update');
  const form = await request.formData();
  form.set('customerId', program.customer_id);
  const parsed = await parseForm(request, programHeaderSchema, form);
  if (!parsed.ok) return invalid(parsed);
  try {
    await db.transaction().execute((trx) => updateProgramHeader(trx, user, program.id, parsed.data));
  } catch (err) {
    const failure = appErrorFields(err, lang);
    if (!failure) throw err;
    return data({ ok: false as const, errors: failure.errors, values: Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])), params: failure.params }, { status: 400 });
  }
  return redirect(`/programs/${program.id}`);
});

export default function EditProgram() {
  const t = useT();
  const lang = useLang();
  const { program } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const params = state && 'params' in state ? (state.params as Record<string, unknown>) : undefined;
  return (
    <section className="narrow">
      <p className="eyebrow">
        <Link to={`/programs/${program.id}`}>{program.title}</Link>
      </p>
      <h1>{t('program:edit.title')}</h1>
      <Form method="post" className="card" noValidate>
        <CsrfInput />
        {state?.errors?._form ? <FormAlert messageKey={state.errors._form} params={params} /> : <ErrorSummary state={state} />}
        <Field name="title" label={t('program:fields.title')} state={state} required defaultValue={program.title} />
        <Field name="yearFrom" label={t('program:fields.yearFrom')} state={state} required inputMode="numeric" defaultValue={program.year_from} />
        <Field name="yearTo" label={t('program:fields.yearTo')} hint={t('program:new.periodHint')} state={state} required inputMode="numeric" defaultValue={program.year_to} />
        <Field name="fundingSource" label={t('program:fields.fundingSource')} as="select" state={state} required defaultValue={program.funding_source}>
          {fundingSources.map((f) => (
            <option key={f} value={f}>
              {t(`program:fundingSources.${f}`)}
            </option>
          ))}
        </Field>
        <Field name="ceiling" label={t('program:fields.ceilingSom')} state={state} required inputMode="decimal" defaultValue={formatNumber(program.ceiling_tyiyn / 100, lang, 2)} />
        <button type="submit" className="primary">
          {t('actions.save')}
        </button>
      </Form>
    </section>
  );
}
