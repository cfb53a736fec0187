import { describe, expect, it } from 'vitest';
import { can } from './can.ts';
import type { Actor } from './roles.ts';

const member = (role: Actor['memberships'][number]['role'], organisationId: string, adminUnitSoate: string | null = null): Actor => ({
  userId: `u-${role}-${organisationId}`,
  memberships: [{ organisationId, organisationKind: 'municipality', role, adminUnitSoate }],
});
const officerA = member('municipal_officer', 'mun-a');
const officerB = member('municipal_officer', 'mun-b');
const analyst = member('analyst', 'ministry');
const naryn = member('territorial_officer', 'td', '41704000000000');
const draft = { type: 'needs_assessment', id: 'x', municipalityId: 'mun-a', status: 'meetings', adminUnitSoate: '41704210000000' } as const;
const published = { ...draft, status: 'published' } as const;

describe('needs_assessment rules', () => {
  it('lets an officer edit only their own municipality', () => {
    expect(can(officerA, 'update', draft)).toBe(true);
    expect(can(officerB, 'update', draft)).toBe(false);
    expect(can(officerB, 'view', draft)).toBe(false);
    expect(can(analyst, 'update', draft)).toBe(false);
  });
  it('shows residents only published assessments', () => {
    expect(can(null, 'view', draft)).toBe(false);
    expect(can(null, 'view', published)).toBe(true);
    expect(can(null, 'export', published)).toBe(false);
  });
  it('lets analysts and the territorial division of the area see all', () => {
    expect(can(analyst, 'view', draft)).toBe(true);
    expect(can(naryn, 'view', draft)).toBe(true);
    expect(can(naryn, 'view', { ...draft, adminUnitSoate: '41708217809000' })).toBe(false);
  });
  it('freezes a published assessment until it is stepped back', () => {
    expect(can(officerA, 'update', published)).toBe(false);
    expect(can(officerA, 'approve', published)).toBe(true);
  });
  it('lets only the own municipality act on priorities, and only once the ranking is adopted', () => {
    expect(can(officerA, 'manage', draft)).toBe(false);
    expect(can(officerA, 'manage', { ...draft, status: 'prioritised' })).toBe(true);
    expect(can(officerA, 'manage', published)).toBe(true);
    for (const who of [officerB, analyst, naryn, null]) {
      expect(can(who, 'manage', published)).toBe(false);
      expect(can(who, 'manage', { ...draft, status: 'prioritised' })).toBe(false);
    }
  });
});

describe('service_plan rules', () => {
  const plan = { type: 'service_plan', id: 'p', municipalityId: 'mun-a' } as const;
  it('own municipality edits, ministry reads, others see nothing', () => {
    expect(can(officerA, 'update', plan)).toBe(true);
    expect(can(officerB, 'view', plan)).toBe(false);
    expect(can(analyst, 'view', plan)).toBe(true);
    expect(can(analyst, 'update', plan)).toBe(false);
    expect(can(null, 'view', plan)).toBe(false);
  });
});

describe('municipal_planning: may this actor start an assessment or a service plan at all', () => {
  const assessments = { type: 'municipal_planning', of: 'needs_assessment' } as const;
  const plans = { type: 'municipal_planning', of: 'service_plan' } as const;
  const admin = member('admin', 'ministry');
  const programOfficer = member('program_officer', 'ministry');
  const commission = member('commission_member', 'ministry');
  const ngo = member('ngo_staff', 'ngo-1');
  it('lets a municipal officer create both', () => {
    expect(can(officerA, 'create', assessments)).toBe(true);
    expect(can(officerA, 'create', plans)).toBe(true);
  });
  it('denies everyone without a municipality of their own, overseers included', () => {
    for (const actor of [null, admin, analyst, programOfficer, naryn, commission, ngo]) {
      expect(can(actor, 'create', assessments)).toBe(false);
      expect(can(actor, 'create', plans)).toBe(false);
    }
  });
  it('answers only `create`', () => {
    for (const action of ['view', 'update', 'approve', 'delete'] as const) expect(can(officerA, action, assessments)).toBe(false);
  });
});
