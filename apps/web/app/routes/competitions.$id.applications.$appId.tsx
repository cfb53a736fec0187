import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { data } from '@remix-run/node';
import { AppError, applicationContentSchema, applicationSchema, can, fieldErrors, formatDateTime, formatMoney, isWindowOpen, localName, namesOrganisation } from '@kamkor/domain';
import { getApplicationContent, getApplicationForActor, getDb, listAttachments, listIndicatorCatalogue, saveApplicationContent, setApplicationSubmitted, updateApplication } from '../db.server.ts';
import { Attachments, ContentForm, ContentTables, type ContentFormState } from '../components/competition-content.tsx';
import { CompetitionErrors, StatusBadge } from '../components/competition.tsx';
import { ApplicationFields } from '../components/competition-application.tsx';
import { CsrfInput } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { competitionFailure } from '../utils/competitions.server.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage, type CurrentUser } from '../utils/session.server.ts';

async function applicationFor(user: CurrentUser, competitionId: string | undefined, id: string | undefined) {
  const a = await getApplicationForActor(await getDb(), user, id ?? '');
  if (a.competition_id !== competitionId) throw new AppError('NOT_FOUND', 'errors.notFound');
  return a;
}

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const a = await applicationFor(user, params.id, params.appId);
  const resource = { type: 'application' as const, id: a.id, organisationId: a.organisation_id, customerId: a.customer_id, status: a.status };
  const open = isWindowOpen({ status: a.competition_status, opens_at: a.opens_at, closes_at: a.closes_at }, new Date());
  const db = await getDb();
  const canEdit = can(user, 'update', resource);
  const notice = new URL(request.url).searchParams.get('attachment');
  return {
    content: await getApplicationContent(db, user, a.id),
    catalogue: canEdit ? await listIndicatorCatalogue(db, user, a.competition_id) : [],
    attachments: await listAttachments(db, user, a.id),
    // The secretary's check of attachments reviewers cannot get without it: the customer side, once submitted.
    canMark: a.status !== 'draft' && can(user, 'review', resource),
    attachmentNotice: notice && /^(added|removed|marked|attachmentType|attachmentTooLarge|tooManyAttachments|attachmentMissing)$/.test(notice) ? notice : null,
    lot: { max: a.max_amount_tyiyn, minCofundingPct: a.min_cofunding_pct },
    contentSaved: new URL(request.url).searchParams.get('saved') === 'content',
    application: {
      id: a.id,
      competitionId: a.competition_id,
      competitionTitle: a.competition_title,
      code: a.code,
      status: a.status,
      rejectReason: a.reject_reason,
      submittedAt: a.submitted_at,
      closesAt: a.closes_at,
      organisation: { name_ky: a.name_ky, name_ru: a.name_ru, name_en: a.name_en },
      contact_name: a.contact_name,
      contact_phone: a.contact_phone,
      inn: a.inn,
      title: a.title,
      goal: a.goal,
      tasks: a.tasks,
      description: a.description,
      requested: a.requested_tyiyn,
    },
    canEdit: can(user, 'update', resource),
    canSubmit: can(user, 'approve', resource) && a.status === 'draft',
    canWithdraw: can(user, 'approve', resource) && a.status === 'submitted' && open,
    namesOrganisation: namesOrganisation(`${a.title}\n${a.goal}\n${a.tasks}\n${a.description}`, [a.name_ky, a.name_ru, a.name_en]),
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const a = await applicationFor(user, params.id, params.appId);
  const db = await getDb();
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const lang = resolveLanguage(request, user);
  try {
    if (intent === 'submit' || intent === 'withdraw') {
      await db.transaction().execute((trx) => setApplicationSubmitted(trx, user, a.id, intent === 'submit'));
      return redirect(`/competitions/${a.competition_id}/applications/${a.id}`);
    }
    if (intent === 'content') {
      await getApplicationForActor(db, user, a.id, 'update');
      const raw: Record<string, string[]> = {};
      for (const [k, v] of form.entries()) if (typeof v === 'string' && k !== '_csrf' && k !== 'intent') (raw[k] ??= []).push(v);
      const parsed = applicationContentSchema.safeParse(raw);
      if (!parsed.success) return data({ ok: false as const, errors: fieldErrors(parsed.error), rows: raw, values: {} }, { status: 400 });
      try {
        await db.transaction().execute((trx) => saveApplicationContent(trx, user, a.id, parsed.data));
      } catch (err) {
        const failure = competitionFailure(err, form, lang);
        return data({ ...failure.data, rows: raw }, { status: 400 });
      }
      return redirect(`/competitions/${a.competition_id}/applications/${a.id}?saved=content`);
    }
    if (intent !== 'save') {
      // Only the NGO acts on its application; anyone else who may read it is denied, not told it was invalid.
      await getApplicationForActor(db, user, a.id, 'approve');
      return invalid({ errors: { _form: 'errors.invalid' }, values: {} });
    }
    await getApplicationForActor(db, user, a.id, 'update');
    const parsed = await parseForm(request, applicationSchema, form);
    if (!parsed.ok) return invalid(parsed);
    await db.transaction().execute((trx) => updateApplication(trx, user, a.id, parsed.data));
    return redirect(`/competitions/${a.competition_id}/applications/${a.id}`);
  } catch (err) {
    return competitionFailure(err, form, lang);
  }
});

export default function ApplicationPage() {
  const t = useT();
  const lang = useLang();
  const { application: a, canEdit, canSubmit, canWithdraw, namesOrganisation: warn, content, catalogue, attachments, canMark, attachmentNotice, lot, contentSaved } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const contentState = state && 'rows' in state ? (state as ContentFormState) : null;
  const base = `/competitions/${a.competitionId}/applications/${a.id}`;
  return (
    <section className="narrow">
      <p className="eyebrow">
        <Link to={`/competitions/${a.competitionId}`}>{a.competitionTitle}</Link>
      </p>
      <h1>{t('competition:application.title', { code: a.code })}</h1>
      <p>
        <StatusBadge status={a.status} label={t(`competition:applicationStatuses.${a.status}`)} />{' '}
        {a.submittedAt ? t('competition:application.submittedAt', { at: formatDateTime(a.submittedAt) }) : null}
      </p>
      {a.rejectReason ? <p className="error-summary">{t('competition:application.rejected', { reason: a.rejectReason })}</p> : null}
      <p>{t('competition:apply.deadlineOnly', { closes: formatDateTime(a.closesAt) })}</p>
      <CompetitionErrors state={state} />
      {warn ? (
        <p className="error-summary" role="status">
          {t('competition:application.namesOrganisation')}
        </p>
      ) : null}
      {canEdit ? (
        <Form method="post" className="card" noValidate>
          <CsrfInput />
          <ApplicationFields state={contentState ? null : state} initial={{ ...a, requested: String(a.requested / 100) }} budgetSet={content.budget.length > 0} />
          <button type="submit" name="intent" value="save">
            {t('actions.save')}
          </button>
        </Form>
      ) : (
        <div className="card">
          <h2>{t('competition:application.identifying')}</h2>
          <dl className="facts">
            <dt>{t('competition:fields.organisation')}</dt>
            <dd>{localName(a.organisation, lang)}</dd>
            <dt>{t('competition:fields.contactName')}</dt>
            <dd>{a.contact_name}</dd>
            <dt>{t('competition:fields.contactPhone')}</dt>
            <dd>{a.contact_phone}</dd>
            <dt>{t('competition:fields.inn')}</dt>
            <dd>{a.inn}</dd>
          </dl>
          <h2>{t('competition:application.project')}</h2>
          <dl className="facts">
            <dt>{t('competition:fields.projectTitle')}</dt>
            <dd>{a.title}</dd>
            <dt>{t('competition:fields.goal')}</dt>
            <dd>{a.goal}</dd>
            <dt>{t('competition:content.application.tasks')}</dt>
            <dd>{a.tasks}</dd>
            <dt>{t('competition:fields.description')}</dt>
            <dd>{a.description}</dd>
            <dt>{t('competition:fields.requested')}</dt>
            <dd>{formatMoney(a.requested, lang)}</dd>
          </dl>
        </div>
      )}
      <section id="content" aria-label={t('competition:content.application.contentTitle')}>
        {contentSaved && !contentState ? (
          <p className="hint" role="status">
            {t('competition:content.application.notice.saved')}
          </p>
        ) : null}
        {canEdit ? (
          <ContentForm content={content} catalogue={catalogue} state={contentState} lot={lot} />
        ) : (
          <div className="card">
            <h2>{t('competition:content.application.contentTitle')}</h2>
            <p className="hint">{t('competition:content.application.seenByReviewers')}</p>
            <ContentTables content={content} idPrefix="content" />
          </div>
        )}
      </section>
      <Attachments base={base} rows={attachments} canEdit={canEdit} canMark={canMark} notice={attachmentNotice} />
      {canSubmit || canWithdraw ? (
        <Form method="post">
          <CsrfInput />
          {canSubmit ? (
            <button type="submit" name="intent" value="submit" className="primary">
              {t('competition:application.submit')}
            </button>
          ) : (
            <button type="submit" name="intent" value="withdraw">
              {t('competition:application.withdraw')}
            </button>
          )}
        </Form>
      ) : null}
    </section>
  );
}
