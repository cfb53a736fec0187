import { Link, useLoaderData } from '@remix-run/react';
import { can, localName, orgsWithRole, percentRounded, formatMoney, formatNumber } from '@kamkor/domain';
import { getDb, listServicePlans, servicePlanResource } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const plans = (await listServicePlans(db)).filter((p) => can(user, 'view', servicePlanResource(p)));
  const totals = plans.reduce((s, p) => ({ own: s.own + p.funding.own, total: s.total + p.funding.total }), { own: 0, total: 0 });
  return { plans, totals, canCreate: orgsWithRole(user, 'municipal_officer').length > 0 };
});

export default function ServicePlans() {
  const t = useT();
  const lang = useLang();
  const { plans, totals, canCreate } = useLoaderData<typeof loader>();
  const share = percentRounded(totals.own, totals.total, 1);
  return (
    <section>
      <div className="page-head">
        <h1>{t('assessment:plan.listTitle')}</h1>
        {canCreate ? <Link className="button primary" to="/service-plans/new">{t('assessment:plan.create')}</Link> : null}
      </div>
      <p className="lead">{t('assessment:plan.intro')}</p>
      {plans.length === 0 ? (
        <p className="empty-state">{t('assessment:plan.empty')}</p>
      ) : (
        <div className="table-wrap">
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
                    <td className="num">{s === null ? '–' : `${formatNumber(s, lang, 1)} %`}</td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>{t('assessment:plan.allPlans', { count: plans.length })}</th>
                <td className="num">{formatMoney(totals.total, lang)}</td>
                <td className="num">{formatMoney(totals.own, lang)}</td>
                <td className="num">{share === null ? '–' : `${formatNumber(share, lang, 1)} %`}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
