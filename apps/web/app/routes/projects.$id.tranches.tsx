import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { redirect } from '@remix-run/node';
import { can, formatDate, formatMoney, formatNumber, localName, trancheSchema } from '@kamkor/domain';
import { addTranche, getDb, listIndicators, listTranches, projectResource, releaseTranche } from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { formError, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { projectFor } from '../utils/results.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const project = await projectFor(user, params.id);
  const db = await getDb();
  const resource = projectResource(project);
  return {
    project,
    tranches: await listTranches(db, user, project.id),
    indicators: (await listIndicators(db, { projectId: project.id })).map((i) => ({ id: i.id, code: i.code, name_ky: i.name_ky, name_ru: i.name_ru, name_en: i.name_en, unit: i.unit })),
    canAdd: can(user, 'update', resource),
    canRelease: can(user, 'approve', resource),
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const form = await request.formData();
  const db = await getDb();
  if (form.get('intent') === 'release') {
    const project = await projectFor(user, params.id, 'approve');
    try {
      await db.transaction().execute((trx) => releaseTranche(trx, user, project.id, String(form.get('trancheId') ?? '')));
    } catch (err) {
      return formError(err, form);
    }
    return redirect(`/projects/${project.id}/tranches`);
  }
  const project = await projectFor(user, params.id, 'update');
  const parsed = await parseForm(request, trancheSchema, form);
  if (!parsed.ok) return invalid(parsed);
  try {
    await db.transaction().execute((trx) => addTranche(trx, user, project.id, parsed.data));
  } catch (err) {
    return formError(err, parsed.form);
  }
  return redirect(`/projects/${project.id}/tranches`);
});

export default function Tranches() {
  const t = useT();
  const lang = useLang();
  const { project, tranches, indicators, canAdd, canRelease } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const badge = { released: 'ok', ready: 'ok', waiting: 'warn' } as const;
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/projects/${project.id}`}>{project.code}</Link>
      </p>
      <h1>{t('results:tranches.title')}</h1>
      <p>{t('results:tranches.help')}</p>
      <ErrorSummary state={state} />
      {tranches.length ? <ExportLinks source="tranches" params={`project=${project.id}`} /> : null}
      {tranches.length === 0 ? (
        <p className="empty-state">{t('results:tranches.empty')}</p>
      ) : (
        <TableWrap label={t('results:tranches.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">№</th>
                <th scope="col" className="num">{t('results:tranches.amount')}</th>
                <th scope="col">{t('results:tranches.plannedDate')}</th>
                <th scope="col">{t('results:tranches.condition')}</th>
                <th scope="col" className="num">{t('results:tranches.approvedToDate')}</th>
                <th scope="col">{t('results:tranches.status')}</th>
                {canRelease ? <th scope="col"><span className="visually-hidden">{t('actions.label')}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {tranches.map((tr) => (
                <tr key={tr.id}>
                  <td>{tr.tranche_no}</td>
                  <td className="num">{formatMoney(tr.amount_tyiyn, lang)}</td>
                  <td>{formatDate(tr.planned_date)}</td>
                  <td>
                    {tr.indicator && tr.threshold != null
                      ? `${tr.indicator.code} ${localName(tr.indicator, lang)} ${tr.indicator.direction === 'decrease' ? '≤' : '≥'} ${formatNumber(tr.threshold, lang)} ${tr.indicator.unit}`
                      : t('results:tranches.noCondition')}
                    {tr.condition_note ? <div className="hint">{tr.condition_note}</div> : null}
                  </td>
                  <td className="num">{tr.approvedToDate == null ? '—' : formatNumber(tr.approvedToDate, lang)}</td>
                  <td>
                    <span className={`badge ${badge[tr.status]}`}>{t(`results:tranches.statuses.${tr.status}`)}</span>
                    {tr.released_at ? <div className="hint">{formatDate(tr.released_at as string)}</div> : null}
                  </td>
                  {canRelease ? (
                    <td>
                      {tr.status === 'ready' ? (
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="trancheId" value={tr.id} />
                          <button type="submit" name="intent" value="release">{t('results:tranches.release')}</button>
                        </Form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {canAdd ? (
        <section className="card" aria-labelledby="add-tranche">
          <h2 id="add-tranche">{t('results:tranches.add')}</h2>
          <Form method="post" noValidate>
            <CsrfInput />
            <Field name="amount" label={t('results:tranches.amount')} hint={t('results:tranches.amountHint')} inputMode="decimal" state={state} required />
            <Field name="plannedDate" label={t('results:tranches.plannedDate')} hint="DD.MM.YYYY" state={state} required />
            <Field as="select" name="indicatorId" label={t('results:tranches.indicator')} state={state}>
              <option value="">{t('results:tranches.noCondition')}</option>
              {indicators.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.code} — {localName(i, lang)} ({i.unit})
                </option>
              ))}
            </Field>
            <Field name="threshold" label={t('results:tranches.threshold')} hint={t('results:tranches.thresholdHint')} inputMode="decimal" state={state} />
            <Field as="textarea" name="note" label={t('results:tranches.note')} state={state} />
            <button type="submit" className="primary">{t('actions.create')}</button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
