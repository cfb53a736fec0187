import { defaultLanguage, isLanguage, type Language } from '@kamkor/domain';

export const SESSION_COOKIE = 'kamkor_session';
export const LANG_COOKIE = 'kamkor_lang';

/** One cookie's value from a `Cookie` header (null when absent or undecodable). */
export function readCookie(cookieHeader: string | null | undefined, name: string): string | null {
  for (const part of (cookieHeader ?? '').split(/;\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1));
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The language a visitor asked for before we know who they are: the switcher's cookie, else the browser's. */
export function requestedLanguage(cookieHeader: string | null | undefined, acceptLanguage: string | null | undefined): Language | null {
  const fromCookie = readCookie(cookieHeader, LANG_COOKIE);
  if (isLanguage(fromCookie)) return fromCookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (isLanguage(code)) return code;
  }
  return null;
}

export { defaultLanguage };
