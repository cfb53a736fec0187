import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { AppError, can, localName, priorityToProgramLineDraft, type Language } from '@kamkor/domain';
import { assessmentResource, createProgramLineFromPriority, loadAssessmentReport, type AssessmentReport } from '../db.server.ts';
import { RankingTable, TieBreakNote, rankingRowsOf } from '../components/assessment.tsx';
import { CsrfInput } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { assessmentFor } from '../utils/assessment.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, resolveLanguage } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view_draft');
  return {
    report: await loadAssessmentReport(db, assessment.id),
    // Priorities turn into action once the meeting has adopted the ranking.
    canAct: can(user, 'manage', assessmentResource(assessment)),
    canPlan: can(user, 'create', { type: 'service_plan', id: 'new', municipalityId: assessment.municipality_id }),
  };
});

/** The draft program line of one prioritised problem, in the officer's language. */
function draftFor(report: AssessmentReport, problemId: string, lang: Language) {
  const p = report.problems.find((x) => x.id === problemId);
  const r = report.ranking.find((x) => x.problemId === problemId);
  if (!p || !r) throw new AppError('NOT_FOUND', 'errors.notFound');
  const villages = new Map(report.villages.map((v) => [v.soate, localName(v, lang)]));
  return priorityToProgramLineDraft(
    {
      assessmentId: report.assessment.id,
      year: report.assessment.year,
      municipalityId: report.assessment.municipality_id,
      municipalitySoate: report.assessment.admin_unit_soate,
      problemId: p.id,
      rank: p.rank ?? r.rank,
      title: p.title,
      description: p.description,
      categoryName: String(p[`category_${lang}`] ?? p.category_ru),
      villageSoates: p.village_soates,
      villageNames: p.village_soates.map((s) => villages.get(s) ?? s),
      raisedBy: p.raised_by,
      votes: r.totalVotes,
      rootCauses: report.causeNodes.filter((n) => n.problem_id === p.id && n.kind === 'cause' && !n.parent_id).map((n) => n.text),
    },
    lang,
  );
}

export const action = wrapAction(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view');
  assertCan(can(user, 'manage', assessmentResource(assessment)));
  const form = await request.formData();
  const report = await loadAssessmentReport(db, assessment.id);
  const draft = draftFor(report, String(form.get('problemId') ?? ''), resolveLanguage(request, user));
  const out = await db.transaction().execute((trx) => createProgramLineFromPriority(trx, user!, draft));
  return { ok: true as const, created: out.created, draft, programId: out.programId };
});

export default function Ranking() {
  const t = useT();
  const lang = useLang();
  const { report, canAct, canPlan } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const rows = rankingRowsOf(report, lang);
  const sent = new Set(report.programLineRequests.map((r) => r.problem_id));
  const a = report.assessment;
  return (
    <section>
      <h2>{t('assessment:tabs.ranking')}</h2>
      <p>{report.rankingFrozen ? t('assessment:ranking.frozen') : t('assessment:ranking.live')}</p>
      <TieBreakNote method={report.rule.method} points={report.rule.method === 'points' ? report.rule.points : null} />
      {result ? (
        <div className="flash" role="status">
          <p>{result.created ? t('assessment:program.sent') : t('assessment:program.already')}</p>
          {result.programId ? (
            <p>
              <Link to={`/programs/${result.programId}`}>{t('assessment:program.open')}</Link>
            </p>
          ) : null}
          <details>
            <summary>{t('assessment:program.draft')}</summary>
            <pre>{result.draft.problemDescription}</pre>
          </details>
        </div>
      ) : null}
      {rows.length === 0 ? <p className="empty-state">{t('assessment:problems.empty')}</p> : <RankingTable rows={rows} method={report.rule.method} />}
      {canAct && rows.length ? (
        <section className="card">
          <h3>{t('assessment:ranking.toAction')}</h3>
          <p className="hint">{t('assessment:ranking.toActionHelp')}</p>
          <ol className="priority-actions">
            {rows.slice(0, 5).map((r) => (
              <li key={r.problemId}>
                <strong>{r.title}</strong>
                <div className="inline-actions">
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="problemId" value={r.problemId} />
                    <button type="submit" disabled={sent.has(r.problemId)}>
                      {sent.has(r.problemId) ? t('assessment:program.inProgram') : t('assessment:program.toProgram')}
                    </button>
                  </Form>
                  {canPlan ? (
                    <Link className="button" to={`/service-plans/new?assessment=${a.id}&problem=${r.problemId}`}>{t('assessment:plan.fromPriority')}</Link>
                  ) : null}
                </div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </section>
  );
}
