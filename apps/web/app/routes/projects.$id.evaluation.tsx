import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { redirect } from '@remix-run/node';
import { AppError, bishkekToday, can, evaluationFormSchema, formatNumber, formatDate, formatDateTime, formatPercent, localName, parseEvaluationScores, type Language } from '@kamkor/domain';
import { evaluationCriteriaFor, getDb, getEvaluationForActor, saveEvaluation } from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { formError, formValues, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

/** The end-of-project evaluation sheet (decision 018): the monitoring officers score a finished project; the contractor reads it once final. */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const e = await getEvaluationForActor(await getDb(), user, params.id ?? '', bishkekToday());
  return {
    project: { id: e.project.id, code: e.project.code, name_ky: e.project.name_ky, name_ru: e.project.name_ru, name_en: e.project.name_en, end_date: String(e.project.end_date).slice(0, 10) },
    criteria: e.criteria,
    criteriaVersion: e.criteriaVersion,
    finished: e.finished,
    canEdit: e.canEdit,
    evaluation: e.evaluation,
    totals: e.totals,
    canSeeCriteria: can(user, 'view', { type: 'evaluation_criteria' }),
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const today = bishkekToday();
  // Authorised before the form is read: who may not evaluate gets a 404.
  const current = await getEvaluationForActor(db, user, params.id ?? '', today);
  if (!current.canEdit) throw new AppError('NOT_FOUND', 'errors.notFound');
  const form = await request.formData();
  const parsed = await parseForm(request, evaluationFormSchema, form);
  const finalise = form.get('intent') === 'finalise';
  const criteria = await evaluationCriteriaFor(db, current.project.id);
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
  const scores = parseEvaluationScores(criteria, raw, { complete: finalise });
  if (!parsed.ok || !scores.ok) return invalid({ errors: { ...(parsed.ok ? {} : parsed.errors), ...(scores.ok ? {} : scores.errors) }, values: formValues(form) });
  try {
    await db.transaction().execute((trx) => saveEvaluation(trx, user, current.project.id, today, { scores: scores.scores, conclusion: parsed.data.conclusion, finalise }));
  } catch (err) {
    return formError(err, form);
  }
  return redirect(`/projects/${current.project.id}/evaluation`);
});

export default function Evaluation() {
  const t = useT();
  const lang = useLang() as Language;
  const { project, criteria, criteriaVersion, finished, canEdit, evaluation, totals, canSeeCriteria } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const values = state?.values;
  const label = (c: { ky: string; ru: string; en: string }) => c[lang] || c.ru;
  const scoreOf = (key: string) => values?.[`score.${key}`] ?? (evaluation?.scores[key]?.score != null ? String(evaluation.scores[key]!.score) : '');
  const commentOf = (key: string) => values?.[`comment.${key}`] ?? evaluation?.scores[key]?.comment ?? '';
  const total = t('monitoring:evaluation.totalValue', { total: formatNumber(totals.total, lang), max: formatNumber(totals.max, lang) }) + (totals.percent !== null ? ` (${formatPercent(totals.percent, lang)})` : '');
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/projects/${project.id}`}>{project.code}</Link>
      </p>
      <h1>{t('monitoring:evaluation.title')}</h1>
      <p className="hint">{localName(project, lang)}</p>
      <p>
        {evaluation ? <span className={`badge ${evaluation.status === 'final' ? 'ok' : 'warn'}`}>{t(`monitoring:evaluation.statuses.${evaluation.status}`)}</span> : null}{' '}
        {canSeeCriteria ? (
          <Link to="/admin/evaluation-criteria">{t('monitoring:evaluation.criteriaVersion', { n: criteriaVersion })}</Link>
        ) : (
          t('monitoring:evaluation.criteriaVersion', { n: criteriaVersion })
        )}
      </p>
      {!finished ? <p className="notice">{t('monitoring:evaluation.notFinished', { date: formatDate(project.end_date) })}</p> : null}
      {canEdit ? (
        <Form method="post" noValidate>
          <CsrfInput />
          <ErrorSummary state={state} />
          {criteria.map((c) => {
            const error = state?.errors?.[`score.${c.key}`];
            return (
              <fieldset key={c.key} className={error ? 'field-error' : undefined}>
                <legend>{label(c)}</legend>
                {error ? (
                  <p className="error-message" id={`err-score-${c.key}`}>
                    {t(error)}
                  </p>
                ) : null}
                <label htmlFor={`field-score.${c.key}`}>{t('monitoring:evaluation.score', { max: c.maxPoints })}</label>
                <input
                  id={`field-score.${c.key}`}
                  name={`score.${c.key}`}
                  type="number"
                  min={0}
                  max={c.maxPoints}
                  step={1}
                  inputMode="numeric"
                  defaultValue={scoreOf(c.key)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `err-score-${c.key}` : undefined}
                />
                <label htmlFor={`comment-${c.key}`}>{t('monitoring:evaluation.comment')}</label>
                <input id={`comment-${c.key}`} name={`comment.${c.key}`} defaultValue={commentOf(c.key)} maxLength={1000} />
              </fieldset>
            );
          })}
          <Field as="textarea" name="conclusion" label={t('monitoring:evaluation.conclusion')} defaultValue={evaluation?.conclusion ?? ''} state={state} />
          <p>
            <strong>{t('monitoring:evaluation.total')}:</strong> {total}
          </p>
          <div className="actions">
            <button type="submit" name="intent" value="save">{t('monitoring:evaluation.save')}</button>
            <button type="submit" name="intent" value="finalise" className="primary">{t('monitoring:evaluation.finalise')}</button>
          </div>
        </Form>
      ) : evaluation ? (
        <>
          <TableWrap label={t('monitoring:evaluation.criteria')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('monitoring:evaluation.criterion')}</th>
                  <th scope="col" className="num">{t('monitoring:report.columns.total')}</th>
                  <th scope="col" className="num">{t('monitoring:report.columns.max')}</th>
                  <th scope="col">{t('monitoring:evaluation.comment')}</th>
                </tr>
              </thead>
              <tbody>
                {criteria.map((c) => (
                  <tr key={c.key}>
                    <th scope="row">{label(c)}</th>
                    <td className="num">{evaluation.scores[c.key]?.score ?? '—'}</td>
                    <td className="num">{c.maxPoints}</td>
                    <td>{evaluation.scores[c.key]?.comment ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p data-testid="evaluation-total">
            <strong>{t('monitoring:evaluation.total')}:</strong> {total}
          </p>
          <h2>{t('monitoring:evaluation.conclusion')}</h2>
          <p>{evaluation.conclusion || '—'}</p>
          <p className="hint">
            {evaluation.evaluatorName ? `${t('monitoring:evaluation.evaluatedBy')}: ${evaluation.evaluatorName}` : ''}
            {evaluation.finalisedAt ? ` · ${t('monitoring:evaluation.finalisedAt')}: ${formatDateTime(evaluation.finalisedAt)}` : ''}
          </p>
          {evaluation.status === 'final' ? <p className="hint">{t('monitoring:evaluation.frozen')}</p> : null}
        </>
      ) : (
        <p className="empty-state">{t('monitoring:evaluation.none')}</p>
      )}
    </section>
  );
}
