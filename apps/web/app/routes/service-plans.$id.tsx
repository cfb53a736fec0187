import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { can, formatDate, formatDateTime, formatMoney, localName, percentRounded, progressUpdateSchema, serviceActivitySchema, serviceActivityStatuses, formatPercent } from '@kamkor/domain';
import { addProgressUpdate, addServiceActivity, deleteServiceActivity, loadServicePlan, servicePlanResource } from '../db.server.ts';
import { PrintButton } from '../components/assessment.tsx';
import { ActivityFields, FundingSummary } from '../components/service-plan.tsx';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { servicePlanFor } from '../utils/assessment.server.ts';
import { formError, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const { user, db, plan } = await servicePlanFor(request, params.id, 'view');
  return { ...(await loadServicePlan(db, plan.id)), canEdit: can(user, 'update', servicePlanResource(plan)) };
});

export const action = wrapAction(async ({ request, params }) => {
  const { user, db, plan } = await servicePlanFor(request, params.id, 'view');
  assertCan(can(user, 'update', servicePlanResource(plan)));
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'delete') {
    await db.transaction().execute((trx) => deleteServiceActivity(trx, user, plan.id, String(form.get('activityId') ?? '')));
    return { ok: true as const, message: 'assessment:plan.activityDeleted' };
  }
  if (intent === 'progress') {
    const parsed = await parseForm(request, progressUpdateSchema, form);
    if (!parsed.ok) return invalid(parsed);
    await db.transaction().execute((trx) => addProgressUpdate(trx, user, plan.id, String(form.get('activityId') ?? ''), parsed.data));
    return { ok: true as const, message: 'assessment:plan.progressSaved' };
  }
  const parsed = await parseForm(request, serviceActivitySchema, form);
  if (!parsed.ok) return invalid(parsed);
  try {
    await db.transaction().execute((trx) => addServiceActivity(trx, user, plan.id, parsed.data));
  } catch (err) {
    return formError(err, form, 'problemId');
  }
  return { ok: true as const, message: 'assessment:plan.activityAdded' };
});

const statusBadge: Record<string, string> = { planned: '', in_progress: ' warn', done: ' ok', cancelled: ' bad' };

export default function ServicePlanPage() {
  const t = useT();
  const lang = useLang();
  const { plan, activities, updates, problems, funding, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const state = result && 'errors' in result ? result : null;
  const municipality = localName({ name_ky: plan.municipality_name_ky, name_ru: plan.municipality_name_ru, name_en: plan.municipality_name_en }, lang);
  return (
    <article className="service-plan">
      <p className="eyebrow">{t('assessment:plan.name')} · {municipality}</p>
      <div className="page-head">
        <h1>{plan.title}</h1>
        <PrintButton />
      </div>
      <p>
        {t('assessment:plan.years')}: {plan.year_from === plan.year_to ? plan.year_from : `${plan.year_from}–${plan.year_to}`}
        {plan.assessment_id ? <> · <Link to={`/assessments/${plan.assessment_id}/ranking`}>{t('assessment:plan.fromAssessment')}</Link></> : null}
      </p>
      {result && 'message' in result ? <p className="flash no-print" role="status">{t(result.message)}</p> : null}
      <FundingSummary funding={funding} />
      <h2>{t('assessment:plan.activities')}</h2>
      {activities.length === 0 ? (
        <p className="empty-state">{t('assessment:plan.noActivities')}</p>
      ) : (
        <>
          <ExportLinks source="servicePlanActivities" params={`plan=${plan.id}`} />
          <TableWrap label={t('assessment:plan.activities')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('assessment:plan.activity')}</th>
                  <th scope="col">{t('assessment:plan.solves')}</th>
                  <th scope="col">{t('assessment:plan.responsible')}</th>
                  <th scope="col">{t('assessment:plan.timeline')}</th>
                  <th scope="col">{t('assessment:plan.indicator')}</th>
                  <th scope="col" className="num">{t('assessment:plan.own')}</th>
                  <th scope="col" className="num">{t('assessment:plan.grant')}</th>
                  <th scope="col" className="num">{t('assessment:plan.other')}</th>
                  <th scope="col" className="num">{t('assessment:plan.coFinancing')}</th>
                  <th scope="col">{t('assessment:plan.status')}</th>
                  {canEdit ? <th scope="col" className="no-print"><span className="visually-hidden">{t('actions.label')}</span></th> : null}
                </tr>
              </thead>
              <tbody>
                {activities.map((a) => {
                  const total = a.own_tyiyn + a.grant_tyiyn + a.other_tyiyn;
                  const share = percentRounded(a.own_tyiyn, total, 1);
                  return (
                    <tr key={a.id}>
                      <td>{a.title}</td>
                      <td>{a.problem_title ? `${a.problem_rank ? `#${a.problem_rank} ` : ''}${a.problem_title}` : '–'}</td>
                      <td>{a.responsible}</td>
                      <td>{formatDate(a.starts_on)}–{formatDate(a.ends_on)}</td>
                      <td>{a.indicator}{a.target ? ` → ${a.target}` : ''}</td>
                      <td className="num">{formatMoney(a.own_tyiyn, lang)}</td>
                      <td className="num">{formatMoney(a.grant_tyiyn, lang)}</td>
                      <td className="num">{formatMoney(a.other_tyiyn, lang)}</td>
                      <td className="num">{share === null ? '–' : formatPercent(share, lang, 1)}</td>
                      <td>
                        <span className={`badge${statusBadge[a.status] ?? ''}`}>{t(`assessment:plan.statuses.${a.status}`)}</span>{' '}
                        <progress max={100} value={a.progress_pct} aria-label={t('assessment:plan.progress')} /> {a.progress_pct} %
                      </td>
                      {canEdit ? (
                        <td className="no-print">
                          <Form method="post">
                            <CsrfInput />
                            <input type="hidden" name="activityId" value={a.id} />
                            <button type="submit" name="intent" value="delete" className="danger">{t('assessment:actions.delete')}</button>
                          </Form>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      {canEdit && activities.length ? (
        <Form method="post" className="card narrow no-print" noValidate>
          <h2>{t('assessment:plan.progressTitle')}</h2>
          <ErrorSummary state={state} />
          <CsrfInput />
          <Field as="select" name="activityId" label={t('assessment:plan.activity')} required>
            {activities.map((a) => <option key={a.id} value={a.id}>{a.title}</option>)}
          </Field>
          <Field as="select" name="status" label={t('assessment:plan.status')} state={state} defaultValue="in_progress">
            {serviceActivityStatuses.map((s) => <option key={s} value={s}>{t(`assessment:plan.statuses.${s}`)}</option>)}
          </Field>
          <Field name="progressPct" label={t('assessment:plan.progressPct')} inputMode="numeric" state={state} required />
          <Field as="textarea" name="note" label={t('assessment:plan.note')} state={state} required />
          <button type="submit" name="intent" value="progress" className="primary">{t('assessment:plan.saveProgress')}</button>
        </Form>
      ) : null}
      {updates.length ? (
        <section>
          <h2>{t('assessment:plan.updates')}</h2>
          <ul className="updates">
            {updates.map((u) => (
              <li key={u.id}>
                <strong>{formatDateTime(u.created_at)}</strong> · {u.activity_title} · {t(`assessment:plan.statuses.${u.status}`)}, {u.progress_pct} % — {u.note}
                {u.author ? <span className="hint"> ({u.author})</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {canEdit ? (
        <Form method="post" className="card no-print" noValidate>
          <h2>{t('assessment:plan.addActivity')}</h2>
          <ErrorSummary state={state} />
          <CsrfInput />
          <ActivityFields state={state} problems={problems} />
          <button type="submit" name="intent" value="activity" className="primary">{t('assessment:plan.addActivity')}</button>
        </Form>
      ) : null}
    </article>
  );
}
