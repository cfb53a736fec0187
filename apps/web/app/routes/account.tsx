import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { deleteUserSessions, getUserPasswordHash, setUserPassword, verifyPassword, getDb } from '../db.server.ts';
import { changePasswordSchema } from '@kamkor/domain';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, sessionIdOf } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  return { fullName: user.fullName, email: user.email, roles: user.memberships.map((m) => m.role) };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  const parsed = await parseForm(request, changePasswordSchema);
  if (!parsed.ok) return invalid(parsed);
  const db = await getDb();
  if (!(await verifyPassword(await getUserPasswordHash(db, user.userId), parsed.data.currentPassword))) {
    return invalid({ errors: { currentPassword: 'auth.wrongPassword' }, values: {} });
  }
  await setUserPassword(db, user.userId, parsed.data.newPassword);
  // Other devices are signed out; this one stays.
  await deleteUserSessions(db, user.userId, sessionIdOf(request) ?? undefined);
  return { ok: true as const, errors: undefined, values: undefined };
});

export default function Account() {
  const t = useT();
  const me = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="narrow">
      <h1>{t('account.title')}</h1>
      <dl className="facts">
        <dt>{t('people.fullName')}</dt>
        <dd>{me.fullName}</dd>
        <dt>{t('auth.email')}</dt>
        <dd>{me.email}</dd>
        <dt>{t('people.role')}</dt>
        <dd>{me.roles.map((r) => t(`roles.${r}`)).join(', ')}</dd>
      </dl>
      <h2>{t('account.changePassword')}</h2>
      {state?.ok ? <p className="flash" role="status">{t('account.passwordChanged')}</p> : null}
      <ErrorSummary state={state} />
      <Form method="post" noValidate className="card">
        <CsrfInput />
        <Field name="currentPassword" label={t('account.currentPassword')} type="password" autoComplete="current-password" state={state} required />
        <Field name="newPassword" label={t('account.newPassword')} type="password" autoComplete="new-password" hint={t('account.passwordHint')} state={state} required />
        <Field name="confirmPassword" label={t('account.confirmPassword')} type="password" autoComplete="new-password" state={state} required />
        <button type="submit" className="primary">{t('account.changePassword')}</button>
      </Form>
    </div>
  );
}
