import { describe, expect, it } from 'vitest';
import { coFinancing, percentRounded } from './cofinancing.ts';
import { participationStats, voteCountProblem } from './participation.ts';
import { layoutCauseTree, wouldCreateCycle, wrapText } from './cause-tree.ts';
import { priorityToProgramLineDraft } from './program-line.ts';
import { stageMoveProblems } from './stages.ts';
import { parseSom } from '../money/money.ts';

const som = (s: string) => parseSom(s)!;

describe('co-financing', () => {
  it("Toktogul's plan: 1 450 000 own of 4 884 000 som is 29.7 %", () => {
    const c = coFinancing([{ own: som('1 450 000'), grant: som('3 434 000'), other: 0 }]);
    expect(c.total).toBe(som('4 884 000'));
    expect(percentRounded(c.own, c.total, 1)).toBe(29.7);
  });
  it('Besh-Koruk kindergarten: 1 000 000 grant plus 100 000 local is 9.1 % own contribution', () => {
    const c = coFinancing([{ own: som('100 000'), grant: som('1 000 000'), other: 0 }]);
    expect(c.total).toBe(som('1 100 000'));
    expect(percentRounded(c.own, c.total, 1)).toBe(9.1);
  });
  it("the 38 plans: almost 32 million own of over 129 million is about a quarter", () => {
    const c = coFinancing([{ own: som('31 000 000'), grant: som('98 000 000'), other: som('500 000') }]);
    expect(percentRounded(c.own, c.total)).toBe(24);
  });
  it('adds activities exactly in tyiyn and has no share for an empty plan', () => {
    const c = coFinancing([
      { own: som('0,10'), grant: som('0,20'), other: 0 },
      { own: som('0,20'), grant: 0, other: som('0,05') },
    ]);
    expect(c).toMatchObject({ own: 30, grant: 20, other: 5, total: 55 });
    expect(coFinancing([]).ownShare).toBeNull();
    expect(percentRounded(0, 0)).toBeNull();
  });
  it('rounds half up without float drift', () => {
    expect(percentRounded(1, 8)).toBe(13); // 12.5 → 13
    expect(percentRounded(1, 3, 2)).toBe(33.33);
  });
  it('refuses negative funding', () => {
    expect(() => coFinancing([{ own: -1, grant: 0, other: 0 }])).toThrow(RangeError);
  });
});

describe('participation statistics', () => {
  it('counts the share of women and of each village', () => {
    const s = participationStats([
      { villageSoate: 'A', women: 30, men: 20 },
      { villageSoate: 'B', women: 10, men: 40 },
      { villageSoate: 'A', women: 0, men: 0 },
    ]);
    expect(s.total).toBe(100);
    expect(s.womenShare).toBe(0.4);
    expect(s.byVillage).toEqual([
      { villageSoate: 'A', total: 50, women: 30, share: 0.5 },
      { villageSoate: 'B', total: 50, women: 10, share: 0.5 },
    ]);
  });
  it('has no share when nobody was counted', () => {
    expect(participationStats([]).womenShare).toBeNull();
  });
});

describe('stage workflow', () => {
  const facts = { focusGroups: 0, problems: 0, villageMeetings: 0, talliedMeetings: 0 };
  it('moves one step at a time', () => {
    expect(stageMoveProblems('planned', 'focus_groups', facts)).toEqual([]);
    expect(stageMoveProblems('planned', 'published', facts)).toEqual(['assessment:stage.errors.oneStep']);
  });
  it('needs focus groups before the gallery, problems before analysis and tallies before prioritising', () => {
    expect(stageMoveProblems('focus_groups', 'problem_gallery', facts)).toEqual(['assessment:stage.errors.needFocusGroups']);
    expect(stageMoveProblems('problem_gallery', 'analysis', facts)).toEqual(['assessment:stage.errors.needProblems']);
    expect(stageMoveProblems('meetings', 'prioritised', facts)).toEqual(['assessment:stage.errors.needTallies']);
    expect(stageMoveProblems('meetings', 'prioritised', { ...facts, talliedMeetings: 1 })).toEqual([]);
  });
  it('may always step back one stage (withdraw a publication)', () => {
    expect(stageMoveProblems('published', 'prioritised', facts)).toEqual([]);
  });
});

describe('cause tree', () => {
  const nodes = [
    { id: 'c1', parentId: null, kind: 'cause' as const, text: 'No building', sortOrder: 1 },
    { id: 'c2', parentId: 'c1', kind: 'cause' as const, text: 'School classrooms are empty after the move', sortOrder: 1 },
    { id: 'c3', parentId: 'c1', kind: 'cause' as const, text: 'No money for repairs', sortOrder: 2 },
    { id: 'e1', parentId: null, kind: 'effect' as const, text: 'Parents cannot work', sortOrder: 1 },
  ];
  it('puts causes below and effects above the problem, linked to their parents', () => {
    const layout = layoutCauseTree('No kindergarten in Besh-Koruk', nodes);
    const box = (id: string) => layout.boxes.find((b) => b.id === id)!;
    expect(box('c1').y).toBeGreaterThan(box('problem').y);
    expect(box('c2').y).toBeGreaterThan(box('c1').y);
    expect(box('e1').y).toBeLessThan(box('problem').y);
    expect(layout.links.map((l) => `${l.from}>${l.to}`).sort()).toEqual(['c1>c2', 'c1>c3', 'problem>c1', 'problem>e1']);
    for (const b of layout.boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(layout.width);
      expect(b.y + b.height).toBeLessThanOrEqual(layout.height);
    }
  });
  it('siblings do not overlap', () => {
    const layout = layoutCauseTree('P', nodes);
    const c2 = layout.boxes.find((b) => b.id === 'c2')!;
    const c3 = layout.boxes.find((b) => b.id === 'c3')!;
    expect(c2.x + c2.width).toBeLessThanOrEqual(c3.x);
  });
  it('wraps long words and text', () => {
    expect(wrapText('a'.repeat(30), 10)).toEqual(['aaaaaaaaaa', 'aaaaaaaaaa', 'aaaaaaaaaa']);
    expect(wrapText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
  });
  it('detects a loop before it is saved', () => {
    expect(wouldCreateCycle(nodes, 'c1', 'c2')).toBe(true);
    expect(wouldCreateCycle(nodes, 'c3', 'c2')).toBe(false);
  });
});

describe('priority → program line draft', () => {
  it('carries territory, target groups and the problem description', () => {
    const draft = priorityToProgramLineDraft({
      assessmentId: 'a1', year: 2026, municipalityId: 'm1', municipalitySoate: '41708217809000', problemId: 'p1', rank: 1,
      title: 'No kindergarten', description: 'Children of 3-6 years have no preschool.', categoryName: 'Preschool',
      villageSoates: ['41708217809020'], villageNames: ['Besh-Koruk'], raisedBy: ['FG-01', 'FG-03', 'FG-06'], votes: 59,
      rootCauses: ['No building'],
    }, 'en');
    expect(draft.adminUnitSoates).toEqual(['41708217809020']);
    expect(draft.targetGroupCodes).toEqual(['TG-10', 'TG-11']);
    expect(draft.problemDescription).toContain('No kindergarten (Besh-Koruk)');
    expect(draft.problemDescription).toContain('Causes: No building');
    expect(draft.customerId).toBe('m1');
    expect(draft.source).toEqual({ kind: 'needs_assessment', assessmentId: 'a1', problemId: 'p1', rank: 1 });
  });
  it('falls back to the whole municipality when no village is named', () => {
    const draft = priorityToProgramLineDraft({
      assessmentId: 'a1', year: 2026, municipalityId: 'm1', municipalitySoate: '41708217809000', problemId: 'p1', rank: 2,
      title: 'Water', description: null, categoryName: 'Water', villageSoates: [], villageNames: [], raisedBy: [], votes: 3, rootCauses: [],
    });
    expect(draft.adminUnitSoates).toEqual(['41708217809000']);
  });
});

describe('votes against attendance', () => {
  it('refuses more votes for a problem than people at the meeting, accepts up to all of them', () => {
    expect(voteCountProblem(1234, 65)).toBe('assessment:errors.votesOverAttendance');
    expect(voteCountProblem(65, 65)).toBeNull();
    expect(voteCountProblem(0, 0)).toBeNull();
  });
});
