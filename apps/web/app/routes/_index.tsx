import { Link, useLoaderData } from '@remix-run/react';
import type { Role } from '@kamkor/domain';
import { useT } from '../i18n.ts';
import { loader as wrap } from '../utils/http.server.ts';
import { getCurrentUser } from '../utils/session.server.ts';
import { homeTasks } from '../home-tasks.ts';

export const loader = wrap(async ({ request }) => {
  const user = await getCurrentUser(request);
  return { user: user ? { fullName: user.fullName, roles: [...new Set(user.memberships.map((m) => m.role))] as Role[] } : null };
});

export default function Home() {
  const t = useT();
  const { user } = useLoaderData<typeof loader>();
  if (!user) {
    return (
      <section className="hero">
        <h1>{t('home.public.title')}</h1>
        <p className="lead">{t('home.public.lead')}</p>
        <div className="cards">
          {homeTasks.visitor.map((task) => (
            <Link key={task.to} to={task.to} className="card task">
              <h2>{t(task.title)}</h2>
              <p>{t(task.body)}</p>
            </Link>
          ))}
        </div>
      </section>
    );
  }
  return (
    <section>
      <h1>{t('home.welcome', { name: user.fullName })}</h1>
      {user.roles.map((role) => (
        <section key={role} className="role-home" aria-labelledby={`role-${role}`}>
          <h2 id={`role-${role}`}>{t(`roles.${role}`)}</h2>
          <p className="empty-state">{t(`home.${role}.firstStep`)}</p>
          <div className="cards">
            {homeTasks[role].map((task) => (
              <Link key={task.to} to={task.to} className="card task">
                <h3>{t(task.title)}</h3>
                <p>{t(task.body)}</p>
              </Link>
            ))}
          </div>
        </section>
      ))}
    </section>
  );
}
