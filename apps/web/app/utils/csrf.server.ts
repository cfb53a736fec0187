import { createHmac, timingSafeEqual } from 'node:crypto';
import { sessionSecret } from '../env.server.ts';
import { readCookie, SESSION_COOKIE } from './cookies.ts';

/**
 * CSRF rules, checked for every non-GET request in one place: the HTTP server (`server/csrf.ts`),
 * before the action runs. No database here, so the server can use it without opening one.
 */

/** The form field that carries the token (`<CsrfInput/>`). */
export const CSRF_FIELD = '_csrf';

/** Per-session CSRF token: an HMAC of the session id, so nothing extra is stored. */
export function csrfTokenFor(sessionId: string): string {
  return createHmac('sha256', sessionSecret).update(`csrf:${sessionId}`).digest('base64url');
}

/** The token forms must carry, or null for a visitor without a session cookie. */
export function csrfTokenOf(cookieHeader: string | null | undefined): string | null {
  const sid = readCookie(cookieHeader, SESSION_COOKIE);
  return sid ? csrfTokenFor(sid) : null;
}

type Header = (name: string) => string | null | undefined;

/** The request comes from our own pages: its Origin (else Referer) names the host it was sent to. */
export function isSameOrigin(header: Header): boolean {
  const host = header('x-forwarded-host') ?? header('host');
  const origin = header('origin') ?? header('referer');
  if (!origin || origin === 'null') return true;
  try {
    return !!host && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** A request with a session cookie carries that session's token; a visitor without one needs none. */
export function hasValidCsrfToken(cookieHeader: string | null | undefined, given: string | null | undefined): boolean {
  const expected = csrfTokenOf(cookieHeader);
  if (!expected) return true;
  return typeof given === 'string' && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
