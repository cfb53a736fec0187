import { useLoaderData } from '@remix-run/react';
import { listAuditLog, getDb } from '../db.server.ts';
import { auditActionKey, auditEntityKey, can, formatDateTime } from '@kamkor/domain';
import { useT } from '../i18n.ts';
import { loader as wrap } from '../utils/http.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrap(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'view', { type: 'audit_log' }));
  const url = new URL(request.url);
  const rows = await listAuditLog(await getDb(), {
    entity: url.searchParams.get('entity') ?? undefined,
    entityId: url.searchParams.get('id') ?? undefined,
  });
  return { rows: rows.map((r) => ({ ...r, at: formatDateTime(r.at), before: r.before ? JSON.stringify(r.before) : null, after: r.after ? JSON.stringify(r.after) : null })) };
});

export default function Audit() {
  const t = useT();
  const { rows } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.help')}</p>
      <ExportLinks source="audit" />
      {rows.length === 0 ? (
        <p className="empty-state">{t('audit.empty')}</p>
      ) : (
        <TableWrap label={t('audit.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.entity')}</th>
                <th scope="col">{t('audit.reason')}</th>
                <th scope="col">{t('audit.change')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.at}</td>
                  <td>{r.actor_name ?? '—'}</td>
                  <td>{t(auditActionKey(r.action), { defaultValue: '' }) || <code>{r.action}</code>}</td>
                  <td>{t(auditEntityKey(r.entity), { defaultValue: '' }) || <code>{r.entity}</code>} <code>{r.entity_id}</code></td>
                  <td>{r.reason ?? ''}</td>
                  <td>
                    <details>
                      <summary>{t('audit.details')}</summary>
                      {r.before ? <pre>{r.before}</pre> : null}
                      {r.after ? <pre>{r.after}</pre> : null}
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
