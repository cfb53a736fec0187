import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { AppError, complaintAnswerSchema, complaintDaysSchema, complaintSchema, formatDate, formatDateTime, localName } from '@kamkor/domain';
import { answerComplaint, fileComplaint, getCompetitionForActor, getComplaintsForActor, getDb, setComplaintDays } from '../db.server.ts';
import { CompetitionErrors, StatusBadge } from '../components/competition.tsx';
import { CsrfInput, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { competitionFailure } from '../utils/competitions.server.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';

/**
 * Complaints about a competition's results: the applicant NGO files within the period after
 * publication; the commission (its chair or secretary) answers; the customer's officer reads them and,
 * before publication, sets the period.
 */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const c = await getCompetitionForActor(db, user, params.id ?? '', 'view');
  const view = await getComplaintsForActor(db, user, c.id);
  return { competition: { id: c.id, title: c.title, signed: !!c.protocol_signed_at }, ...view };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const c = await getCompetitionForActor(db, user, params.id ?? '', 'view');
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const lang = resolveLanguage(request, user);
  try {
    if (intent === 'file') {
      const parsed = await parseForm(request, complaintSchema, form);
      if (!parsed.ok) return invalid(parsed);
      await db.transaction().execute((trx) => fileComplaint(trx, user, c.id, parsed.data));
    } else if (intent === 'answer') {
      const parsed = await parseForm(request, complaintAnswerSchema, form);
      if (!parsed.ok) return invalid(parsed);
      await db.transaction().execute((trx) => answerComplaint(trx, user, c.id, parsed.data));
    } else if (intent === 'days') {
      await getCompetitionForActor(db, user, c.id, 'manage');
      const parsed = await parseForm(request, complaintDaysSchema, form);
      if (!parsed.ok) return invalid(parsed);
      await db.transaction().execute((trx) => setComplaintDays(trx, user, c.id, parsed.data.days));
    } else {
      // Nothing to do for an unknown intent: those who may act get "invalid", everyone else a 404.
      const view = await getComplaintsForActor(db, user, c.id);
      if (!view.canSetDays && view.eligible.length === 0 && !view.complaints.some((k) => k.canAnswer)) throw new AppError('NOT_FOUND', 'errors.notFound');
      return invalid({ errors: { _form: 'errors.invalid' }, values: {} });
    }
    return redirect(`/competitions/${c.id}/complaints`);
  } catch (err) {
    // The last day of the period, as the user reads dates (DD.MM.YYYY).
    const shown = err instanceof AppError && typeof err.params.lastDay === 'string' ? new AppError(err.code, err.messageKey, { ...err.params, lastDay: formatDate(err.params.lastDay) }) : err;
    return competitionFailure(shown, form, lang);
  }
});

export default function Complaints() {
  const t = useT();
  const lang = useLang();
  const { competition: c, complaints, eligible, window, complaintDays, canSetDays } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const pending = complaints.filter((k) => k.canAnswer);
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/competitions/${c.id}`}>{c.title}</Link>
      </p>
      <h1>{t('competition:complaint.title')}</h1>
      {window ? (
        <p>{window.open ? t('competition:complaint.window', { lastDay: formatDate(window.lastDay) }) : t('competition:complaint.windowEnded', { lastDay: formatDate(window.lastDay) })}</p>
      ) : null}
      <CompetitionErrors state={state} />
      {complaints.length === 0 ? (
        <p className="empty-state">{t('competition:complaint.none')}</p>
      ) : (
        <ul className="cards plain-list" aria-label={t('competition:complaint.tableLabel')}>
          {complaints.map((k) => (
            <li key={k.id} className="card">
              <p>
                <strong>{k.code}</strong> · {localName(k, lang)} · {t('competition:complaint.filedAt', { at: formatDateTime(k.filed_at) })} ·{' '}
                <StatusBadge status={k.status === 'upheld' ? 'awarded' : k.status === 'rejected' ? 'rejected' : 'evaluating'} label={t(`competition:complaint.statuses.${k.status}`)} />
              </p>
              <p>{k.text}</p>
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
            </li>
          ))}
        </ul>
      )}
      {eligible.length > 0 ? (
        <Form method="post" className="card" noValidate>
          <CsrfInput />
          <h2>{t('competition:complaint.file')}</h2>
          <Field name="applicationId" label={t('competition:complaint.application')} state={state} as="select" required defaultValue={eligible[0]!.id}>
            {eligible.map((a) => (
              <option key={a.id} value={a.id}>
                {a.code} — {a.title}
              </option>
            ))}
          </Field>
          <Field name="text" label={t('competition:complaint.text')} hint={t('competition:complaint.textHint')} state={state} as="textarea" required />
          <button type="submit" name="intent" value="file" className="primary">
            {t('competition:complaint.file')}
          </button>
        </Form>
      ) : null}
      {pending.length > 0 ? (
        <Form method="post" className="card" noValidate>
          <CsrfInput />
          <h2>{t('competition:complaint.answer')}</h2>
          <Field name="complaintId" label={t('competition:complaint.title')} state={state} as="select" required defaultValue={pending[0]!.id}>
            {pending.map((k) => (
              <option key={k.id} value={k.id}>
                {k.code} — {localName(k, lang)}
              </option>
            ))}
          </Field>
          <Field name="outcome" label={t('competition:complaint.outcome')} state={state} as="select" required defaultValue="rejected">
            <option value="upheld">{t('competition:complaint.statuses.upheld')}</option>
            <option value="rejected">{t('competition:complaint.statuses.rejected')}</option>
          </Field>
          <Field name="reasons" label={t('competition:complaint.reasons')} state={state} as="textarea" required />
          <Field name="changedDecision" label={t('competition:complaint.changedDecision')} hint={t('competition:complaint.changedDecisionHint')} state={state} as="textarea" />
          <button type="submit" name="intent" value="answer" className="primary">
            {t('competition:complaint.answer')}
          </button>
        </Form>
      ) : null}
      {canSetDays ? (
        <Form method="post" className="card" noValidate>
          <CsrfInput />
          <Field name="days" label={t('competition:complaint.days')} state={state} type="number" inputMode="numeric" required defaultValue={complaintDays} />
          <button type="submit" name="intent" value="days">
            {t('competition:complaint.saveDays')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
