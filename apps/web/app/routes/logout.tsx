import { redirect } from '@remix-run/node';
import { action as wrap } from '../utils/http.server.ts';
import { endSession } from '../utils/session.server.ts';

export const action = wrap(async ({ request }) => {
  return redirect('/login?loggedOut=1', { headers: { 'Set-Cookie': await endSession(request) } });
});

export const loader = () => redirect('/');
