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
const analyst = actor('analyst', 'm', 'ministry');
const municipal = actor('municipal_officer', 'mun-1', 'municipality', '41704210805000');

const response: Resource = { type: 'questionnaire_response', projectId: 'p1', contractorId: 'ngo-1', customerId: 'm', adminUnitSoates: ['41704210805000'] };

describe('questionnaire responses', () => {
  it('lets the project’s monitoring officers enter, import, read and export them', () => {
    for (const who of [naryn, officer]) for (const action of ['create', 'import', 'view', 'export'] as const) expect(can(who, action, response)).toBe(true);
  });
  it('lets admins read but not enter; denies the contractor, other territories, other customers, analysts and visitors', () => {
    expect(can(admin, 'view', response)).toBe(true);
    expect(can(admin, 'create', response)).toBe(false);
    for (const who of [osh, otherCustomerOfficer, ngo1, analyst, municipal, null])
      for (const action of ['create', 'import', 'view', 'export'] as const) expect(can(who, action, response), `${who?.userId} ${action}`).toBe(false);
    expect(can(naryn, 'delete', response)).toBe(false);
  });
});

describe('respondent names', () => {
  it('are shown only to territorial officers of the territory the response was given in', () => {
    const names: Resource = { type: 'respondent_names', adminUnitSoate: '41704210805000' };
    expect(can(naryn, 'view', names)).toBe(true);
    // The program officer monitors the project and reads the responses, but not the names.
    for (const who of [officer, admin, osh, ngo1, analyst, municipal, null]) expect(can(who, 'view', names)).toBe(false);
    expect(can(naryn, 'export', names)).toBe(false);
    expect(can(naryn, 'view', { type: 'respondent_names', adminUnitSoate: '41706000000000' })).toBe(false);
  });
});
