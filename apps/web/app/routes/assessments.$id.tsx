import { Outlet, useLoaderData } from '@remix-run/react';
import { can, localName } from '@kamkor/domain';
import { assessmentResource } from '../db.server.ts';
import { AssessmentTabs, StageBar } from '../components/assessment.tsx';
import { useLang, useT } from '../i18n.ts';
import { assessmentFor } from '../utils/assessment.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';

export const loader = wrapLoader(async ({ request, params }) => {
  const { user, assessment } = await assessmentFor(request, params.id, 'view');
  return { assessment, canExport: can(user, 'export', assessmentResource(assessment)) };
});

/** Frame of every assessment page: municipality, year, the stage bar and the tabs. */
export default function AssessmentLayout() {
  const t = useT();
  const lang = useLang();
  const { assessment: a, canExport } = useLoaderData<typeof loader>();
  return (
    <article>
      <header className="assessment-head no-print">
        <p className="eyebrow">{t('assessment:name')}</p>
        <h1>
          {localName({ name_ky: a.municipality_name_ky, name_ru: a.municipality_name_ru, name_en: a.municipality_name_en }, lang)} · {a.year}
        </h1>
        <StageBar stage={a.stage} />
        <AssessmentTabs id={a.id} canExport={canExport} />
      </header>
      <Outlet />
    </article>
  );
}
