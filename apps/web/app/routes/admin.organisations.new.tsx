import { redirect } from '@remix-run/node';
import { createOrganisation, listAdminUnits, getDb } from '../db.server.ts';
import { useActionData, useLoaderData } from '@remix-run/react';
import { can, organisationSchema } from '@kamkor/domain';
import { OrganisationForm } from '../components/organisation-form.tsx';
import { useT } from '../i18n.ts';
import { formError, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';

const resource = { type: 'organisation', id: 'new', kind: 'other' } as const;

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'create', resource));
  return { units: await listAdminUnits(await getDb(), { levels: ['country', 'oblast', 'city_republican', 'rayon', 'city', 'aiyl_aimak'] }) };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'create', resource));
  const parsed = await parseForm(request, organisationSchema);
  if (!parsed.ok) return invalid(parsed);
  const db = await getDb();
  try {
    const org = await db.transaction().execute((trx) => createOrganisation(trx, user.userId, parsed.data));
    return redirect(`/organisations/${org.id}`);
  } catch (err) {
    if (String((err as Error).message).includes('organisation_inn_key') || String((err as { code?: string }).code) === '23505') {
      return invalid({ errors: { inn: 'errors.innTaken' }, values: Object.fromEntries([...parsed.form.entries()].map(([k, v]) => [k, String(v)])) });
    }
    return formError(err, parsed.form);
  }
});

export default function NewOrganisation() {
  const t = useT();
  const { units } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section>
      <h1>{t('organisations.add')}</h1>
      <OrganisationForm state={state} units={units} submitLabel={t('actions.create')} />
    </section>
  );
}
