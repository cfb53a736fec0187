import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { achievementStatus, disaggregationCategorySchema, fieldErrors, resultsSettingsSchema } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { listAuditLog } from './audit.ts';
import { getResultsSettings, listDisaggregationCategories, saveDisaggregationCategory, saveResultsSettings } from './results-projects.ts';

describe('monitoring settings form', () => {
  it('refuses an at-risk threshold at or above on-track, and a missing reason', () => {
    const order = resultsSettingsSchema.safeParse({ onTrack: '80', atRisk: '85', dueDays: '15', reason: 'x' });
    expect(fieldErrors(order.error!)).toEqual({ atRisk: 'results:settings.errors.order' });
    const reason = resultsSettingsSchema.safeParse({ onTrack: '90', atRisk: '70', dueDays: '15', reason: ' ' });
    expect(fieldErrors(reason.error!)).toEqual({ reason: 'errors.required' });
    expect(resultsSettingsSchema.safeParse({ onTrack: '95', atRisk: '60', dueDays: '200', reason: 'x' }).success).toBe(false);
  });
});

describe.each(testEngines)('monitoring settings on %s', (engine) => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await createTestDatabase(engine);
  });
  afterAll(() => h?.close());

  it('changes the thresholds that decide a status, and audits who and why', async () => {
    expect(await getResultsSettings(h.db)).toEqual({ onTrack: 90, atRisk: 70, dueDays: 15 });
    const admin = await h.db.insertInto('app_user').values({ email: 'a@kamkor.kg', full_name: 'A' }).returning('id').executeTakeFirstOrThrow();
    await h.db.transaction().execute((trx) => saveResultsSettings(trx, admin.id, { onTrack: 95, atRisk: 60, dueDays: 20, reason: 'Council decision 3/2027' }));
    const s = await getResultsSettings(h.db);
    expect(s).toEqual({ onTrack: 95, atRisk: 60, dueDays: 20 });
    expect(achievementStatus(92, s)).toBe('at_risk');
    expect(achievementStatus(55, s)).toBe('off_track');
    const log = await listAuditLog(h.db, { entity: 'results_setting' });
    expect(log[0]).toMatchObject({ reason: 'Council decision 3/2027', after: { onTrack: 95, atRisk: 60, dueDays: 20 } });
  });

  it('lets an admin add and deactivate a disaggregation category; forms use only active ones', async () => {
    const admin = await h.db.insertInto('app_user').values({ email: 'b@kamkor.kg', full_name: 'B' }).returning('id').executeTakeFirstOrThrow();
    const input = disaggregationCategorySchema.parse({ dimension: 'age_group', code: '80+', name_ky: '80 жаштан жогору', name_ru: '80 лет и старше', name_en: '80 and over', sort_order: '9', is_active: 'on' });
    await h.db.transaction().execute((trx) => saveDisaggregationCategory(trx, admin.id, input));
    expect((await listDisaggregationCategories(h.db)).age_group!.map((c) => c.code)).toContain('80+');
    await h.db.transaction().execute((trx) => saveDisaggregationCategory(trx, admin.id, { ...input, is_active: false }));
    expect((await listDisaggregationCategories(h.db)).age_group!.map((c) => c.code)).not.toContain('80+');
    expect((await listAuditLog(h.db, { entity: 'disaggregation_category' })).map((r) => r.action)).toEqual(['update', 'create']);
    const bad = disaggregationCategorySchema.safeParse({ dimension: 'territory', code: 'A B', name_ky: 'x', name_ru: 'x', name_en: 'x' });
    expect(fieldErrors(bad.error!)).toMatchObject({ dimension: 'errors.required', code: 'results:disaggregations.errors.code' });
  });
});
