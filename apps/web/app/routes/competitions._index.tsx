import { Link, useLoaderData } from '@remix-run/react';
import { formatDateTime, formatMoney, hasRole, orgsWithRole } from '@kamkor/domain';
import { getDb, listCommissionCompetitions, listCompetitionsForActor } from '../db.server.ts';
import { StatusBadge } from '../components/competition.tsx';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const db = await getDb();
  const page = Number(url.searchParams.get('page')) || 1;
  return {
    competitions: await listCompetitionsForActor(db, user, { page }),
    mine: hasRole(user, 'commission_member') ? await listCommissionCompetitions(db, user) : [],
    canCreate: orgsWithRole(user, 'program_officer', 'municipal_officer').length > 0,
  };
});

export default function Competitions() {
  const t = useT();
  const lang = useLang();
  const { competitions, mine, canCreate } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('competition:list.title')}</h1>
      <p>{t('competition:list.intro')}</p>
      {canCreate ? (
        <p>
          <Link to="/competitions/new" className="button primary">
            {t('competition:list.new')}
          </Link>
        </p>
      ) : null}
      {mine.length > 0 ? (
        <section className="card" aria-labelledby="mine">
          <h2 id="mine">{t('competition:list.mine')}</h2>
          <ul>
            {mine.map((c) => (
              <li key={c.id}>
                {/* The secretary does not score: their way in is the competition page (eligibility) and the results. */}
                <Link to={c.role === 'secretary' ? `/competitions/${c.id}` : `/competitions/${c.id}/scoring`}>{c.title}</Link> <StatusBadge status={c.status} label={t(`competition:statuses.${c.status}`)} />{' '}
                <span className="hint">{t(`competition:roles.${c.role}`)}</span>{' '}
                {c.conflicts_declared_at || c.role === 'secretary' ? null : <span className="hint">{t('competition:list.declareFirst')}</span>}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ExportLinks source="competitions" />
      {competitions.length === 0 ? (
        <p className="empty-state">{t('competition:list.empty')}</p>
      ) : (
        <TableWrap label={t('common:tableRegion')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('competition:fields.title')}</th>
                <th scope="col">{t('competition:fields.status')}</th>
                <th scope="col">{t('competition:fields.closesAt')}</th>
                <th scope="col" className="num">{t('competition:fields.lotBudget')}</th>
              </tr>
            </thead>
            <tbody>
              {competitions.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/competitions/${c.id}`}>{c.title}</Link>
                  </td>
                  <td>
                    <StatusBadge status={c.status} label={t(`competition:statuses.${c.status}`)} />
                  </td>
                  <td>{formatDateTime(c.closes_at)}</td>
                  <td className="num">{formatMoney(c.lot_budget_tyiyn, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
