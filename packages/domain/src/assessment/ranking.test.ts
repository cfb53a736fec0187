import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePointsRule, placesInMeeting, rankProblems, type Tally } from './ranking.ts';

const problems = [
  { id: 'water', number: 1 },
  { id: 'kindergarten', number: 2 },
  { id: 'roads', number: 3 },
  { id: 'waste', number: 4 },
];
const t = (meetingId: string, problemId: string, votes: number): Tally => ({ meetingId, problemId, votes });

describe('rankProblems by votes', () => {
  it('adds up the village tallies and puts the most-voted problem first', () => {
    const tallies = [t('besh-koruk', 'kindergarten', 41), t('besh-koruk', 'water', 12), t('krupskoe', 'water', 20), t('krupskoe', 'kindergarten', 18)];
    const ranked = rankProblems(problems, tallies, { method: 'votes' });
    expect(ranked.map((r) => [r.problemId, r.score])).toEqual([
      ['kindergarten', 59],
      ['water', 32],
      ['roads', 0],
      ['waste', 0],
    ]);
    expect(ranked[0]!.rank).toBe(1);
    expect(ranked[0]!.firstPlaces).toBe(1);
  });

  it('breaks a tie on score by the number of villages that put the problem first', () => {
    // Equal totals (30 each); water is first in two villages, roads in one.
    const tallies = [t('a', 'water', 10), t('a', 'roads', 5), t('b', 'water', 10), t('b', 'roads', 5), t('c', 'roads', 20), t('c', 'water', 10)];
    const ranked = rankProblems(problems, tallies, { method: 'votes' });
    expect(ranked[0]!.problemId).toBe('water');
    expect(ranked[1]!.problemId).toBe('roads');
    expect(ranked[1]!.decidedBy).toBe('firstPlaces');
  });

  it('falls back to the gallery number when everything else is equal', () => {
    const ranked = rankProblems(problems, [t('a', 'waste', 5), t('a', 'roads', 5)], { method: 'votes' });
    expect(ranked.slice(0, 2).map((r) => r.problemId)).toEqual(['roads', 'waste']);
    expect(ranked[1]!.decidedBy).toBe('number');
  });

  it('refuses negative or fractional votes', () => {
    expect(() => rankProblems(problems, [t('a', 'water', -1)], { method: 'votes' })).toThrow(RangeError);
    expect(() => rankProblems(problems, [t('a', 'water', 1.5)], { method: 'votes' })).toThrow(RangeError);
  });

  it('ignores tallies for problems that are not in the gallery', () => {
    const ranked = rankProblems(problems, [t('a', 'ghost', 100), t('a', 'water', 1)], { method: 'votes' });
    expect(ranked).toHaveLength(4);
    expect(ranked[0]!.problemId).toBe('water');
  });
});

describe('rankProblems by a 3-2-1 points rule', () => {
  const rule = { method: 'points' as const, points: [3, 2, 1] };

  it('gives each village 3-2-1 points by its own order, so a big village cannot outvote the rest', () => {
    const tallies = [
      // A big village loves roads.
      t('big', 'roads', 200), t('big', 'water', 10), t('big', 'kindergarten', 5),
      // Two small villages put the kindergarten first and water second.
      t('s1', 'kindergarten', 20), t('s1', 'water', 10), t('s1', 'roads', 1),
      t('s2', 'kindergarten', 15), t('s2', 'water', 12),
    ];
    const byVotes = rankProblems(problems, tallies, { method: 'votes' });
    expect(byVotes[0]!.problemId).toBe('roads');
    const byPoints = rankProblems(problems, tallies, rule);
    // kindergarten 1+3+3 = 7, water 2+2+2 = 6, roads 3+0+1 = 4
    expect(byPoints.map((r) => [r.problemId, r.score])).toEqual([
      ['kindergarten', 7],
      ['water', 6],
      ['roads', 4],
      ['waste', 0],
    ]);
  });

  it('gives tied problems in a village the same, better place', () => {
    const places = placesInMeeting(new Map([['a', 10], ['b', 10], ['c', 5], ['d', 0]]));
    expect(Object.fromEntries(places)).toEqual({ a: 1, b: 1, c: 3 });
    const ranked = rankProblems(problems, [t('v', 'water', 10), t('v', 'roads', 10), t('v', 'waste', 5)], rule);
    expect(ranked.find((r) => r.problemId === 'water')!.score).toBe(3);
    expect(ranked.find((r) => r.problemId === 'roads')!.score).toBe(3);
    expect(ranked.find((r) => r.problemId === 'waste')!.score).toBe(1);
  });

  it('gives no points below the last place of the rule', () => {
    const ranked = rankProblems(problems, [t('v', 'water', 4), t('v', 'roads', 3), t('v', 'waste', 2), t('v', 'kindergarten', 1)], rule);
    expect(ranked.find((r) => r.problemId === 'kindergarten')!.score).toBe(0);
  });

  it('ranks are a permutation and scores never increase down the list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ m: fc.constantFrom('a', 'b', 'c'), p: fc.constantFrom('water', 'kindergarten', 'roads', 'waste'), v: fc.nat(50) }), { maxLength: 30 }),
        fc.boolean(),
        (rows, usePoints) => {
          const ranked = rankProblems(problems, rows.map((r) => t(r.m, r.p, r.v)), usePoints ? rule : { method: 'votes' });
          expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
          for (let i = 1; i < ranked.length; i++) expect(ranked[i]!.score).toBeLessThanOrEqual(ranked[i - 1]!.score);
        },
      ),
    );
  });
});

describe('parsePointsRule', () => {
  it('accepts what people write', () => {
    expect(parsePointsRule('3-2-1')).toEqual([3, 2, 1]);
    expect(parsePointsRule('5, 3, 1')).toEqual([5, 3, 1]);
    expect(parsePointsRule('3 3 1')).toEqual([3, 3, 1]);
  });
  it('refuses increasing, zero or non-numeric points', () => {
    expect(parsePointsRule('1-2-3')).toBeNull();
    expect(parsePointsRule('3-0')).toBeNull();
    expect(parsePointsRule('three')).toBeNull();
    expect(parsePointsRule('')).toBeNull();
  });
});
