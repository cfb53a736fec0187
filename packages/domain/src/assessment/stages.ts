/** The stages of a joint needs assessment (ЖМБА), in the order the method runs them. */
export const assessmentStages = [
  'planned',
  'focus_groups',
  'problem_gallery',
  'analysis',
  'meetings',
  'prioritised',
  'published',
] as const;
export type AssessmentStage = (typeof assessmentStages)[number];

export function isAssessmentStage(value: unknown): value is AssessmentStage {
  return typeof value === 'string' && (assessmentStages as readonly string[]).includes(value);
}

/** The stage after this one, or null at the end. */
export function nextStage(stage: AssessmentStage): AssessmentStage | null {
  const i = assessmentStages.indexOf(stage);
  return assessmentStages[i + 1] ?? null;
}

/** The stage before this one, or null at the start. */
export function previousStage(stage: AssessmentStage): AssessmentStage | null {
  const i = assessmentStages.indexOf(stage);
  return i > 0 ? assessmentStages[i - 1]! : null;
}

/** What must exist before an assessment may move into a stage; empty = allowed. */
export interface StageFacts {
  focusGroups: number;
  problems: number;
  villageMeetings: number;
  talliedMeetings: number;
}

/**
 * Checks a move between stages. Only one step at a time, forward or back (a published result is
 * withdrawn by stepping back to "prioritised"). Returns i18n keys of what blocks the move.
 */
export function stageMoveProblems(from: AssessmentStage, to: AssessmentStage, facts: StageFacts): string[] {
  if (to !== nextStage(from) && to !== previousStage(from)) return ['assessment:stage.errors.oneStep'];
  if (to === previousStage(from)) return [];
  const problems: string[] = [];
  if (to === 'problem_gallery' && facts.focusGroups === 0) problems.push('assessment:stage.errors.needFocusGroups');
  if (to === 'analysis' && facts.problems === 0) problems.push('assessment:stage.errors.needProblems');
  if (to === 'prioritised' && facts.talliedMeetings === 0) problems.push('assessment:stage.errors.needTallies');
  return problems;
}

/** Stages in which the assessment's content may still be edited by its municipality. */
export function isEditableStage(stage: string): boolean {
  return stage !== 'published';
}

/** The admin-editable catalogues of the needs assessment. */
export const assessmentCatalogueKinds = ['focus_group_category', 'problem_category'] as const;
export type AssessmentCatalogueKind = (typeof assessmentCatalogueKinds)[number];
