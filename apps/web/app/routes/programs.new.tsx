import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { can, fundingSources, localName, programHeaderSchema } from '@kamkor/domain';
import { createProgram, listOrganisations } from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { getDb } from '../db.server.ts';
import { useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser, resolveLanguage, type CurrentUser } from '../utils/session.server.ts';

/** Organisations the user may create programs for: those where they are a program or municipal officer. */
async function customersOf(user: CurrentUser) {
  const ids = [...new Set(user.memberships.map((m) => m.organisationId))];
  const canCreate = ids.filter((id) => can(user, 'create', { type: 'program', id: 'new', customerId: id, status: 'draft' }));
  assertCan(canCreate.length > 0);
  return listOrganisations(await getDb(), { ids: canCreate });
}

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  const lang = resolveLanguage(request, user);
  const orgs = await customersOf(user);
  return { customers: orgs.map((o) => ({ id: o.id, name: localName(o, lang), kind: o.kind })) };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  const orgs = await customersOf(user);
  const parsed = await parseForm(request, programHeaderSchema);
  if (!parsed.ok) return invalid(parsed);
  assertCan(orgs.some((o) => o.id === parsed.data.customerId));
  const db = await getDb();
  const row = await db.transaction().execute((trx) => createProgram(trx, user, parsed.data));
  return redirect(`/programs/${row.id}`);
});

export default function NewProgram() {
  const t = useT();
  const { customers } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const year = new Date().getFullYear() + 1;
  const municipal = customers.length > 0 && customers.every((c) => c.kind === 'municipality');
  return (
    <section className="narrow">
      <h1>{t('program:new.title')}</h1>
      <p>{t('program:new.help')}</p>
      <Form method="post" className="card" noValidate>
        <CsrfInput />
        <ErrorSummary state={state} />
        <Field name="customerId" label={t('program:fields.customer')} as="select" state={state} required defaultValue={customers[0]?.id}>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Field>
        <Field name="title" label={t('program:fields.title')} state={state} required defaultValue={t('program:new.defaultTitle', { year })} />
        <Field name="yearFrom" label={t('program:fields.yearFrom')} state={state} required inputMode="numeric" defaultValue={year} />
        <Field name="yearTo" label={t('program:fields.yearTo')} hint={t('program:new.periodHint')} state={state} required inputMode="numeric" defaultValue={year} />
        <Field name="fundingSource" label={t('program:fields.fundingSource')} as="select" state={state} required defaultValue={municipal ? 'local' : 'republican'}>
          {fundingSources.map((f) => (
            <option key={f} value={f}>
              {t(`program:fundingSources.${f}`)}
            </option>
          ))}
        </Field>
        <Field name="ceiling" label={t('program:fields.ceilingSom')} hint={t('program:new.ceilingHint')} state={state} required inputMode="decimal" />
        <button type="submit" className="primary">
          {t('actions.create')}
        </button>
      </Form>
    </section>
  );
}
