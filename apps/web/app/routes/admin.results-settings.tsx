import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { can, resultsSettingsSchema } from '@kamkor/domain';
import { getDb, getResultsSettings, saveResultsSettings } from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';

/** M&E settings are procedure, not code: an admin changes thresholds and due days, with a reason. */
export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'view', { type: 'admin_screen', screen: 'results_settings' }));
  return { settings: await getResultsSettings(await getDb()) };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'view', { type: 'admin_screen', screen: 'results_settings' }));
  const parsed = await parseForm(request, resultsSettingsSchema);
  if (!parsed.ok) return invalid(parsed);
  const db = await getDb();
  await db.transaction().execute((trx) => saveResultsSettings(trx, user.userId, parsed.data));
  return { ok: true as const, errors: undefined, values: undefined };
});

export default function ResultsSettings() {
  const t = useT();
  const { settings } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>{t('results:settings.title')}</h1>
      <p>{t('results:settings.help')}</p>
      {state?.ok ? <p className="flash" role="status">{t('actions.saved')}</p> : null}
      <ErrorSummary state={state} />
      <Form method="post" noValidate className="card">
        <CsrfInput />
        <Field name="onTrack" label={t('results:settings.onTrack')} hint={t('results:settings.onTrackHint')} inputMode="decimal" state={state} defaultValue={settings.onTrack} required />
        <Field name="atRisk" label={t('results:settings.atRisk')} hint={t('results:settings.atRiskHint')} inputMode="decimal" state={state} defaultValue={settings.atRisk} required />
        <Field name="dueDays" label={t('results:settings.dueDays')} hint={t('results:settings.dueDaysHint')} inputMode="numeric" state={state} defaultValue={settings.dueDays} required />
        <Field as="textarea" name="reason" label={t('results:settings.reason')} state={state} required />
        <button type="submit" className="primary">{t('actions.save')}</button>
      </Form>
    </section>
  );
}
