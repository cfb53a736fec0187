import { redirect } from '@remix-run/node';
import { loader as wrap } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';

export const loader = wrap(async ({ request }) => {
  const user = await requireUser(request);
  const first = user.memberships[0];
  if (!first) throw redirect('/');
  throw redirect(`/organisations/${first.organisationId}`);
});
