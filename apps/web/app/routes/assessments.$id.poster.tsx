import { useLoaderData } from '@remix-run/react';
import { formatDate, formatNumber, localName } from '@kamkor/domain';
import { loadAssessmentReportForActor } from '../db.server.ts';
import { Percent, PrintButton, rankingRowsOf, unitNames } from '../components/assessment.tsx';
import { useLang, useT } from '../i18n.ts';
import { assessmentFor } from '../utils/assessment.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';

const TOP = 5;

export const loader = wrapLoader(async ({ request, params }) => {
  const { db, user, assessment } = await assessmentFor(request, params.id, 'view');
  // The public projection unless this user may see the working data (facilitators, notes).
  return { report: await loadAssessmentReportForActor(db, user, assessment.id) };
});

/** An A4 notice-board poster of the top priorities, in large type for the village board. */
export default function Poster() {
  const t = useT();
  const lang = useLang();
  const { report } = useLoaderData<typeof loader>();
  const a = report.assessment;
  const municipality = localName({ name_ky: a.municipality_name_ky, name_ru: a.municipality_name_ru, name_en: a.municipality_name_en }, lang);
  const rows = rankingRowsOf(report, lang).slice(0, TOP);
  const villageName = unitNames(report.villages, lang);
  const lastMeeting = report.meetings.map((m) => m.held_on).sort().at(-1);
  return (
    <section>
      <PrintButton />
      <div className="a4-poster">
        <p className="poster-eyebrow">{municipality}</p>
        <h2>{t('assessment:poster.heading', { year: a.year })}</h2>
        <p className="poster-lead">{t('assessment:poster.lead')}</p>
        <ol className="poster-list">
          {rows.map((r) => {
            const p = report.problems.find((x) => x.id === r.problemId)!;
            return (
              <li key={r.problemId}>
                <span className="poster-title">{r.title}</span>
                <span className="poster-meta">
                  {r.category}
                  {p.village_soates.length ? ` · ${p.village_soates.map(villageName).join(', ')}` : ''} ·{' '}
                  {report.rule.method === 'points' ? t('assessment:poster.points', { count: r.score }) : t('assessment:poster.votes', { count: r.totalVotes })}
                </span>
              </li>
            );
          })}
        </ol>
        <p className="poster-foot">
          {t('assessment:poster.foot', { people: formatNumber(report.meetingParticipation.total, lang), meetings: report.meetings.length })} (
          {t('assessment:participation.women')}: <Percent value={report.meetingParticipation.womenShare} digits={0} />)
          {lastMeeting ? ` · ${formatDate(lastMeeting)}` : ''}
        </p>
      </div>
    </section>
  );
}
