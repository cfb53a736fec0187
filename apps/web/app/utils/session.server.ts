import { createSession, deleteSession, findSessionActor, getDb, isWellFormedSessionId, SESSION_ABSOLUTE_MS, type SessionActor } from '../db.server.ts';
import { redirect } from '@remix-run/node';
import { AppError, defaultLanguage, isLanguage, type Actor, type Language } from '@kamkor/domain';
import { env } from '../env.server.ts';
import { LANG_COOKIE, readCookie as readCookieHeader, requestedLanguage, SESSION_COOKIE } from './cookies.ts';
import { csrfTokenOf } from './csrf.server.ts';
import { CLIENT_ADDRESS_HEADER, REQUEST_ID_HEADER } from './internal-headers.ts';

export { LANG_COOKIE, SESSION_COOKIE };

export type CurrentUser = SessionActor;

function readCookie(request: Request, name: string): string | null {
  return readCookieHeader(request.headers.get('Cookie'), name);
}

function cookie(name: string, value: string, maxAgeSeconds: number): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'SameSite=Lax'];
  if (name === SESSION_COOKIE) parts.push('HttpOnly');
  if (env.secureCookies) parts.push('Secure');
  return parts.join('; ');
}

/** The session id from the cookie; null when absent or not shaped like one (garbage, wrong length). */
export function sessionIdOf(request: Request): string | null {
  const sid = readCookie(request, SESSION_COOKIE);
  return isWellFormedSessionId(sid) ? sid : null;
}

// One session + actor lookup per request. Remix gives the root loader and the page loader each a copy
// of the request (same headers): the lookup is shared by the request id the server sets while it runs
// (then forgotten: an action and the loaders after it each look again), and by the Request object when
// there is no id (tests that call a loader directly).
const lookupsById = new Map<string, Promise<CurrentUser | null>>();
const lookupsByRequest = new WeakMap<Request, Promise<CurrentUser | null>>();

/** The logged-in user, or null for a visitor (also when the session expired or was revoked). */
export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const id = request.headers.get(REQUEST_ID_HEADER);
  let found = id ? lookupsById.get(id) : lookupsByRequest.get(request);
  if (!found) {
    const sid = sessionIdOf(request);
    const lookup = sid ? getDb().then((db) => findSessionActor(db, sid)) : Promise.resolve(null);
    found = lookup;
    if (id) {
      lookupsById.set(id, lookup);
      const forget = () => void (lookupsById.get(id) === lookup && lookupsById.delete(id));
      lookup.then(forget, forget);
    } else {
      lookupsByRequest.set(request, lookup);
      // A failed lookup (database down) is not remembered; the next call tries again.
      lookup.catch(() => lookupsByRequest.delete(request));
    }
  }
  return found;
}

/** The logged-in user; visitors are sent to the login page and come back afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** Throws 404 (not 403) so that guessing another organisation's ids reveals nothing. */
export function assertCan(allowed: boolean): asserts allowed {
  if (!allowed) throw new AppError('NOT_FOUND', 'errors.notFound');
}

export async function startSession(request: Request, userId: string): Promise<string> {
  const db = await getDb();
  const sid = await createSession(db, userId, request.headers.get('User-Agent'));
  // The cookie lives as long as the session can; the server ends it earlier when it is idle.
  return cookie(SESSION_COOKIE, sid, SESSION_ABSOLUTE_MS / 1000);
}

export async function endSession(request: Request): Promise<string> {
  const sid = sessionIdOf(request);
  if (sid) await deleteSession(await getDb(), sid);
  return cookie(SESSION_COOKIE, '', 0);
}

/** Language: the switcher's cookie, else the user's saved choice, else the browser's, else Kyrgyz. */
export function resolveLanguage(request: Request, user: Pick<CurrentUser, 'language'> | null): Language {
  const fromCookie = readCookie(request, LANG_COOKIE);
  if (isLanguage(fromCookie)) return fromCookie;
  if (user && isLanguage(user.language)) return user.language;
  return requestedLanguage(null, request.headers.get('Accept-Language')) ?? defaultLanguage;
}

export function languageCookie(lang: Language): string {
  return cookie(LANG_COOKIE, lang, 365 * 24 * 3600);
}

/**
 * Per-session CSRF token for `<CsrfInput/>`. The check itself runs for every non-GET request in the
 * HTTP server (server/csrf.ts), before any action.
 */
export function csrfToken(request: Request): string | null {
  return csrfTokenOf(request.headers.get('Cookie'));
}

/**
 * The client's address for rate limits, as the HTTP server determined it (server/client-address.ts):
 * the socket's peer, or behind a trusted proxy (KAMKOR_TRUST_PROXY=1) the address that proxy added —
 * never an address the client claims. 'local' when the app runs without that server (unit tests).
 */
export function clientKey(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) || 'local';
}

export type { Actor };
