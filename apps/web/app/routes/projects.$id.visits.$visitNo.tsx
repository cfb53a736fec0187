import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { redirect } from '@remix-run/node';
import {
  AppError,
  bishkekToday,
  can,
  checklistAnswers,
  decisionSchema,
  followUpSchema,
  followUpStatuses,
  formatDate,
  formatDateTime,
  formatNumber,
  localName,
  parseChecklistAnswers,
  recommendationDecisions,
  recommendationSchema,
  visitRecordSchema,
  type Language,
} from '@kamkor/domain';
import {
  addRecommendation,
  currentChecklistTemplate,
  decideRecommendation,
  getChecklistTemplate,
  getDb,
  getVisitForActor,
  listResponsibleOrganisations,
  listVisitFiles,
  listVisitRecommendations,
  saveVisitRecord,
  updateFollowUp,
} from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { formError, formValues, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const { project, visit, resource } = await getVisitForActor(db, user, params.id ?? '', params.visitNo ?? '', 'view');
  const template = visit.template_id ? await getChecklistTemplate(db, visit.template_id) : await currentChecklistTemplate(db);
  const canEdit = can(user, 'update', resource);
  const canRecommend = can(user, 'create', { type: 'monitoring_recommendation', visit: resource, responsibleOrgId: project.contractor_id });
  return {
    project: { id: project.id, code: project.code, name_ky: project.name_ky, name_ru: project.name_ru, name_en: project.name_en },
    visit: {
      visit_no: visit.visit_no,
      kind: visit.kind,
      status: visit.status,
      planned_date: visit.planned_date,
      visit_date: visit.visit_date,
      participants: visit.participants,
      summary: visit.summary,
      officer_name: visit.officer_name,
      answers: visit.answers,
      finalised_at: visit.finalised_at ? String(visit.finalised_at) : null,
    },
    template,
    canEdit,
    canRecommend,
    recommendations: await listVisitRecommendations(db, user, project.id, visit.visit_no, bishkekToday()),
    organisations: canRecommend ? await listResponsibleOrganisations(db, project) : [],
    files: await listVisitFiles(db, user, project.id, visit.visit_no),
    fileNotice: ((f) => (f === 'missing' || f === 'tooMany' || f === 'added' ? f : null))(new URL(request.url).searchParams.get('file')),
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const form = await request.formData();
  const intent = String(form.get('intent') ?? 'save');
  const back = (projectId: string, no: number) => redirect(`/projects/${projectId}/visits/${no}`);

  if (intent === 'recommend') {
    const { project, visit, resource } = await getVisitForActor(db, user, params.id ?? '', params.visitNo ?? '', 'view');
    if (!can(user, 'create', { type: 'monitoring_recommendation', visit: resource, responsibleOrgId: project.contractor_id })) throw new AppError('NOT_FOUND', 'errors.notFound');
    const parsed = await parseForm(request, recommendationSchema, form);
    if (!parsed.ok) return invalid(parsed);
    try {
      await db.transaction().execute((trx) => addRecommendation(trx, user, project.id, visit.visit_no, parsed.data));
    } catch (err) {
      return formError(err, form, 'responsibleOrgId');
    }
    return back(project.id, visit.visit_no);
  }
  if (intent === 'decide' || intent === 'followUp') {
    const { project, visit } = await getVisitForActor(db, user, params.id ?? '', params.visitNo ?? '', 'view');
    const recId = String(form.get('recommendationId') ?? '').slice(0, 40);
    const rec = (await listVisitRecommendations(db, user, project.id, visit.visit_no, bishkekToday())).find((r) => r.id === recId);
    if (!rec || !(intent === 'decide' ? rec.canDecide : rec.canFollowUp)) throw new AppError('NOT_FOUND', 'errors.notFound');
    const parsed = intent === 'decide' ? await parseForm(request, decisionSchema, form) : await parseForm(request, followUpSchema, form);
    if (!parsed.ok) return invalid({ ...parsed, values: { ...parsed.values, recommendationId: recId } });
    try {
      await db.transaction().execute((trx) =>
        intent === 'decide'
          ? decideRecommendation(trx, user, project.id, visit.visit_no, recId, parsed.data as Parameters<typeof decideRecommendation>[5])
          : updateFollowUp(trx, user, project.id, visit.visit_no, recId, parsed.data as Parameters<typeof updateFollowUp>[5]),
      );
    } catch (err) {
      return formError(err, form);
    }
    return back(project.id, visit.visit_no);
  }

  // Saving or finalising the record: authorised before the form is validated.
  const finalise = intent === 'finalise';
  const { project, visit } = await getVisitForActor(db, user, params.id ?? '', params.visitNo ?? '', finalise ? 'approve' : 'update');
  const template = visit.template_id ? await getChecklistTemplate(db, visit.template_id) : await currentChecklistTemplate(db);
  const parsed = await parseForm(request, visitRecordSchema, form);
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
  const answers = parseChecklistAnswers(template.items, raw, { complete: finalise });
  if (!parsed.ok || !answers.ok) {
    return invalid({ errors: { ...(parsed.ok ? {} : parsed.errors), ...(answers.ok ? {} : answers.errors) }, values: formValues(form) });
  }
  try {
    await db.transaction().execute((trx) => saveVisitRecord(trx, user, project.id, visit.visit_no, { ...parsed.data, answers: answers.answers, templateId: template.id }, finalise));
  } catch (err) {
    return formError(err, form);
  }
  return back(project.id, visit.visit_no);
});

export default function Visit() {
  const t = useT();
  const lang = useLang();
  const { project, visit, template, canEdit, canRecommend, recommendations, organisations, files, fileNotice } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const values = state?.values;
  const answerOf = (key: string) => values?.[`item.${key}`] ?? visit.answers[key]?.answer ?? '';
  const noteOf = (key: string) => values?.[`note.${key}`] ?? visit.answers[key]?.note ?? '';
  const itemLabel = (item: { ky: string; ru: string; en: string }) => item[lang as Language] || item.ru;
  const badge = { planned: '', draft: 'warn', final: 'ok' } as const;
  return (
    <section className="field-page">
      <p className="eyebrow">
        <Link to={`/projects/${project.id}/visits`}>{t('monitoring:visits.title')}</Link> · {project.code}
      </p>
      <h1>{t('monitoring:visit.title', { no: visit.visit_no })}</h1>
      <p>
        <span className={`badge ${badge[visit.status]}`}>{t(`monitoring:statuses.${visit.status}`)}</span> {t(`monitoring:kinds.${visit.kind}`)} ·{' '}
        {t('monitoring:visits.plannedDate')}: {formatDate(visit.planned_date)} · {t('monitoring:visits.officer')}: {visit.officer_name}
      </p>
      <p className="hint">{localName(project, lang)}</p>
      <ErrorSummary state={state} />
      {canEdit ? (
        <p>
          <a className="button" href={`/field/visits/${project.id}/${visit.visit_no}`}>
            {t('monitoring:fieldVisit.open')}
          </a>
        </p>
      ) : null}
      {canEdit ? (
        <Form method="post" noValidate>
          <CsrfInput />
          <Field name="visitDate" label={t('monitoring:visits.visitDate')} hint="DD.MM.YYYY" defaultValue={formatDate(visit.visit_date) || formatDate(visit.planned_date)} state={state} required />
          <Field as="textarea" name="participants" label={t('monitoring:visit.participants')} hint={t('monitoring:visit.participantsHint')} defaultValue={visit.participants ?? ''} state={state} required />
          <h2>{t('monitoring:visit.checklist')}</h2>
          <p className="hint">{t('monitoring:visit.checklistVersion', { version: template.version })}</p>
          {template.items.map((item) => {
            const error = state?.errors?.[`item.${item.key}`];
            return (
              <fieldset key={item.key} className={error ? 'field-error' : undefined} aria-describedby={error ? `err-${item.key}` : undefined}>
                <legend>{itemLabel(item)}</legend>
                {error ? (
                  <p className="error-message" id={`err-${item.key}`}>
                    {t(error)}
                  </p>
                ) : null}
                <div className="checkbox-group">
                  {checklistAnswers.map((a) => (
                    <label key={a}>
                      <input type="radio" name={`item.${item.key}`} value={a} defaultChecked={answerOf(item.key) === a} /> {t(`monitoring:answers.${a}`)}
                    </label>
                  ))}
                </div>
                <label htmlFor={`note-${item.key}`}>{t('monitoring:visit.note')}</label>
                <input id={`note-${item.key}`} name={`note.${item.key}`} defaultValue={noteOf(item.key)} maxLength={1000} />
              </fieldset>
            );
          })}
          <Field as="textarea" name="summary" label={t('monitoring:visit.summary')} defaultValue={visit.summary ?? ''} state={state} />
          <p className="hint">{t('monitoring:visit.finaliseHelp')}</p>
          <div className="actions">
            <button type="submit" name="intent" value="save">{t('monitoring:visit.save')}</button>
            <button type="submit" name="intent" value="finalise" className="primary">{t('monitoring:visit.finalise')}</button>
          </div>
        </Form>
      ) : (
        <>
          <dl>
            <dt>{t('monitoring:visits.visitDate')}</dt>
            <dd>{formatDate(visit.visit_date) || '—'}</dd>
            <dt>{t('monitoring:visit.participants')}</dt>
            <dd>{visit.participants || '—'}</dd>
          </dl>
          <h2>{t('monitoring:visit.checklist')}</h2>
          <p className="hint">{t('monitoring:visit.checklistVersion', { version: template.version })}</p>
          <ul className="checklist">
            {template.items.map((item) => (
              <li key={item.key}>
                <strong>{itemLabel(item)}</strong>: {visit.answers[item.key]?.answer ? t(`monitoring:answers.${visit.answers[item.key]!.answer}`) : t('monitoring:answers.none')}
                {visit.answers[item.key]?.note ? <div className="hint">{visit.answers[item.key]!.note}</div> : null}
              </li>
            ))}
          </ul>
          <h2>{t('monitoring:visit.summary')}</h2>
          <p>{visit.summary || '—'}</p>
          {visit.finalised_at ? <p className="hint">{t('monitoring:visit.finalisedAt', { date: formatDateTime(visit.finalised_at) })}</p> : null}
        </>
      )}

      <h2>{t('monitoring:visit.files')}</h2>
      {fileNotice === 'added' ? <p className="notice" role="status">{t('monitoring:visit.fileAdded')}</p> : null}
      {fileNotice === 'missing' || fileNotice === 'tooMany' ? (
        <div className="error-summary" role="alert">
          <p>{t(fileNotice === 'missing' ? 'monitoring:visit.fileMissing' : 'monitoring:errors.tooManyFiles')}</p>
        </div>
      ) : null}
      {files.length === 0 ? (
        <p className="empty-state">{t('monitoring:visit.noFiles')}</p>
      ) : (
        <ul className="visit-files">
          {files.map((f) => (
            <li key={f.id}>
              <a href={`/projects/${project.id}/visits/${visit.visit_no}/files?id=${f.id}`}>{f.fileName}</a> ({formatNumber(Math.ceil(f.sizeBytes / 1024), lang)} KB)
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <Form method="post" encType="multipart/form-data" action={`/projects/${project.id}/visits/${visit.visit_no}/files`}>
          <CsrfInput />
          <label htmlFor="visit-file">{t('monitoring:visit.file')}</label>
          <input id="visit-file" name="file" type="file" accept="image/*,.pdf,.doc,.docx,.xlsx" capture="environment" />
          <button type="submit">{t('monitoring:visit.attach')}</button>
        </Form>
      ) : null}

      <h2>{t('monitoring:recs.title')}</h2>
      {recommendations.length === 0 ? <p className="empty-state">{t('monitoring:recs.empty')}</p> : null}
      {recommendations.map((r) => (
        <article key={r.id} className="card">
          <p>
            <strong>{t('monitoring:recs.finding')}:</strong> {r.finding}
          </p>
          <p>
            <strong>{t('monitoring:recs.recommendation')}:</strong> {r.recommendation}
          </p>
          <p className="hint">
            {t('monitoring:recs.responsible')}: {localName({ name_ky: r.org_ky, name_ru: r.org_ru, name_en: r.org_en }, lang)} · {t('monitoring:recs.dueDate')}: {formatDate(r.due_date)}{' '}
            {r.overdue ? <span className="badge bad">{t('monitoring:recs.overdue')}</span> : null}
          </p>
          <p>
            {t('monitoring:recs.decision')}: {r.decision ? t(`monitoring:decisions.${r.decision}`) : t('monitoring:recs.undecided')}
            {r.decision_reason ? ` — ${r.decision_reason}` : ''} · {t('monitoring:recs.followUp')}: {t(`monitoring:followUp.${r.status}`)}
            {r.follow_up_note ? ` — ${r.follow_up_note}` : ''}
          </p>
          {r.canDecide ? (
            <Form method="post" noValidate>
              <CsrfInput />
              <input type="hidden" name="recommendationId" value={r.id} />
              <Field as="select" name="decision" label={t('monitoring:recs.decision')} defaultValue={r.decision ?? ''} state={values?.recommendationId === r.id ? state : undefined} required>
                <option value="">—</option>
                {recommendationDecisions.map((d) => (
                  <option key={d} value={d}>
                    {t(`monitoring:decisions.${d}`)}
                  </option>
                ))}
              </Field>
              <Field name="reason" label={t('monitoring:recs.reason')} hint={t('monitoring:recs.reasonHint')} defaultValue={r.decision_reason ?? ''} state={values?.recommendationId === r.id ? state : undefined} />
              <button type="submit" name="intent" value="decide">{t('monitoring:recs.decide')}</button>
            </Form>
          ) : null}
          {r.canFollowUp ? (
            <Form method="post" noValidate>
              <CsrfInput />
              <input type="hidden" name="recommendationId" value={r.id} />
              <Field as="select" name="status" label={t('monitoring:recs.followUp')} defaultValue={r.status} state={values?.recommendationId === r.id ? state : undefined} required>
                {followUpStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`monitoring:followUp.${s}`)}
                  </option>
                ))}
              </Field>
              <Field name="note" label={t('monitoring:recs.followUpNote')} defaultValue={r.follow_up_note ?? ''} state={values?.recommendationId === r.id ? state : undefined} />
              <button type="submit" name="intent" value="followUp">{t('monitoring:recs.saveFollowUp')}</button>
            </Form>
          ) : null}
        </article>
      ))}
      {canRecommend ? (
        <section className="card" aria-labelledby="add-rec">
          <h3 id="add-rec">{t('monitoring:recs.add')}</h3>
          <Form method="post" noValidate>
            <CsrfInput />
            <Field as="textarea" name="finding" label={t('monitoring:recs.finding')} state={values?.recommendationId ? undefined : state} required />
            <Field as="textarea" name="recommendation" label={t('monitoring:recs.recommendation')} state={values?.recommendationId ? undefined : state} required />
            <Field as="select" name="responsibleOrgId" label={t('monitoring:recs.responsible')} state={values?.recommendationId ? undefined : state} required>
              <option value="">—</option>
              {organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {localName(o, lang)}
                </option>
              ))}
            </Field>
            <Field name="dueDate" label={t('monitoring:recs.dueDate')} hint="DD.MM.YYYY" state={values?.recommendationId ? undefined : state} required />
            <button type="submit" name="intent" value="recommend">{t('monitoring:recs.add')}</button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
