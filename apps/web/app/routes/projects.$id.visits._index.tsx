import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { redirect } from '@remix-run/node';
import { AppError, bishkekToday, formatDate, localName, ministryDecisionKinds, ministryDecisionSchema, planVisitSchema, visitKinds } from '@kamkor/domain';
import { closeDecisionFollowUp, getDb, listDecisionBases, listEligibleOfficers, listProjectDecisions, listProjectVisitsForActor, planVisit, recordDecision } from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { formError, formValues, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const page = Number(new URL(request.url).searchParams.get('page')) || 1;
  // 404 unless the user monitors the project, is an admin, or is its contractor (final visits only).
  const list = await listProjectVisitsForActor(db, user, params.id ?? '', { page });
  const officers = list.canPlan ? await listEligibleOfficers(db, list.project) : [];
  const p = list.project;
  const today = bishkekToday();
  // The ministry's decisions: the same people see them as the visits (the decision policy in `can`).
  const decisions = await listProjectDecisions(db, user, p.id, today);
  const bases = decisions.canRecord ? await listDecisionBases(db, user, p.id) : { visits: [], recommendations: [] };
  return {
    project: { id: p.id, code: p.code, name_ky: p.name_ky, name_ru: p.name_ru, name_en: p.name_en },
    visits: list.visits.map((v) => ({ visit_no: v.visit_no, program_year: v.program_year, kind: v.kind, status: v.status, planned_date: v.planned_date, visit_date: v.visit_date, officer_name: v.officer_name })),
    page: list.page,
    hasMore: list.hasMore,
    canPlan: list.canPlan,
    officers,
    year: today.slice(0, 4),
    today,
    userId: user.userId,
    decisions: decisions.decisions,
    canRecordDecision: decisions.canRecord,
    bases,
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const form = await request.formData();
  const intent = String(form.get('intent') ?? 'plan');
  if (intent === 'decision') {
    // Authorised before validating (those who may not record get a 404); errors return the input.
    const decisions = await listProjectDecisions(db, user, params.id ?? '', bishkekToday());
    if (!decisions.canRecord) throw new AppError('NOT_FOUND', 'errors.notFound');
    // The form calls the kind `decisionKind` (the plan form on the same page has a `kind` field).
    const renamed = new FormData();
    for (const [k, v] of form.entries()) renamed.append(k === 'decisionKind' ? 'kind' : k, v);
    const parsed = await parseForm(request, ministryDecisionSchema, renamed);
    if (!parsed.ok) {
      const { kind: kindError, ...errors } = parsed.errors;
      return invalid({ errors: kindError ? { ...errors, decisionKind: kindError } : errors, values: formValues(form) });
    }
    try {
      await recordDecision(db, user, decisions.project.id, parsed.data);
    } catch (err) {
      if (err instanceof AppError && err.messageKey === 'monitoring:decisions.errors.visit') return formError(err, form, 'visitId');
      return formError(err, form, 'recommendationId');
    }
    return redirect(`/projects/${decisions.project.id}/visits#decisions`);
  }
  if (intent === 'closeDecision') {
    const projectId = params.id ?? '';
    try {
      await closeDecisionFollowUp(db, user, projectId, String(form.get('decisionId') ?? '').slice(0, 40));
    } catch (err) {
      return formError(err, form);
    }
    return redirect(`/projects/${projectId}/visits#decisions`);
  }
  // Authorise before validating: someone who may not plan gets a 404, not a 400.
  const list = await listProjectVisitsForActor(db, user, params.id ?? '');
  if (!list.canPlan) throw new AppError('NOT_FOUND', 'errors.notFound');
  const parsed = await parseForm(request, planVisitSchema, form);
  if (!parsed.ok) return invalid(parsed);
  let visitNo: number;
  try {
    visitNo = await db.transaction().execute(async (trx) => (await planVisit(trx, user, list.project.id, parsed.data)).visit_no);
  } catch (err) {
    return formError(err, parsed.form, 'officerId');
  }
  return redirect(`/projects/${list.project.id}/visits/${visitNo}`);
});

export default function ProjectVisits() {
  const t = useT();
  const lang = useLang();
  const { project, visits, page, hasMore, canPlan, officers, year, today, userId, decisions, canRecordDecision, bases } = useLoaderData<typeof loader>();
  const actionState = useActionData<typeof action>();
  const intentOf = (s: typeof actionState) => (s && 'values' in s ? s.values?.intent : undefined);
  const state = intentOf(actionState) === 'decision' || intentOf(actionState) === 'closeDecision' ? undefined : actionState;
  const decisionState = intentOf(actionState) === 'decision' ? actionState : undefined;
  const closeState = intentOf(actionState) === 'closeDecision' ? actionState : undefined;
  const badge = { planned: '', draft: 'warn', final: 'ok' } as const;
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/projects/${project.id}`}>{project.code}</Link> · {localName(project, lang)}
      </p>
      <h1>{t('monitoring:visits.title')}</h1>
      <p>{t('monitoring:visits.help')}</p>
      {visits.length ? <ExportLinks source="visits" params={`project=${project.id}`} /> : null}
      {visits.length === 0 ? (
        <p className="empty-state">{t('monitoring:visits.empty')}</p>
      ) : (
        <TableWrap label={t('common:tableRegion')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('monitoring:visits.no')}</th>
                <th scope="col">{t('monitoring:visits.plannedDate')}</th>
                <th scope="col">{t('monitoring:visits.visitDate')}</th>
                <th scope="col">{t('monitoring:visits.kind')}</th>
                <th scope="col">{t('monitoring:visits.officer')}</th>
                <th scope="col">{t('monitoring:visits.status')}</th>
              </tr>
            </thead>
            <tbody>
              {visits.map((v) => (
                <tr key={v.visit_no}>
                  <td>
                    <Link to={`/projects/${project.id}/visits/${v.visit_no}`} aria-label={t('monitoring:visits.open', { no: v.visit_no })}>
                      {v.visit_no}
                    </Link>
                  </td>
                  <td>{formatDate(v.planned_date)}</td>
                  <td>{formatDate(v.visit_date)}</td>
                  <td>{t(`monitoring:kinds.${v.kind}`)}</td>
                  <td>{v.officer_name}</td>
                  <td>
                    <span className={`badge ${badge[v.status]}`}>{t(`monitoring:statuses.${v.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {hasMore ? (
        <p>
          <Link to={`?page=${page + 1}`}>{t('monitoring:visits.more')}</Link>
        </p>
      ) : null}
      {canPlan ? (
        <section className="card" aria-labelledby="plan-visit">
          <h2 id="plan-visit">{t('monitoring:visits.plan')}</h2>
          <ErrorSummary state={state} />
          <Form method="post" noValidate>
            <CsrfInput />
            <Field name="programYear" label={t('monitoring:visits.programYear')} defaultValue={year} inputMode="numeric" state={state} required />
            <Field name="plannedDate" label={t('monitoring:visits.plannedDate')} hint="DD.MM.YYYY" state={state} required />
            <Field as="select" name="kind" label={t('monitoring:visits.kind')} defaultValue="scheduled" state={state} required>
              {visitKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`monitoring:kinds.${k}`)}
                </option>
              ))}
            </Field>
            <Field as="select" name="officerId" label={t('monitoring:visits.officer')} defaultValue={officers.some((o) => o.id === userId) ? userId : ''} state={state} required>
              <option value="">—</option>
              {officers.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.full_name}
                </option>
              ))}
            </Field>
            <button type="submit" className="primary">{t('monitoring:visits.plan')}</button>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="decisions" className="decisions">
        <h2 id="decisions">{t('monitoring:decisions.ministryTitle')}</h2>
        <p>{t('monitoring:decisions.help')}</p>
        <ErrorSummary state={closeState} />
        {decisions.length === 0 ? (
          <p className="empty-state">{t('monitoring:decisions.empty')}</p>
        ) : (
          <TableWrap label={t('monitoring:decisions.ministryTitle')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('monitoring:decisions.columns.decidedOn')}</th>
                  <th scope="col">{t('monitoring:decisions.columns.kind')}</th>
                  <th scope="col">{t('monitoring:decisions.columns.basis')}</th>
                  <th scope="col">{t('monitoring:decisions.columns.basedOn')}</th>
                  <th scope="col">{t('monitoring:decisions.columns.followUpDue')}</th>
                  <th scope="col">{t('monitoring:decisions.columns.status')}</th>
                </tr>
              </thead>
              <tbody>
                {decisions.map((d) => (
                  <tr key={d.id} data-decision={d.kind}>
                    <td>{formatDate(d.decidedOn)}</td>
                    <td>{t(`monitoring:decisions.kinds.${d.kind}`)}</td>
                    <td>
                      {d.basis}
                      {d.decidedByName ? <div className="hint">{t('monitoring:decisions.columns.decidedBy')}: {d.decidedByName}</div> : null}
                    </td>
                    <td>
                      {d.visitNo !== null ? (
                        <Link to={`/projects/${project.id}/visits/${d.visitNo}`}>{t('monitoring:decisions.visitRef', { no: d.visitNo })}</Link>
                      ) : null}
                      {d.recommendation ? <div className="hint">{d.recommendation}</div> : null}
                    </td>
                    <td>{d.followUpDue ? formatDate(d.followUpDue) : '—'}</td>
                    <td>
                      {d.followUpDue ? t(`monitoring:decisions.statuses.${d.status}`) : t('monitoring:decisions.statuses.none')}{' '}
                      {d.overdue ? <span className="badge bad">{t('monitoring:report.overdueYes')}</span> : null}
                      {d.canClose ? (
                        <Form method="post" className="inline">
                          <CsrfInput />
                          <input type="hidden" name="decisionId" value={d.id} />
                          <button type="submit" name="intent" value="closeDecision">{t('monitoring:decisions.close')}</button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {canRecordDecision ? (
          <section className="card" aria-labelledby="record-decision">
            <h3 id="record-decision">{t('monitoring:decisions.record')}</h3>
            <ErrorSummary state={decisionState} />
            <Form method="post" noValidate>
              <CsrfInput />
              <Field as="select" name="decisionKind" label={t('monitoring:decisions.columns.kind')} state={decisionState} required>
                <option value="">—</option>
                {ministryDecisionKinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`monitoring:decisions.kinds.${k}`)}
                  </option>
                ))}
              </Field>
              <Field as="textarea" name="basis" label={t('monitoring:decisions.columns.basis')} state={decisionState} required />
              <Field name="decidedOn" label={t('monitoring:decisions.columns.decidedOn')} hint="DD.MM.YYYY" defaultValue={formatDate(today)} state={decisionState} required />
              <Field as="select" name="recommendationId" label={t('monitoring:decisions.recommendation')} state={decisionState}>
                <option value="">—</option>
                {bases.recommendations.map((r) => (
                  <option key={r.id} value={r.id}>
                    {t('monitoring:decisions.visitRef', { no: r.visitNo })} · {formatDate(r.dueDate)} · {r.recommendation.slice(0, 80)}
                  </option>
                ))}
              </Field>
              <Field as="select" name="visitId" label={t('monitoring:decisions.visit')} state={decisionState}>
                <option value="">—</option>
                {bases.visits.map((v) => (
                  <option key={v.id} value={v.id}>
                    {t('monitoring:decisions.visitRef', { no: v.visitNo })} · {formatDate(v.date)}
                  </option>
                ))}
              </Field>
              <Field name="followUpDue" label={t('monitoring:decisions.columns.followUpDue')} hint="DD.MM.YYYY" state={decisionState} />
              <button type="submit" name="intent" value="decision" className="primary">
                {t('monitoring:decisions.record')}
              </button>
            </Form>
          </section>
        ) : null}
      </section>
    </section>
  );
}
