import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { DEMO_PASSWORD, demoAccounts, hitRateLimit, underRateLimit, verifyLogin, getDb } from '../db.server.ts';
import { redirect, type MetaFunction } from '@remix-run/node';
import { loginSchema } from '@kamkor/domain';
import { ErrorSummary, Field } from '../components/forms.tsx';
import { env } from '../env.server.ts';
import { useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { clientKey, getCurrentUser, startSession } from '../utils/session.server.ts';

export const meta: MetaFunction = () => [{ title: 'Kamkor' }];

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
  // Failed attempts are counted in the database, so every app server shares the limit: 10 per account
  // and, when the client address is known (behind a trusted proxy), 50 per address, per 15 minutes.
  const keys = [`login:email:${email}`];
  const client = clientKey(request);
  if (client !== 'local') keys.push(`login:ip:${client}`);
  const limits = [10, 50];
  const WINDOW = 15 * 60_000;
  for (const [i, key] of keys.entries()) {
    if (!(await underRateLimit(db, key, limits[i]!, WINDOW))) {
      return invalid({ errors: { _form: 'auth.tooManyAttempts' }, values: { email } }, 429);
    }
  }
  const userId = await verifyLogin(db, email, password);
  if (!userId) {
    for (const [i, key] of keys.entries()) await hitRateLimit(db, key, limits[i]!, WINDOW);
    return invalid({ errors: { _form: 'auth.invalidCredentials' }, values: { email } });
  }
  return redirect(safeRedirect(redirectTo), { headers: { 'Set-Cookie': await startSession(request, userId) } });
});

export default function Login() {
  const t = useT();
  const { demo } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="narrow">
      <h1>{t('auth.loginTitle')}</h1>
      {params.get('loggedOut') ? <p className="flash" role="status">{t('auth.loggedOut')}</p> : null}
      <ErrorSummary state={state} />
      <Form method="post" noValidate className="card">
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
