import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { AppError, httpStatusOf, type Language } from '@kamkor/domain';
import { getT } from '../i18n.ts';
import stylesHref from '../styles.css?url';
import { getCurrentUser, resolveLanguage } from './session.server.ts';

/** Expected failures become HTTP responses the error boundary shows translated; others stay 500. */
export function toHttpError(err: unknown): unknown {
  if (err instanceof AppError) {
    return data({ messageKey: err.messageKey, params: err.params }, { status: httpStatusOf[err.code] });
  }
  return err;
}

/** Wraps a loader so AppErrors (e.g. NOT_FOUND from a denied id) become 404s, not 500s. */
export function loader<T>(fn: (args: LoaderFunctionArgs) => Promise<T>) {
  return async (args: LoaderFunctionArgs): Promise<T> => {
    try {
      return await fn(args);
    } catch (err) {
      throw toHttpError(err);
    }
  };
}

/** Same for actions. */
export function action<T>(fn: (args: ActionFunctionArgs) => Promise<T>) {
  return async (args: ActionFunctionArgs): Promise<T> => {
    try {
      return await fn(args);
    } catch (err) {
      throw toHttpError(err);
    }
  };
}

/**
 * Wraps the loader of a resource route (a download, a photo): a failure answers a small error page in
 * the user's language instead of Remix's English `{"message":"Unexpected Server Error"}` JSON, with
 * the status the error boundary would give. Redirects (e.g. to the login page) pass through.
 */
export function resourceLoader(fn: (args: LoaderFunctionArgs) => Promise<Response>) {
  return async (args: LoaderFunctionArgs): Promise<Response> => {
    try {
      return await fn(args);
    } catch (err) {
      if (err instanceof Response) return err;
      const status = err instanceof AppError ? httpStatusOf[err.code] : 500;
      if (!(err instanceof AppError)) console.error(err);
      const user = await getCurrentUser(args.request).catch(() => null);
      return errorPage(status, resolveLanguage(args.request, user));
    }
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A self-contained HTML error page in `lang`, with the texts of the root error boundary. */
export function errorPage(status: number, lang: Language): Response {
  const t = getT(lang);
  const key = status === 404 ? 'notFound' : status === 403 ? 'forbidden' : status === 429 ? 'rateLimited' : 'serverError';
  const [title, body, home, app] = [t(`errorPages.${key}.title`), t(`errorPages.${key}.body`), t('errorPages.home'), t('app.name')].map(escapeHtml);
  const html = `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · ${app}</title><link rel="icon" href="/favicon.ico"><link rel="stylesheet" href="${stylesHref}"></head>
<body><main id="main"><section class="error-page"><h1>${title}</h1><p>${body}</p><p><a href="/">${home}</a></p></section></main></body>
</html>`;
  return new Response(html, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
}
