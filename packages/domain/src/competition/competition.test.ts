import { describe, expect, it } from 'vitest';
import { can } from '../auth/can.ts';
import type { Actor, Role } from '../auth/roles.ts';
import {
  applicationCode,
  applicationCodePattern,
  assertCompetitionTransition,
  assertLotFits,
  assertPoints,
  assertWindowOpen,
  competitionSchema,
  competitionTransitions,
  defaultCriteria,
  isWindowOpen,
  namesOrganisation,
  rankApplications,
  selectWinners,
  weightedTotal,
} from './competition.ts';

const actor = (userId: string, role: Role, organisationId: string): Actor => ({
  userId,
  memberships: [{ organisationId, organisationKind: role === 'ngo_staff' ? 'ngo' : 'ministry', role, adminUnitSoate: null }],
});
const officer = actor('u-officer', 'program_officer', 'ministry');
const member = actor('u-member', 'commission_member', 'ministry');
const otherMember = actor('u-other', 'commission_member', 'ministry');
const ngo = actor('u-ngo', 'ngo_staff', 'ngo-1');
const ngo2 = actor('u-ngo2', 'ngo_staff', 'ngo-2');
const municipal = actor('u-mun', 'municipal_officer', 'mun-1');

describe('competition status machine', () => {
  it('follows planned → announced → accepting → closed → evaluating → awarded', () => {
    const path = ['planned', 'announced', 'accepting', 'closed', 'evaluating', 'awarded'];
    for (let i = 1; i < path.length; i++) expect(() => assertCompetitionTransition(path[i - 1]!, path[i]!)).not.toThrow();
    expect(() => assertCompetitionTransition('evaluating', 'unsuccessful')).not.toThrow();
  });
  it('refuses skipped steps and moves out of final statuses', () => {
    expect(() => assertCompetitionTransition('planned', 'accepting')).toThrow(/badTransition/);
    expect(() => assertCompetitionTransition('awarded', 'cancelled')).toThrow(/badTransition/);
    expect(() => assertCompetitionTransition('cancelled', 'planned')).toThrow(/badTransition/);
    expect(competitionTransitions.unsuccessful).toEqual([]);
  });
});

describe('lot budget', () => {
  it('refuses a lot the line cannot cover, with the amounts', () => {
    expect(() => assertLotFits(1_000_000_00, 400_000_00, 600_000_00)).not.toThrow();
    try {
      assertLotFits(1_000_000_00, 400_000_00, 700_000_00);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ messageKey: 'competition:errors.lotOverLine', params: { available: 600_000_00, lotBudget: 700_000_00, lineBudget: 1_000_000_00 } });
    }
  });
  it('validates the form: max per project within the lot, window in Bishkek time', () => {
    const base = { lineId: '00000000-0000-4000-8000-000000000001', title: 'Лот', goal: 'Цель', lotBudget: '1 000 000', maxAmount: '250000,50', opensAt: '2027-03-01T09:00', closesAt: '2027-03-31T18:00' };
    const ok = competitionSchema.parse(base);
    expect(ok.maxAmount).toBe(25_000_050);
    expect(ok.closesAt.toISOString()).toBe('2027-03-31T12:00:00.000Z');
    expect(competitionSchema.safeParse({ ...base, maxAmount: '2000000' }).success).toBe(false);
    expect(competitionSchema.safeParse({ ...base, closesAt: '2027-02-01T10:00' }).success).toBe(false);
    expect(competitionSchema.safeParse({ ...base, title: 'x'.repeat(301) }).success).toBe(false);
  });
});

describe('application window', () => {
  const c = { status: 'accepting', opens_at: '2027-03-01T03:00:00Z', closes_at: '2027-03-31T12:00:00Z' };
  it('is open between opening and the deadline, only while accepting', () => {
    expect(isWindowOpen(c, new Date('2027-03-31T11:59:59Z'))).toBe(true);
    expect(isWindowOpen(c, new Date('2027-03-31T12:00:00Z'))).toBe(false);
    expect(isWindowOpen(c, new Date('2027-02-28T12:00:00Z'))).toBe(false);
    expect(isWindowOpen({ ...c, status: 'closed' }, new Date('2027-03-10T12:00:00Z'))).toBe(false);
  });
  it('refuses a late submission naming the deadline', () => {
    expect(() => assertWindowOpen(c, new Date('2027-04-01T00:00:00Z'))).toThrow(expect.objectContaining({ messageKey: 'competition:errors.windowClosed', params: { closesAt: '2027-03-31T12:00:00.000Z' } }));
  });
});

describe('application codes and anonymity helpers', () => {
  it('makes codes like A-7K2Q from an unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) expect(applicationCode()).toMatch(applicationCodePattern);
    expect(applicationCode(() => 0)).toBe('A-2222');
    expect(applicationCode(() => 0.9999)).toBe('A-ZZZZ');
  });
  it('warns when the project text names the organisation', () => {
    expect(namesOrganisation('Проект ОО «Умут-Надежда» в Нарыне', ['Умут-Надежда'])).toBe(true);
    expect(namesOrganisation('Проект в Нарыне', ['Умут-Надежда'])).toBe(false);
  });
});

describe('scoring and ranking', () => {
  const criteria = defaultCriteria.map((c, i) => ({ id: c.code, weight: c.weight, maxPoints: c.maxPoints, position: i }));
  it('weights points by criterion: full marks are 100', () => {
    expect(weightedTotal(criteria, Object.fromEntries(criteria.map((c) => [c.id, 10])))).toBe(100);
    expect(weightedTotal(criteria, { importance: 10 })).toBe(30);
    expect(weightedTotal(criteria, { importance: 5, contribution: 10 })).toBe(25);
  });
  it('checks points are whole and within 0…max', () => {
    expect(() => assertPoints(10, 10)).not.toThrow();
    expect(() => assertPoints(11, 10)).toThrow(/points/);
    expect(() => assertPoints(-1, 10)).toThrow(/points/);
    expect(() => assertPoints(2.5, 10)).toThrow(/points/);
  });
  it('ranks by total, then the first criterion, then the smaller request; full ties share a rank', () => {
    const ranked = rankApplications([
      { applicationId: 'a', total: 80, firstCriterion: 7, requested: 500 },
      { applicationId: 'b', total: 80, firstCriterion: 9, requested: 900 },
      { applicationId: 'c', total: 90, firstCriterion: 5, requested: 900 },
      { applicationId: 'd', total: 80, firstCriterion: 7, requested: 400 },
      { applicationId: 'e', total: 80, firstCriterion: 7, requested: 400 },
    ]);
    expect(ranked.map((r) => [r.applicationId, r.rank])).toEqual([['c', 1], ['b', 2], ['d', 3], ['e', 3], ['a', 5]]);
  });
  it('awards the top-ranked that fit the lot budget', () => {
    const ranked = rankApplications([
      { applicationId: 'a', total: 90, firstCriterion: 9, requested: 600 },
      { applicationId: 'b', total: 80, firstCriterion: 9, requested: 600 },
      { applicationId: 'c', total: 70, firstCriterion: 9, requested: 400 },
      { applicationId: 'z', total: 0, firstCriterion: 0, requested: 1 },
    ]);
    expect(selectWinners(ranked, 1000)).toEqual(['a', 'c']);
  });
});

describe('who may do what', () => {
  const comp = { type: 'competition' as const, id: 'c', customerId: 'ministry', status: 'planned', commissionUserIds: ['u-member'] };
  it('the customer officer creates and runs a competition; the public reads it once announced', () => {
    expect(can(officer, 'create', comp)).toBe(true);
    expect(can(officer, 'manage', comp)).toBe(true);
    expect(can(municipal, 'manage', comp)).toBe(false);
    expect(can(null, 'view', comp)).toBe(false);
    expect(can(ngo, 'view', comp)).toBe(false);
    expect(can(null, 'view', { ...comp, status: 'announced' })).toBe(true);
    expect(can(ngo, 'report', { ...comp, status: 'accepting' })).toBe(true);
    expect(can(ngo, 'report', { ...comp, status: 'closed' })).toBe(false);
    expect(can(member, 'report', { ...comp, status: 'accepting' })).toBe(false);
  });
  it('an application is its NGO\'s; another NGO and the commission never read it', () => {
    const app = { type: 'application' as const, id: 'a', organisationId: 'ngo-1', customerId: 'ministry', status: 'submitted' };
    expect(can(ngo, 'view', app)).toBe(true);
    expect(can(ngo2, 'view', app)).toBe(false);
    expect(can(member, 'view', app)).toBe(false);
    expect(can(officer, 'view', app)).toBe(true);
    expect(can(officer, 'view', { ...app, status: 'draft' })).toBe(false);
    expect(can(ngo, 'update', app)).toBe(false);
    expect(can(ngo, 'update', { ...app, status: 'draft' })).toBe(true);
    expect(can(ngo, 'approve', app)).toBe(true);
    // Eligibility is the commission secretary's (issue #9), no longer the officer's.
    expect(can(officer, 'review', app)).toBe(false);
    expect(can(ngo, 'review', app)).toBe(false);
  });
  it('only members of the commission score, after declaring conflicts, while evaluating', () => {
    const sheet = { type: 'score_sheet' as const, competitionId: 'c', status: 'evaluating', commissionUserIds: ['u-member'], declared: true };
    expect(can(member, 'score', sheet)).toBe(true);
    expect(can(member, 'score', { ...sheet, declared: false })).toBe(false);
    expect(can(member, 'view', { ...sheet, declared: false })).toBe(true);
    expect(can(otherMember, 'view', sheet)).toBe(false);
    expect(can(officer, 'view', sheet)).toBe(false);
    expect(can(ngo, 'view', sheet)).toBe(false);
    expect(can(member, 'score', { ...sheet, status: 'awarded' })).toBe(false);
  });
});
