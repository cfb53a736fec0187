import { describe, expect, it } from 'vitest';
import type { AppError } from '../errors.ts';
import { applicationContentSchema, assertSubmittable, budgetProblems, budgetTotals, lotAvailability } from './content.ts';
import { competitionSchema } from './competition.ts';
import { DOCX_TYPE, sniffAttachment, XLSX_ATTACHMENT_TYPE, zipEntries } from '../sniff-attachment.ts';

const lot = { maxAmount: 1_000_000_00, minCofundingPct: 10, projectStart: '2027-01-01', projectEnd: '2027-12-31' };
const line = (requested: number, own = 0, other = 0) => ({ item: 'x', requested, own, other });

describe('lot over several lines', () => {
  it('sums the budgets and what other lots took', () => {
    expect(lotAvailability([{ budget: 2_000_000_00, allocated: 500_000_00 }, { budget: 1_000_000_00, allocated: 0 }])).toEqual({ lineBudget: 3_000_000_00, allocatedElsewhere: 500_000_00, available: 2_500_000_00 });
  });

  it('reads repeated lines, criteria overrides and requirement lists from the form; weights must sum to 100', () => {
    const base = { lineId: ['0b7b2f9e-8d6c-4f3a-9a51-1c2d3e4f5a6b', '1b7b2f9e-8d6c-4f3a-9a51-1c2d3e4f5a6b'], title: 'Лот', goal: 'Цель', lotBudget: '1 000 000', maxAmount: '200 000', opensAt: '2027-01-10T09:00', closesAt: '2027-02-10T18:00' };
    const ok = competitionSchema.parse({ ...base, eligibility: 'Зарегистрированная НКО\n\n  Опыт работы 2 года  ', minCofundingPct: '10', projectStart: '2027-03-01', projectEnd: '2027-12-31' });
    expect(ok.lineId).toHaveLength(2);
    expect(ok.eligibility).toEqual(['Зарегистрированная НКО', 'Опыт работы 2 года']);
    expect(ok.requiredDocuments).toEqual([]);
    expect(ok.minCofundingPct).toBe(10);
    expect(ok.criteria.map((c) => c.weight)).toEqual([30, 20, 20, 20, 10]);
    const bad = competitionSchema.safeParse({ ...base, weight_importance: '40' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe('competition:content.errors.weightsSum');
    const moved = competitionSchema.parse({ ...base, weight_importance: '40', weight_budget: '10' });
    expect(moved.criteria.find((c) => c.code === 'budget')!.weight).toBe(10);
    expect(competitionSchema.safeParse({ ...base, projectStart: '2027-05-01', projectEnd: '2027-04-01' }).error!.issues[0]!.message).toBe('competition:content.errors.periodOrder');
    expect(competitionSchema.safeParse({ ...base, minCofundingPct: '100' }).success).toBe(false);
  });
});

describe('application budget and co-funding', () => {
  it('totals requested and co-funding exactly, the share of the whole budget', () => {
    const t = budgetTotals([line(600_000_00, 50_000_00, 25_000_00), line(300_000_00, 25_000_00)]);
    expect(t).toEqual({ requested: 900_000_00, own: 75_000_00, other: 25_000_00, cofunding: 100_000_00, total: 1_000_000_00, cofundingPct: 10 });
  });

  it('accepts co-funding exactly at the minimum and refuses one tyiyn less, with the shares', () => {
    expect(budgetProblems([line(900_000_00, 100_000_00)], lot)).toEqual([]);
    const low = budgetProblems([line(900_000_00, 99_999_99)], lot);
    expect(low).toEqual([{ key: 'competition:content.errors.cofundingLow', params: { share: 9.99, min: 10, cofunding: 99_999_99, total: 999_999_99 } }]);
  });

  it('refuses a requested total over the maximum per project, with both amounts', () => {
    expect(budgetProblems([line(700_000_00, 100_000_00), line(400_000_00, 100_000_00)], lot)).toEqual([{ key: 'competition:content.errors.overMax', params: { max: 1_000_000_00, requested: 1_100_000_00 } }]);
    expect(budgetProblems([line(1_000_000_00)], { maxAmount: 1_000_000_00, minCofundingPct: 0 })).toEqual([]);
  });

  it('a submission needs activities inside the period, a budget and indicators', () => {
    const content = {
      activities: [{ name: 'Тренинг', startsOn: '2027-02-01', endsOn: '2027-03-01' }],
      budget: [line(900_000_00, 100_000_00)],
      indicators: [{ programIndicatorId: null, name: 'Дети', unit: 'чел.', baseline: 0, target: 30 }],
    };
    expect(() => assertSubmittable(content, lot)).not.toThrow();
    const key = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as AppError).messageKey;
      }
      return null;
    };
    expect(key(() => assertSubmittable({ ...content, activities: [] }, lot))).toBe('competition:content.errors.noActivities');
    expect(key(() => assertSubmittable({ ...content, budget: [] }, lot))).toBe('competition:content.errors.noBudget');
    expect(key(() => assertSubmittable({ ...content, indicators: [] }, lot))).toBe('competition:content.errors.noIndicators');
    expect(key(() => assertSubmittable({ ...content, activities: [{ name: 'Поздно', startsOn: '2027-12-01', endsOn: '2028-01-15' }] }, lot))).toBe('competition:content.errors.activityOutsidePeriod');
    expect(key(() => assertSubmittable({ ...content, budget: [line(900_000_00)] }, lot))).toBe('competition:content.errors.cofundingLow');
  });

  it('reads the content form: parallel fields into rows, blank rows dropped, errors by row', () => {
    const parsed = applicationContentSchema.parse({
      activityName: ['Набор детей', ''],
      activityStart: ['01.02.2027', ''],
      activityEnd: ['2027-02-28', ''],
      budgetItem: 'Аренда',
      budgetRequested: '120 000',
      budgetOwn: '12 000,50',
      budgetOther: '',
      indicatorCatalogue: ['', ''],
      indicatorName: ['Дети в реабилитации', ''],
      indicatorUnit: ['чел.', ''],
      indicatorBaseline: ['0', ''],
      indicatorTarget: ['30', ''],
    });
    expect(parsed.activities).toEqual([{ name: 'Набор детей', startsOn: '2027-02-01', endsOn: '2027-02-28' }]);
    expect(parsed.budget).toEqual([{ item: 'Аренда', requested: 120_000_00, own: 12_000_50, other: 0 }]);
    expect(parsed.indicators).toEqual([{ programIndicatorId: null, name: 'Дети в реабилитации', unit: 'чел.', baseline: 0, target: 30 }]);
    const bad = applicationContentSchema.safeParse({ activityName: ['A'], activityStart: ['2027-03-01'], activityEnd: ['2027-02-01'], budgetItem: ['B'], budgetRequested: ['abc'] });
    const paths = bad.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`);
    expect(paths).toContain('activities.0.endsOn:competition:content.errors.periodOrder');
    expect(paths).toContain('budget.0.requested:errors.invalid');
    expect(applicationContentSchema.safeParse({ activityName: Array(51).fill('x'), activityStart: Array(51).fill('2027-01-01'), activityEnd: Array(51).fill('2027-01-01') }).success).toBe(false);
  });
});

describe('attachment sniffing', () => {
  const zipWith = (names: string[]) => {
    // A stored (uncompressed, empty entries) zip written byte by byte: local headers, central directory, end record.
    const enc = new TextEncoder();
    const parts: number[] = [];
    const central: number[] = [];
    const le = (n: number, bytes: number) => Array.from({ length: bytes }, (_, i) => (n >>> (8 * i)) & 0xff);
    for (const name of names) {
      const nb = [...enc.encode(name)];
      const offset = parts.length;
      parts.push(...le(0x04034b50, 4), ...le(20, 2), 0, 0, 0, 0, 0, 0, 0, 0, ...le(0, 4), ...le(0, 4), ...le(0, 4), ...le(nb.length, 2), 0, 0, ...nb);
      central.push(...le(0x02014b50, 4), ...le(20, 2), ...le(20, 2), 0, 0, 0, 0, 0, 0, 0, 0, ...le(0, 4), ...le(0, 4), ...le(0, 4), ...le(nb.length, 2), 0, 0, 0, 0, 0, 0, 0, 0, ...le(0, 4), ...le(offset, 4), ...nb);
    }
    const cdOffset = parts.length;
    return new Uint8Array([...parts, ...central, ...le(0x06054b50, 4), 0, 0, 0, 0, ...le(names.length, 2), ...le(names.length, 2), ...le(central.length, 4), ...le(cdOffset, 4), 0, 0]);
  };

  it('tells DOCX from XLSX from a plain zip by the directory, PDF and images by their signatures', () => {
    expect(zipEntries(zipWith(['a.txt']))).toEqual([{ name: 'a.txt', size: 0 }]);
    expect(sniffAttachment(zipWith(['[Content_Types].xml', 'word/document.xml']))).toBe(DOCX_TYPE);
    expect(sniffAttachment(zipWith(['[Content_Types].xml', 'xl/workbook.xml']))).toBe(XLSX_ATTACHMENT_TYPE);
    expect(sniffAttachment(zipWith(['word/document.xml']))).toBeNull();
    expect(sniffAttachment(zipWith(['evil.exe']))).toBeNull();
    expect(sniffAttachment(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffAttachment(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('image/png');
    expect(sniffAttachment(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffAttachment(new TextEncoder().encode('MZ\x90\x00 not a document'))).toBeNull();
    // A truncated zip (directory cut off) is not a document.
    const cut = zipWith(['[Content_Types].xml', 'word/document.xml']);
    expect(sniffAttachment(cut.subarray(0, cut.length - 30))).toBeNull();
  });
});

describe('a lot held on several lines', () => {
  it('splits in proportion to the line budgets, summing exactly', async () => {
    const { allocateLot } = await import('./content.ts');
    const m = allocateLot(1_000_00, [{ id: 'a', budget: 1 }, { id: 'b', budget: 1 }, { id: 'c', budget: 1 }]);
    expect([...m.values()].reduce((s, v) => s + v, 0)).toBe(1_000_00);
    expect(m.get('a')).toBe(33_334);
    expect(Object.fromEntries(allocateLot(300, [{ id: 'a', budget: 2_000 }, { id: 'b', budget: 1_000 }]))).toEqual({ a: 200, b: 100 });
    expect(Object.fromEntries(allocateLot(300, [{ id: 'a', budget: 0 }, { id: 'b', budget: 0 }]))).toEqual({ a: 300, b: 0 });
  });
});
