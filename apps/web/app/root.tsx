import { useEffect } from 'react';
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { defaultLanguage, languages, type Role } from '@kamkor/domain';
import { CsrfInput } from './components/forms.tsx';
import { getT, useLang, useT } from './i18n.ts';
import { navigationFor } from './navigation.ts';
import { csrfToken, getCurrentUser, resolveLanguage } from './utils/session.server.ts';
import { env } from './env.server.ts';
import { useNonce } from './utils/nonce.ts';
import stylesHref from './styles.css?url';
import { z } from 'zod';

// zod 4 probes `new Function('')` to decide whether to compile its parsers; in the browser, under our
// Content-Security-Policy (no 'unsafe-eval'), that probe is a reported violation. The root module runs
// before any route's code, so every schema parses without compiled code.
z.config({ jitless: true });

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: stylesHref }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const lang = resolveLanguage(request, user);
  return {
    lang,
    demo: env.demo,
    // Also for a stale session cookie, whose token the server's CSRF check expects.
    csrf: csrfToken(request),
    user: user
      ? {
          id: user.userId,
          fullName: user.fullName,
          email: user.email,
          roles: [...new Set(user.memberships.map((m) => m.role))] as Role[],
          organisationIds: user.memberships.map((m) => m.organisationId),
        }
      : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData(): RootData | undefined {
  return useRouteLoaderData('root') as RootData | undefined;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const lang = data?.lang ?? defaultLanguage;
  const t = getT(lang);
  const nonce = useNonce();
  // Marks the document once React has hydrated it; browser tests wait for it before typing into forms
  // (a click before hydration is a plain form post, a file picked before it may be reset).
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t('app.name')}</title>
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function LanguageSwitcher() {
  const lang = useLang();
  const t = useT();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="lang-switcher" aria-label={t('app.language')}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <CsrfInput />
      {languages.map((l) => (
        <button key={l} type="submit" name="lang" value={l} aria-pressed={l === lang} lang={l}>
          {t(`languages.${l}`)}
        </button>
      ))}
    </Form>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const t = useT();
  const user = data?.user ?? null;
  const items = navigationFor(user ? user.roles : null);
  return (
    <>
      <header className="site-header">
        <div className="brand">
          <Link to="/">
            <span className="logo" aria-hidden="true">
              ◈
            </span>{' '}
            {t('app.name')}
          </Link>
          <span className="tagline">{t('app.tagline')}</span>
        </div>
        <LanguageSwitcher />
        <div className="user-menu">
          {user ? (
            <>
              <Link to="/account" className="user-name">
                {user.fullName}
              </Link>
              <Form method="post" action="/logout">
                <CsrfInput />
                <button type="submit" className="link-button">
                  {t('auth.logout')}
                </button>
              </Form>
            </>
          ) : (
            <Link to="/login">{t('auth.login')}</Link>
          )}
        </div>
      </header>
      <nav className="main-nav" aria-label={t('nav.label')}>
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.to === '/'}>
                {t(item.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}

export default function App() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = status === 404 ? 'notFound' : status === 403 ? 'forbidden' : status === 429 ? 'rateLimited' : 'serverError';
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <Shell>
      <section className="error-page">
        <h1>{t(`errorPages.${key}.title`)}</h1>
        <p>{t(`errorPages.${key}.body`)}</p>
        <p>
          <Link to="/">{t('errorPages.home')}</Link>
        </p>
      </section>
    </Shell>
  );
}
