import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { createUser, listOrganisations, getDb } from '../db.server.ts';
import { redirect } from '@remix-run/node';
import { can, localName, roles, userSchema } from '@kamkor/domain';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { formError, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';

const resource = { type: 'user' as const, id: 'new', organisationIds: [] as string[] };

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'manage', resource));
  return { orgs: await listOrganisations(await getDb()) };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'manage', resource));
  const parsed = await parseForm(request, userSchema);
  if (!parsed.ok) return invalid(parsed);
  const db = await getDb();
  try {
    const { token } = await db.transaction().execute((trx) => createUser(trx, user.userId, parsed.data));
    return redirect(`/admin/users?link=${encodeURIComponent(token)}`);
  } catch (err) {
    return formError(err, parsed.form, 'email');
  }
});

export default function NewUser() {
  const t = useT();
  const lang = useLang();
  const { orgs } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>{t('users.add')}</h1>
      <p>{t('users.addHelp')}</p>
      <ErrorSummary state={state} />
      <Form method="post" noValidate className="card">
        <CsrfInput />
        <Field name="full_name" label={t('people.fullName')} state={state} required />
        <Field name="email" label={t('auth.email')} type="email" state={state} required />
        <Field as="select" name="organisation_id" label={t('people.organisation')} state={state} required>
          <option value="">—</option>
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>{localName(o, lang)}</option>
          ))}
        </Field>
        <Field as="select" name="role" label={t('people.role')} state={state} required>
          <option value="">—</option>
          {roles.map((r) => (
            <option key={r} value={r}>{t(`roles.${r}`)}</option>
          ))}
        </Field>
        <button type="submit" className="primary">{t('actions.create')}</button>
      </Form>
    </section>
  );
}
