import { useLoaderData } from '@remix-run/react';
import { formatDateTime, formatMoney, formatNumber, localName } from '@kamkor/domain';
import { getDb, getPublicCompetition, getPublicResults } from '../db.server.ts';
import { StatusBadge } from '../components/competition.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';

/** The public announcement and, once the protocol is signed, the results and complaints: anyone, no login. */
export const loader = wrapLoader(async ({ params }) => {
  const db = await getDb();
  const c = await getPublicCompetition(db, params.id ?? '');
  return { ...c, results: await getPublicResults(db, c.id) };
});

export default function PublicCompetition() {
  const t = useT();
  const lang = useLang();
  const c = useLoaderData<typeof loader>();
  const r = c.results;
  return (
    <section>
      <p className="eyebrow">{t('competition:public.eyebrow')}</p>
      <h1>{c.title}</h1>
      <p>
        <StatusBadge status={c.status} label={t(`competition:statuses.${c.status}`)} />
      </p>
      <dl className="facts">
        <dt>{t('competition:fields.customer')}</dt>
        <dd>{localName({ name_ky: c.customer_name_ky, name_ru: c.customer_name_ru, name_en: c.customer_name_en }, lang)}</dd>
        <dt>{t('competition:fields.service')}</dt>
        <dd>{c.service_code}</dd>
        <dt>{t('competition:fields.goal')}</dt>
        <dd>{c.goal}</dd>
        <dt>{t('competition:fields.lotBudget')}</dt>
        <dd>{formatMoney(c.lot_budget_tyiyn, lang)}</dd>
        <dt>{t('competition:fields.maxAmount')}</dt>
        <dd>{formatMoney(c.max_amount_tyiyn, lang)}</dd>
        <dt>{t('competition:fields.window')}</dt>
        <dd>{t('competition:public.window', { opens: formatDateTime(c.opens_at), closes: formatDateTime(c.closes_at) })}</dd>
      </dl>
      <h2>{t('competition:fields.criteria')}</h2>
      <ul>
        {c.criteria.map((k) => (
          <li key={k.position}>{t('competition:criterionLine', { name: t(`competition:criteria.${k.code}`), weight: k.weight, max: k.max_points })}</li>
        ))}
      </ul>
      <p className="hint">{t('competition:public.anonymity')}</p>
      {r.published ? (
        <>
          <h2>{t('competition:results.publicTitle')}</h2>
          <p>{t('competition:results.publishedAt', { at: r.signedAt ? formatDateTime(r.signedAt) : '' })}</p>
          <h3>{t('competition:public.winners')}</h3>
          <TableWrap label={t('competition:results.tableLabel')}>
            <table>
              <thead>
                <tr>
                  <th scope="col" className="num">{t('competition:results.rank')}</th>
                  <th scope="col">{t('competition:fields.code')}</th>
                  <th scope="col">{t('competition:results.organisation')}</th>
                  <th scope="col">{t('competition:fields.projectTitle')}</th>
                  <th scope="col" className="num">{t('competition:results.amount')}</th>
                  <th scope="col" className="num">{t('competition:results.total')}</th>
                </tr>
              </thead>
              <tbody>
                {r.winners.map((w) => (
                  <tr key={w.code}>
                    <td className="num">{w.rank ?? ''}</td>
                    <td>{w.code}</td>
                    <td>{localName(w, lang)}</td>
                    <td>{w.title}</td>
                    <td className="num">{formatMoney(w.requested_tyiyn, lang)}</td>
                    <td className="num">{w.total === null ? '' : formatNumber(w.total, lang, 2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <h3>{t('competition:complaint.title')}</h3>
          {r.complaints.length === 0 ? (
            <p className="empty-state">{t('competition:complaint.none')}</p>
          ) : (
            <ul className="cards plain-list" aria-label={t('competition:complaint.tableLabel')}>
              {r.complaints.map((k) => (
                <li key={k.id} className="card">
                  <p>
                    <strong>{k.code}</strong> · {t('competition:complaint.filedAt', { at: formatDateTime(k.filed_at) })} ·{' '}
                    <StatusBadge status={k.status === 'upheld' ? 'awarded' : k.status === 'rejected' ? 'rejected' : 'evaluating'} label={t(`competition:complaint.statuses.${k.status}`)} />
                  </p>
                  {k.reasons ? (
                    <p>
                      {t('competition:complaint.reasons')}: {k.reasons}
                    </p>
                  ) : null}
                  {k.changed_decision ? (
                    <p>
                      {t('competition:complaint.changedDecision')}: {k.changed_decision}
                    </p>
                  ) : null}
                  {k.answered_at ? <p className="hint">{t('competition:complaint.answeredAt', { at: formatDateTime(k.answered_at) })}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      <p>
        <a href={`/public/competitions/${c.id}/ocds.json`} download>
          {t('competition:results.ocds')}
        </a>
      </p>
    </section>
  );
}
