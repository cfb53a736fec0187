import { Form, Link, useLoaderData } from '@remix-run/react';
import { createPasswordToken, listUsers, setUserActive, getDb } from '../db.server.ts';
import { redirect } from '@remix-run/node';
import { can, localName } from '@kamkor/domain';
import { CsrfInput } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';
import { formatDate } from '@kamkor/domain';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

const resource = { type: 'user' as const, id: '*', organisationIds: [] as string[] };

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'manage', resource));
  const link = new URL(request.url).searchParams.get('link');
  return { users: await listUsers(await getDb()), link, origin: new URL(request.url).origin };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'manage', resource));
  const form = await request.formData();
  const id = String(form.get('userId') ?? '');
  const intent = form.get('intent');
  const db = await getDb();
  if (intent === 'link') {
    const token = await createPasswordToken(db, id, user.userId);
    return redirect(`/admin/users?link=${encodeURIComponent(token)}`);
  }
  if (intent === 'deactivate' || intent === 'activate') {
    await db.transaction().execute((trx) => setUserActive(trx, user.userId, id, intent === 'activate'));
  }
  return redirect('/admin/users');
});

export default function Users() {
  const t = useT();
  const lang = useLang();
  const { users, link, origin } = useLoaderData<typeof loader>();
  return (
    <section>
      <div className="page-head">
        <h1>{t('users.title')}</h1>
        <Link className="button primary" to="/admin/users/new">{t('users.add')}</Link>
      </div>
      {link ? (
        <div className="flash" role="status">
          <p>{t('users.linkCreated')}</p>
          <code className="copy" data-testid="set-password-link">{`${origin}/set-password/${link}`}</code>
        </div>
      ) : null}
      <ExportLinks source="users" params="" />
      <TableWrap label={t('users.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('people.fullName')}</th>
              <th scope="col">{t('auth.email')}</th>
              <th scope="col">{t('people.role')}</th>
              <th scope="col">{t('users.status')}</th>
              <th scope="col">{t('users.created')}</th>
              <th scope="col"><span className="visually-hidden">{t('actions.label')}</span></th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.full_name}</td>
                <td><code>{u.email}</code></td>
                <td>
                  {u.memberships.map((m) => (
                    <div key={m.organisation_id + m.role}>
                      {t(`roles.${m.role}`)} — {localName(m, lang)}
                    </div>
                  ))}
                </td>
                <td>{!u.is_active ? t('users.inactive') : u.has_password ? t('users.active') : t('users.awaitingPassword')}</td>
                <td>{formatDate(u.created_at)}</td>
                <td>
                  <Form method="post" className="inline-actions">
                    <CsrfInput />
                    <input type="hidden" name="userId" value={u.id} />
                    <button type="submit" name="intent" value="link">{t('users.newLink')}</button>
                    {u.is_active ? (
                      <button type="submit" name="intent" value="deactivate">{t('users.deactivate')}</button>
                    ) : (
                      <button type="submit" name="intent" value="activate">{t('users.activate')}</button>
                    )}
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
