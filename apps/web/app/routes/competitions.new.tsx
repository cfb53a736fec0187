import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { competitionSchema, formatMoney, orgsWithRole } from '@kamkor/domain';
import { createCompetition, getDb, listLinesForCompetition } from '../db.server.ts';
import { CompetitionErrors } from '../components/competition.tsx';
import { CsrfInput, Field } from '../components/forms.tsx';
import { LotFields } from '../components/competition-content.tsx';
import { useLang, useT } from '../i18n.ts';
import { competitionFailure } from '../utils/competitions.server.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser, resolveLanguage, type CurrentUser } from '../utils/session.server.ts';

/** Only officers of a customer (ministry or municipality) open competitions; others are denied before validation. */
function assertOfficer(user: CurrentUser) {
  assertCan(orgsWithRole(user, 'program_officer', 'municipal_officer').length > 0);
}

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertOfficer(user);
  const url = new URL(request.url);
  const lines = await listLinesForCompetition(await getDb(), user);
  return { lines, lineId: url.searchParams.get('line') ?? lines[0]?.id ?? '' };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertOfficer(user);
  const parsed = await parseForm(request, competitionSchema);
  if (!parsed.ok) return invalid(parsed);
  const db = await getDb();
  try {
    const row = await db.transaction().execute((trx) => createCompetition(trx, user, parsed.data));
    return redirect(`/competitions/${row.id}`);
  } catch (err) {
    return competitionFailure(err, parsed.form, resolveLanguage(request, user));
  }
});

export default function NewCompetition() {
  const t = useT();
  const lang = useLang();
  const { lines, lineId } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>{t('competition:new.title')}</h1>
      <p>{t('competition:new.help')}</p>
      {lines.length === 0 ? <p className="empty-state">{t('competition:new.noLines')}</p> : null}
      <Form method="post" className="card" noValidate>
        <CsrfInput />
        <CompetitionErrors state={state} />
        <Field name="lineId" label={t('competition:fields.line')} as="select" state={state} required defaultValue={lineId}>
          {lines.map((l) => (
            <option key={l.id} value={l.id}>
              {t('competition:new.lineOption', { program: l.program_title, no: l.line_no, service: l.service_code, budget: formatMoney(l.budget_tyiyn, lang), left: formatMoney(l.budget_tyiyn - l.allocated, lang) })}
            </option>
          ))}
        </Field>
        <fieldset>
          <legend>{t('competition:content.lot.moreLines')}</legend>
          <p className="hint">{t('competition:content.lot.linesHint')}</p>
          {lines.map((l) => (
            <label key={l.id} className="checkbox">
              <input type="checkbox" name="lineId" value={l.id} defaultChecked={false} />{' '}
              {t('competition:new.lineOption', { program: l.program_title, no: l.line_no, service: l.service_code, budget: formatMoney(l.budget_tyiyn, lang), left: formatMoney(l.budget_tyiyn - l.allocated, lang) })}
              {l.priority_title ? ` — ${t('competition:content.lot.fromAssessment')}: ${l.priority_title}` : ''}
            </label>
          ))}
        </fieldset>
        <Field name="title" label={t('competition:fields.title')} state={state} required />
        <Field name="goal" label={t('competition:fields.goal')} as="textarea" state={state} required />
        <Field name="lotBudget" label={t('competition:fields.lotBudget')} inputMode="decimal" state={state} required />
        <Field name="maxAmount" label={t('competition:fields.maxAmount')} inputMode="decimal" state={state} required />
        <Field name="opensAt" label={t('competition:fields.opensAt')} hint={t('competition:new.timeHint')} type="datetime-local" state={state} required />
        <Field name="closesAt" label={t('competition:fields.closesAt')} hint={t('competition:new.timeHint')} type="datetime-local" state={state} required />
        <LotFields state={state} />
        <button type="submit" className="primary">
          {t('actions.create')}
        </button>
      </Form>
    </section>
  );
}
