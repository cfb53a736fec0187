import { createHmac, timingSafeEqual } from 'node:crypto';
import { createSession, deleteSession, findActor, findSessionUserId, getDb } from '../db.server.ts';
import { redirect } from '@remix-run/node';
import { AppError, defaultLanguage, isLanguage, type Actor, type Language } from '@kamkor/domain';
import { env, sessionSecret } from '../env.server.ts';

export const SESSION_COOKIE = 'kamkor_session';
export const LANG_COOKIE = 'kamkor_lang';

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof findActor>>>;

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('Cookie') ?? '';
  for (const part of header.split(/;\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1));
  }
  return null;
}

function cookie(name: string, value: string, maxAgeSeconds: number): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'SameSite=Lax'];
  if (name === SESSION_COOKIE) parts.push('HttpOnly');
  if (env.secureCookies) parts.push('Secure');
  return parts.join('; ');
}

export function sessionIdOf(request: Request): string | null {
  return readCookie(request, SESSION_COOKIE);
}

/** The logged-in user, or null for a visitor (also when the session expired or was revoked). */
export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const sid = sessionIdOf(request);
  if (!sid) return null;
  const db = await getDb();
  const userId = await findSessionUserId(db, sid);
  return userId ? findActor(db, userId) : null;
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
  return cookie(SESSION_COOKIE, sid, 12 * 3600);
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
  const accept = request.headers.get('Accept-Language') ?? '';
  for (const part of accept.split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (isLanguage(code)) return code;
  }
  return defaultLanguage;
}

export function languageCookie(lang: Language): string {
  return cookie(LANG_COOKIE, lang, 365 * 24 * 3600);
}

/** Per-session CSRF token: an HMAC of the session id, so nothing extra is stored. */
export function csrfToken(request: Request): string | null {
  const sid = sessionIdOf(request);
  return sid ? createHmac('sha256', sessionSecret).update(`csrf:${sid}`).digest('base64url') : null;
}

/**
 * CSRF defence for every mutation: the request must come from our own origin (Origin, else Referer),
 * and a logged-in user's form must carry the session's token.
 */
export function verifyCsrf(request: Request, form: FormData | null): void {
  const host = request.headers.get('X-Forwarded-Host') ?? request.headers.get('Host');
  const origin = request.headers.get('Origin') ?? request.headers.get('Referer');
  if (origin && origin !== 'null') {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host) throw new AppError('FORBIDDEN', 'errors.csrf');
  }
  const expected = csrfToken(request);
  if (!expected) return;
  const given = form?.get('_csrf');
  if (typeof given !== 'string' || given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
    throw new AppError('FORBIDDEN', 'errors.csrf');
  }
}

/**
 * The client's address for rate limits. Only trusted behind a proxy that sets X-Forwarded-For
 * (KAMKOR_TRUST_PROXY=1); otherwise the header could be forged, so every client is "local".
 */
export function clientKey(request: Request): string {
  if (!env.trustProxy) return 'local';
  return request.headers.get('X-Forwarded-For')?.split(',')[0]?.trim() || request.headers.get('X-Real-IP') || 'local';
}

export type { Actor };
