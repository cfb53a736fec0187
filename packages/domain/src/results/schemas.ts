import { z } from 'zod';
import { optionalText, requiredText } from '../forms.ts';
import { parseDate, parseNumber } from '../i18n/format.ts';
import { parseSom } from '../money/money.ts';
import { isSoate } from '../territory/soate.ts';
import { cumulativeModes, directions, indicatorTypes } from './achievement.ts';
import { disaggregationDimensions } from './disaggregation.ts';
import { frameworkLevels } from './numbering.ts';
import { frequencies } from './periods.ts';

const date = (key = 'results:errors.date') =>
  z.string({ error: 'errors.required' }).trim().min(1, { error: 'errors.required' }).transform((s, ctx) => {
    const d = parseDate(s);
    if (!d) ctx.addIssue({ code: 'custom', message: key });
    return d ?? '';
  });

const optionalNumber = z
  .union([z.string(), z.number()])
  .optional()
  .transform((s, ctx) => {
    if (s == null || (typeof s === 'string' && s.trim() === '')) return null;
    const n = parseNumber(s);
    if (n == null) ctx.addIssue({ code: 'custom', message: 'results:errors.number' });
    return n;
  });

const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (v == null || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** A contract registered by hand by an officer (legacy contracts; competitions will create them later). */
export const projectSchema = z
  .object({
    code: requiredText(40).regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, { error: 'results:errors.code' }),
    name_ky: requiredText(300),
    name_ru: requiredText(300),
    name_en: optionalText(300),
    contractorId: z.uuid({ error: 'errors.required' }),
    customerId: z.uuid({ error: 'errors.required' }),
    amount: z.string({ error: 'errors.required' }).transform((s, ctx) => {
      const t = parseSom(s);
      if (t == null || t <= 0) ctx.addIssue({ code: 'custom', message: 'results:errors.amount' });
      return t ?? 0;
    }),
    startDate: date(),
    endDate: date(),
    frequency: z.enum(frequencies, { error: 'errors.required' }),
    territories: z
      .string({ error: 'errors.required' })
      .transform((s) => s.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean))
      .pipe(z.array(z.string().refine(isSoate, { error: 'errors.soate' })).min(1, { error: 'results:errors.territories' })),
    signed: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  })
  .refine((p) => !p.startDate || !p.endDate || p.endDate >= p.startDate, { path: ['endDate'], error: 'results:errors.endBeforeStart' });
export type ProjectInput = z.infer<typeof projectSchema>;

/** A goal, expected result or output of a results framework. */
export const frameworkNodeSchema = z.object({
  parentId: z.preprocess((v) => (v === '' ? null : v), z.uuid().nullable()),
  level: z.enum(frameworkLevels),
  name_ky: requiredText(500),
  name_ru: requiredText(500),
  name_en: optionalText(500),
  assumptions: optionalText(2000),
});
export type FrameworkNodeInput = z.infer<typeof frameworkNodeSchema>;

/** An indicator passport. Targets come separately (dated period targets). */
export const indicatorSchema = z
  .object({
    nodeId: z.uuid({ error: 'errors.required' }),
    code: requiredText(40),
    name_ky: requiredText(500),
    name_ru: requiredText(500),
    name_en: optionalText(500),
    definition_ky: optionalText(4000),
    definition_ru: optionalText(4000),
    definition_en: optionalText(4000),
    unit: requiredText(60),
    type: z.enum(indicatorTypes),
    direction: z.enum(directions),
    cumulativeMode: z.enum(cumulativeModes),
    disaggregations: list(z.enum(disaggregationDimensions)),
    dataSource: optionalText(1000),
    verification: optionalText(1000),
    collectionMethod: optionalText(1000),
    frequency: z.enum(frequencies),
    responsible: optionalText(300),
    baselineNa: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
    baselineValue: optionalNumber,
    baselineDate: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (!s || !s.trim()) return null;
        const d = parseDate(s);
        if (!d) ctx.addIssue({ code: 'custom', message: 'results:errors.date' });
        return d;
      }),
    lopTarget: optionalNumber,
    minValue: optionalNumber,
    maxValue: optionalNumber,
    programIndicatorId: z.preprocess((v) => (v === '' ? null : v), z.uuid().nullable().optional()),
    reason: optionalText(1000),
  })
  .refine((i) => i.baselineNa || i.baselineValue != null, { path: ['baselineValue'], error: 'results:errors.baseline' })
  .refine((i) => i.minValue == null || i.maxValue == null || i.minValue <= i.maxValue, { path: ['maxValue'], error: 'results:errors.minMax' });
export type IndicatorInput = z.infer<typeof indicatorSchema>;

/** A reason is required for changes after signing and for unlocking. */
export const reasonSchema = z.object({ reason: requiredText(1000) });

/**
 * Caps on the free text of a report: far above any real report, low enough that a pasted 10-million-
 * character narrative is refused with a message instead of being saved into a 20 MB page.
 */
export const reportTextLimits = { narrative: 10_000, explanation: 2_000, comment: 2_000, reason: 1_000 } as const;

const capped = (max: number, key: string) => z.string().max(max, { error: key });

/** The free text typed on the report page; each too-long text names its own limit. */
export const reportTextsSchema = z.object({
  narrative: capped(reportTextLimits.narrative, 'results:errors.narrativeTooLong').optional(),
  explanations: z.record(z.string(), capped(reportTextLimits.explanation, 'results:errors.explanationTooLong').nullable()).default({}),
  comment: capped(reportTextLimits.comment, 'results:errors.commentTooLong').optional(),
  reason: capped(reportTextLimits.reason, 'results:errors.reasonTooLong').optional(),
});

/** The message key and limit of the first too-long text, or null when every text fits. */
export function reportTextProblem(input: z.input<typeof reportTextsSchema>): { messageKey: string; params: { max: number }; field: string } | null {
  const parsed = reportTextsSchema.safeParse(input);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0]);
  const max = reportTextLimits[field === 'explanations' ? 'explanation' : (field as 'narrative' | 'comment' | 'reason')];
  return { messageKey: issue.message, params: { max }, field: issue.path.join('.') };
}

/** A comment on a value or on the report. */
export const reportCommentSchema = z.object({
  indicatorId: z.preprocess((v) => (v === '' ? null : v), z.uuid().nullable()),
  body: requiredText(reportTextLimits.comment),
});
