import { describe, expect, it } from 'vitest';
import { can } from '../auth/can.ts';
import type { Actor, Role } from '../auth/roles.ts';
import { selectWinners, rankApplications } from './competition.ts';
import { assertSingleSeat, assertWinnersFit, isDisagreement, missingSheets, scoreCompetition, scoreSpread, scoresOnCommission } from './scoring.ts';

const actor = (userId: string, role: Role, organisationId: string): Actor => ({
  userId,
  memberships: [{ organisationId, organisationKind: role === 'ngo_staff' ? 'ngo' : 'ministry', role, adminUnitSoate: null }],
});
const chair = actor('u-chair', 'commission_member', 'ministry');
const secretary = actor('u-sec', 'commission_member', 'ministry');
const member = actor('u-member', 'commission_member', 'ministry');
const outsider = actor('u-out', 'commission_member', 'ministry');
const officer = actor('u-officer', 'program_officer', 'ministry');
const ngo = actor('u-ngo', 'ngo_staff', 'ngo-1');

// Two criteria: 60 % "importance" (max 10), 40 % "budget" (max 5).
const criteria = [
  { id: 'k1', weight: 60, maxPoints: 10, position: 1 },
  { id: 'k2', weight: 40, maxPoints: 5, position: 2 },
];

describe('commission roles', () => {
  it('the secretary does not score; chair and members do', () => {
    expect(scoresOnCommission('secretary')).toBe(false);
    expect(scoresOnCommission('chair')).toBe(true);
    expect(scoresOnCommission('member')).toBe(true);
  });
  it('one chair and one secretary per commission', () => {
    const seats = [{ userId: 'a', role: 'chair' as const }, { userId: 'b', role: 'secretary' as const }];
    expect(() => assertSingleSeat(seats, 'c', 'chair')).toThrow(/seatTaken/);
    expect(() => assertSingleSeat(seats, 'c', 'secretary')).toThrow(/seatTaken/);
    expect(() => assertSingleSeat(seats, 'a', 'chair')).not.toThrow();
    expect(() => assertSingleSeat(seats, 'c', 'member')).not.toThrow();
  });
});

describe('missing sheets before closing', () => {
  const apps = [{ id: 'A', organisationId: 'o1' }, { id: 'B', organisationId: 'o2' }];
  const seats = [
    { userId: 'chair', role: 'chair' as const, declared: true },
    { userId: 'sec', role: 'secretary' as const, declared: false },
    { userId: 'm1', role: 'member' as const, declared: true },
    { userId: 'm2', role: 'member' as const, declared: false },
  ];
  it('counts each scoring member\'s incomplete sheets, skips excluded applications and the secretary', () => {
    // m1 declared a conflict with o2: only A is m1's to score.
    const complete = new Set(['A|chair', 'A|m1']);
    expect(missingSheets(seats, apps, [{ userId: 'm1', organisationId: 'o2' }], complete)).toEqual([
      { userId: 'chair', undeclared: false, count: 1 },
      { userId: 'm2', undeclared: true, count: 0 },
    ]);
  });
  it('is empty when every non-excluded sheet is in', () => {
    const all = seats.map((s) => ({ ...s, declared: true }));
    const complete = new Set(['A|chair', 'B|chair', 'A|m1', 'A|m2', 'B|m2']);
    expect(missingSheets(all, apps, [{ userId: 'm1', organisationId: 'o2' }], complete)).toEqual([]);
    // Without the exclusion, m1 still owes B.
    expect(missingSheets(all, apps, [], complete)).toEqual([{ userId: 'm1', undeclared: false, count: 1 }]);
  });
});

describe('weighted scoring, ties, exclusions and disagreement', () => {
  const apps = [
    { id: 'A', requested: 600 },
    { id: 'B', requested: 500 },
    { id: 'C', requested: 300 },
  ];
  it('averages the members\' weighted totals; an excluded member simply has no sheet', () => {
    const scored = scoreCompetition(
      criteria,
      apps,
      [
        // A: 10/10 and 5/5 → 100; 5/10 and 5/5 → 30 + 40 = 70. Mean 85.
        { applicationId: 'A', userId: 'm1', points: { k1: 10, k2: 5 } },
        { applicationId: 'A', userId: 'm2', points: { k1: 5, k2: 5 } },
        // B: only m1 (m2 excluded by a conflict): 8/10, 4/5 → 48 + 32 = 80.
        { applicationId: 'B', userId: 'm1', points: { k1: 8, k2: 4 } },
        // C: 9/10, 0/5 → 54; 7/10, 5/5 → 82. Mean 68.
        { applicationId: 'C', userId: 'm1', points: { k1: 9, k2: 0 } },
        { applicationId: 'C', userId: 'm2', points: { k1: 7, k2: 5 } },
      ],
      { lotBudget: 1000, threshold: 20 },
    );
    expect(scored.map((s) => [s.applicationId, s.total, s.rank])).toEqual([
      ['A', 85, 1],
      ['B', 80, 2],
      ['C', 68, 3],
    ]);
    expect(scored.find((s) => s.applicationId === 'B')!.memberTotals).toEqual([{ userId: 'm1', total: 80 }]);
    // Spread: A 30 (> 20, flagged), B 0 (one reviewer), C 28 (flagged).
    expect(scored.map((s) => [s.applicationId, s.spread, s.disagreement])).toEqual([
      ['A', 30, true],
      ['B', 0, false],
      ['C', 28, true],
    ]);
  });
  it('flags only a spread strictly above the threshold', () => {
    expect(scoreSpread([50, 70])).toBe(20);
    expect(isDisagreement([50, 70], 20)).toBe(false);
    expect(isDisagreement([50, 70.5], 20)).toBe(true);
    expect(isDisagreement([90], 0)).toBe(false);
  });
  it('breaks ties by the first criterion, then the smaller request', () => {
    const scored = scoreCompetition(
      criteria,
      [{ id: 'X', requested: 400 }, { id: 'Y', requested: 300 }, { id: 'Z', requested: 200 }],
      [
        // All three total 64: X 8/10 + 2/5 (48 + 16); Y and Z 4/10 + 5/5 (24 + 40).
        { applicationId: 'X', userId: 'm', points: { k1: 8, k2: 2 } },
        { applicationId: 'Y', userId: 'm', points: { k1: 4, k2: 5 } },
        { applicationId: 'Z', userId: 'm', points: { k1: 4, k2: 5 } },
      ],
      { lotBudget: 10_000, threshold: 20 },
    );
    // X has more on the first criterion; Z asks less than Y.
    expect(scored.map((s) => [s.applicationId, s.total, s.rank])).toEqual([
      ['X', 64, 1],
      ['Z', 64, 2],
      ['Y', 64, 3],
    ]);
  });
  it('full ties share a rank', () => {
    const r = rankApplications([
      { applicationId: 'a', total: 50, firstCriterion: 5, requested: 100 },
      { applicationId: 'b', total: 50, firstCriterion: 5, requested: 100 },
      { applicationId: 'c', total: 40, firstCriterion: 5, requested: 100 },
    ]);
    expect(r.map((x) => x.rank)).toEqual([1, 1, 3]);
  });
});

describe('budget cut-off and overrides', () => {
  const ranked = rankApplications([
    { applicationId: 'a', total: 90, firstCriterion: 9, requested: 600 },
    { applicationId: 'b', total: 80, firstCriterion: 8, requested: 500 },
    { applicationId: 'c', total: 70, firstCriterion: 7, requested: 400 },
    { applicationId: 'd', total: 60, firstCriterion: 6, requested: 100 },
  ]);
  it('takes the top-ranked in order, skipping one that no longer fits and trying the next', () => {
    expect(selectWinners(ranked, 1000)).toEqual(['a', 'c']);
    expect(selectWinners(ranked, 1100)).toEqual(['a', 'b']);
    expect(selectWinners(ranked, 1200)).toEqual(['a', 'b', 'd']);
    expect(selectWinners(ranked, 500)).toEqual(['b']);
    expect(selectWinners(ranked, 450)).toEqual(['c']);
    expect(selectWinners(ranked, 50)).toEqual([]);
  });
  it('an override replaces the proposal and keeps its reason; the winners must still fit the lot', () => {
    const sheets = [
      { applicationId: 'A', userId: 'm', points: { k1: 10, k2: 5 } },
      { applicationId: 'B', userId: 'm', points: { k1: 8, k2: 4 } },
    ];
    const apps = [{ id: 'A', requested: 600 }, { id: 'B', requested: 500 }];
    const plain = scoreCompetition(criteria, apps, sheets, { lotBudget: 1000, threshold: 20 });
    expect(plain.map((s) => [s.applicationId, s.proposed, s.winner])).toEqual([['A', true, true], ['B', false, false]]);
    const overridden = scoreCompetition(criteria, apps, sheets, {
      lotBudget: 1000,
      threshold: 20,
      overrides: [
        { applicationId: 'A', winner: false, reason: 'Дублирует действующий проект' },
        { applicationId: 'B', winner: true, reason: 'Единственный в районе' },
      ],
    });
    expect(overridden.map((s) => [s.applicationId, s.proposed, s.winner, s.override?.reason])).toEqual([
      ['A', true, false, 'Дублирует действующий проект'],
      ['B', false, true, 'Единственный в районе'],
    ]);
    expect(() => assertWinnersFit(overridden, 1000)).not.toThrow();
    expect(() => assertWinnersFit(overridden.map((s) => ({ ...s, winner: true })), 1000)).toThrow(/overrideOverBudget/);
  });
});

describe('who may do what on the commission', () => {
  const members = [{ userId: 'u-chair', role: 'chair' }, { userId: 'u-sec', role: 'secretary' }, { userId: 'u-member', role: 'member' }];
  const open = { type: 'commission' as const, competitionId: 'c', customerId: 'ministry', status: 'evaluating', members, scoringClosed: false, signed: false };
  const closed = { ...open, scoringClosed: true };
  const signed = { ...closed, signed: true, status: 'awarded' };
  it('only the chair closes scoring, once, while evaluating', () => {
    expect(can(chair, 'approve', open)).toBe(true);
    for (const who of [secretary, member, outsider, officer, ngo, null]) expect(can(who, 'approve', open)).toBe(false);
    expect(can(chair, 'approve', closed)).toBe(false);
    expect(can(chair, 'approve', { ...open, status: 'closed' })).toBe(false);
  });
  it('only the chair overrides, after closing and before the signature', () => {
    expect(can(chair, 'update', closed)).toBe(true);
    expect(can(chair, 'update', open)).toBe(false);
    expect(can(chair, 'update', signed)).toBe(false);
    for (const who of [secretary, member, officer, ngo, null]) expect(can(who, 'update', closed)).toBe(false);
  });
  it('only the secretary records the protocol as signed, after closing', () => {
    expect(can(secretary, 'report', closed)).toBe(true);
    expect(can(secretary, 'report', open)).toBe(false);
    expect(can(secretary, 'report', signed)).toBe(false);
    for (const who of [chair, member, officer, ngo, null]) expect(can(who, 'report', closed)).toBe(false);
  });
  it('results: the commission after closing, the customer side after signing; never others', () => {
    for (const who of [chair, secretary, member]) {
      expect(can(who, 'view', open)).toBe(false);
      expect(can(who, 'view', closed)).toBe(true);
    }
    expect(can(officer, 'view', closed)).toBe(false);
    expect(can(officer, 'view', signed)).toBe(true);
    for (const who of [outsider, ngo, null]) expect(can(who, 'view', signed)).toBe(false);
  });
  it('the secretary checks eligibility and reads applications; the secretary does not score', () => {
    const app = { type: 'application' as const, id: 'a', organisationId: 'ngo-1', customerId: 'ministry', status: 'submitted', secretaryUserIds: ['u-sec'] };
    expect(can(secretary, 'review', app)).toBe(true);
    expect(can(secretary, 'view', app)).toBe(true);
    expect(can(secretary, 'view', { ...app, status: 'draft' })).toBe(false);
    for (const who of [chair, member, officer, ngo, null]) expect(can(who, 'review', app)).toBe(false);
    expect(can(chair, 'view', app)).toBe(false);
    const sheet = { type: 'score_sheet' as const, competitionId: 'c', status: 'evaluating', commissionUserIds: ['u-sec', 'u-member'], declared: true };
    expect(can(secretary, 'score', { ...sheet, role: 'secretary' })).toBe(false);
    expect(can(secretary, 'view', { ...sheet, role: 'secretary' })).toBe(false);
    expect(can(member, 'score', { ...sheet, role: 'member' })).toBe(true);
    expect(can(member, 'score', { ...sheet, role: 'member', scoringClosed: true })).toBe(false);
  });
});
