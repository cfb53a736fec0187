import { loadAssessmentReportForActor } from '../db.server.ts';
import { useLoaderData } from '@remix-run/react';
import { PrintButton } from '../components/assessment.tsx';
import { AssessmentReportView } from '../components/assessment-report.tsx';
import { assessmentFor } from '../utils/assessment.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
export const loader = wrapLoader(async ({ request, params }) => {
  const { db, user, assessment } = await assessmentFor(request, params.id, 'view');
  // The public projection unless this user may see the working data (facilitators, notes).
  return { report: await loadAssessmentReportForActor(db, user, assessment.id) };
});

export default function Report() {
  const { report } = useLoaderData<typeof loader>();
  return (
    <section>
      <PrintButton />
      <AssessmentReportView report={report} />
    </section>
  );
}
