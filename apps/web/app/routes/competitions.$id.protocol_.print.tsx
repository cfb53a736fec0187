import { Link, useLoaderData } from '@remix-run/react';
import { formatDateTime, formatMoney, formatNumber, localName } from '@kamkor/domain';
import { TableWrap } from '../components/table-wrap.tsx';
import { useLang, useT } from '../i18n.ts';
import { protocolData } from '../utils/commission.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';

/**
 * The protocol on A4 (the print stylesheet hides the site's chrome): the commission, every score, the
 * totals, the ranking with the tie-break rule and the decision, with lines for signatures. Codes only
 * until the secretary records it as signed; 404 while scoring is open and for anyone off the commission
 * (the customer's side reads it once signed).
 */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  return protocolData(user, params.id ?? '');
});

export default function ProtocolPrint() {
  const t = useT();
  const lang = useLang();
  const r = useLoaderData<typeof loader>();
  const c = r.competition;
  const nameOf = (userId: string) => r.commission.find((m) => m.userId === userId)?.fullName ?? '';
  const winners = r.rows.filter((x) => x.winner);
  const scores = [...r.scores].sort((a, b) => a.code.localeCompare(b.code) || nameOf(a.userId).localeCompare(nameOf(b.userId)));
  return (
    <article className="print-page protocol-print">
      <p className="no-print inline-actions">
        <Link to={`/competitions/${c.id}/results`}>← {t('competition:results.title')}</Link>{' '}
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('competition:results.printNow')}
        </button>
      </p>
      <header>
        <h1>{t('competition:results.protocolHeading', { title: c.title })}</h1>
        <dl className="facts">
          <dt>{t('competition:fields.lotBudget')}</dt>
          <dd>{formatMoney(c.lot, lang)}</dd>
          <dt>{t('competition:results.thresholdLabel')}</dt>
          <dd>{c.threshold}</dd>
          <dt>{t('competition:results.closedLabel')}</dt>
          <dd>{c.scoringClosedAt ? formatDateTime(c.scoringClosedAt) : ''}</dd>
          <dt>{t('competition:results.signedLabel')}</dt>
          <dd>{c.signedAt ? formatDateTime(c.signedAt) : t('competition:results.notSigned')}</dd>
        </dl>
      </header>
      <section aria-labelledby="p-commission">
        <h2 id="p-commission">{t('competition:page.commission')}</h2>
        <ul>
          {r.commission.map((m) => (
            <li key={m.userId}>
              {m.fullName} — {t(`competition:roles.${m.role}`)}, {t(`competition:sectors.${m.sector}`)}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="p-scores">
        <h2 id="p-scores">{t('competition:results.scoresTitle')}</h2>
        <TableWrap label={t('competition:results.scoresTitle')}>
          <table id="scores">
            <thead>
              <tr>
                <th scope="col">{t('competition:fields.code')}</th>
                <th scope="col">{t('competition:results.member')}</th>
                {r.criteria.map((k) => (
                  <th scope="col" className="num" key={k.id}>
                    {t(`competition:criteria.${k.code}`)} <span className="hint">(0–{k.maxPoints}; {k.weight}%)</span>
                  </th>
                ))}
                <th scope="col" className="num">{t('competition:results.memberTotal')}</th>
                <th scope="col">{t('competition:scoring.comment')}</th>
              </tr>
            </thead>
            <tbody>
              {scores.map((s) => (
                <tr key={`${s.applicationId}-${s.userId}`}>
                  <td>{s.code}</td>
                  <td>{nameOf(s.userId)}</td>
                  {r.criteria.map((k) => (
                    <td className="num" key={k.id}>
                      {s.points[k.id] ?? ''}
                    </td>
                  ))}
                  <td className="num">{formatNumber(r.rows.find((x) => x.applicationId === s.applicationId)?.memberTotals.find((m) => m.userId === s.userId)?.total ?? 0, lang, 2)}</td>
                  <td>{s.comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section aria-labelledby="p-ranking">
        <h2 id="p-ranking">{t('competition:results.rankingTable')}</h2>
        <p className="hint">{t('competition:protocol.tieBreak')}</p>
        <TableWrap label={t('competition:results.rankingTable')}>
          <table id="ranking">
            <thead>
              <tr>
                <th scope="col">{t('competition:protocol.rank')}</th>
                <th scope="col">{t('competition:fields.code')}</th>
                {c.signedAt ? <th scope="col">{t('competition:fields.organisation')}</th> : null}
                <th scope="col" className="num">{t('competition:protocol.total')}</th>
                <th scope="col" className="num">{t('competition:results.spread')}</th>
                <th scope="col" className="num">{t('competition:fields.requested')}</th>
                <th scope="col">{t('competition:protocol.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {r.rows.map((x) => (
                <tr key={x.applicationId}>
                  <td>{x.rank}</td>
                  <td>{x.code}</td>
                  {c.signedAt ? <td>{x.organisation ? localName(x.organisation, lang) : ''}</td> : null}
                  <td className="num">{formatNumber(x.total, lang, 2)}</td>
                  <td className="num">
                    {formatNumber(x.spread, lang, 2)}
                    {x.disagreement ? ` — ${t('competition:results.disagreement')}` : ''}
                  </td>
                  <td className="num">{formatMoney(x.requested, lang)}</td>
                  <td>
                    {x.winner ? t('competition:protocol.winner') : t('competition:protocol.notWinner')}
                    {x.override ? ` (${t('competition:results.overridden', { reason: x.override.reason })})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section aria-labelledby="p-decision">
        <h2 id="p-decision">{t('competition:protocol.decision')}</h2>
        <p id="decision">
          {t('competition:results.decisionLine', { count: winners.length, codes: winners.map((w) => w.code).join(', ') || '—', total: formatMoney(winners.reduce((s, w) => s + w.requested, 0), lang) })}
        </p>
      </section>
      <section className="signatures">
        {r.commission.map((m) => (
          <p key={m.userId}>
            {t(`competition:roles.${m.role}`)}: {m.fullName} ______________________
          </p>
        ))}
      </section>
    </article>
  );
}
