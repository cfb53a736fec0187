import { Link, useLoaderData } from '@remix-run/react';
import { bishkekToday, reportableYears } from '@kamkor/domain';
import { getDb, listAnnualReportPrograms } from '../db.server.ts';
import { useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

/** Programs whose annual M&E report can be generated, per year they cover (ministry staff, analysts, admins). */
export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  const programs = await listAnnualReportPrograms(await getDb(), user);
  const today = bishkekToday();
  return {
    programs: programs.map((p) => ({
      id: p.id,
      title: p.title,
      years: reportableYears(p, today),
      published: p.reports.filter((r) => r.status === 'published').map((r) => r.year),
    })),
  };
});

export default function AnnualReports() {
  const t = useT();
  const { programs } = useLoaderData<typeof loader>();
  return (
    <section>
      <p className="eyebrow">
        <Link to="/monitoring">{t('monitoring:nav.board')}</Link>
      </p>
      <h1>{t('monitoring:report.nav')}</h1>
      <p className="lead">{t('monitoring:report.listHelp')}</p>
      {programs.length === 0 ? (
        <p className="empty-state">{t('monitoring:report.empty')}</p>
      ) : (
        <>
          <ExportLinks source="annualReports" params="" />
          <TableWrap label={t('monitoring:report.listTable')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('monitoring:report.program')}</th>
                  <th scope="col">{t('monitoring:report.year')}</th>
                </tr>
              </thead>
              <tbody>
                {programs.map((p) => (
                  <tr key={p.id}>
                    <td>{p.title}</td>
                    <td>
                      {p.years.length === 0
                        ? '—'
                        : p.years.map((y) => (
                            <span key={y}>
                              <Link to={`/monitoring/reports/${p.id}/${y}`}>
                                {t('monitoring:report.open')} {y}
                              </Link>
                              {p.published.includes(y) ? ` (${t('monitoring:report.published')})` : ''}{' '}
                            </span>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
