import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import {
  AppError,
  TOTAL_CELL,
  can,
  cellLabel,
  formatDate,
  formatDateTime,
  isReportEditable,
  localName,
  parseNumber,
  type Action,
  type DisaggregationDimension,
  formatPeriod,
  reportTextLimits,
  reportTextProblem,
} from '@kamkor/domain';
import { CsrfInput } from '../components/forms.tsx';
import { Flags, Num, ReportStatusBadge } from '../components/results.tsx';
import { getDb, addReportComment, loadReport, projectResource, saveReportValues, setFollowUp, transitionReport, type CellValue } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { reportFor } from '../utils/results.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const { project, report } = await reportFor(user, params.id, params.period);
  const full = await loadReport(await getDb(), report.id);
  const resource = projectResource(project);
  const reviewable = report.status === 'submitted' || report.status === 'resubmitted';
  return {
    project,
    report: full.report,
    indicators: full.indicators,
    categories: full.categories,
    grids: Object.fromEntries([...full.grids].map(([k, v]) => [k, v.map((c) => c.key)])),
    values: full.values,
    states: Object.fromEntries(full.states),
    comments: full.comments,
    evidence: full.evidence,
    canEdit: can(user, 'report', resource) && isReportEditable(full.report.status),
    canReview: can(user, 'review', resource) && reviewable,
    canApprove: can(user, 'approve', resource) && reviewable,
    canUnlock: can(user, 'unlock', resource) && full.report.status === 'approved',
    canComment: can(user, 'comment', resource),
    canFollowUp: can(user, 'review', resource),
  };
});

/** Reads value inputs named v:<indicatorId>:<field>:<cellKey>. */
function readValues(form: FormData): { values: CellValue[]; bad: string[] } {
  const byKey = new Map<string, CellValue>();
  const bad: string[] = [];
  for (const [name, raw] of form.entries()) {
    if (typeof raw !== 'string' || !name.startsWith('v:')) continue;
    const [, indicatorId, field, ...rest] = name.split(':');
    const cellKey = rest.join(':');
    if (!indicatorId || !field || !['value', 'numerator', 'denominator'].includes(field)) continue;
    const k = `${indicatorId}\u0000${cellKey}`;
    const v = byKey.get(k) ?? { indicatorId, cellKey, value: null, numerator: null, denominator: null };
    const text = raw.trim();
    const n = text === '' ? null : parseNumber(text);
    if (text !== '' && n == null) bad.push(name);
    v[field as 'value' | 'numerator' | 'denominator'] = n;
    byKey.set(k, v);
  }
  return { values: [...byKey.values()], bad };
}

/** The permission each intent of the report form needs (the same as the query it runs checks). */
const intentAction: Record<string, Action> = { save: 'report', submit: 'report', return: 'review', approve: 'approve', unlock: 'unlock', comment: 'comment', followup: 'review' };
/** A part in the report workflow: who may post anything here at all. */
const workflowActions: Action[] = ['report', 'review', 'approve', 'unlock', 'comment'];

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { project, report } = await reportFor(user, params.id, params.period);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  // Authorisation before validation: a reader without a part in the workflow (an analyst) gets a 404
  // for any POST; an unknown intent from a participant is a 400 below.
  const resource = projectResource(project);
  const needed = Object.hasOwn(intentAction, intent) ? intentAction[intent] : undefined;
  assertCan(needed ? can(user, needed, resource) : workflowActions.some((a) => can(user, a, resource)));
  const db = await getDb();
  const back = (done: string) => redirect(`/projects/${project.id}/reports/${report.period_key}?done=${done}`);
  const text = (k: string) => (typeof form.get(k) === 'string' ? String(form.get(k)) : undefined);
  const tooLong = reportTextProblem({
    narrative: text('narrative'),
    explanations: Object.fromEntries([...form.entries()].filter(([k, v]) => k.startsWith('ex:') && typeof v === 'string').map(([k, v]) => [k.slice(3), String(v)])),
    comment: text('comment') ?? text('body'),
    reason: text('reason'),
  });
  if (tooLong) return data({ error: tooLong.messageKey, params: tooLong.params, fields: [tooLong.field] }, { status: 400 });
  try {
    if (intent === 'save' || intent === 'submit') {
      if (isReportEditable(report.status)) {
        const { values, bad } = readValues(form);
        if (bad.length) return data({ error: 'results:errors.number', fields: bad }, { status: 400 });
        const explanations: Record<string, string | null> = {};
        for (const [k, v] of form.entries()) if (k.startsWith('ex:') && typeof v === 'string') explanations[k.slice(3)] = v.trim() || null;
        const narrative = form.get('narrative');
        await db.transaction().execute((trx) =>
          saveReportValues(trx, user, report.id, { values, explanations, narrative: typeof narrative === 'string' ? narrative : undefined }),
        );
      }
      if (intent === 'save') return back('saved');
      const to = await db.transaction().execute((trx) => transitionReport(trx, user, report.id, 'submit'));
      return back(to);
    }
    if (intent === 'return' || intent === 'approve' || intent === 'unlock') {
      const comment = String(form.get('comment') ?? '');
      const indicatorId = String(form.get('indicatorId') ?? '') || null;
      const to = await db.transaction().execute((trx) =>
        transitionReport(trx, user, report.id, intent, { comment: intent === 'return' ? comment : null, indicatorId, reason: intent === 'unlock' ? String(form.get('reason') ?? '') : null }),
      );
      return back(to);
    }
    if (intent === 'comment') {
      const body = String(form.get('body') ?? '').trim();
      if (!body) return data({ error: 'errors.required', fields: [] as string[] }, { status: 400 });
      await db.transaction().execute((trx) => addReportComment(trx, user, report.id, { indicatorId: String(form.get('indicatorId') ?? '') || null, body }));
      return back('comment');
    }
    if (intent === 'followup') {
      await db.transaction().execute((trx) => setFollowUp(trx, user, report.id, String(form.get('indicatorId') ?? ''), form.get('on') === '1'));
      return back('followup');
    }
  } catch (err) {
    if (err instanceof AppError && (err.code === 'INVALID' || err.code === 'CONFLICT')) return data({ error: err.messageKey, params: err.params, fields: [] as string[] }, { status: 400 });
    throw err;
  }
  throw new AppError('INVALID', 'errors.invalid');
});

export default function ReportPage() {
  const t = useT();
  const lang = useLang();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { error?: string; params?: Record<string, unknown> } | undefined;
  const [params] = useSearchParams();
  const done = params.get('done');
  const { project, report } = d;
  const names = (dim: DisaggregationDimension, code: string) => {
    const c = d.categories[dim]?.find((x) => x.code === code);
    return c ? localName(c, lang) : code;
  };
  const valueOf = (indicatorId: string, key: string) => d.values.find((v) => v.indicatorId === indicatorId && v.cellKey === key);
  const input = (indicatorId: string, key: string, field: 'value' | 'numerator' | 'denominator') => {
    const v = valueOf(indicatorId, key)?.[field];
    const label = `${d.indicators.find((i) => i.id === indicatorId)?.code} ${key || t('results:report.total')} ${t(`results:report.${field}`)}`;
    return d.canEdit ? (
      <input name={`v:${indicatorId}:${field}:${key}`} defaultValue={v == null ? '' : String(v).replace('.', lang === 'en' ? '.' : ',')} inputMode="decimal" aria-label={label} size={8} />
    ) : (
      <Num value={v} />
    );
  };
  return (
    <section>
      <p><Link to={`/projects/${project.id}`}>← {project.code} — {localName(project, lang)}</Link></p>
      <div className="page-head">
        <h1>{t('results:report.title', { period: formatPeriod(report.period_key, lang) })}</h1>
        <ReportStatusBadge status={report.status} />
      </div>
      {done === 'evidence-missing' ? <div className="error-summary" role="alert"><p>{t('excel.errors.noFile')}</p></div> : done ? <p className="flash" role="status">{done === 'saved' ? t('actions.saved') : t(`results:report.transitioned.${done}`, { defaultValue: t('actions.saved') })}</p> : null}
      {result?.error ? <div className="error-summary" role="alert"><p>{t(result.error, result.params)}</p></div> : null}
      <dl className="facts">
        <dt>{t('results:report.period')}</dt><dd>{formatDate(report.period_start)}–{formatDate(report.period_end)}</dd>
        <dt>{t('results:report.due')}</dt><dd>{formatDate(report.due_date)}</dd>
        <dt>{t('results:report.onTime')}</dt><dd>{report.onTime == null ? '—' : report.onTime ? t('results:report.onTime') : t('results:report.late')}</dd>
        {report.submitted_at ? <><dt>{t('results:statuses.submitted')}</dt><dd>{formatDateTime(report.submitted_at)}</dd></> : null}
        {report.approved_at ? <><dt>{t('results:statuses.approved')}</dt><dd>{formatDateTime(report.approved_at)}</dd></> : null}
      </dl>
      {report.status === 'approved' ? <p className="flash" data-locked="true">🔒 {t('results:report.locked')}</p> : null}
      {!d.canEdit && (report.status === 'submitted' || report.status === 'resubmitted') ? <p className="hint">{t('results:report.readOnly')}</p> : null}
      {d.canEdit ? (
        <p className="no-print">
          <a className="button" href={`/projects/${project.id}/reports/${report.period_key}/template`} download>{t('results:report.downloadTemplate')}</a>{' '}
          <Link className="button" to={`/projects/${project.id}/reports/${report.period_key}/upload`}>{t('results:report.uploadTemplate')}</Link>
        </p>
      ) : null}

      <Form method="post" id="report-form">
        <CsrfInput />
        {d.indicators.map((ind) => {
          const state = d.states[ind.id];
          const grid = d.grids[ind.id] ?? [];
          const isPct = ind.type === 'percentage';
          const comments = d.comments.filter((c) => c.indicator_id === ind.id);
          return (
            <fieldset key={ind.id} className="card results-indicator" data-indicator={ind.code}>
              <legend>
                <strong>{ind.code}</strong> {localName(ind, lang)} <span className="muted">({ind.unit}; {t('results:report.target')}: <Num value={ind.targets[report.period_key]} />)</span>
              </legend>
              <Flags flags={state?.flags ?? []} />
              {state?.followUp ? <p className="badge warn">{t('results:report.followUpOn')}</p> : null}
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('results:indicator.disaggregations')}</th>
                    {isPct ? (
                      <>
                        <th scope="col">{t('results:report.numerator')}</th>
                        <th scope="col">{t('results:report.denominator')}</th>
                      </>
                    ) : (
                      <th scope="col">{ind.type === 'yes_no' ? `${t('results:report.value')} (1 = ${t('results:template.yes')}, 0 = ${t('results:template.no')})` : t('results:report.value')}</th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {[TOTAL_CELL, ...grid].map((key) => (
                    <tr key={key} className={key ? '' : 'total'}>
                      <th scope="row">{key ? cellLabel(key, names) : t('results:report.total')}</th>
                      {isPct ? (
                        <>
                          <td>{input(ind.id, key, 'numerator')}</td>
                          <td>{input(ind.id, key, 'denominator')}</td>
                        </>
                      ) : (
                        <td>{input(ind.id, key, 'value')}</td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
              {grid.length && d.canEdit ? <p className="hint">{t('results:report.totalHint')}</p> : null}
              {d.canEdit && state?.flags.length ? (
                <div className="field">
                  <label htmlFor={`ex-${ind.id}`}>{t('results:report.explanation')}</label>
                  <p className="hint">{t('results:report.explanationHint')}</p>
                  <textarea id={`ex-${ind.id}`} name={`ex:${ind.id}`} defaultValue={state.explanation ?? ''} rows={2} />
                </div>
              ) : state?.explanation ? (
                <p><em>{t('results:report.explanation')}:</em> {state.explanation}</p>
              ) : null}
              {comments.length ? (
                <ul className="results-comments" aria-label={t('results:report.comments')}>
                  {comments.map((c) => (
                    <li key={c.id}><strong>{c.full_name}</strong> <span className="muted">{formatDateTime(c.created_at)}</span>: {c.body}</li>
                  ))}
                </ul>
              ) : null}
            </fieldset>
          );
        })}
        <div className="field">
          <label htmlFor="narrative">{t('results:report.narrative')}</label>
          {d.canEdit ? <textarea id="narrative" name="narrative" defaultValue={report.narrative ?? ''} rows={4} maxLength={reportTextLimits.narrative} /> : <p>{report.narrative ?? '—'}</p>}
        </div>
        {d.canEdit ? (
          <p>
            <button type="submit" name="intent" value="save">{t('results:report.save')}</button>{' '}
            <button type="submit" name="intent" value="submit" className="primary">{t('results:report.submit')}</button>
          </p>
        ) : null}
      </Form>

      {d.canReview ? (
        <section className="card no-print" aria-labelledby="review-title">
          <h2 id="review-title">{t('results:report.return')}</h2>
          <Form method="post">
            <CsrfInput />
            <div className="field">
              <label htmlFor="return-indicator">{t('results:report.returnIndicator')}</label>
              <select id="return-indicator" name="indicatorId">
                <option value="">{t('results:report.wholeReport')}</option>
                {d.indicators.map((i) => <option key={i.id} value={i.id}>{i.code} {localName(i, lang)}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="return-comment">{t('results:report.returnComment')}</label>
              <textarea id="return-comment" name="comment" rows={3} required />
            </div>
            <button type="submit" name="intent" value="return">{t('results:report.return')}</button>
          </Form>
          {d.canApprove ? (
            <Form method="post">
              <CsrfInput />
              <button type="submit" name="intent" value="approve" className="primary">{t('results:report.approve')}</button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {d.canFollowUp ? (
        <details className="no-print">
          <summary>{t('results:report.followUp')}</summary>
          {d.indicators.map((i) => {
            const on = d.states[i.id]?.followUp ?? false;
            return (
              <Form method="post" key={i.id} className="inline-form">
                <CsrfInput />
                <input type="hidden" name="indicatorId" value={i.id} />
                <input type="hidden" name="on" value={on ? '0' : '1'} />
                <button type="submit" name="intent" value="followup">{i.code}: {on ? t('results:report.followUpOff') : t('results:report.followUp')}</button>
              </Form>
            );
          })}
        </details>
      ) : null}

      {d.canUnlock ? (
        <section className="card no-print">
          <h2>{t('results:report.unlock')}</h2>
          <Form method="post">
            <CsrfInput />
            <div className="field">
              <label htmlFor="reason">{t('results:report.unlockReason')}</label>
              <textarea id="reason" name="reason" rows={2} required />
            </div>
            <button type="submit" name="intent" value="unlock">{t('results:report.unlock')}</button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="evidence-title">
        <h2 id="evidence-title">{t('results:report.evidence')}</h2>
        <ul>
          {d.evidence.map((e) => (
            <li key={e.id}>
              <a href={`/projects/${project.id}/reports/${report.period_key}/evidence?id=${e.id}`} download>{e.file_name}</a>
              {e.indicator_id ? <span className="muted"> — {d.indicators.find((i) => i.id === e.indicator_id)?.code}</span> : null}
            </li>
          ))}
        </ul>
        {d.canEdit ? (
          <Form method="post" encType="multipart/form-data" action={`/projects/${project.id}/reports/${report.period_key}/evidence`} className="no-print">
            <CsrfInput />
            <div className="field">
              <label htmlFor="evidence-indicator">{t('results:report.evidenceFor')}</label>
              <select id="evidence-indicator" name="indicatorId">
                <option value="">{t('results:report.wholeReport')}</option>
                {d.indicators.map((i) => <option key={i.id} value={i.id}>{i.code}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="evidence-file">{t('results:report.addEvidence')}</label>
              <input id="evidence-file" name="file" type="file" required />
            </div>
            <button type="submit">{t('results:report.addEvidence')}</button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="comments-title">
        <h2 id="comments-title">{t('results:report.comments')}</h2>
        <ul className="results-comments">
          {d.comments.filter((c) => !c.indicator_id).map((c) => (
            <li key={c.id}><strong>{c.full_name}</strong> <span className="muted">{formatDateTime(c.created_at)}</span>: {c.body}</li>
          ))}
        </ul>
        {d.canComment ? (
          <Form method="post">
            <CsrfInput />
            <div className="field">
              <label htmlFor="comment-indicator">{t('results:report.returnIndicator')}</label>
              <select id="comment-indicator" name="indicatorId">
                <option value="">{t('results:report.wholeReport')}</option>
                {d.indicators.map((i) => <option key={i.id} value={i.id}>{i.code}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="comment-body">{t('results:report.comment')}</label>
              <textarea id="comment-body" name="body" rows={2} required />
            </div>
            <button type="submit" name="intent" value="comment">{t('results:report.addComment')}</button>
          </Form>
        ) : null}
      </section>
    </section>
  );
}
