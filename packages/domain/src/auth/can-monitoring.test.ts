import { describe, expect, it } from 'vitest';
import { can, type Resource } from './can.ts';
import type { Actor, Membership, Role } from './roles.ts';

function actor(role: Role, organisationId: string, kind: Membership['organisationKind'], adminUnitSoate: string | null = null): Actor {
  return { userId: `${role}-${organisationId}`, memberships: [{ organisationId, organisationKind: kind, role, adminUnitSoate }] };
}
const admin = actor('admin', 'm', 'ministry');
const officer = actor('program_officer', 'm', 'ministry');
const otherCustomerOfficer = actor('program_officer', 'other-customer', 'ministry');
const naryn = actor('territorial_officer', 'td-n', 'territorial_division', '41704000000000');
const osh = actor('territorial_officer', 'td-o', 'territorial_division', '41706000000000');
const ngo1 = actor('ngo_staff', 'ngo-1', 'ngo');
const ngo2 = actor('ngo_staff', 'ngo-2', 'ngo');
const analyst = actor('analyst', 'm', 'ministry');
const commission = actor('commission_member', 'm', 'ministry');
const municipal = actor('municipal_officer', 'mun-1', 'municipality', '41708206802000');

const base = { projectId: 'p1', contractorId: 'ngo-1', customerId: 'm', adminUnitSoates: ['41704210805000'] };
const visit = (status: 'planned' | 'draft' | 'final' | 'new'): Resource => ({ type: 'monitoring_visit', id: 'v1', ...base, status });
const rec = (status: 'planned' | 'draft' | 'final', responsibleOrgId = 'ngo-1'): Resource => ({
  type: 'monitoring_recommendation',
  visit: { id: 'v1', ...base, status },
  responsibleOrgId,
});

describe('monitoring visits', () => {
  it('lets the territorial officers of the area and the customer’s program officers plan, record and finalise', () => {
    for (const who of [naryn, officer]) {
      expect(can(who, 'create', visit('new'))).toBe(true);
      expect(can(who, 'view', visit('planned'))).toBe(true);
      expect(can(who, 'update', visit('planned'))).toBe(true);
      expect(can(who, 'update', visit('draft'))).toBe(true);
      expect(can(who, 'approve', visit('draft'))).toBe(true);
    }
  });
  it('freezes a final visit for everyone', () => {
    for (const who of [naryn, officer, admin]) {
      expect(can(who, 'update', visit('final'))).toBe(false);
      expect(can(who, 'approve', visit('final'))).toBe(false);
    }
    expect(can(naryn, 'view', visit('final'))).toBe(true);
  });
  it('shows the contractor its own project’s visits only once final, never editable', () => {
    expect(can(ngo1, 'view', visit('planned'))).toBe(false);
    expect(can(ngo1, 'view', visit('draft'))).toBe(false);
    expect(can(ngo1, 'view', visit('final'))).toBe(true);
    expect(can(ngo1, 'update', visit('draft'))).toBe(false);
    expect(can(ngo1, 'create', visit('new'))).toBe(false);
  });
  it('denies everyone else: another territory, another customer, another NGO, analysts, commission, municipalities, visitors', () => {
    for (const who of [osh, otherCustomerOfficer, ngo2, analyst, commission, municipal, null]) {
      for (const status of ['planned', 'draft', 'final'] as const) {
        expect(can(who, 'view', visit(status))).toBe(false);
        expect(can(who, 'update', visit(status))).toBe(false);
      }
      expect(can(who, 'create', visit('new'))).toBe(false);
    }
  });
  it('lets admins read but not write visits', () => {
    expect(can(admin, 'view', visit('draft'))).toBe(true);
    expect(can(admin, 'create', visit('new'))).toBe(false);
    expect(can(admin, 'update', visit('draft'))).toBe(false);
  });
  it('does not accept a non-new status for create', () => {
    expect(can(naryn, 'create', visit('draft'))).toBe(false);
  });
});

describe('monitoring recommendations', () => {
  it('lets the monitoring officers write and decide recommendations', () => {
    expect(can(naryn, 'create', rec('draft'))).toBe(true);
    expect(can(officer, 'approve', rec('final'))).toBe(true);
    expect(can(naryn, 'report', rec('final'))).toBe(true);
  });
  it('lets the responsible NGO report follow-up once the visit is final, not decide', () => {
    expect(can(ngo1, 'view', rec('final'))).toBe(true);
    expect(can(ngo1, 'report', rec('final'))).toBe(true);
    expect(can(ngo1, 'report', rec('draft'))).toBe(false);
    expect(can(ngo1, 'approve', rec('final'))).toBe(false);
    expect(can(ngo1, 'create', rec('final'))).toBe(false);
  });
  it('denies others, including an NGO that is not responsible', () => {
    expect(can(ngo2, 'view', rec('final', 'ngo-2'))).toBe(false);
    expect(can(ngo2, 'report', rec('final', 'ngo-2'))).toBe(false);
    expect(can(ngo1, 'report', rec('final', 'someone-else'))).toBe(false);
    for (const who of [osh, analyst, commission, municipal, null]) {
      expect(can(who, 'view', rec('final'))).toBe(false);
      expect(can(who, 'approve', rec('final'))).toBe(false);
    }
  });
  it('opens the board to monitoring officers and admins only', () => {
    expect(can(naryn, 'view', { type: 'monitoring_board' })).toBe(true);
    expect(can(officer, 'view', { type: 'monitoring_board' })).toBe(true);
    for (const who of [ngo1, analyst, commission, municipal, null]) expect(can(who, 'view', { type: 'monitoring_board' })).toBe(false);
  });
  it('lets monitoring officers and admins import, read and export questionnaires; nobody else', () => {
    for (const who of [naryn, officer, admin]) for (const action of ['view', 'import', 'export'] as const) expect(can(who, action, { type: 'questionnaire' })).toBe(true);
    for (const who of [ngo1, analyst, commission, municipal, null]) for (const action of ['view', 'import', 'export'] as const) expect(can(who, action, { type: 'questionnaire' })).toBe(false);
    expect(can(naryn, 'delete', { type: 'questionnaire' })).toBe(false);
  });
});

describe('ministry decisions', () => {
  const decision: Resource = { type: 'monitoring_decision', ...base };
  it('lets the customer’s program officers and admins record them and close their follow-up', () => {
    for (const who of [officer, admin]) {
      expect(can(who, 'create', decision)).toBe(true);
      expect(can(who, 'update', decision)).toBe(true);
      expect(can(who, 'view', decision)).toBe(true);
    }
  });
  it('shows them to the territory’s officers and the contractor, who may not record them', () => {
    for (const who of [naryn, ngo1]) {
      expect(can(who, 'view', decision)).toBe(true);
      expect(can(who, 'create', decision)).toBe(false);
      expect(can(who, 'update', decision)).toBe(false);
    }
  });
  it('hides them from everyone else', () => {
    for (const who of [osh, ngo2, analyst, commission, municipal, otherCustomerOfficer, null]) {
      expect(can(who, 'view', decision)).toBe(false);
      expect(can(who, 'create', decision)).toBe(false);
    }
  });
});
