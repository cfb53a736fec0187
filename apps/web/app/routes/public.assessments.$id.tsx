import { Link, useLoaderData } from '@remix-run/react';
import { localName } from '@kamkor/domain';
import { PrintButton } from '../components/assessment.tsx';
import { AssessmentReportView } from '../components/assessment-report.tsx';
import { getDb, loadPublicAssessmentReport } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';

/** The municipality's public page of a published assessment — what a resident may read, nothing more. */
export const loader = wrapLoader(async ({ params }) => {
  const db = await getDb();
  // The public projection: published only, named columns, no facilitators or meeting notes — whoever is logged in.
  return { report: await loadPublicAssessmentReport(db, params.id ?? '') };
});

export default function PublicAssessment() {
  const t = useT();
  const lang = useLang();
  const { report } = useLoaderData<typeof loader>();
  const a = report.assessment;
  return (
    <article>
      <p className="eyebrow no-print"><Link to="/public/assessments">{t('assessment:public.title')}</Link></p>
      <h1>{localName({ name_ky: a.municipality_name_ky, name_ru: a.municipality_name_ru, name_en: a.municipality_name_en }, lang)} · {a.year}</h1>
      <p className="inline-actions no-print">
        <Link className="button" to={`/assessments/${a.id}/poster`}>{t('assessment:tabs.poster')}</Link>
        <PrintButton />
      </p>
      <AssessmentReportView report={report} />
    </article>
  );
}
