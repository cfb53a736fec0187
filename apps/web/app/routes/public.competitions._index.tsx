import { Link, useLoaderData } from '@remix-run/react';
import { formatDateTime, formatMoney, localName } from '@kamkor/domain';
import { getDb, listPublicCompetitions } from '../db.server.ts';
import { StatusBadge } from '../components/competition.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';

/** The public list of competitions (announced, accepting, under way, with results); no login, no applicant names. */
export const loader = wrapLoader(async ({ request }) => {
  const page = Number(new URL(request.url).searchParams.get('page')) || 1;
  return { competitions: await listPublicCompetitions(await getDb(), { page }) };
});

export default function PublicCompetitions() {
  const t = useT();
  const lang = useLang();
  const { competitions } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('competition:publicList.title')}</h1>
      <p className="lead">{t('competition:publicList.intro')}</p>
      {competitions.length === 0 ? (
        <p className="empty-state">{t('competition:publicList.empty')}</p>
      ) : (
        <TableWrap label={t('competition:publicList.tableLabel')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('competition:fields.title')}</th>
                <th scope="col">{t('competition:fields.customer')}</th>
                <th scope="col">{t('competition:fields.status')}</th>
                <th scope="col">{t('competition:publicList.window')}</th>
                <th scope="col" className="num">{t('competition:fields.lotBudget')}</th>
              </tr>
            </thead>
            <tbody>
              {competitions.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/public/competitions/${c.id}`}>{c.title}</Link>
                  </td>
                  <td>{localName({ name_ky: c.customer_name_ky, name_ru: c.customer_name_ru, name_en: c.customer_name_en }, lang)}</td>
                  <td>
                    <StatusBadge status={c.status} label={t(`competition:statuses.${c.status}`)} />
                  </td>
                  <td>{t('competition:public.window', { opens: formatDateTime(c.opens_at), closes: formatDateTime(c.closes_at) })}</td>
                  <td className="num">{formatMoney(c.lot_budget_tyiyn, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p>
        <a href="/public/ocds.json" download>
          {t('competition:publicList.allOcds')}
        </a>
      </p>
    </section>
  );
}
