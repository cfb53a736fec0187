import { describe, expect, it } from 'vitest';
import { can, type Resource } from './can.ts';
import type { Actor, Membership, Role } from './roles.ts';

const ORG = { ministry: 'm', naryn: 'td-n', ngo1: 'ngo-1', ngo2: 'ngo-2', mun1: 'mun-1', mun2: 'mun-2' };

function actor(role: Role, organisationId: string, adminUnitSoate: string | null = null): Actor {
  const kind: Membership['organisationKind'] =
    organisationId.startsWith('ngo') ? 'ngo' : organisationId.startsWith('mun') ? 'municipality' : organisationId.startsWith('td') ? 'territorial_division' : 'ministry';
  return { userId: `${role}-user`, memberships: [{ organisationId, organisationKind: kind, role, adminUnitSoate }] };
}

const admin = actor('admin', ORG.ministry);
const officer = actor('program_officer', ORG.ministry);
const naryn = actor('territorial_officer', ORG.naryn, '41704000000000');
const ngo1 = actor('ngo_staff', ORG.ngo1);
const ngo2 = actor('ngo_staff', ORG.ngo2);
const municipal = actor('municipal_officer', ORG.mun1, '41708206802000');
const analyst = actor('analyst', ORG.ministry);
const commission = actor('commission_member', ORG.ministry);

const projectInNaryn: Resource = { type: 'project', id: 'p1', contractorId: ORG.ngo1, customerId: ORG.ministry, adminUnitSoates: ['41704210805000'] };
const projectInOsh: Resource = { type: 'project', id: 'p2', contractorId: ORG.ngo2, customerId: ORG.ministry, adminUnitSoates: ['41706215000000'] };

describe('authorisation matrix', () => {
  it('lets NGO staff see and report only their own organisation and projects', () => {
    expect(can(ngo1, 'view', { type: 'organisation', id: ORG.ngo1, kind: 'ngo' })).toBe(true);
    expect(can(ngo1, 'view', { type: 'organisation', id: ORG.ngo2, kind: 'ngo' })).toBe(false);
    expect(can(ngo1, 'view', projectInNaryn)).toBe(true);
    expect(can(ngo1, 'report', projectInNaryn)).toBe(true);
    expect(can(ngo2, 'view', projectInNaryn)).toBe(false);
    expect(can(ngo2, 'report', projectInNaryn)).toBe(false);
    expect(can(ngo1, 'approve', projectInNaryn)).toBe(false);
  });
  it('lets a territorial officer review projects in their oblast only', () => {
    expect(can(naryn, 'review', projectInNaryn)).toBe(true);
    expect(can(naryn, 'view', projectInOsh)).toBe(false);
    expect(can(naryn, 'approve', projectInOsh)).toBe(false);
  });
  it('lets the customer program officer approve and only an admin unlock', () => {
    expect(can(officer, 'approve', projectInOsh)).toBe(true);
    expect(can(officer, 'unlock', projectInOsh)).toBe(false);
    expect(can(admin, 'unlock', projectInOsh)).toBe(true);
  });
  it('gives analysts read access but no writes', () => {
    expect(can(analyst, 'view', projectInOsh)).toBe(true);
    expect(can(analyst, 'export', projectInOsh)).toBe(true);
    expect(can(analyst, 'approve', projectInOsh)).toBe(false);
    expect(can(analyst, 'update', { type: 'organisation', id: ORG.ngo1, kind: 'ngo' })).toBe(false);
    expect(can(analyst, 'view', { type: 'audit_log' })).toBe(true);
  });
  it('keeps commission members away from projects and organisations other than their own', () => {
    expect(can(commission, 'view', projectInOsh)).toBe(false);
    expect(can(commission, 'view', { type: 'organisation', id: ORG.ngo1, kind: 'ngo' })).toBe(false);
  });
  it('lets only admins manage organisations, users, catalogue and territory', () => {
    for (const who of [officer, naryn, ngo1, municipal, analyst, commission]) {
      expect(can(who, 'create', { type: 'organisation', id: 'new', kind: 'ngo' })).toBe(false);
      expect(can(who, 'manage', { type: 'user', id: 'x', organisationIds: [] })).toBe(false);
      expect(can(who, 'manage', { type: 'catalogue' })).toBe(false);
      expect(can(who, 'import', { type: 'admin_unit' })).toBe(false);
    }
    expect(can(admin, 'create', { type: 'organisation', id: 'new', kind: 'ngo' })).toBe(true);
    expect(can(admin, 'import', { type: 'admin_unit' })).toBe(true);
  });
  it('lets users see and update only their own account', () => {
    expect(can(ngo1, 'update', { type: 'user', id: ngo1.userId, organisationIds: [] })).toBe(true);
    expect(can(ngo1, 'update', { type: 'user', id: 'someone-else', organisationIds: [] })).toBe(false);
  });
  it('gives anonymous visitors nothing but public reading', () => {
    expect(can(null, 'view', projectInOsh)).toBe(false);
    expect(can(null, 'view', { type: 'organisation', id: ORG.ngo1, kind: 'ngo' })).toBe(false);
    expect(can(null, 'view', { type: 'audit_log' })).toBe(false);
    expect(can(null, 'view', { type: 'catalogue' })).toBe(true);
    expect(can(null, 'view', { type: 'needs_assessment', id: 'a', municipalityId: ORG.mun1, status: 'published' })).toBe(true);
    expect(can(null, 'view', { type: 'needs_assessment', id: 'a', municipalityId: ORG.mun1, status: 'analysis' })).toBe(false);
  });
  it('lets a municipal officer edit only their own municipality’s assessments', () => {
    expect(can(municipal, 'update', { type: 'needs_assessment', id: 'a', municipalityId: ORG.mun1, status: 'planned' })).toBe(true);
    expect(can(municipal, 'update', { type: 'needs_assessment', id: 'b', municipalityId: ORG.mun2, status: 'planned' })).toBe(false);
  });
});
