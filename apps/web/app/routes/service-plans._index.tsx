import { Link, useLoaderData } from '@remix-run/react';
import { can, localName, municipalWorkScope, percentRounded, formatMoney, formatPercent } from '@kamkor/domain';
import { getDb, listServicePlansForActor } from '../db.server.ts';
import { Pager } from '../components/pager.tsx';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  const db = await getDb();
  // Visibility (the policy's municipalWorkScope) and paging are in the query; the totals cover every visible plan.
  const list = await listServicePlansForActor(db, user, { page: Number(new URL(request.url).searchParams.get('page')) || 1 });
  const canCreate = municipalWorkScope(user).municipalityIds.some((id) => can(user, 'create', { type: 'service_plan', id: 'new', municipalityId: id }));
  return { plans: list.items, totals: { own: list.funding.own, total: list.funding.total }, page: { page: list.page, pageSize: list.pageSize, total: list.total }, canCreate };
});

export default function ServicePlans() {
  const t = useT();
  const lang = useLang();
  const { plans, totals, canCreate, page } = useLoaderData<typeof loader>();
  const share = percentRounded(totals.own, totals.total, 1);
  return (
    <section>
      <div className="page-head">
        <h1>{t('assessment:plan.listTitle')}</h1>
        {canCreate ? <Link className="button primary" to="/service-plans/new">{t('assessment:plan.create')}</Link> : null}
      </div>
      <p className="lead">{t('assessment:plan.intro')}</p>
      {plans.length ? <ExportLinks source="servicePlans" params="" /> : null}
      {plans.length === 0 ? (
        <p className="empty-state">{t('assessment:plan.empty')}</p>
      ) : (
        <TableWrap label={t('assessment:plan.listTitle')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('assessment:plan.title')}</th>
                <th scope="col">{t('assessment:fields.municipality')}</th>
                <th scope="col">{t('assessment:plan.years')}</th>
                <th scope="col" className="num">{t('assessment:plan.total')}</th>
                <th scope="col" className="num">{t('assessment:plan.own')}</th>
                <th scope="col" className="num">{t('assessment:plan.coFinancing')}</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => {
                const s = percentRounded(p.funding.own, p.funding.total, 1);
                return (
                  <tr key={p.id}>
                    <td><Link to={`/service-plans/${p.id}`}>{p.title}</Link></td>
                    <td>{localName({ name_ky: p.municipality_name_ky, name_ru: p.municipality_name_ru, name_en: p.municipality_name_en }, lang)}</td>
                    <td>{p.year_from === p.year_to ? p.year_from : `${p.year_from}–${p.year_to}`}</td>
                    <td className="num">{formatMoney(p.funding.total, lang)}</td>
                    <td className="num">{formatMoney(p.funding.own, lang)}</td>
                    <td className="num">{s === null ? '–' : formatPercent(s, lang, 1)}</td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>{t('assessment:plan.allPlans', { count: page.total })}</th>
                <td className="num">{formatMoney(totals.total, lang)}</td>
                <td className="num">{formatMoney(totals.own, lang)}</td>
                <td className="num">{share === null ? '–' : formatPercent(share, lang, 1)}</td>
              </tr>
            </tfoot>
          </table>
        </TableWrap>
      )}
      <Pager {...page} />
    </section>
  );
}
