// The public projection of a needs assessment: what a resident may read of a published assessment,
// in named columns. Facilitators, meeting notes, what focus groups said, tallies per meeting,
// photos and the hand-off to the program are working data and never leave through here.
import { AppError, can, participationStats } from '@kamkor/domain';
import type { Db } from './audit.ts';
import { assessmentResource, listAssessmentVillages, publicAssessmentColumns, rankingRuleOf } from './assessment.ts';
import { listAssessmentCatalogue } from './assessment-catalogue.ts';
import { computeRanking } from './assessment-ranking.ts';
import { isUuid } from './people.ts';
import { pageBounds, type PageRequest } from './paging.ts';


/** Published assessments for residents, newest year first, paged in SQL. */
export async function listPublicAssessments(db: Db, filter: PageRequest = {}) {
  const { limit, offset } = pageBounds(filter);
  return db
    .selectFrom('needs_assessment')
    .innerJoin('organisation', 'organisation.id', 'needs_assessment.municipality_id')
    .select(publicAssessmentColumns)
    .where('needs_assessment.stage', '=', 'published')
    .orderBy('needs_assessment.year', 'desc')
    .orderBy('organisation.name_ru')
    .orderBy('needs_assessment.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * The report of a published assessment as the public sees it (`/public/assessments/:id`, and the
 * report and poster for anyone who may not `view_draft`). NOT_FOUND unless it is published.
 */
export async function loadPublicAssessmentReport(db: Db, id: string) {
  if (!isUuid(id)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const assessment = await db
    .selectFrom('needs_assessment')
    .innerJoin('organisation', 'organisation.id', 'needs_assessment.municipality_id')
    .select(publicAssessmentColumns)
    .where('needs_assessment.id', '=', id)
    .executeTakeFirst();
  // Asked as an anonymous visitor on purpose: whoever is logged in, this never shows unpublished work.
  if (!assessment || !can(null, 'view', assessmentResource(assessment))) throw new AppError('NOT_FOUND', 'errors.notFound');
  const [villages, focusGroups, problems, causeNodes, meetings, fgCategories, problemCategories, liveRanking] = await Promise.all([
    listAssessmentVillages(db, assessment.admin_unit_soate),
    db
      .selectFrom('assessment_focus_group as f')
      .innerJoin('focus_group_category as c', 'c.code', 'f.category_code')
      .innerJoin('admin_unit as v', 'v.soate', 'f.village_soate')
      .select([
        'f.id',
        'f.category_code',
        'f.village_soate',
        'f.held_on',
        'f.women_14_29',
        'f.women_30_59',
        'f.women_60_plus',
        'f.men_14_29',
        'f.men_30_59',
        'f.men_60_plus',
        'c.name_ky as category_ky',
        'c.name_ru as category_ru',
        'c.name_en as category_en',
        'v.name_ky as village_ky',
        'v.name_ru as village_ru',
        'v.name_en as village_en',
      ])
      .where('f.assessment_id', '=', id)
      .orderBy('f.held_on')
      .orderBy('f.created_at')
      .execute(),
    db
      .selectFrom('assessment_problem as p')
      .innerJoin('problem_category as c', 'c.code', 'p.category_code')
      .select(['p.id', 'p.number', 'p.title', 'p.description', 'p.category_code', 'p.village_soates', 'p.raised_by', 'p.rank', 'p.score', 'p.total_votes', 'c.name_ky as category_ky', 'c.name_ru as category_ru', 'c.name_en as category_en'])
      .where('p.assessment_id', '=', id)
      .orderBy('p.number')
      .execute(),
    db
      .selectFrom('assessment_cause_node as n')
      .innerJoin('assessment_problem as p', 'p.id', 'n.problem_id')
      .select(['n.id', 'n.problem_id', 'n.parent_id', 'n.kind', 'n.text', 'n.sort_order'])
      .where('p.assessment_id', '=', id)
      .orderBy('n.sort_order')
      .execute(),
    db
      .selectFrom('assessment_meeting as m')
      .select(['m.id', 'm.kind', 'm.village_soate', 'm.held_on', 'm.women', 'm.men'])
      .where('m.assessment_id', '=', id)
      .orderBy('m.held_on')
      .execute(),
    listAssessmentCatalogue(db, 'focus_group_category', { includeInactive: true }),
    listAssessmentCatalogue(db, 'problem_category', { includeInactive: true }),
    computeRanking(db, assessment),
  ]);
  // A published assessment's ranking is frozen on its problems; the live one only fills the tie-break details.
  const ranking = problems
    .filter((p) => p.rank !== null)
    .sort((x, y) => x.rank! - y.rank!)
    .map((p) => ({ ...liveRanking.find((r) => r.problemId === p.id)!, rank: p.rank!, score: p.score ?? 0, totalVotes: p.total_votes ?? 0 }));
  return {
    assessment,
    villages,
    focusGroups,
    problems,
    causeNodes,
    meetings,
    fgCategories: fgCategories.map((c) => ({ code: c.code, name_ky: c.name_ky, name_ru: c.name_ru, name_en: c.name_en })),
    problemCategories: problemCategories.map((c) => ({ code: c.code, name_ky: c.name_ky, name_ru: c.name_ru, name_en: c.name_en })),
    ranking,
    rankingFrozen: true,
    rule: rankingRuleOf(assessment),
    meetingParticipation: participationStats(meetings.map((m) => ({ villageSoate: m.village_soate, women: m.women, men: m.men }))),
    focusGroupParticipation: participationStats(
      focusGroups.map((f) => ({ villageSoate: f.village_soate, women: f.women_14_29 + f.women_30_59 + f.women_60_plus, men: f.men_14_29 + f.men_30_59 + f.men_60_plus })),
    ),
  };
}
/** What the public report, poster and page may show; the full AssessmentReport is a superset of it. */
export type PublicAssessmentReport = Awaited<ReturnType<typeof loadPublicAssessmentReport>>;
