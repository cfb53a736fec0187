import { can, formatDate, localName, percentRounded } from '@kamkor/domain';
import { assessmentResource, loadAssessmentReport } from '../db.server.ts';
import { writeSheetsWorkbook } from '../excel.server.ts';
import { getT } from '../i18n.ts';
import { assessmentFor } from '../utils/assessment.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { assertCan, resolveLanguage } from '../utils/session.server.ts';

/** The whole assessment as one workbook: summary, focus groups, problems, causes, meetings, tallies, ranking. */
export const loader = resourceLoader(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view');
  assertCan(can(user, 'export', assessmentResource(assessment)));
  const lang = resolveLanguage(request, user);
  const t = getT(lang);
  const r = await loadAssessmentReport(db, assessment.id);
  const name = (row: Record<string, unknown>, prefix: string) => String(row[`${prefix}_${lang}`] ?? row[`${prefix}_ru`] ?? '');
  const villages = new Map(r.villages.map((v) => [v.soate, localName(v, lang)]));
  const village = (s: string | null) => (s ? villages.get(s) ?? s : t('assessment:meetings.kinds.aiyl_aimak'));
  const fg = new Map(r.fgCategories.map((c) => [c.code, localName(c, lang)]));
  const problem = new Map(r.problems.map((p) => [p.id, p]));
  const municipality = localName({ name_ky: r.assessment.municipality_name_ky, name_ru: r.assessment.municipality_name_ru, name_en: r.assessment.municipality_name_en }, lang);
  const pct = (part: number, total: number) => percentRounded(part, total, 1);
  const bytes = await writeSheetsWorkbook([
    {
      name: t('assessment:excel.sheets.summary'),
      headers: [t('assessment:excel.field'), t('assessment:excel.value')],
      rows: [
        [t('assessment:fields.municipality'), municipality],
        [t('assessment:fields.year'), r.assessment.year],
        [t('assessment:stage.label'), t(`assessment:stage.${r.assessment.stage}`)],
        [t('assessment:ranking.method'), r.rule.method === 'points' ? `${t('assessment:ranking.methods.points')} ${r.rule.points.join('-')}` : t('assessment:ranking.methods.votes')],
        [t('assessment:participation.total'), r.meetingParticipation.total],
        [t('assessment:participation.women'), r.meetingParticipation.women],
        [`${t('assessment:participation.womenShare')}, %`, pct(r.meetingParticipation.women, r.meetingParticipation.total)],
      ],
    },
    {
      name: t('assessment:tabs.focusGroups'),
      headers: [t('assessment:focusGroups.category'), t('assessment:fields.village'), t('assessment:fields.date'), t('assessment:focusGroups.facilitator'),
        ...(['14_29', '30_59', '60_plus'] as const).map((g) => t('assessment:focusGroups.womenAge', { age: t(`assessment:ages.${g}`) })),
        ...(['14_29', '30_59', '60_plus'] as const).map((g) => t('assessment:focusGroups.menAge', { age: t(`assessment:ages.${g}`) })),
        t('assessment:focusGroups.problemsRaised')],
      rows: r.focusGroups.map((f) => [name(f, 'category'), name(f, 'village'), formatDate(f.held_on), f.facilitator, f.women_14_29, f.women_30_59, f.women_60_plus, f.men_14_29, f.men_30_59, f.men_60_plus, f.problems_raised]),
      numeric: [4, 5, 6, 7, 8, 9],
    },
    {
      name: t('assessment:tabs.problems'),
      headers: ['№', t('assessment:problems.title'), t('assessment:problems.category'), t('assessment:problems.description'), t('assessment:problems.villages'), t('assessment:problems.raisedBy')],
      rows: r.problems.map((p) => [p.number, p.title, name(p, 'category'), p.description, p.village_soates.map(village).join(', '), p.raised_by.map((c) => fg.get(c) ?? c).join(', ')]),
    },
    {
      name: t('assessment:tree.title'),
      headers: ['№', t('assessment:problems.title'), t('assessment:tree.kind'), t('assessment:tree.text'), t('assessment:tree.parent')],
      rows: r.causeNodes.map((n) => [problem.get(n.problem_id)?.number ?? null, problem.get(n.problem_id)?.title ?? '', t(`assessment:tree.${n.kind}`), n.text, r.causeNodes.find((x) => x.id === n.parent_id)?.text ?? '']),
    },
    {
      name: t('assessment:tabs.meetings'),
      headers: [t('assessment:meetings.kind'), t('assessment:fields.village'), t('assessment:fields.date'), t('assessment:participation.women'), t('assessment:participation.men'), t('assessment:meetings.notes')],
      rows: r.meetings.map((m) => [t(`assessment:meetings.kinds.${m.kind}`), village(m.village_soate), formatDate(m.held_on), m.women, m.men, m.notes]),
      numeric: [3, 4],
    },
    {
      name: t('assessment:excel.sheets.tallies'),
      headers: [t('assessment:fields.village'), '№', t('assessment:problems.title'), t('assessment:meetings.votes')],
      rows: r.tallies.map((x) => {
        const m = r.meetings.find((mm) => mm.id === x.meeting_id);
        const p = problem.get(x.problem_id);
        return [village(m?.village_soate ?? null), p?.number ?? null, p?.title ?? '', x.votes];
      }),
      numeric: [3],
    },
    {
      name: t('assessment:tabs.ranking'),
      headers: [t('assessment:ranking.rank'), '№', t('assessment:problems.title'), r.rule.method === 'points' ? t('assessment:ranking.points') : t('assessment:ranking.votes'), t('assessment:ranking.votes'), t('assessment:ranking.firstPlaces'), t('assessment:ranking.decidedBy')],
      rows: r.ranking.map((x) => [x.rank, x.number, problem.get(x.problemId)?.title ?? '', x.score, x.totalVotes, x.firstPlaces, x.decidedBy && x.decidedBy !== 'score' ? t(`assessment:ranking.tieBreak.${x.decidedBy}`) : '']),
      numeric: [3, 4],
    },
  ]);
  return fileResponse(bytes, `needs-assessment-${r.assessment.year}-${municipality}.xlsx`);
});
