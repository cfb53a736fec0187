import { redirect } from '@remix-run/node';
import { setUserLanguage, getDb } from '../db.server.ts';
import { isLanguage } from '@kamkor/domain';
import { action as wrap } from '../utils/http.server.ts';
import { getCurrentUser, languageCookie } from '../utils/session.server.ts';

/** The language switcher posts here; the choice persists in a cookie and on the user's profile. */
export const action = wrap(async ({ request }) => {
  const form = await request.formData();
  const lang = form.get('lang');
  const to = String(form.get('redirectTo') ?? '/');
  const safeTo = to.startsWith('/') && !to.startsWith('//') ? to : '/';
  if (!isLanguage(lang)) return redirect(safeTo);
  const user = await getCurrentUser(request);
  if (user) await setUserLanguage(await getDb(), user.userId, lang);
  return redirect(safeTo, { headers: { 'Set-Cookie': languageCookie(lang) } });
});

export const loader = () => redirect('/');
