import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { AppError, can, frequencies, localName, projectSchema } from '@kamkor/domain';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { getDb, createProject, listContractParties } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { formError, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser, type CurrentUser } from '../utils/session.server.ts';

const mayRegister = (user: CurrentUser) =>
  user.memberships.some((m) => can(user, 'create', { type: 'project', id: 'new', contractorId: '', customerId: m.organisationId, adminUnitSoates: [] }));

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(mayRegister(user));
  return listContractParties(await getDb());
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(mayRegister(user));
  const parsed = await parseForm(request, projectSchema);
  if (!parsed.ok) return invalid(parsed);
  const db = await getDb();
  try {
    const id = await db.transaction().execute((trx) => createProject(trx, user, parsed.data));
    return redirect(`/projects/${id}`);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return invalid({ errors: { customerId: 'errors.notFound' }, values: Object.fromEntries([...parsed.form.entries()].map(([k, v]) => [k, String(v)])) });
    if (err instanceof AppError && err.messageKey === 'results:errors.codeTaken') return formError(err, parsed.form, 'code');
    return formError(err, parsed.form);
  }
});

export default function NewProject() {
  const t = useT();
  const lang = useLang();
  const { contractors, customers } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section>
      <h1>{t('results:projects.register')}</h1>
      <p>{t('results:projects.registerHelp')}</p>
      <ErrorSummary state={state} />
      <Form method="post" className="card" noValidate>
        <CsrfInput />
        <Field name="code" label={t('results:projects.code')} state={state} required />
        <Field name="name_ky" label={t('results:projects.nameKy')} state={state} required />
        <Field name="name_ru" label={t('results:projects.nameRu')} state={state} required />
        <Field name="name_en" label={t('results:projects.nameEn')} state={state} />
        <Field name="contractorId" label={t('results:projects.contractor')} state={state} as="select" required>
          <option value="" />
          {contractors.map((o) => <option key={o.id} value={o.id}>{localName(o, lang)}</option>)}
        </Field>
        <Field name="customerId" label={t('results:projects.customer')} state={state} as="select" required>
          <option value="" />
          {customers.map((o) => <option key={o.id} value={o.id}>{localName(o, lang)}</option>)}
        </Field>
        <Field name="amount" label={t('results:projects.amount')} state={state} inputMode="decimal" required />
        <Field name="startDate" label={t('results:projects.start')} state={state} hint="DD.MM.YYYY" required />
        <Field name="endDate" label={t('results:projects.end')} state={state} hint="DD.MM.YYYY" required />
        <Field name="frequency" label={t('results:projects.frequency')} state={state} as="select" defaultValue="quarterly" required>
          {frequencies.map((f) => <option key={f} value={f}>{t(`results:frequency.${f}`)}</option>)}
        </Field>
        <Field name="territories" label={t('results:projects.territories')} hint={t('results:projects.territoriesHint')} state={state} required />
        <div className="field">
          <label><input type="checkbox" name="signed" defaultChecked={state?.values?.signed === 'on'} /> {t('results:projects.signed')}</label>
        </div>
        <button type="submit" className="primary">{t('actions.create')}</button>
      </Form>
    </section>
  );
}
