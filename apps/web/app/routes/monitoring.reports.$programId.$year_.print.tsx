import { useLoaderData } from '@remix-run/react';
import { bishkekToday } from '@kamkor/domain';
import { getDb, loadAnnualReport } from '../db.server.ts';
import { AnnualReportView } from '../components/annual-report.tsx';
import { useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { reportParams } from '../utils/annual-report.server.ts';
import { requireUser } from '../utils/session.server.ts';

/** The annual M&E report on A4 for the Public Council (the print stylesheet hides the site's chrome). */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const { programId, year } = reportParams(params);
  return { report: await loadAnnualReport(await getDb(), user, programId, year, bishkekToday()) };
});

export default function AnnualReportPrint() {
  const t = useT();
  const { report } = useLoaderData<typeof loader>();
  return (
    <article className="print-page annual-report-print">
      <div className="no-print inline-actions">
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('monitoring:report.printNow')}
        </button>
      </div>
      <h1>{t('monitoring:report.title', { year: report.year })}</h1>
      <AnnualReportView report={report} />
    </article>
  );
}
