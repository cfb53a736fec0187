import { Link, useLoaderData } from '@remix-run/react';
import { formatDate } from '@kamkor/domain';
import { getDb, listPublishedAnnualReports } from '../db.server.ts';
import { useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

/** Published annual M&E reports, for anyone. */
export const loader = wrapLoader(async () => {
  const rows = await listPublishedAnnualReports(await getDb());
  return { reports: rows.map((r) => ({ programId: r.program_id, year: r.year, title: r.title, publishedAt: String(r.published_at) })) };
});

export default function PublicAnnualReports() {
  const t = useT();
  const { reports } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('monitoring:report.publicNav')}</h1>
      {reports.length === 0 ? (
        <p className="empty-state">{t('monitoring:report.empty')}</p>
      ) : (
        <TableWrap label={t('monitoring:report.publicListTable')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('monitoring:report.program')}</th>
                <th scope="col">{t('monitoring:report.year')}</th>
                <th scope="col">{t('monitoring:report.published')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={`${r.programId}-${r.year}`}>
                  <td>
                    <Link to={`/public/monitoring-reports/${r.programId}/${r.year}`}>{r.title}</Link>
                  </td>
                  <td>{r.year}</td>
                  <td>{formatDate(r.publishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
