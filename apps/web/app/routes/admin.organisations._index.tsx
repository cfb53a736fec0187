import { Link, useLoaderData, useSearchParams, Form } from '@remix-run/react';
import { listOrganisations, getDb } from '../db.server.ts';
import { can, localName, organisationKinds, type OrganisationKind } from '@kamkor/domain';
import { useLang, useT } from '../i18n.ts';
import { loader as wrap } from '../utils/http.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrap(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'view', { type: 'admin_screen', screen: 'organisations' }));
  const kind = new URL(request.url).searchParams.get('kind');
  const orgs = await listOrganisations(await getDb(), {
    kind: organisationKinds.includes(kind as OrganisationKind) ? (kind as OrganisationKind) : undefined,
  });
  return { orgs, canCreate: can(user, 'create', { type: 'organisation', id: 'new', kind: 'other' }) };
});

export default function Organisations() {
  const t = useT();
  const lang = useLang();
  const { orgs, canCreate } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section>
      <div className="page-head">
        <h1>{t('organisations.title')}</h1>
        {canCreate ? <Link className="button primary" to="/admin/organisations/new">{t('organisations.add')}</Link> : null}
      </div>
      <Form method="get" className="filters">
        <label htmlFor="kind">{t('organisations.kind')}</label>
        <select id="kind" name="kind" defaultValue={params.get('kind') ?? ''}>
          <option value="">{t('filters.all')}</option>
          {organisationKinds.map((k) => (
            <option key={k} value={k}>{t(`organisationKinds.${k}`)}</option>
          ))}
        </select>
        <button type="submit">{t('filters.apply')}</button>
      </Form>
      <ExportLinks source="organisations" />
      {orgs.length === 0 ? (
        <p className="empty-state">{t('organisations.empty')}</p>
      ) : (
        <TableWrap label={t('organisations.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('organisations.name')}</th>
                <th scope="col">{t('organisations.kind')}</th>
                <th scope="col">{t('organisations.inn')}</th>
              </tr>
            </thead>
            <tbody>
              {orgs.map((o) => (
                <tr key={o.id}>
                  <td><Link to={`/organisations/${o.id}`}>{localName(o, lang)}</Link></td>
                  <td>{t(`organisationKinds.${o.kind}`)}</td>
                  <td>{o.inn ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
