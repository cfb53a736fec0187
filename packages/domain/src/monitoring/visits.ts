import { z } from 'zod';
import { parseDate } from '../i18n/format.ts';
import { optionalText, requiredText } from '../forms.ts';

/** A plan entry is `planned`; recording it makes it a `draft`; finalising freezes it and shows it to the contractor. */
export const visitStatuses = ['planned', 'draft', 'final'] as const;
export type VisitStatus = (typeof visitStatuses)[number];
export const visitKinds = ['scheduled', 'unscheduled'] as const;
export type VisitKind = (typeof visitKinds)[number];
export const checklistAnswers = ['yes', 'no', 'na'] as const;
export type ChecklistAnswer = (typeof checklistAnswers)[number];

/** One item of a checklist template version; `key` is stable across versions so answers stay comparable. */
export interface ChecklistItem {
  key: string;
  ky: string;
  ru: string;
  en: string;
}

/** Most items one checklist template version may have. */
export const CHECKLIST_LIMITS = { items: 30 } as const;

/** A new checklist template version as an admin types it: stable keys, a label in each language. */
export const checklistSchema = z
  .array(
    z.object({
      key: z.string().trim().min(1, { error: 'errors.required' }).max(40, { error: 'errors.tooLong' }).regex(/^[a-z_][a-z0-9_]*$/, { error: 'monitoring:builder.errors.name' }),
      ky: z.string().trim().min(1, { error: 'errors.required' }).max(200, { error: 'errors.tooLong' }),
      ru: z.string().trim().min(1, { error: 'errors.required' }).max(200, { error: 'errors.tooLong' }),
      en: z.string().trim().min(1, { error: 'errors.required' }).max(200, { error: 'errors.tooLong' }),
    }),
  )
  .min(1, { error: 'errors.required' })
  .max(CHECKLIST_LIMITS.items, { error: 'errors.tooLong' })
  .refine((list) => new Set(list.map((c) => c.key)).size === list.length, { error: 'monitoring:builder.errors.duplicate' });

/** The checklist of the first template version (also inserted by the migration). */
export const defaultChecklist: ChecklistItem[] = [
  { key: 'services_as_contracted', ky: 'Кызматтар келишимге ылайык көрсөтүлөт', ru: 'Услуги оказываются в соответствии с договором', en: 'Services delivered as contracted' },
  { key: 'beneficiary_register', ky: 'Кызмат алуучулардын реестри жүргүзүлөт', ru: 'Реестр получателей услуг ведётся', en: 'Beneficiary register kept' },
  { key: 'premises_accessible', ky: 'Имарат жеткиликтүү', ru: 'Помещение доступно', en: 'Premises accessible' },
];

const dateField = (message: string) =>
  z.string({ error: 'errors.required' }).max(40, { error: 'errors.tooLong' }).transform((v, ctx) => {
    const d = parseDate(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return d;
  });

const programYear = z
  .string({ error: 'errors.required' })
  .max(4, { error: 'errors.tooLong' })
  .transform((v, ctx) => {
    const n = Number(v);
    if (!/^\d{4}$/.test(v) || n < 2000 || n > 2100) {
      ctx.addIssue({ code: 'custom', message: 'monitoring:errors.year' });
      return z.NEVER;
    }
    return n;
  });

/** A monitoring plan entry: which project is visited when, by whom, scheduled or not. */
export const planVisitSchema = z.object({
  programYear,
  plannedDate: dateField('monitoring:errors.date'),
  kind: z.enum(visitKinds, { error: 'errors.required' }),
  officerId: z.string({ error: 'errors.required' }).max(40, { error: 'errors.tooLong' }).min(1, { error: 'errors.required' }),
});
export type PlanVisitInput = z.infer<typeof planVisitSchema>;

/** The record of a visit, without its checklist answers (see parseChecklistAnswers). */
export const visitRecordSchema = z.object({
  visitDate: dateField('monitoring:errors.date'),
  participants: requiredText(2000),
  summary: optionalText(4000),
});
export type VisitRecordInput = z.infer<typeof visitRecordSchema>;

/**
 * Reads the checklist answers of a form (`item.<key>` = yes/no/na) against the template's items: every
 * item must be answered when finalising; unknown keys are ignored; a note per item (`note.<key>`) is kept.
 */
export function parseChecklistAnswers(
  items: ChecklistItem[],
  raw: Record<string, unknown>,
  opts: { complete: boolean },
): { ok: true; answers: Record<string, { answer: ChecklistAnswer | null; note: string | null }> } | { ok: false; errors: Record<string, string> } {
  const answers: Record<string, { answer: ChecklistAnswer | null; note: string | null }> = {};
  const errors: Record<string, string> = {};
  for (const item of items) {
    const a = raw[`item.${item.key}`];
    const n = raw[`note.${item.key}`];
    const answer = typeof a === 'string' && (checklistAnswers as readonly string[]).includes(a) ? (a as ChecklistAnswer) : null;
    if (typeof a === 'string' && a !== '' && !answer) errors[`item.${item.key}`] = 'errors.invalid';
    else if (!answer && opts.complete) errors[`item.${item.key}`] = 'monitoring:errors.answerAll';
    const note = typeof n === 'string' ? n.trim() : '';
    if (note.length > 1000) errors[`note.${item.key}`] = 'errors.tooLong';
    answers[item.key] = { answer, note: note || null };
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answers };
}

/** Which transitions a visit allows: a planned visit is recorded (draft), a draft finalised; final is frozen. */
export function canTransitionVisit(from: VisitStatus, to: VisitStatus): boolean {
  return (from === 'planned' && to === 'draft') || (from === 'draft' && to === 'draft') || (from === 'draft' && to === 'final') || (from === 'planned' && to === 'final');
}
