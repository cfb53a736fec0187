import { describe, expect, it } from 'vitest';
import { can } from '../auth/can.ts';
import type { Actor, Role } from '../auth/roles.ts';
import { CHECKLIST_LIMITS, canMoveFollowUp, canTransitionVisit, checklistSchema, decisionSchema, defaultChecklist, isOverdue, parseChecklistAnswers, planVisitSchema, recommendationSchema, visitRecordSchema } from './index.ts';

describe('monitoring visit forms', () => {
  it('parses a plan entry with a typed date', () => {
    expect(planVisitSchema.parse({ programYear: '2026', plannedDate: '15.05.2026', kind: 'scheduled', officerId: 'u1' })).toEqual({
      programYear: 2026,
      plannedDate: '2026-05-15',
      kind: 'scheduled',
      officerId: 'u1',
    });
    const bad = planVisitSchema.safeParse({ programYear: '26', plannedDate: '31.02.2026', kind: 'other', officerId: '' });
    expect(bad.success).toBe(false);
  });
  it('limits text lengths on the record', () => {
    expect(visitRecordSchema.safeParse({ visitDate: '2026-05-15', participants: 'x'.repeat(2001) }).success).toBe(false);
    expect(visitRecordSchema.parse({ visitDate: '2026-05-15', participants: 'A, B', summary: '' })).toMatchObject({ summary: null });
  });
  it('requires every checklist item when finalising, not while drafting', () => {
    const partial = { 'item.services_as_contracted': 'yes', 'note.services_as_contracted': ' ok ' };
    const draft = parseChecklistAnswers(defaultChecklist, partial, { complete: false });
    expect(draft).toMatchObject({ ok: true, answers: { services_as_contracted: { answer: 'yes', note: 'ok' }, premises_accessible: { answer: null } } });
    const final = parseChecklistAnswers(defaultChecklist, partial, { complete: true });
    expect(final).toMatchObject({ ok: false, errors: { 'item.beneficiary_register': 'monitoring:errors.answerAll' } });
    expect(parseChecklistAnswers(defaultChecklist, { 'item.premises_accessible': 'maybe' }, { complete: false })).toMatchObject({ ok: false });
  });
  it('has the default checklist in three languages', () => {
    for (const item of defaultChecklist) for (const l of ['ky', 'ru', 'en'] as const) expect(item[l].length).toBeGreaterThan(3);
  });
  it('allows only forward visit transitions', () => {
    expect(canTransitionVisit('planned', 'draft')).toBe(true);
    expect(canTransitionVisit('draft', 'final')).toBe(true);
    expect(canTransitionVisit('final', 'draft')).toBe(false);
    expect(canTransitionVisit('final', 'final')).toBe(false);
  });
});

describe('recommendations', () => {
  it('requires a reason to reject', () => {
    expect(decisionSchema.safeParse({ decision: 'rejected', reason: '' }).success).toBe(false);
    expect(decisionSchema.parse({ decision: 'accepted', reason: '' })).toEqual({ decision: 'accepted', reason: null });
  });
  it('parses a recommendation', () => {
    expect(recommendationSchema.parse({ finding: 'f', recommendation: 'r', responsibleOrgId: 'o', dueDate: '01.06.2026' }).dueDate).toBe('2026-06-01');
    expect(recommendationSchema.safeParse({ finding: '', recommendation: 'r', responsibleOrgId: 'o', dueDate: 'x' }).success).toBe(false);
  });
  it('moves follow-up forward only, on accepted recommendations', () => {
    expect(canMoveFollowUp('accepted', 'open', 'in_progress')).toBe(true);
    expect(canMoveFollowUp('accepted', 'done', 'open')).toBe(false);
    expect(canMoveFollowUp(null, 'open', 'done')).toBe(false);
    expect(canMoveFollowUp('rejected', 'open', 'done')).toBe(false);
  });
  it('computes overdue', () => {
    expect(isOverdue({ status: 'open', decision: 'accepted', dueDate: '2026-01-01' }, '2026-02-01')).toBe(true);
    expect(isOverdue({ status: 'done', decision: 'accepted', dueDate: '2026-01-01' }, '2026-02-01')).toBe(false);
    expect(isOverdue({ status: 'open', decision: 'rejected', dueDate: '2026-01-01' }, '2026-02-01')).toBe(false);
    expect(isOverdue({ status: 'open', decision: null, dueDate: '2026-03-01' }, '2026-02-01')).toBe(false);
  });
});

describe('the visit checklist template an admin saves', () => {
  const item = (key: string) => ({ key, ky: 'Пункт', ru: 'Пункт', en: 'Item' });
  it('takes items with stable keys and a label in each language', () => {
    expect(checklistSchema.safeParse([item('services_as_contracted'), item('register_kept')]).success).toBe(true);
  });
  it('refuses an empty list, a duplicate or malformed key, a missing label and too many items', () => {
    expect(checklistSchema.safeParse([]).success).toBe(false);
    expect(checklistSchema.safeParse([item('a'), item('a')]).success).toBe(false);
    expect(checklistSchema.safeParse([item('Bad key')]).success).toBe(false);
    expect(checklistSchema.safeParse([{ ...item('a'), ky: ' ' }]).success).toBe(false);
    expect(checklistSchema.safeParse(Array.from({ length: CHECKLIST_LIMITS.items + 1 }, (_, i) => item(`k${i}`))).success).toBe(false);
  });
  it('lets monitoring officers read it and only admins change it', () => {
    const actor = (role: Role): Actor => ({ userId: 'u', memberships: [{ role, organisationId: 'o', organisationKind: role === 'ngo_staff' ? 'ngo' : 'ministry', adminUnitSoate: null }] }) as Actor;
    expect(can(actor('territorial_officer'), 'view', { type: 'checklist_template' })).toBe(true);
    expect(can(actor('territorial_officer'), 'manage', { type: 'checklist_template' })).toBe(false);
    expect(can(actor('program_officer'), 'manage', { type: 'checklist_template' })).toBe(false);
    expect(can(actor('ngo_staff'), 'view', { type: 'checklist_template' })).toBe(false);
    expect(can(null, 'view', { type: 'checklist_template' })).toBe(false);
    expect(can(actor('admin'), 'manage', { type: 'checklist_template' })).toBe(true);
  });
});

describe('ministry decisions', () => {
  it('requires kind, basis and a valid decision date, and keeps the follow-up after it', async () => {
    const { ministryDecisionSchema, isDecisionOverdue } = await import('./index.ts');
    expect(ministryDecisionSchema.parse({ kind: 'adjust', basis: ' b ', decidedOn: '01.07.2026', followUpDue: '30.09.2026', visitId: '', recommendationId: '' })).toEqual({
      kind: 'adjust',
      basis: 'b',
      decidedOn: '2026-07-01',
      followUpDue: '2026-09-30',
      visitId: null,
      recommendationId: null,
    });
    const bad = ministryDecisionSchema.safeParse({ kind: 'x', basis: '', decidedOn: '31.02.2026', followUpDue: '' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['basis', 'decidedOn', 'kind']);
    expect(ministryDecisionSchema.safeParse({ kind: 'continue', basis: 'b', decidedOn: '01.07.2026', followUpDue: '01.06.2026' }).error?.issues[0]?.path).toEqual(['followUpDue']);
    expect(ministryDecisionSchema.safeParse({ kind: 'continue', basis: 'x'.repeat(4001), decidedOn: '01.07.2026' }).success).toBe(false);
    expect(isDecisionOverdue({ status: 'open', followUpDue: '2026-09-30' }, '2026-11-29')).toBe(true);
    expect(isDecisionOverdue({ status: 'done', followUpDue: '2026-09-30' }, '2026-11-29')).toBe(false);
    expect(isDecisionOverdue({ status: 'open', followUpDue: null }, '2026-11-29')).toBe(false);
  });
});
