import { describe, expect, it } from 'vitest';
import { assertComplaintWindowOpen, complaintAnswerSchema, complaintDeadline, complaintSchema, isComplaintWindowOpen } from './complaints.ts';

describe('complaint deadline (Asia/Bishkek calendar days)', () => {
  it('counts days after the day of publication and closes at 24:00 Bishkek of the last day', () => {
    // Published 10 March 2027, 15:00 Bishkek (09:00 UTC); 10 days → last day 20 March.
    const d = complaintDeadline(new Date('2027-03-10T09:00:00Z'), 10);
    expect(d.lastDay).toBe('2027-03-20');
    expect(d.closesAt.toISOString()).toBe('2027-03-20T18:00:00.000Z'); // 21 March 00:00 Bishkek
  });

  it('takes the Bishkek date, not the UTC one, of a publication just after midnight Bishkek', () => {
    // 00:30 Bishkek on 1 April is still 31 March in UTC: the window counts from 1 April.
    const d = complaintDeadline(new Date('2027-03-31T18:30:00Z'), 1);
    expect(d.lastDay).toBe('2027-04-02');
    expect(d.closesAt.toISOString()).toBe('2027-04-02T18:00:00.000Z');
  });

  it('crosses month and year ends', () => {
    expect(complaintDeadline(new Date('2027-12-28T05:00:00Z'), 10).lastDay).toBe('2028-01-07');
    expect(complaintDeadline(new Date('2028-02-25T05:00:00Z'), 5).lastDay).toBe('2028-03-01'); // 2028 is a leap year
  });

  it('is open until the last second of the last day and refused from the next instant', () => {
    const at = new Date('2027-03-10T09:00:00Z');
    expect(isComplaintWindowOpen(at, 10, new Date('2027-03-20T17:59:59Z'))).toBe(true);
    expect(isComplaintWindowOpen(at, 10, new Date('2027-03-20T18:00:00Z'))).toBe(false);
    expect(isComplaintWindowOpen(null, 10, new Date('2027-03-11T00:00:00Z'))).toBe(false);
    expect(() => assertComplaintWindowOpen(at, 10, new Date('2027-03-21T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'INVALID', messageKey: 'competition:complaint.errors.closed', params: { lastDay: '2027-03-20' } }),
    );
    expect(() => assertComplaintWindowOpen(null, 10, new Date())).toThrow(expect.objectContaining({ messageKey: 'competition:complaint.errors.notPublished' }));
  });

  it('refuses a period outside 1…60 days', () => {
    expect(() => complaintDeadline(new Date(), 0)).toThrow();
    expect(() => complaintDeadline(new Date(), 61)).toThrow();
    expect(() => complaintDeadline(new Date(), 2.5)).toThrow();
  });
});

describe('complaint and answer forms', () => {
  const id = '0b9a5a0e-4c3e-4a4b-9d59-1d1b7c6a2f10';
  it('limits the complaint text', () => {
    expect(complaintSchema.safeParse({ applicationId: id, text: 'Слишком коротко' }).success).toBe(false);
    expect(complaintSchema.safeParse({ applicationId: id, text: 'x'.repeat(4001) }).success).toBe(false);
    expect(complaintSchema.safeParse({ applicationId: id, text: 'Оценка критерия «бюджет» не учла софинансирование 20 %.' }).success).toBe(true);
  });
  it('needs reasons, and a changed decision only when upheld', () => {
    expect(complaintAnswerSchema.safeParse({ complaintId: id, outcome: 'upheld', reasons: '' }).success).toBe(false);
    expect(complaintAnswerSchema.safeParse({ complaintId: id, outcome: 'maybe', reasons: 'x' }).success).toBe(false);
    expect(complaintAnswerSchema.safeParse({ complaintId: id, outcome: 'rejected', reasons: 'Баллы выставлены по методике.', changedDecision: 'x' }).success).toBe(false);
    const ok = complaintAnswerSchema.parse({ complaintId: id, outcome: 'upheld', reasons: 'Ошибка в подсчёте.', changedDecision: 'Итоговый балл A-4MHR исправлен' });
    expect(ok.changedDecision).toBe('Итоговый балл A-4MHR исправлен');
  });
});
