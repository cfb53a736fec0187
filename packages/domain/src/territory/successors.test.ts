import { describe, expect, it } from 'vitest';
import { poolFacts, type ExplorerFact } from '../analytics/explorer.ts';
import { currentUnit, groupByUnit, predecessorsOf, rollUpUnit, successorMap, unitInMode } from './successors.ts';

// Kum-Dobo (closed 2024-12-31) merged into Kochkor aiyl aimak, as in the shipped reference data.
const KUM_DOBO = '41704235825000';
const KOCHKOR = '41704235816000';
const SARY_BULAK = '41704235830000';
const links = [{ soate: KUM_DOBO, successor: KOCHKOR }];

const fact = (unit: string, value: number, target: number, projectId: string): ExplorerFact & { projectId: string; unit: string } => ({
  type: 'number', direction: 'increase', value, numerator: null, denominator: null, target, projectId, unit,
});

describe('reform successor links', () => {
  it('follows chains to the unit that covers a closed one today, and stops on a cycle', () => {
    const map = successorMap([{ soate: 'a', successor: 'b' }, { soate: 'b', successor: 'c' }, { soate: 'x', successor: 'y' }, { soate: 'y', successor: 'x' }]);
    expect(currentUnit('a', map)).toBe('c');
    expect(currentUnit('b', map)).toBe('c');
    expect(currentUnit('c', map)).toBe('c');
    expect(['x', 'y']).toContain(currentUnit('x', map));
    expect(predecessorsOf('c', map)).toEqual(['a', 'b']);
  });

  it('counts a closed unit under its successor in the new units and under itself in the old', () => {
    const map = successorMap(links);
    expect(unitInMode(KUM_DOBO, 'new', map)).toBe(KOCHKOR);
    expect(unitInMode(KUM_DOBO, 'old', map)).toBe(KUM_DOBO);
    expect(unitInMode(SARY_BULAK, 'new', map)).toBe(SARY_BULAK);
  });

  it('rolls a code up to oblast, rayon and aiyl aimak, and not below its precision', () => {
    expect(rollUpUnit(KUM_DOBO, 1)).toBe('41704000000000');
    expect(rollUpUnit(KUM_DOBO, 2)).toBe('41704235000000');
    expect(rollUpUnit('41704235825010', 3)).toBe(KUM_DOBO);
    expect(rollUpUnit('41704235000000', 3)).toBeNull();
  });

  it('adds predecessors up under the successor with a pooled percentage, and splits them back in the old units', () => {
    const map = successorMap(links);
    // Kum-Dobo: 30 of 30 (100 %); Kochkor: 10 of 90 (11 %). Under the new Kochkor: 40 of 120 = 33.3 %, not 55.6 %.
    const facts = [fact(KUM_DOBO, 30, 30, 'p1'), fact(KOCHKOR, 10, 90, 'p2'), fact(SARY_BULAK, 5, 10, 'p3')];
    const byNew = groupByUnit(facts, (f) => f.unit, 3, 'new', map);
    expect([...byNew.keys()].sort()).toEqual([KOCHKOR, SARY_BULAK]);
    const kochkor = poolFacts(byNew.get(KOCHKOR)!);
    expect(kochkor.actual).toBe(40);
    expect(kochkor.target).toBe(120);
    expect(kochkor.achieved).toBeCloseTo(100 / 3, 10);
    expect(kochkor.projects).toBe(2);
    const byOld = groupByUnit(facts, (f) => f.unit, 3, 'old', map);
    expect([...byOld.keys()].sort()).toEqual([KOCHKOR, KUM_DOBO, SARY_BULAK]);
    expect(poolFacts(byOld.get(KUM_DOBO)!).achieved).toBe(100);
    // The rayon total is the same in both modes: the merger stayed inside Kochkor district.
    const rayonNew = poolFacts(groupByUnit(facts, (f) => f.unit, 2, 'new', map).get('41704235000000')!);
    const rayonOld = poolFacts(groupByUnit(facts, (f) => f.unit, 2, 'old', map).get('41704235000000')!);
    expect(rayonNew).toEqual(rayonOld);
    expect(rayonNew.achieved).toBeCloseTo((100 * 45) / 130, 10);
  });
});
