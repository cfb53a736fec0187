import { z } from 'zod';
import { parseDate } from '../i18n/format.ts';
import { optionalText, requiredText } from '../forms.ts';

/** Follow-up of a recommendation: open → in progress → done. */
export const followUpStatuses = ['open', 'in_progress', 'done'] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];
export const recommendationDecisions = ['accepted', 'rejected'] as const;
export type RecommendationDecision = (typeof recommendationDecisions)[number];

/** A finding of a visit and the recommendation made on it, with the organisation responsible and a due date. */
export const recommendationSchema = z.object({
  finding: requiredText(2000),
  recommendation: requiredText(2000),
  responsibleOrgId: z.string({ error: 'errors.required' }).min(1, { error: 'errors.required' }).max(40, { error: 'errors.tooLong' }),
  dueDate: z
    .string({ error: 'errors.required' })
    .max(40, { error: 'errors.tooLong' })
    .transform((v, ctx) => {
      const d = parseDate(v);
      if (!d) {
        ctx.addIssue({ code: 'custom', message: 'monitoring:errors.date' });
        return z.NEVER;
      }
      return d;
    }),
});
export type RecommendationInput = z.infer<typeof recommendationSchema>;

/** The ministry's decision on a recommendation: a rejection needs its reason. */
export const decisionSchema = z
  .object({
    decision: z.enum(recommendationDecisions, { error: 'errors.required' }),
    reason: optionalText(2000),
  })
  .refine((v) => v.decision !== 'rejected' || !!v.reason, { path: ['reason'], error: 'monitoring:errors.reasonRequired' });
export type DecisionInput = z.infer<typeof decisionSchema>;

/** A follow-up update by the responsible organisation or the officers. */
export const followUpSchema = z.object({
  status: z.enum(followUpStatuses, { error: 'errors.required' }),
  note: optionalText(2000),
});
export type FollowUpInput = z.infer<typeof followUpSchema>;

/** Only forward moves (or staying) are allowed, and only on an accepted recommendation. */
export function canMoveFollowUp(decision: RecommendationDecision | null, from: FollowUpStatus, to: FollowUpStatus): boolean {
  if (decision !== 'accepted') return false;
  return followUpStatuses.indexOf(to) >= followUpStatuses.indexOf(from);
}

/** Overdue: accepted (or not yet decided), not done, and the due date (YYYY-MM-DD) is before today. */
export function isOverdue(r: { status: FollowUpStatus; decision: RecommendationDecision | null; dueDate: string }, today: string): boolean {
  return r.decision !== 'rejected' && r.status !== 'done' && r.dueDate < today;
}
