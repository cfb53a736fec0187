import { Link, useLoaderData } from '@remix-run/react';
import { adminUnitPath, findOrganisation, getDb } from '../db.server.ts';
import { can, localName, type OrganisationKind } from '@kamkor/domain';
import { useLang, useT } from '../i18n.ts';
import { loader as wrap } from '../utils/http.server.ts';
import { assertCan, requireUser, resolveLanguage } from '../utils/session.server.ts';

export const loader = wrap(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const org = await findOrganisation(db, params.id ?? '');
  // Unknown id and someone else's organisation look the same: 404.
  assertCan(!!org && can(user, 'view', { type: 'organisation', id: org.id, kind: org.kind as OrganisationKind }));
  const territory = org!.admin_unit_soate ? await adminUnitPath(db, org!.admin_unit_soate, resolveLanguage(request, user)) : null;
  return {
    org: org!,
    territory,
    canEdit: can(user, 'update', { type: 'organisation', id: org!.id, kind: org!.kind as OrganisationKind }),
  };
});

export default function OrganisationPage() {
  const t = useT();
  const lang = useLang();
  const { org, territory, canEdit } = useLoaderData<typeof loader>();
  return (
    <article>
      <p className="eyebrow">{t(`organisationKinds.${org.kind}`)}</p>
      <h1>{localName(org, lang)}</h1>
      <dl className="facts">
        {org.inn ? (<><dt>{t('organisations.inn')}</dt><dd>{org.inn}</dd></>) : null}
        {org.registration_no ? (<><dt>{t('organisations.registrationNo')}</dt><dd>{org.registration_no}</dd></>) : null}
        {territory ? (<><dt>{t('organisations.territory')}</dt><dd>{territory}</dd></>) : null}
        {org.address ? (<><dt>{t('organisations.address')}</dt><dd>{org.address}</dd></>) : null}
        {org.contacts ? (<><dt>{t('organisations.contacts')}</dt><dd>{org.contacts}</dd></>) : null}
      </dl>
      {canEdit ? (
        <p>
          <Link className="button" to={`/admin/organisations/${org.id}/edit`}>{t('actions.edit')}</Link>
        </p>
      ) : null}
    </article>
  );
}
