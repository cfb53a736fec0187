import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { formatDateTime, formatMoney, formatNumber, localName } from '@kamkor/domain';
import { createContractFromApplication, getCompetitionForActor, getDb, getProtocol } from '../db.server.ts';
import { CompetitionErrors } from '../components/competition.tsx';
import { CsrfInput } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { competitionFailure } from '../utils/competitions.server.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

/** The signed protocol: ranking, totals, winners, and (now) the organisations. Sealed (404) before the signature. */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  return getProtocol(await getDb(), user, params.id ?? '');
});

const contractSchema = z.object({ applicationId: z.uuid({ error: 'errors.invalid' }) });

/** Creating the contract of a winner: the customer's officer, after the protocol is signed. */
export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const c = await getCompetitionForActor(db, user, params.id ?? '', 'manage');
  const parsed = await parseForm(request, contractSchema);
  if (!parsed.ok) return invalid(parsed);
  try {
    const projectId = await db.transaction().execute((trx) => createContractFromApplication(trx, user, c.id, parsed.data.applicationId));
    return redirect(`/projects/${projectId}`);
  } catch (err) {
    return competitionFailure(err, parsed.form, resolveLanguage(request, user));
  }
});

export default function Protocol() {
  const t = useT();
  const lang = useLang();
  const { competition: c, rows, canManage } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/competitions/${c.id}`}>{c.title}</Link>
      </p>
      <h1>{t('competition:protocol.title')}</h1>
      <p>{t('competition:protocol.signedAt', { at: c.signedAt ? formatDateTime(c.signedAt) : '' })}</p>
      <p className="hint">{t('competition:protocol.tieBreak')}</p>
      <p>
        <Link to={`/competitions/${c.id}/protocol/print`}>{t('competition:results.print')}</Link> ·{' '}
        <a href={`/competitions/${c.id}/protocol/xlsx`} download>
          {t('competition:results.xlsx')}
        </a>
      </p>
      <CompetitionErrors state={state} />
      <TableWrap label={t('competition:results.rankingTable')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('competition:protocol.rank')}</th>
              <th scope="col">{t('competition:fields.code')}</th>
              <th scope="col">{t('competition:fields.organisation')}</th>
              <th scope="col">{t('competition:fields.projectTitle')}</th>
              <th scope="col" className="num">{t('competition:protocol.total')}</th>
              <th scope="col" className="num">{t('competition:fields.requested')}</th>
              <th scope="col">{t('competition:protocol.decision')}</th>
              <th scope="col">{t('competition:protocol.contract')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.applicationId}>
                <td>{r.rank}</td>
                <td>{r.code}</td>
                <td>{localName(r, lang)}</td>
                <td>{r.title}</td>
                <td className="num">{formatNumber(r.total, lang, 2)}</td>
                <td className="num">{formatMoney(r.requested, lang)}</td>
                <td>{r.winner ? t('competition:protocol.winner') : t('competition:protocol.notWinner')}</td>
                <td>
                  {r.project_id ? (
                    <Link to={`/projects/${r.project_id}`}>{t('competition:protocol.openContract')}</Link>
                  ) : r.winner && canManage ? (
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="applicationId" value={r.applicationId} />
                      <button type="submit" name="intent" value="contract">
                        {t('competition:protocol.createContract')}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
