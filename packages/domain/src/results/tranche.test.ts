import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../forms.ts';
import { trancheConditionMet, trancheSchema, trancheStatus } from './tranche.ts';

describe('tranche conditions', () => {
  it('are met by approved values at or above the threshold, or at or below it for a decrease indicator', () => {
    expect(trancheConditionMet('increase', 120, 100)).toBe(true);
    expect(trancheConditionMet('increase', 99.5, 100)).toBe(false);
    expect(trancheConditionMet('decrease', 18, 20)).toBe(true);
    expect(trancheConditionMet('decrease', 25, 20)).toBe(false);
    expect(trancheConditionMet('increase', null, 0)).toBe(false);
  });
  it('give each tranche a status', () => {
    expect(trancheStatus({ releasedAt: new Date(), hasCondition: true, conditionMet: false })).toBe('released');
    expect(trancheStatus({ releasedAt: null, hasCondition: false, conditionMet: false })).toBe('ready');
    expect(trancheStatus({ releasedAt: null, hasCondition: true, conditionMet: false })).toBe('waiting');
  });
  it('read amounts and dates as people type them and need an indicator and a threshold together', () => {
    expect(trancheSchema.parse({ amount: '1 500 000,50', plannedDate: '01.07.2027', indicatorId: '', threshold: '' })).toMatchObject({
      amount: 150_000_050,
      plannedDate: '2027-07-01',
      indicatorId: null,
      threshold: null,
    });
    const r = trancheSchema.safeParse({ amount: '100', plannedDate: '01.07.2027', indicatorId: 'x', threshold: '' });
    expect(fieldErrors(r.error!)).toEqual({ threshold: 'results:tranches.errors.pair' });
    const bad = trancheSchema.safeParse({ amount: '-5', plannedDate: '31.02.2027' });
    expect(fieldErrors(bad.error!)).toMatchObject({ amount: 'results:tranches.errors.amount', plannedDate: 'results:tranches.errors.date' });
  });
});
