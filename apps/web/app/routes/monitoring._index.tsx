import { Form, Link, useLoaderData } from '@remix-run/react';
import { bishkekToday, can, formatDate, localName } from '@kamkor/domain';
import { getDb, loadMonitoringBoard } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const today = bishkekToday();
  const asked = Number(url.searchParams.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : Number(today.slice(0, 4));
  const board = await loadMonitoringBoard(await getDb(), user, { year, today, page: Number(url.searchParams.get('page')) || 1 });
  return { year, ...board, canSeeReports: can(user, 'view', { type: 'annual_report', customerId: '' }) };
});

export default function MonitoringBoard() {
  const t = useT();
  const lang = useLang();
  const { year, plan, overdue, overdueDecisions, page, hasMore, canSeeReports } = useLoaderData<typeof loader>();
  return (
    <section>
      <div className="page-head">
        <h1>{t('monitoring:board.title')}</h1>
        <Link className="button" to="/monitoring/questionnaires">{t('monitoring:nav.questionnaires')}</Link>
        {canSeeReports ? <>{' '}<Link className="button" to="/monitoring/reports">{t('monitoring:report.nav')}</Link></> : null}
      </div>
      <p className="lead">{t('monitoring:board.help')}</p>
      <Form method="get" className="filters">
        <label htmlFor="year">{t('monitoring:board.year')}</label> <input id="year" name="year" defaultValue={year} inputMode="numeric" maxLength={4} size={5} />{' '}
        <button type="submit">{t('monitoring:board.show')}</button>
      </Form>
      <h2>{t('monitoring:board.plan')}</h2>
      {plan.length === 0 ? (
        <p className="empty-state">{t('monitoring:board.empty')}</p>
      ) : (
        <TableWrap label={t('common:tableRegion')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('monitoring:visits.plannedDate')}</th>
                <th scope="col">{t('monitoring:visits.project')}</th>
                <th scope="col">{t('monitoring:visits.no')}</th>
                <th scope="col">{t('monitoring:visits.kind')}</th>
                <th scope="col">{t('monitoring:visits.officer')}</th>
                <th scope="col">{t('monitoring:visits.status')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.map((v) => (
                <tr key={v.id}>
                  <td>{formatDate(v.planned_date)}</td>
                  <td>
                    {v.project_code} · {localName(v, lang)}
                  </td>
                  <td>
                    <Link to={`/projects/${v.project_id}/visits/${v.visit_no}`}>{v.visit_no}</Link>
                  </td>
                  <td>{t(`monitoring:kinds.${v.kind}`)}</td>
                  <td>{v.officer_name}</td>
                  <td>{t(`monitoring:statuses.${v.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {hasMore ? (
        <p>
          <Link to={`?year=${year}&page=${page + 1}`}>{t('monitoring:visits.more')}</Link>
        </p>
      ) : null}
      <h2>{t('monitoring:board.overdue')}</h2>
      <ExportLinks source="recommendations" />
      {overdue.length === 0 ? (
        <p className="empty-state">{t('monitoring:board.overdueEmpty')}</p>
      ) : (
        <TableWrap label={t('common:tableRegion')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('monitoring:recs.dueDate')}</th>
                <th scope="col">{t('monitoring:visits.project')}</th>
                <th scope="col">{t('monitoring:recs.recommendation')}</th>
                <th scope="col">{t('monitoring:recs.responsible')}</th>
                <th scope="col">{t('monitoring:recs.followUp')}</th>
              </tr>
            </thead>
            <tbody>
              {overdue.map((r) => (
                <tr key={r.id}>
                  <td>{formatDate(r.due_date)}</td>
                  <td>
                    <Link to={`/projects/${r.project_id}/visits/${r.visit_no}`}>
                      {r.project_code} · {t('monitoring:visit.title', { no: r.visit_no })}
                    </Link>
                  </td>
                  <td>{r.recommendation}</td>
                  <td>{localName({ name_ky: r.org_ky, name_ru: r.org_ru, name_en: r.org_en }, lang)}</td>
                  <td>{t(`monitoring:followUp.${r.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>{t('monitoring:decisions.overdue')}</h2>
      {overdueDecisions.length === 0 ? (
        <p className="empty-state">{t('monitoring:decisions.overdueEmpty')}</p>
      ) : (
        <TableWrap label={t('monitoring:decisions.overdue')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('monitoring:decisions.columns.followUpDue')}</th>
                <th scope="col">{t('monitoring:decisions.columns.project')}</th>
                <th scope="col">{t('monitoring:decisions.columns.kind')}</th>
                <th scope="col">{t('monitoring:decisions.columns.decidedOn')}</th>
                <th scope="col">{t('monitoring:decisions.columns.basis')}</th>
              </tr>
            </thead>
            <tbody>
              {overdueDecisions.map((d) => (
                <tr key={d.id}>
                  <td>{formatDate(d.follow_up_due)}</td>
                  <td>
                    <Link to={`/projects/${d.project_id}/visits#decisions`}>
                      {d.project_code} · {localName(d, lang)}
                    </Link>
                  </td>
                  <td>{t(`monitoring:decisions.kinds.${d.kind}`)}</td>
                  <td>{formatDate(d.decided_on)}</td>
                  <td>{d.basis.length > 200 ? `${d.basis.slice(0, 200)}…` : d.basis}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
