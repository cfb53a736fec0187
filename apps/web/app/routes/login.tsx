import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { attemptLogin, DEMO_PASSWORD, demoAccounts, getDb } from '../db.server.ts';
import { data, redirect, type HeadersFunction, type MetaFunction } from '@remix-run/node';
import { loginSchema } from '@kamkor/domain';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { env } from '../env.server.ts';
import { useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { clientKey, getCurrentUser, startSession } from '../utils/session.server.ts';
import { useEffect } from 'react';
import { clearDevice } from '../utils/field-device.client.ts';

export const meta: MetaFunction = () => [{ title: 'Kamkor' }];

/** Passes a delayed login's Retry-After on to the browser (an action's headers are not sent by default). */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After');
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers();
};

export const loader = wrapLoader(async ({ request }) => {
  if (await getCurrentUser(request)) throw redirect('/');
  return { demo: env.demo ? { password: DEMO_PASSWORD, accounts: demoAccounts.map((a) => ({ email: a.email, role: a.role })) } : null };
});

function safeRedirect(to: unknown): string {
  return typeof to === 'string' && to.startsWith('/') && !to.startsWith('//') ? to : '/';
}

export const action = wrapAction(async ({ request }) => {
  const parsed = await parseForm(request, loginSchema);
  if (!parsed.ok) return invalid(parsed);
  const db = await getDb();
  const { email, password, redirectTo } = parsed.data;
  // Progressive delay per account and per client address, counted in the database so every app server
  // shares it (decision 009). While delayed, argon2 does not run and the answer says how long to wait.
  const client = clientKey(request);
  const attempt = await attemptLogin(db, { email, password, address: client === 'local' ? null : client });
  if (!attempt.ok && attempt.reason === 'delayed') {
    const seconds = attempt.retryAfterSeconds;
    return data(
      { ok: false as const, errors: { _form: 'auth.tooManyAttempts' }, values: { email }, retryAfterSeconds: seconds },
      { status: 429, headers: { 'Retry-After': String(seconds) } },
    );
  }
  if (!attempt.ok) return invalid({ errors: { _form: 'auth.invalidCredentials' }, values: { email } });
  const userId = attempt.userId;
  return redirect(safeRedirect(redirectTo), { headers: { 'Set-Cookie': await startSession(request, userId) } });
});

export default function Login() {
  const t = useT();
  const { demo } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const signedOut = !!params.get('loggedOut');
  // Signing out clears the device: field caches always, and the queued answers and the service worker too.
  useEffect(() => {
    void clearDevice(signedOut).catch(() => undefined);
  }, [signedOut]);
  return (
    <div className="narrow">
      <h1>{t('auth.loginTitle')}</h1>
      {params.get('loggedOut') ? <p className="flash" role="status">{t('auth.loggedOut')}</p> : null}
      <ErrorSummary state={state} />
      {state && 'retryAfterSeconds' in state ? (
        <p className="error-summary" role="status" data-retry-after={state.retryAfterSeconds}>
          {t('auth.tryAgainIn', { seconds: state.retryAfterSeconds })}
        </p>
      ) : null}
      <Form method="post" noValidate className="card">
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
        <Field name="email" label={t('auth.email')} type="email" autoComplete="username" state={state} required />
        <Field name="password" label={t('auth.password')} type="password" autoComplete="current-password" state={state} required />
        <button type="submit" className="primary">
          {t('auth.login')}
        </button>
      </Form>
      {demo ? (
        <section className="card demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('auth.demoTitle')}</h2>
          <p>
            {t('auth.demoPassword')}: <code>{demo.password}</code>
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('auth.email')}</th>
                <th scope="col">{t('people.role')}</th>
              </tr>
            </thead>
            <tbody>
              {demo.accounts.map((a) => (
                <tr key={a.email}>
                  <td>
                    <code>{a.email}</code>
                  </td>
                  <td>{t(`roles.${a.role}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
