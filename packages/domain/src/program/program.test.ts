import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { can } from '../auth/can.ts';
import type { Actor } from '../auth/roles.ts';
import { diffVersions } from './diff.ts';
import {
  allowedTransitions,
  isDiscussionOpen,
  programLineSchema,
  statusAfter,
} from './program.ts';
import { budgetByOblast, checkCeiling, lineWarnings, programTotals, type LineData } from './totals.ts';

const line = (over: Partial<LineData> = {}): LineData => ({
  id: 'l1',
  lineNo: 1,
  priorityAreaCode: 'PA-02',
  serviceCode: 'SRV-01',
  targetGroupCodes: ['TG-01'],
  territorySoates: ['41704400000010'],
  plannedBeneficiaries: 40,
  budgetTyiyn: 240_000_000,
  periodStart: '2027-01-01',
  periodEnd: '2027-12-31',
  expectedResults: null,
  indicatorIds: ['i1'],
  ...over,
});

describe('program totals', () => {
  const lines = [
    line(),
    line({ id: 'l2', lineNo: 2, priorityAreaCode: 'PA-03', serviceCode: 'SRV-07', targetGroupCodes: ['TG-03'], territorySoates: ['41706226000000'], plannedBeneficiaries: 60, budgetTyiyn: 180_000_000 }),
    line({ id: 'l3', lineNo: 3, serviceCode: 'SRV-03', targetGroupCodes: ['TG-01', 'TG-16'], territorySoates: ['41704235816000', '41706255824000'], plannedBeneficiaries: 50, budgetTyiyn: 90_000_000 }),
  ];
  const totals = programTotals(lines);

  it('adds up budget and beneficiaries exactly', () => {
    expect(totals.budgetTyiyn).toBe(510_000_000);
    expect(totals.beneficiaries).toBe(150);
    expect(totals.lines).toBe(3);
  });

  it('groups by area and service', () => {
    expect(totals.byArea).toEqual([
      { key: 'PA-02', budgetTyiyn: 330_000_000, beneficiaries: 90, lines: 2 },
      { key: 'PA-03', budgetTyiyn: 180_000_000, beneficiaries: 60, lines: 1 },
    ]);
    expect(totals.byService.map((r) => r.key)).toEqual(['SRV-01', 'SRV-03', 'SRV-07']);
  });

  it('rolls territory up the SOATE hierarchy, counting a line once per unit', () => {
    const by = new Map(totals.byTerritory.map((r) => [r.key, r.budgetTyiyn]));
    expect(by.get('41700000000000')).toBe(510_000_000); // the country: every line once
    expect(by.get('41704000000000')).toBe(330_000_000); // Naryn oblast: lines 1 and 3
    expect(by.get('41706000000000')).toBe(270_000_000); // Osh oblast: lines 2 and 3
    expect(by.get('41704235000000')).toBe(90_000_000); // Kochkor rayon: line 3
  });

  it('counts a line in each of its target groups', () => {
    const by = new Map(totals.byTargetGroup.map((r) => [r.key, r.lines]));
    expect(by.get('TG-01')).toBe(2);
    expect(by.get('TG-16')).toBe(1);
  });

  it('charts budget by oblast', () => {
    const rows = budgetByOblast([...lines, line({ id: 'l4', territorySoates: ['41700000000000'], budgetTyiyn: 5 })]);
    expect(rows.map((r) => [r.key, r.budgetTyiyn])).toEqual([
      ['41700000000000', 5],
      ['41704000000000', 330_000_000],
      ['41706000000000', 270_000_000],
    ]);
  });

  it('country total equals the budget total for any lines (property)', () => {
    const arb = fc.array(
      fc.record({ budget: fc.integer({ min: 0, max: 10 ** 11 }), oblast: fc.constantFrom('02', '03', '04', '06', '08') }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const ls = rows.map((r, i) => line({ id: `x${i}`, lineNo: i + 1, budgetTyiyn: r.budget, territorySoates: [`417${r.oblast}000000000`] }));
        const t = programTotals(ls);
        const country = t.byTerritory.find((r) => r.key === '41700000000000')?.budgetTyiyn ?? 0;
        const areaSum = t.byArea.reduce((s, r) => s + r.budgetTyiyn, 0);
        return country === t.budgetTyiyn && areaSum === t.budgetTyiyn;
      }),
    );
  });
});

describe('ceiling check', () => {
  it('accepts a total equal to the ceiling and refuses one tyiyn more', () => {
    expect(checkCeiling([{ budgetTyiyn: 100 }, { budgetTyiyn: 50 }], 150)).toMatchObject({ ok: true, excessTyiyn: 0 });
    expect(checkCeiling([{ budgetTyiyn: 100 }, { budgetTyiyn: 51 }], 150)).toEqual({ ok: false, totalTyiyn: 151, ceilingTyiyn: 150, excessTyiyn: 1 });
  });
});

describe('warnings', () => {
  it('flags lines with no indicator and with zero beneficiaries', () => {
    const w = lineWarnings([line({ id: 'a', lineNo: 2, indicatorIds: [] }), line({ id: 'b', lineNo: 1, plannedBeneficiaries: 0 })]);
    expect(w).toEqual([
      { lineId: 'b', lineNo: 1, key: 'program:warnings.zeroBeneficiaries' },
      { lineId: 'a', lineNo: 2, key: 'program:warnings.noIndicator' },
    ]);
  });
});

describe('version diff', () => {
  it('shows added, removed and changed lines with budget deltas', () => {
    const v1 = [line(), line({ id: 'l2', lineNo: 2, budgetTyiyn: 1000 }), line({ id: 'l3', lineNo: 3 })];
    const v2 = [line(), line({ id: 'l2', lineNo: 2, budgetTyiyn: 1500, targetGroupCodes: ['TG-03'] }), line({ id: 'l4', lineNo: 4, budgetTyiyn: 700 })];
    const d = diffVersions(v1, v2);
    expect(d.added.map((l) => l.id)).toEqual(['l4']);
    expect(d.removed.map((l) => l.id)).toEqual(['l3']);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]!.fields).toEqual(['targetGroupCodes', 'budgetTyiyn']);
    expect(d.changed[0]!.budgetDeltaTyiyn).toBe(500);
    expect(d.unchanged).toBe(1);
    expect(d.budgetDeltaTyiyn).toBe(500 + 700 - 240_000_000);
  });

  it('ignores the order of list fields', () => {
    const d = diffVersions([line({ targetGroupCodes: ['TG-01', 'TG-02'] })], [line({ targetGroupCodes: ['TG-02', 'TG-01'] })]);
    expect(d.changed).toHaveLength(0);
    expect(d.unchanged).toBe(1);
  });
});

describe('status workflow', () => {
  it('follows draft → discussion → revision → approved → amendment → amended → closed', () => {
    expect(allowedTransitions('draft', 1)).toEqual(['open_discussion']);
    expect(statusAfter('open_discussion', 1)).toBe('public_discussion');
    expect(allowedTransitions('public_discussion', 1)).toEqual(['close_discussion']);
    expect(allowedTransitions('revision', 1)).toContain('approve');
    expect(statusAfter('approve', 1)).toBe('approved');
    expect(allowedTransitions('approved', 1)).toEqual(['start_amendment', 'close']);
    expect(allowedTransitions('draft', 2)).toContain('approve');
    expect(statusAfter('approve', 2)).toBe('amended');
    expect(allowedTransitions('closed', 2)).toEqual([]);
  });

  it('opens the discussion only within its window', () => {
    const p = { status: 'public_discussion', discussion_start: '2027-01-10', discussion_end: '2027-01-31' };
    expect(isDiscussionOpen(p, '2027-01-09')).toBe(false);
    expect(isDiscussionOpen(p, '2027-01-10')).toBe(true);
    expect(isDiscussionOpen(p, '2027-01-31')).toBe(true);
    expect(isDiscussionOpen(p, '2027-02-01')).toBe(false);
    expect(isDiscussionOpen({ ...p, status: 'revision' }, '2027-01-15')).toBe(false);
  });
});

describe('program permissions', () => {
  const officer: Actor = { userId: 'u1', memberships: [{ organisationId: 'ministry', organisationKind: 'ministry', role: 'program_officer', adminUnitSoate: null }] };
  const municipal: Actor = { userId: 'u2', memberships: [{ organisationId: 'mun-1', organisationKind: 'municipality', role: 'municipal_officer', adminUnitSoate: null }] };
  const ngo: Actor = { userId: 'u3', memberships: [{ organisationId: 'ngo-1', organisationKind: 'ngo', role: 'ngo_staff', adminUnitSoate: null }] };
  const draft = { type: 'program', id: 'p', customerId: 'ministry', status: 'draft' } as const;

  it('lets only officers of the customer edit', () => {
    expect(can(officer, 'update', draft)).toBe(true);
    expect(can(municipal, 'update', draft)).toBe(false);
    expect(can(ngo, 'update', draft)).toBe(false);
    expect(can(null, 'update', draft)).toBe(false);
    expect(can(municipal, 'update', { ...draft, customerId: 'mun-1' })).toBe(true);
    expect(can(officer, 'update', { ...draft, customerId: 'mun-1' })).toBe(false);
  });

  it('freezes an approved program', () => {
    expect(can(officer, 'update', { ...draft, status: 'approved' })).toBe(false);
    expect(can(officer, 'import', { ...draft, status: 'approved' })).toBe(false);
  });

  it('hides drafts from the public and NGOs', () => {
    expect(can(null, 'view', draft)).toBe(false);
    expect(can(ngo, 'view', draft)).toBe(false);
    expect(can(null, 'view', { ...draft, status: 'approved' })).toBe(true);
    expect(can(null, 'view', { ...draft, hasApprovedVersion: true })).toBe(true);
  });

  it('lets anyone comment only while the window is open', () => {
    const disc = { ...draft, status: 'public_discussion' };
    expect(can(null, 'comment', { ...disc, discussionOpen: true })).toBe(true);
    expect(can(null, 'comment', { ...disc, discussionOpen: false })).toBe(false);
    expect(can(null, 'comment', { ...draft, discussionOpen: true })).toBe(false);
  });
});

describe('line form', () => {
  it('accepts what people type', () => {
    const r = programLineSchema.safeParse({
      lineNo: '3',
      priorityAreaCode: 'PA-02',
      serviceCode: 'SRV-01',
      targetGroupCodes: 'TG-01, TG-16',
      territorySoates: ['41704400000010'],
      plannedBeneficiaries: '1 200',
      budget: '2 400 000,50',
      periodStart: '01.01.2027',
      periodEnd: '31.12.2027',
      expectedResults: '',
    });
    expect(r.success).toBe(true);
    if (r.success) {
      expect(r.data.budget).toBe(240_000_050);
      expect(r.data.plannedBeneficiaries).toBe(1200);
      expect(r.data.targetGroupCodes).toEqual(['TG-01', 'TG-16']);
      expect(r.data.periodStart).toBe('2027-01-01');
    }
  });

  it('refuses a period that ends before it starts and a bad territory code', () => {
    const r = programLineSchema.safeParse({
      lineNo: '1', priorityAreaCode: 'PA-02', serviceCode: 'SRV-01', targetGroupCodes: 'TG-01', territorySoates: '123',
      plannedBeneficiaries: '1', budget: '1', periodStart: '31.12.2027', periodEnd: '01.01.2027',
    });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => i.path.join('.'))).toContain('territorySoates');
  });
});
