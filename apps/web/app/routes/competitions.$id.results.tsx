import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { formatDateTime, formatMoney, formatNumber, localName, requiredText } from '@kamkor/domain';
import { closeScoring, getCommissionResults, getDb, overrideAward, signProtocol } from '../db.server.ts';
import { CompetitionErrors } from '../components/competition.tsx';
import { CsrfInput } from '../components/forms.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useLang, useT } from '../i18n.ts';
import { competitionFailure } from '../utils/competitions.server.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';

/**
 * The commission's page of a competition: while scoring is open, what is still missing (the chair
 * and the secretary see by whom, counts only) and the chair's "close scoring"; once closed, the
 * result by application code — every member's total, the mean, the rank, disagreement flags, the
 * budget cut-off and the chair's overrides with reasons — and the secretary's "record as signed".
 */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  return getCommissionResults(await getDb(), user, params.id ?? '');
});

const schemas = {
  close: z.object({}),
  override: z.object({ applicationId: z.uuid({ error: 'errors.invalid' }), winner: z.enum(['yes', 'no'], { error: 'errors.invalid' }), reason: requiredText(2000) }),
  sign: z.object({}),
};

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  // Denied (404) before anything is validated for everyone who may not read this page.
  const r = await getCommissionResults(db, user, params.id ?? '');
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  if (!(intent in schemas)) return invalid({ errors: { _form: 'errors.invalid' }, values: {} });
  const parsed = await parseForm(request, schemas[intent as keyof typeof schemas], form);
  if (!parsed.ok) return invalid(parsed);
  const id = r.competition.id;
  try {
    await db.transaction().execute(async (trx) => {
      if (intent === 'close') await closeScoring(trx, user, id);
      else if (intent === 'sign') await signProtocol(trx, user, id);
      else {
        const d = parsed.data as { applicationId: string; winner: 'yes' | 'no'; reason: string };
        await overrideAward(trx, user, id, d.applicationId, d.winner === 'yes', d.reason);
      }
    });
  } catch (err) {
    return competitionFailure(err, form, resolveLanguage(request, user));
  }
  return redirect(`/competitions/${id}/results`);
});

export default function CommissionResults() {
  const t = useT();
  const lang = useLang();
  const r = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const c = r.competition;
  const nameOf = (userId: string) => r.commission.find((m) => m.userId === userId)?.fullName ?? '';
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/competitions/${c.id}`}>{c.title}</Link>
      </p>
      <h1>{t('competition:results.title')}</h1>
      <CompetitionErrors state={state} />
      <section aria-labelledby="commission-seats">
        <h2 id="commission-seats">{t('competition:page.commission')}</h2>
        <ul>
          {r.commission.map((m) => (
            <li key={m.userId}>
              {m.fullName} — {t(`competition:roles.${m.role}`)}, {t(`competition:sectors.${m.sector}`)}
            </li>
          ))}
        </ul>
      </section>
      {r.sealed ? (
        <section className="card" aria-labelledby="progress">
          <h2 id="progress">{t('competition:results.progress')}</h2>
          <p>{t('competition:results.sealed')}</p>
          {r.missingCount === 0 ? <p>{t('competition:results.allIn')}</p> : <p>{t('competition:results.missingCount', { count: r.missingCount })}</p>}
          {r.missing.length > 0 ? (
            <ul id="missing">
              {r.missing.map((m) => (
                <li key={m.userId}>{m.undeclared ? t('competition:results.missingUndeclared', { name: m.fullName }) : t('competition:results.missingSheets', { name: m.fullName, count: m.count })}</li>
              ))}
            </ul>
          ) : null}
          {r.canClose ? (
            <Form method="post">
              <CsrfInput />
              <p className="hint">{t('competition:results.closeHint')}</p>
              <button type="submit" name="intent" value="close" className="primary">
                {t('competition:results.close')}
              </button>
            </Form>
          ) : null}
        </section>
      ) : (
        <>
          <p>
            {c.scoringClosedAt ? t('competition:results.closedAt', { at: formatDateTime(c.scoringClosedAt) }) : null}{' '}
            {c.signedAt ? t('competition:protocol.signedAt', { at: formatDateTime(c.signedAt) }) : t('competition:results.anonymousUntilSigned')}
          </p>
          <p className="hint" id="tie-break">{t('competition:protocol.tieBreak')}</p>
          <p className="hint">{t('competition:results.threshold', { threshold: c.threshold, lot: formatMoney(c.lot, lang) })}</p>
          <p>
            <Link to={`/competitions/${c.id}/protocol/print`}>{t('competition:results.print')}</Link> ·{' '}
            <a href={`/competitions/${c.id}/protocol/xlsx`} download>
              {t('competition:results.xlsx')}
            </a>
          </p>
          <TableWrap label={t('competition:results.rankingTable')}>
            <table id="ranking">
              <thead>
                <tr>
                  <th scope="col">{t('competition:protocol.rank')}</th>
                  <th scope="col">{t('competition:fields.code')}</th>
                  {c.signedAt ? <th scope="col">{t('competition:fields.organisation')}</th> : null}
                  <th scope="col">{t('competition:results.memberTotals')}</th>
                  <th scope="col" className="num">{t('competition:protocol.total')}</th>
                  <th scope="col" className="num">{t('competition:results.spread')}</th>
                  <th scope="col" className="num">{t('competition:fields.requested')}</th>
                  <th scope="col">{t('competition:protocol.decision')}</th>
                </tr>
              </thead>
              <tbody>
                {r.rows.map((row) => (
                  <tr key={row.applicationId}>
                    <td>{row.rank}</td>
                    <td>{row.code}</td>
                    {c.signedAt ? <td>{row.organisation ? localName(row.organisation, lang) : ''}</td> : null}
                    <td>
                      {row.memberTotals.map((m) => (
                        <span key={m.userId} className="member-total">
                          {nameOf(m.userId)}: {formatNumber(m.total, lang, 2)}
                          <br />
                        </span>
                      ))}
                    </td>
                    <td className="num">{formatNumber(row.total, lang, 2)}</td>
                    <td className="num">
                      {formatNumber(row.spread, lang, 2)} {row.disagreement ? <span className="badge bad">{t('competition:results.disagreement')}</span> : null}
                    </td>
                    <td className="num">{formatMoney(row.requested, lang)}</td>
                    <td>
                      {row.winner ? t('competition:protocol.winner') : t('competition:protocol.notWinner')}
                      {row.override ? (
                        <p className="hint">
                          {t('competition:results.overridden', { reason: row.override.reason })}
                        </p>
                      ) : null}
                      {r.canOverride ? (
                        <Form method="post" className="override-form">
                          <CsrfInput />
                          <input type="hidden" name="applicationId" value={row.applicationId} />
                          <input type="hidden" name="winner" value={row.winner ? 'no' : 'yes'} />
                          <label htmlFor={`reason-${row.applicationId}`}>{t('competition:results.overrideReason')}</label>{' '}
                          <input id={`reason-${row.applicationId}`} name="reason" maxLength={2000} required />{' '}
                          <button type="submit" name="intent" value="override">
                            {row.winner ? t('competition:results.overrideOut') : t('competition:results.overrideIn')}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {r.canSign ? (
            <Form method="post" className="card">
              <CsrfInput />
              <h2>{t('competition:protocol.title')}</h2>
              <p className="hint">{t('competition:page.signHint')}</p>
              <button type="submit" name="intent" value="sign" className="primary">
                {t('competition:page.sign')}
              </button>
            </Form>
          ) : null}
          {c.signedAt ? (
            <p>
              <Link to={`/competitions/${c.id}/protocol`}>{t('competition:protocol.title')}</Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
