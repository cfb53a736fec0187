import { z } from 'zod';
import { parseDate } from '../i18n/format.ts';
import { requiredText } from '../forms.ts';

/** What the ministry may decide about a project (its contract), or about next year's program. */
export const ministryDecisionKinds = ['continue', 'adjust', 'suspend', 'terminate', 'change_program'] as const;
export type MinistryDecisionKind = (typeof ministryDecisionKinds)[number];
/** Follow-up of a ministry decision: open until its follow-up is done. */
export const ministryDecisionStatuses = ['open', 'done'] as const;
export type MinistryDecisionStatus = (typeof ministryDecisionStatuses)[number];

/** The longest basis of a decision (the column has the same check). */
export const DECISION_BASIS_MAX = 4000;

/** A date as people type it (DD.MM.YYYY and the other forms parseDate accepts), as YYYY-MM-DD or null when empty. */
const optionalDate = z
  .string()
  .trim()
  .max(40, { error: 'errors.tooLong' })
  .optional()
  .transform((v, ctx): string | null => {
    if (!v) return null;
    const d = parseDate(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: 'monitoring:errors.date' });
      return z.NEVER;
    }
    return d;
  });

const requiredDate = z
  .string({ error: 'errors.required' })
  .trim()
  .min(1, { error: 'errors.required' })
  .max(40, { error: 'errors.tooLong' })
  .transform((v, ctx): string => {
    const d = parseDate(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: 'monitoring:errors.date' });
      return z.NEVER;
    }
    return d;
  });

const optionalId = z
  .string()
  .trim()
  .max(40, { error: 'errors.tooLong' })
  .optional()
  .transform((v) => (v ? v : null));

/**
 * A ministry decision as entered: its kind, its basis (required), the visit and/or recommendation it
 * rests on (optional, of the same project), the day it was taken and an optional follow-up due date
 * (not before the decision).
 */
export const ministryDecisionSchema = z
  .object({
    kind: z.enum(ministryDecisionKinds, { error: 'errors.required' }),
    basis: requiredText(DECISION_BASIS_MAX),
    visitId: optionalId,
    recommendationId: optionalId,
    decidedOn: requiredDate,
    followUpDue: optionalDate,
  })
  .refine((v) => !v.followUpDue || !v.decidedOn || v.followUpDue >= v.decidedOn, { path: ['followUpDue'], error: 'monitoring:decisions.errors.followUpBefore' });
export type MinistryDecisionInput = z.output<typeof ministryDecisionSchema>;

/** Overdue: a follow-up due date before today (YYYY-MM-DD) and not done. */
export function isDecisionOverdue(d: { status: MinistryDecisionStatus; followUpDue: string | null }, today: string): boolean {
  return d.status !== 'done' && d.followUpDue !== null && d.followUpDue < today;
}
