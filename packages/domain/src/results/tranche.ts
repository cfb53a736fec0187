import { z } from 'zod';
import { parseDate } from '../i18n/format.ts';
import { parseNumber } from '../i18n/format.ts';
import { parseSom } from '../money/money.ts';
import type { Direction } from './achievement.ts';

export const trancheStatuses = ['released', 'ready', 'waiting'] as const;
export type TrancheStatus = (typeof trancheStatuses)[number];

/**
 * Whether approved results meet a tranche's condition: at least the threshold for an increase or
 * maintain indicator, at most the threshold for a decrease indicator. No approved value yet: not met.
 */
export function trancheConditionMet(direction: Direction, approvedToDate: number | null, threshold: number): boolean {
  if (approvedToDate == null) return false;
  return direction === 'decrease' ? approvedToDate <= threshold : approvedToDate >= threshold;
}

/** A tranche is released, ready (no condition, or its condition met by approved values), or waiting. */
export function trancheStatus(t: { releasedAt: unknown; hasCondition: boolean; conditionMet: boolean }): TrancheStatus {
  if (t.releasedAt) return 'released';
  return !t.hasCondition || t.conditionMet ? 'ready' : 'waiting';
}

export const trancheSchema = z
  .object({
    amount: z.string().max(40, { error: 'results:tranches.errors.amount' }).transform((v, ctx) => {
      const t = parseSom(v);
      if (t == null || t <= 0) {
        ctx.addIssue({ code: 'custom', message: 'results:tranches.errors.amount' });
        return z.NEVER;
      }
      return t;
    }),
    plannedDate: z.string().max(40, { error: 'results:tranches.errors.date' }).transform((v, ctx) => {
      const d = parseDate(v);
      if (!d) {
        ctx.addIssue({ code: 'custom', message: 'results:tranches.errors.date' });
        return z.NEVER;
      }
      return d;
    }),
    indicatorId: z.string().max(100).optional().transform((v) => v || null),
    threshold: z.string().max(40, { error: 'errors.tooLong' }).optional().transform((v, ctx) => {
      if (!v || !v.trim()) return null;
      const n = parseNumber(v);
      if (n == null) {
        ctx.addIssue({ code: 'custom', message: 'results:tranches.errors.threshold' });
        return z.NEVER;
      }
      return n;
    }),
    note: z.string().trim().max(1000, { error: 'errors.tooLong' }).optional().transform((v) => v || null),
  })
  .refine((v) => (v.indicatorId == null) === (v.threshold == null), { path: ['threshold'], error: 'results:tranches.errors.pair' });
export type TrancheInput = z.infer<typeof trancheSchema>;
