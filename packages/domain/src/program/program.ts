import { z } from 'zod';
import { optionalText, requiredText } from '../forms.ts';
import { parseDate, parseNumber } from '../i18n/format.ts';
import { parseSom } from '../money/money.ts';
import { isSoate } from '../territory/soate.ts';

/**
 * The State Social Order program: one model for the ministry's republican program and a
 * municipality's local one (the customer and the funding source differ, nothing else).
 */
export const programStatuses = ['draft', 'public_discussion', 'revision', 'approved', 'amended', 'closed'] as const;
export type ProgramStatus = (typeof programStatuses)[number];

export const fundingSources = ['republican', 'local'] as const;
export type FundingSource = (typeof fundingSources)[number];

export const commentStatuses = ['pending', 'published', 'rejected'] as const;
export type CommentStatus = (typeof commentStatuses)[number];

export const responseKinds = ['accepted', 'partly', 'rejected'] as const;
export type ResponseKind = (typeof responseKinds)[number];

/** Statuses in which lines and header may be edited. */
export const editableStatuses: readonly ProgramStatus[] = ['draft', 'revision'];

/** Statuses in which the program (its current approved version) is public. */
export const approvedStatuses: readonly ProgramStatus[] = ['approved', 'amended'];

export function isEditable(status: string): boolean {
  return (editableStatuses as readonly string[]).includes(status);
}

export type ProgramTransition = 'open_discussion' | 'close_discussion' | 'approve' | 'start_amendment' | 'reopen_discussion' | 'close';

/**
 * Which transitions a status allows. An amendment draft (version > 1) may be approved without a
 * new discussion round: the law requires discussion of the program, not of every correction.
 */
export function allowedTransitions(status: string, versionNo: number): ProgramTransition[] {
  switch (status) {
    case 'draft':
      return versionNo > 1 ? ['open_discussion', 'approve'] : ['open_discussion'];
    case 'public_discussion':
      return ['close_discussion'];
    case 'revision':
      return ['approve', 'reopen_discussion'];
    case 'approved':
    case 'amended':
      return ['start_amendment', 'close'];
    default:
      return [];
  }
}

/** The status a transition leads to; approval of a later version makes the program "amended". */
export function statusAfter(transition: ProgramTransition, versionNo: number): ProgramStatus {
  switch (transition) {
    case 'open_discussion':
    case 'reopen_discussion':
      return 'public_discussion';
    case 'close_discussion':
      return 'revision';
    case 'approve':
      return versionNo > 1 ? 'amended' : 'approved';
    case 'start_amendment':
      return 'draft';
    case 'close':
      return 'closed';
  }
}

/** True while the public may comment: in discussion and today within the window (inclusive). */
export function isDiscussionOpen(
  p: { status: string; discussion_start: string | null; discussion_end: string | null },
  today: string,
): boolean {
  if (p.status !== 'public_discussion' || !p.discussion_start || !p.discussion_end) return false;
  return today >= p.discussion_start && today <= p.discussion_end;
}

/** Today in Bishkek (UTC+6) as YYYY-MM-DD: a discussion window closes at local midnight. */
export function bishkekToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 6 * 3600_000).toISOString().slice(0, 10);
}

// ---- form schemas ---------------------------------------------------------------------------

const money = z
  .string({ error: 'errors.required' })
  .trim()
  .min(1, { error: 'errors.required' })
  .transform((v, ctx) => {
    const t = parseSom(v);
    if (t === null || t < 0) {
      ctx.addIssue({ code: 'custom', message: 'program:errors.money' });
      return z.NEVER;
    }
    return t;
  });

const date = z
  .string({ error: 'errors.required' })
  .trim()
  .min(1, { error: 'errors.required' })
  .transform((v, ctx) => {
    const d = parseDate(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: 'program:errors.date' });
      return z.NEVER;
    }
    return d;
  });

const year = z.coerce
  .number({ error: 'program:errors.year' })
  .int({ error: 'program:errors.year' })
  .min(2000, { error: 'program:errors.year' })
  .max(2100, { error: 'program:errors.year' });

/** A list field: a repeated form field, or one comma/space separated text. */
const codeList = (check: (c: string) => boolean, message: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => {
      const raw = Array.isArray(v) ? v : v ? [v] : [];
      return [...new Set(raw.flatMap((s) => s.split(/[\s,;]+/)).map((s) => s.trim()).filter(Boolean))];
    })
    .refine((list) => list.every(check), { message });

export const programHeaderSchema = z
  .object({
    customerId: z.string().uuid({ error: 'errors.required' }),
    title: requiredText(300),
    yearFrom: year,
    yearTo: year,
    fundingSource: z.enum(fundingSources, { error: 'errors.required' }),
    ceiling: money,
  })
  .refine((v) => v.yearTo >= v.yearFrom && v.yearTo - v.yearFrom <= 1, { path: ['yearTo'], message: 'program:errors.period' });
export type ProgramHeaderInput = z.infer<typeof programHeaderSchema>;

export const programLineSchema = z
  .object({
    lineNo: z.coerce.number({ error: 'errors.required' }).int({ error: 'errors.invalid' }).min(1, { error: 'errors.invalid' }).max(9999, { error: 'errors.invalid' }),
    priorityAreaCode: requiredText(20),
    serviceCode: requiredText(20),
    targetGroupCodes: codeList((c) => /^TG-\d+$/.test(c), 'errors.unknownCode').refine((l) => l.length > 0, { message: 'program:errors.targetGroupRequired' }),
    territorySoates: codeList(isSoate, 'errors.soate').refine((l) => l.length > 0, { message: 'program:errors.territoryRequired' }),
    plannedBeneficiaries: z
      .string()
      .trim()
      .transform((v, ctx) => {
        const n = v === '' ? 0 : parseNumber(v);
        if (n === null || !Number.isInteger(n) || n < 0) {
          ctx.addIssue({ code: 'custom', message: 'program:errors.wholeNumber' });
          return z.NEVER;
        }
        return n;
      }),
    budget: money,
    periodStart: date,
    periodEnd: date,
    expectedResults: optionalText(4000),
    indicatorIds: codeList((c) => c.length > 0, 'errors.invalid'),
  })
  .refine((v) => v.periodEnd >= v.periodStart, { path: ['periodEnd'], message: 'program:errors.periodOrder' });
export type ProgramLineInput = z.infer<typeof programLineSchema>;

export const programIndicatorSchema = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9._-]{1,20}$/, { error: 'program:errors.indicatorCode' }),
  name_ky: requiredText(300),
  name_ru: requiredText(300),
  name_en: requiredText(300),
  unit: requiredText(50),
  target: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const n = parseNumber(v);
      if (n === null || n < 0) {
        ctx.addIssue({ code: 'custom', message: 'program:errors.number' });
        return z.NEVER;
      }
      return n;
    }),
});
export type ProgramIndicatorInput = z.infer<typeof programIndicatorSchema>;

export const discussionWindowSchema = z
  .object({ discussionStart: date, discussionEnd: date })
  .refine((v) => v.discussionEnd >= v.discussionStart, { path: ['discussionEnd'], message: 'program:errors.periodOrder' });

export const approvalSchema = z.object({
  approvalDocNo: requiredText(100),
  approvalDate: date,
  approvingBody: requiredText(300),
});
export type ApprovalInput = z.infer<typeof approvalSchema>;

export const commentSchema = z.object({
  authorName: requiredText(200),
  authorOrg: optionalText(300),
  body: requiredText(4000),
  lineId: z
    .string()
    .optional()
    .transform((v) => (v ? v : null)),
  /** Honeypot: a field people never see; bots fill it. */
  website: z.string().max(300).optional(),
});
export type CommentInput = z.infer<typeof commentSchema>;

export const moderationSchema = z
  .object({
    commentId: z.string().uuid(),
    decision: z.enum(['published', 'rejected'], { error: 'errors.required' }),
    reason: optionalText(1000),
  })
  .refine((v) => v.decision !== 'rejected' || !!v.reason, { path: ['reason'], message: 'program:errors.reasonRequired' });

export const responseSchema = z.object({
  commentId: z.string().uuid(),
  responseKind: z.enum(responseKinds, { error: 'errors.required' }),
  responseText: requiredText(4000),
});
