import { redirect } from '@remix-run/node';
import { findOrganisation, listAdminUnits, updateOrganisation, getDb } from '../db.server.ts';
import { useActionData, useLoaderData } from '@remix-run/react';
import { can, organisationSchema, type OrganisationKind } from '@kamkor/domain';
import { OrganisationForm } from '../components/organisation-form.tsx';
import { useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';

async function load(request: Request, id: string) {
  const user = await requireUser(request);
  const org = await findOrganisation(await getDb(), id);
  assertCan(!!org && can(user, 'update', { type: 'organisation', id: org.id, kind: org.kind as OrganisationKind }));
  return { user, org: org! };
}

export const loader = wrapLoader(async ({ request, params }) => {
  const { org } = await load(request, params.id ?? '');
  return { org, units: await listAdminUnits(await getDb(), { levels: ['country', 'oblast', 'city_republican', 'rayon', 'city', 'aiyl_aimak'] }) };
});

export const action = wrapAction(async ({ request, params }) => {
  const { user, org } = await load(request, params.id ?? '');
  const parsed = await parseForm(request, organisationSchema);
  if (!parsed.ok) return invalid(parsed);
  const db = await getDb();
  await db.transaction().execute((trx) => updateOrganisation(trx, user.userId, org.id, parsed.data));
  return redirect(`/organisations/${org.id}`);
});

export default function EditOrganisation() {
  const t = useT();
  const { org, units } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section>
      <h1>{t('organisations.edit')}</h1>
      <OrganisationForm state={state} units={units} initial={org as unknown as Record<string, string | null>} submitLabel={t('actions.save')} />
    </section>
  );
}
