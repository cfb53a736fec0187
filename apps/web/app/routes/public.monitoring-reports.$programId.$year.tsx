import { Link, useLoaderData } from '@remix-run/react';
import { formatDateTime } from '@kamkor/domain';
import { getDb, getPublishedAnnualReport } from '../db.server.ts';
import { AnnualReportView } from '../components/annual-report.tsx';
import { useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { reportParams } from '../utils/annual-report.server.ts';

/** A published annual M&E report for anyone: only its public projection, as published (404 otherwise). */
export const loader = wrapLoader(async ({ params }) => {
  const { programId, year } = reportParams(params);
  return { report: await getPublishedAnnualReport(await getDb(), programId, year) };
});

export default function PublicAnnualReport() {
  const t = useT();
  const { report } = useLoaderData<typeof loader>();
  return (
    <article className="print-page">
      <p className="eyebrow no-print">
        <Link to="/public/monitoring-reports">{t('monitoring:report.publicNav')}</Link>
      </p>
      <h1>{t('monitoring:report.title', { year: report.year })}</h1>
      <p className="hint">{t('monitoring:report.publishedOn', { date: formatDateTime(report.publishedAt) })}</p>
      <AnnualReportView report={report} />
    </article>
  );
}
