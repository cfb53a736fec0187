import { z } from 'zod';

const percent = z.coerce
  .number({ error: 'results:settings.errors.percent' })
  .min(0, { error: 'results:settings.errors.percent' })
  .max(1000, { error: 'results:settings.errors.percent' });

/** The admin's M&E settings: achievement thresholds (% of target) and days after a period a report is due. */
export const resultsSettingsSchema = z
  .object({
    onTrack: percent,
    atRisk: percent,
    dueDays: z.coerce
      .number({ error: 'results:settings.errors.dueDays' })
      .int({ error: 'results:settings.errors.dueDays' })
      .min(0, { error: 'results:settings.errors.dueDays' })
      .max(120, { error: 'results:settings.errors.dueDays' }),
    reason: z.string().trim().min(1, { error: 'errors.required' }).max(1000, { error: 'errors.tooLong' }),
  })
  .refine((v) => v.atRisk < v.onTrack, { path: ['atRisk'], error: 'results:settings.errors.order' });
export type ResultsSettingsInput = z.infer<typeof resultsSettingsSchema>;
