import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { adminUnitPath, findAdminUnit, listAdminUnits, getDb } from '../db.server.ts';
import { can, formatDate, localName } from '@kamkor/domain';
import { useLang, useT } from '../i18n.ts';
import { loader as wrap } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrap(async ({ request }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const url = new URL(request.url);
  const parent = url.searchParams.get('parent') ?? '41700000000000';
  const search = url.searchParams.get('q')?.trim() || undefined;
  const includeClosed = url.searchParams.get('closed') === '1';
  const units = search
    ? await listAdminUnits(db, { search, includeClosed })
    : await listAdminUnits(db, { parent, includeClosed });
  const current = await findAdminUnit(db, parent);
  return {
    units: units.slice(0, 500),
    current,
    path: current ? await adminUnitPath(db, parent, resolveLanguage(request, user)) : '',
    canImport: can(user, 'import', { type: 'admin_unit' }),
  };
});

export default function Territory() {
  const t = useT();
  const lang = useLang();
  const { units, current, path, canImport } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section>
      <div className="page-head">
        <h1>{t('territory.title')}</h1>
        {canImport ? <Link className="button" to="/admin/territory/import">{t('territory.import.title')}</Link> : null}
      </div>
      <Form method="get" className="filters" role="search">
        <label htmlFor="q">{t('territory.search')}</label>
        <input id="q" name="q" defaultValue={params.get('q') ?? ''} />
        <label>
          <input type="checkbox" name="closed" value="1" defaultChecked={params.get('closed') === '1'} /> {t('territory.includeClosed')}
        </label>
        <button type="submit">{t('filters.apply')}</button>
      </Form>
      {current && !params.get('q') ? (
        <p className="breadcrumbs">
          {current.parent_soate ? <Link to={`?parent=${current.parent_soate}`}>↑ {t('territory.up')}</Link> : null} {path || localName(current, lang)}
        </p>
      ) : null}
      {units.length === 0 ? (
        <p className="empty-state">{t('territory.empty')}</p>
      ) : (
        <>
          <ExportLinks source="territory" />
          <TableWrap label={t('territory.title')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('territory.code')}</th>
                  <th scope="col">{t('territory.name')}</th>
                  <th scope="col">{t('territory.level')}</th>
                  <th scope="col">{t('territory.validity')}</th>
                </tr>
              </thead>
              <tbody>
                {units.map((u) => (
                  <tr key={u.soate}>
                    <td><code>{u.soate}</code></td>
                    <td>
                      <Link to={`?parent=${u.soate}`}>{localName(u, lang)}</Link>
                    </td>
                    <td>{t(`levels.${u.level}`)}</td>
                    <td>
                      {formatDate(u.valid_from)} – {u.valid_to ? formatDate(u.valid_to) : ''}
                      {u.successor_soate ? <> → <Link to={`?q=${u.successor_soate}`}>{u.successor_soate}</Link></> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
