// Everything the assessment pages, report, poster and workbook show.
import { can, participationStats, type Actor } from '@kamkor/domain';
import { type Db } from './audit.ts';
import { assessmentResource, getAssessment, getAssessmentForActor, rankingRuleOf, listAssessmentVillages } from './assessment.ts';
import { listAssessmentCatalogue } from './assessment-catalogue.ts';
import { listFocusGroups } from './assessment-focus-groups.ts';
import { listProblems, listProblemPhotos } from './assessment-problems.ts';
import { listCauseNodes } from './assessment-cause-trees.ts';
import { listMeetings, listTallies } from './assessment-meetings.ts';
import { computeRanking } from './assessment-ranking.ts';
import { loadPublicAssessmentReport, type PublicAssessmentReport } from './assessment-public.ts';

/**
 * Everything a page, the report, the poster and the workbook show about an assessment. After
 * "prioritised" the frozen ranking is used; before it, the live one. Working data (facilitators,
 * notes, tallies, photos): only for those who may `view_draft`; the public reads assessment-public.ts.
 */
export async function loadAssessmentReport(db: Db, id: string) {
  const assessment = await getAssessment(db, id);
  const [villages, focusGroups, problems, causeNodes, meetings, tallies, photos, fgCategories, problemCategories, liveRanking, requests, unit] = await Promise.all([
    listAssessmentVillages(db, assessment.admin_unit_soate),
    listFocusGroups(db, id),
    listProblems(db, id),
    listCauseNodes(db, id),
    listMeetings(db, id),
    listTallies(db, id),
    listProblemPhotos(db, id),
    listAssessmentCatalogue(db, 'focus_group_category', { includeInactive: true }),
    listAssessmentCatalogue(db, 'problem_category', { includeInactive: true }),
    computeRanking(db, assessment),
    db.selectFrom('assessment_program_line_request').select(['problem_id', 'created_at', 'program_line_id']).where('assessment_id', '=', id).execute(),
    assessment.admin_unit_soate
      ? db.selectFrom('admin_unit').select(['soate', 'name_ky', 'name_ru', 'name_en']).where('soate', '=', assessment.admin_unit_soate).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const frozen = problems.some((p) => p.rank !== null);
  const ranking = frozen
    ? problems
        .filter((p) => p.rank !== null)
        .sort((x, y) => x.rank! - y.rank!)
        .map((p) => ({ ...liveRanking.find((r) => r.problemId === p.id)!, rank: p.rank!, score: p.score ?? 0, totalVotes: p.total_votes ?? 0 }))
    : liveRanking;
  const meetingParticipation = participationStats(meetings.map((m) => ({ villageSoate: m.village_soate, women: m.women, men: m.men })));
  const focusGroupParticipation = participationStats(
    focusGroups.map((f) => ({ villageSoate: f.village_soate, women: f.women_14_29 + f.women_30_59 + f.women_60_plus, men: f.men_14_29 + f.men_30_59 + f.men_60_plus })),
  );
  return {
    assessment,
    unit: unit ?? null,
    villages,
    focusGroups,
    problems,
    causeNodes,
    meetings,
    tallies,
    photos,
    fgCategories,
    problemCategories,
    ranking,
    rankingFrozen: frozen,
    rule: rankingRuleOf(assessment),
    meetingParticipation,
    focusGroupParticipation,
    programLineRequests: requests,
  };
}
export type AssessmentReport = Awaited<ReturnType<typeof loadAssessmentReport>>;

/**
 * The report an actor may read: the full one (working data included) for those who may
 * `view_draft`, the public projection for everyone else who may `view` (a published assessment).
 */
export async function loadAssessmentReportForActor(db: Db, actor: Actor | null, id: string): Promise<PublicAssessmentReport | AssessmentReport> {
  const a = await getAssessmentForActor(db, actor, id, 'view');
  return can(actor, 'view_draft', assessmentResource(a)) ? loadAssessmentReport(db, a.id) : loadPublicAssessmentReport(db, a.id);
}
