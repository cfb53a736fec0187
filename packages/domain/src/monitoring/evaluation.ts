import { z } from 'zod';

/** One criterion of the end-of-project evaluation sheet; `key` is stable across versions of the criteria. */
export interface EvaluationCriterion {
  key: string;
  ky: string;
  ru: string;
  en: string;
  /** Highest score (the lowest is 0). */
  maxPoints: number;
}

/** The default sheet (version 1, also inserted by the migration): five criteria of 5 points each. */
export const defaultEvaluationCriteria: EvaluationCriterion[] = [
  { key: 'relevance', ky: 'Актуалдуулук', ru: 'Актуальность', en: 'Relevance', maxPoints: 5 },
  { key: 'plan_fulfilment', ky: 'Пландын аткарылышы', ru: 'Выполнение плана', en: 'Plan fulfilment', maxPoints: 5 },
  { key: 'result', ky: 'Натыйжа', ru: 'Результат', en: 'Result', maxPoints: 5 },
  { key: 'continuation', ky: 'Улантуу ыктымалдыгы', ru: 'Вероятность продолжения', en: 'Likelihood of continuation', maxPoints: 5 },
  { key: 'long_term_effect', ky: 'Узак мөөнөттүү таасир', ru: 'Долгосрочный эффект', en: 'Long-term effect', maxPoints: 5 },
];

/** A draft is edited by the evaluators; final is frozen and shown to the contractor NGO. */
export const evaluationStatuses = ['draft', 'final'] as const;
export type EvaluationStatus = (typeof evaluationStatuses)[number];
export type EvaluationScores = Record<string, { score: number | null; comment: string | null }>;

export const EVALUATION_LIMITS = { comment: 1000, conclusion: 4000, criteria: 20 } as const;

/**
 * Reads the score fields of the form (`score.<key>` 0…max, `comment.<key>`) against the criteria of the
 * sheet: when finalising every criterion needs a score; a score outside 0…max or not whole is refused.
 */
export function parseEvaluationScores(
  criteria: EvaluationCriterion[],
  raw: Record<string, unknown>,
  opts: { complete: boolean },
): { ok: true; scores: EvaluationScores } | { ok: false; errors: Record<string, string>; scores: EvaluationScores } {
  const scores: EvaluationScores = {};
  const errors: Record<string, string> = {};
  for (const c of criteria) {
    const s = raw[`score.${c.key}`];
    const n = raw[`comment.${c.key}`];
    const text = typeof s === 'string' ? s.trim() : '';
    let score: number | null = null;
    if (text !== '') {
      const v = Number(text);
      if (text.length > 4 || !Number.isInteger(v) || v < 0 || v > c.maxPoints) errors[`score.${c.key}`] = 'monitoring:evaluation.errors.score';
      else score = v;
    } else if (opts.complete) errors[`score.${c.key}`] = 'monitoring:evaluation.errors.scoreAll';
    const comment = typeof n === 'string' ? n.trim() : '';
    if (comment.length > EVALUATION_LIMITS.comment) errors[`comment.${c.key}`] = 'errors.tooLong';
    scores[c.key] = { score, comment: comment ? comment.slice(0, EVALUATION_LIMITS.comment) : null };
  }
  return Object.keys(errors).length ? { ok: false, errors, scores } : { ok: true, scores };
}

/** The evaluator's conclusion (whether the sheet is finalised is the submit button's `intent`). */
export const evaluationFormSchema = z.object({
  conclusion: z
    .string()
    .trim()
    .max(EVALUATION_LIMITS.conclusion, { error: 'errors.tooLong' })
    .optional()
    .transform((v) => (v ? v : null)),
});

/**
 * Totals of a sheet: points scored over the criteria answered, the highest possible over all criteria,
 * the share of it (0…100, one decimal, null when nothing is scored) and whether every criterion is scored.
 */
export function evaluationTotals(criteria: EvaluationCriterion[], scores: EvaluationScores): { total: number; max: number; percent: number | null; complete: boolean } {
  let total = 0;
  let max = 0;
  let answered = 0;
  for (const c of criteria) {
    max += c.maxPoints;
    const s = scores[c.key]?.score;
    if (s != null) {
      total += s;
      answered++;
    }
  }
  return { total, max, percent: answered && max ? Math.round((total / max) * 1000) / 10 : null, complete: answered === criteria.length };
}

/** A project is finished (and may be evaluated) once its end date is before today (YYYY-MM-DD, Bishkek). */
export function isProjectFinished(endDate: string, today: string): boolean {
  return endDate < today;
}

/** Criteria as edited by admins: stable keys, labels in ky/ru/en, 1…100 points; a new version on save. */
export const criteriaSchema = z
  .array(
    z.object({
      key: z.string().trim().min(1, { error: 'errors.required' }).max(40, { error: 'errors.tooLong' }).regex(/^[a-z_][a-z0-9_]*$/, { error: 'monitoring:builder.errors.name' }),
      ky: z.string().trim().min(1, { error: 'errors.required' }).max(200, { error: 'errors.tooLong' }),
      ru: z.string().trim().min(1, { error: 'errors.required' }).max(200, { error: 'errors.tooLong' }),
      en: z.string().trim().min(1, { error: 'errors.required' }).max(200, { error: 'errors.tooLong' }),
      maxPoints: z.coerce.number({ error: 'errors.invalid' }).int({ error: 'errors.invalid' }).min(1, { error: 'errors.invalid' }).max(100, { error: 'errors.invalid' }),
    }),
  )
  .min(1, { error: 'errors.required' })
  .max(EVALUATION_LIMITS.criteria, { error: 'errors.tooLong' })
  .refine((list) => new Set(list.map((c) => c.key)).size === list.length, { error: 'monitoring:builder.errors.duplicate' });
