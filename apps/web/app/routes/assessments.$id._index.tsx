import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { can, formatDateTime, formatNumber, nextStage, parsePointsRule, previousStage, rankingRuleFormSchema, isAssessmentStage } from '@kamkor/domain';
import { assessmentFacts, assessmentResource, loadAssessmentReport, moveAssessmentStage, setRankingRule } from '../db.server.ts';
import { Percent, unitNames } from '../components/assessment.tsx';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { assessmentFor } from '../utils/assessment.server.ts';
import { formError, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view');
  // The working page (facilitators, notes, tallies) is for those who may see working data; others read the public page.
  if (!can(user, 'view_draft', assessmentResource(assessment))) throw redirect(`/public/assessments/${assessment.id}`);
  const report = await loadAssessmentReport(db, assessment.id);
  return {
    report,
    facts: await assessmentFacts(db, assessment.id),
    canMove: can(user, 'approve', assessmentResource(assessment)),
    canEdit: can(user, 'update', assessmentResource(assessment)),
  };
});

const stageSchema = z.object({ to: z.string() });

/** The page where the work of each stage is done. */
const stageTab: Record<string, string> = {
  planned: 'focus-groups',
  focus_groups: 'focus-groups',
  problem_gallery: 'problems',
  analysis: 'problems',
  meetings: 'meetings',
  prioritised: 'ranking',
  published: 'poster',
};

export const action = wrapAction(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view');
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'rule') {
    assertCan(can(user, 'update', assessmentResource(assessment)));
    const parsed = await parseForm(request, rankingRuleFormSchema, form);
    if (!parsed.ok) return invalid(parsed);
    const rule = parsed.data.rankingMethod === 'points' ? { method: 'points' as const, points: parsePointsRule(parsed.data.points ?? '')! } : { method: 'votes' as const };
    await db.transaction().execute((trx) => setRankingRule(trx, user!, assessment.id, rule));
    return { ok: true as const, message: 'assessment:ranking.ruleSaved' };
  }
  assertCan(can(user, 'approve', assessmentResource(assessment)));
  const parsed = await parseForm(request, stageSchema, form);
  if (!parsed.ok) return invalid(parsed);
  try {
    await db.transaction().execute((trx) => moveAssessmentStage(trx, user!, assessment.id, parsed.data.to));
  } catch (err) {
    return formError(err, form);
  }
  return { ok: true as const, message: 'assessment:stage.moved' };
});

export default function AssessmentOverview() {
  const t = useT();
  const lang = useLang();
  const { report, facts, canMove, canEdit } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const a = report.assessment;
  const stage = isAssessmentStage(a.stage) ? a.stage : 'planned';
  const next = nextStage(stage);
  const prev = previousStage(stage);
  const villageName = unitNames(report.villages, lang);
  const mp = report.meetingParticipation;
  const fp = report.focusGroupParticipation;
  return (
    <section>
      {state && 'message' in state ? <p className="flash" role="status">{t(state.message)}</p> : null}
      <ErrorSummary state={state && 'errors' in state ? state : null} />
      <ul className="counts">
        <li>{t('assessment:tabs.focusGroups')}: <strong>{facts.focusGroups}</strong></li>
        <li>{t('assessment:tabs.problems')}: <strong>{facts.problems}</strong></li>
        <li>{t('assessment:meetings.villageMeetings')}: <strong>{facts.villageMeetings}</strong></li>
        <li>{t('assessment:meetings.tallied')}: <strong>{facts.talliedMeetings}</strong></li>
      </ul>
      {a.published_at ? <p>{t('assessment:overview.publishedAt', { date: formatDateTime(a.published_at) })} · <Link to={`/public/assessments/${a.id}`}>{t('assessment:public.pageLink')}</Link></p> : null}
      {canMove ? (
        <div className="card">
          <h2>{t('assessment:stage.move')}</h2>
          <p>{t('assessment:stage.current', { stage: t(`assessment:stage.${stage}`) })}</p>
          <div className="inline-actions">
            {next ? (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="to" value={next} />
                <button type="submit" name="intent" value="stage" className="primary">
                  {next === 'published' ? t('assessment:stage.publish') : t('assessment:stage.moveTo', { stage: t(`assessment:stage.${next}`) })}
                </button>
              </Form>
            ) : null}
            {prev ? (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="to" value={prev} />
                <button type="submit" name="intent" value="stage">
                  {stage === 'published' ? t('assessment:stage.unpublish') : t('assessment:stage.backTo', { stage: t(`assessment:stage.${prev}`) })}
                </button>
              </Form>
            ) : null}
          </div>
          <p className="hint">
            {t(`assessment:stage.help.${stage}`)}{' '}
            {stageTab[stage] ? <Link to={`/assessments/${a.id}/${stageTab[stage]}`}>{t('assessment:stage.goTo')} →</Link> : null}
          </p>
        </div>
      ) : null}
      <div className="cards">
        <div className="card">
          <h2>{t('assessment:participation.meetings')}</h2>
          <dl className="facts">
            <dt>{t('assessment:participation.total')}</dt><dd>{formatNumber(mp.total, lang)}</dd>
            <dt>{t('assessment:participation.women')}</dt><dd>{formatNumber(mp.women, lang)} (<Percent value={mp.womenShare} />)</dd>
            <dt>{t('assessment:participation.men')}</dt><dd>{formatNumber(mp.men, lang)}</dd>
          </dl>
        </div>
        <div className="card">
          <h2>{t('assessment:participation.focusGroups')}</h2>
          <dl className="facts">
            <dt>{t('assessment:participation.total')}</dt><dd>{formatNumber(fp.total, lang)}</dd>
            <dt>{t('assessment:participation.women')}</dt><dd>{formatNumber(fp.women, lang)} (<Percent value={fp.womenShare} />)</dd>
          </dl>
        </div>
      </div>
      {mp.byVillage.length ? (
        <TableWrap label={t('assessment:participation.focusGroups')}>
          <table>
            <caption>{t('assessment:participation.byVillage')}</caption>
            <thead><tr><th scope="col">{t('assessment:fields.village')}</th><th scope="col" className="num">{t('assessment:participation.total')}</th><th scope="col" className="num">{t('assessment:participation.women')}</th><th scope="col" className="num">{t('assessment:participation.share')}</th></tr></thead>
            <tbody>
              {mp.byVillage.map((v) => (
                <tr key={v.villageSoate ?? 'aa'}>
                  <td>{v.villageSoate ? villageName(v.villageSoate) : t('assessment:meetings.kinds.aiyl_aimak')}</td>
                  <td className="num">{formatNumber(v.total, lang)}</td>
                  <td className="num">{formatNumber(v.women, lang)}</td>
                  <td className="num"><Percent value={v.share} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {canEdit ? (
        <Form method="post" className="card narrow" noValidate>
          <h2>{t('assessment:ranking.method')}</h2>
          <CsrfInput />
          <Field as="select" name="rankingMethod" label={t('assessment:ranking.method')} state={state && 'errors' in state ? state : null} defaultValue={a.ranking_method}>
            <option value="votes">{t('assessment:ranking.methods.votes')}</option>
            <option value="points">{t('assessment:ranking.methods.points')}</option>
          </Field>
          <Field name="points" label={t('assessment:ranking.pointsRule')} hint={t('assessment:ranking.pointsHint')} state={state && 'errors' in state ? state : null} defaultValue={a.ranking_points ?? '3-2-1'} />
          <button type="submit" name="intent" value="rule">{t('actions.save')}</button>
        </Form>
      ) : null}
    </section>
  );
}
