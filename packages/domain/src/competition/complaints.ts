import { z } from 'zod';
import { AppError } from '../errors.ts';
import { optionalText, requiredText } from '../forms.ts';

/** Days an applicant has to complain after the results are published, unless the competition sets its own. */
export const DEFAULT_COMPLAINT_DAYS = 10;
/** The most a competition may allow. */
export const MAX_COMPLAINT_DAYS = 60;
/** The longest complaint text (characters), checked before anything is stored. */
export const COMPLAINT_TEXT_MAX = 4000;

/** Asia/Bishkek is UTC+6 all year (no daylight saving since 2005). */
const BISHKEK_OFFSET_MS = 6 * 3600_000;

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Bishkek. */
export function bishkekDate(at: Date | string): string {
  return new Date(new Date(at).getTime() + BISHKEK_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The complaint window after publication (the protocol's signature): the day of publication does not
 * count; complaints are accepted until the end (24:00 Asia/Bishkek) of the `days`-th calendar day after
 * it. Returns the last day (YYYY-MM-DD, Bishkek) and the first instant complaints are refused.
 */
export function complaintDeadline(publishedAt: Date | string, days: number): { lastDay: string; closesAt: Date } {
  if (!Number.isInteger(days) || days < 1 || days > MAX_COMPLAINT_DAYS) throw new AppError('INVALID', 'competition:complaint.errors.days', { max: MAX_COMPLAINT_DAYS });
  const [y, m, d] = bishkekDate(publishedAt).split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  const closesAt = new Date(Date.UTC(y, m - 1, d + days + 1) - BISHKEK_OFFSET_MS);
  return { lastDay, closesAt };
}

/** Whether a complaint may be filed at `now`: results published and the window still open. */
export function isComplaintWindowOpen(publishedAt: Date | string | null, days: number, now: Date): boolean {
  if (!publishedAt) return false;
  return now.getTime() < complaintDeadline(publishedAt, days).closesAt.getTime();
}

/** Refuses a complaint outside the window, naming the last day (shown as DD.MM.YYYY, Bishkek). */
export function assertComplaintWindowOpen(publishedAt: Date | string | null, days: number, now: Date): void {
  if (!publishedAt) throw new AppError('INVALID', 'competition:complaint.errors.notPublished');
  if (!isComplaintWindowOpen(publishedAt, days, now)) throw new AppError('INVALID', 'competition:complaint.errors.closed', { lastDay: complaintDeadline(publishedAt, days).lastDay });
}

/** Application statuses whose NGO may complain: it took part in the evaluation or was refused at eligibility. */
export const complainingApplicationStatuses = ['admitted', 'rejected', 'awarded', 'not_awarded'] as const;

/** A complaint filed by the applicant NGO. */
export const complaintSchema = z.object({
  applicationId: z.uuid({ error: 'errors.required' }),
  text: requiredText(COMPLAINT_TEXT_MAX).refine((v) => v.length >= 20, { message: 'competition:complaint.errors.tooShort' }),
});
export type ComplaintInput = z.infer<typeof complaintSchema>;

export const complaintOutcomes = ['upheld', 'rejected'] as const;
export type ComplaintOutcome = (typeof complaintOutcomes)[number];

/** The answer: upheld or rejected, with reasons; an upheld complaint may state the decision it changed. */
export const complaintAnswerSchema = z
  .object({
    complaintId: z.uuid({ error: 'errors.required' }),
    outcome: z.enum(complaintOutcomes, { error: 'errors.required' }),
    reasons: requiredText(COMPLAINT_TEXT_MAX),
    changedDecision: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'rejected' && v.changedDecision) ctx.addIssue({ code: 'custom', path: ['changedDecision'], message: 'competition:complaint.errors.changedOnRejected' });
  });
export type ComplaintAnswerInput = z.infer<typeof complaintAnswerSchema>;

/** The competition's own complaint period, from the officer's form. */
export const complaintDaysSchema = z.object({
  days: z.coerce.number({ error: 'errors.invalid' }).int({ error: 'errors.invalid' }).min(1, { error: 'errors.invalid' }).max(MAX_COMPLAINT_DAYS, { error: 'errors.invalid' }),
});
