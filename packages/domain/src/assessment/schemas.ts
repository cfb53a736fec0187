import { z } from 'zod';
import { parseDate } from '../i18n/format.ts';
import { parseSom } from '../money/money.ts';
import { optionalText, requiredText } from '../forms.ts';
import { parsePointsRule } from './ranking.ts';

/** A whole number ≥ 0 typed into a form ("", spaces allowed); empty is 0. */
export const countField = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v, ctx) => {
    const s = String(v ?? '').replace(/\s/g, '');
    if (s === '') return 0;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000) {
      ctx.addIssue({ code: 'custom', message: 'assessment:errors.count' });
      return z.NEVER;
    }
    return n;
  });

/** A date as people type it (DD.MM.YYYY or ISO) → 'YYYY-MM-DD'. */
export const dateField = z.string({ error: 'errors.required' }).transform((v, ctx) => {
  const d = parseDate(v);
  if (!d) {
    ctx.addIssue({ code: 'custom', message: v.trim() ? 'assessment:errors.date' : 'errors.required' });
    return z.NEVER;
  }
  return d;
});

/** An amount in som as typed → tyiyn; empty is 0. */
export const somField = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v || !v.trim()) return 0;
    const t = parseSom(v);
    if (t === null || t < 0) {
      ctx.addIssue({ code: 'custom', message: 'assessment:errors.money' });
      return z.NEVER;
    }
    return t;
  });

const codeList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean));

export const assessmentCreateSchema = z.object({
  municipalityId: z.string().uuid({ error: 'errors.required' }),
  year: z.coerce.number({ error: 'errors.required' }).int().min(2000, { error: 'assessment:errors.year' }).max(2100, { error: 'assessment:errors.year' }),
  rankingMethod: z.enum(['votes', 'points']).default('votes'),
  points: z.string().max(100, { error: 'errors.tooLong' }).optional(),
}).superRefine((v, ctx) => {
  if (v.rankingMethod === 'points' && !parsePointsRule(v.points ?? '')) {
    ctx.addIssue({ code: 'custom', path: ['points'], message: 'assessment:errors.points' });
  }
});

export const rankingRuleFormSchema = z
  .object({ rankingMethod: z.enum(['votes', 'points']), points: z.string().max(100, { error: 'errors.tooLong' }).optional() })
  .superRefine((v, ctx) => {
    if (v.rankingMethod === 'points' && !parsePointsRule(v.points ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'assessment:errors.points' });
    }
  });

export const focusGroupSchema = z.object({
  categoryCode: requiredText(20),
  villageSoate: z.string().regex(/^417\d{11}$/, { error: 'errors.required' }),
  heldOn: dateField,
  facilitator: requiredText(200),
  women_14_29: countField,
  women_30_59: countField,
  women_60_plus: countField,
  men_14_29: countField,
  men_30_59: countField,
  men_60_plus: countField,
  problemsRaised: optionalText(4000),
});
export type FocusGroupInput = z.infer<typeof focusGroupSchema>;

export const problemSchema = z.object({
  title: requiredText(300),
  description: optionalText(4000),
  categoryCode: requiredText(20),
  villageSoates: codeList,
  raisedBy: codeList,
});
export type ProblemInput = z.infer<typeof problemSchema>;

export const causeNodeSchema = z.object({
  kind: z.enum(['cause', 'effect'], { error: 'errors.required' }),
  text: requiredText(300),
  parentId: z.string().max(100, { error: 'errors.invalid' }).optional().transform((v) => (v ? v : null)),
});
export type CauseNodeInput = z.infer<typeof causeNodeSchema>;

export const meetingSchema = z.object({
  kind: z.enum(['village', 'aiyl_aimak'], { error: 'errors.required' }),
  villageSoate: z.string().max(14, { error: 'errors.soate' }).optional().transform((v) => (v ? v : null)),
  heldOn: dateField,
  women: countField,
  men: countField,
  notes: optionalText(2000),
}).superRefine((v, ctx) => {
  if (v.kind === 'village' && !v.villageSoate) ctx.addIssue({ code: 'custom', path: ['villageSoate'], message: 'errors.required' });
});
export type MeetingInput = z.infer<typeof meetingSchema>;

export const serviceActivityStatuses = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ServiceActivityStatus = (typeof serviceActivityStatuses)[number];

export const servicePlanSchema = z.object({
  municipalityId: z.string().uuid({ error: 'errors.required' }),
  title: requiredText(300),
  yearFrom: z.coerce.number().int().min(2000, { error: 'assessment:errors.year' }).max(2100, { error: 'assessment:errors.year' }),
  yearTo: z.coerce.number().int().min(2000, { error: 'assessment:errors.year' }).max(2100, { error: 'assessment:errors.year' }),
  assessmentId: z.string().max(100, { error: 'errors.invalid' }).optional().transform((v) => (v ? v : null)),
}).refine((v) => v.yearTo >= v.yearFrom, { path: ['yearTo'], message: 'assessment:errors.yearOrder' });
export type ServicePlanInput = z.infer<typeof servicePlanSchema>;

export const serviceActivitySchema = z.object({
  title: requiredText(300),
  problemId: z.string().max(100, { error: 'errors.invalid' }).optional().transform((v) => (v ? v : null)),
  responsible: requiredText(200),
  startsOn: dateField,
  endsOn: dateField,
  indicator: optionalText(500),
  target: optionalText(200),
  own: somField,
  grant: somField,
  other: somField,
}).refine((v) => v.endsOn >= v.startsOn, { path: ['endsOn'], message: 'assessment:errors.dateOrder' });
export type ServiceActivityInput = z.infer<typeof serviceActivitySchema>;

export const progressUpdateSchema = z.object({
  status: z.enum(serviceActivityStatuses),
  progressPct: z.coerce.number().int().min(0, { error: 'assessment:errors.percent' }).max(100, { error: 'assessment:errors.percent' }),
  note: requiredText(2000),
});
export type ProgressUpdateInput = z.infer<typeof progressUpdateSchema>;
