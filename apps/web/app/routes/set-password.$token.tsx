import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { consumePasswordToken, findPasswordTokenUser, getDb } from '../db.server.ts';
import { redirect } from '@remix-run/node';
import { AppError, setPasswordSchema } from '@kamkor/domain';
import { ErrorSummary, Field } from '../components/forms.tsx';
import { useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';

export const loader = wrapLoader(async ({ params }) => {
  const user = await findPasswordTokenUser(await getDb(), params.token ?? '');
  if (!user) throw new AppError('NOT_FOUND', 'auth.tokenInvalid');
  return { email: user.email, fullName: user.full_name };
});

export const action = wrapAction(async ({ request, params }) => {
  const parsed = await parseForm(request, setPasswordSchema);
  if (!parsed.ok) return invalid(parsed);
  await consumePasswordToken(await getDb(), params.token ?? '', parsed.data.newPassword);
  return redirect('/login?passwordSet=1');
});

export default function SetPassword() {
  const t = useT();
  const user = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="narrow">
      <h1>{t('auth.setPasswordTitle')}</h1>
      <p>
        {user.fullName} — <code>{user.email}</code>
      </p>
      <ErrorSummary state={state} />
      <Form method="post" noValidate className="card">
        <Field name="newPassword" label={t('account.newPassword')} type="password" autoComplete="new-password" hint={t('account.passwordHint')} state={state} required />
        <Field name="confirmPassword" label={t('account.confirmPassword')} type="password" autoComplete="new-password" state={state} required />
        <button type="submit" className="primary">{t('auth.setPassword')}</button>
      </Form>
    </div>
  );
}
