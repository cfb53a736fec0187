import { describe, expect, it } from 'vitest';
import { can, type Resource } from './can.ts';
import type { Actor, Role } from './roles.ts';

function person(userId: string, role: Role, organisationId: string, kind: 'ministry' | 'ngo' | 'municipality' = 'ministry'): Actor {
  return { userId, memberships: [{ organisationId, organisationKind: kind, role, adminUnitSoate: kind === 'municipality' ? '41708206802000' : null }] };
}

const chair = person('chair', 'commission_member', 'm');
const secretary = person('secretary', 'commission_member', 'm');
const member = person('member', 'commission_member', 'm');
const otherCommission = person('other', 'commission_member', 'm');
const officer = person('officer', 'program_officer', 'm');
const admin = person('admin', 'admin', 'm');
const municipal = person('mun', 'municipal_officer', 'mun-1', 'municipality');
const ngo1 = person('ngo1', 'ngo_staff', 'ngo-1', 'ngo');
const ngo2 = person('ngo2', 'ngo_staff', 'ngo-2', 'ngo');
/** A user who is the chair of the commission in the ids but lost the commission role. */
const formerChair = person('chair', 'program_officer', 'other-ministry');

const complaint = (status: string): Extract<Resource, { type: 'competition_complaint' }> => ({
  type: 'competition_complaint',
  competitionId: 'c',
  customerId: 'm',
  organisationId: 'ngo-1',
  status,
  answererUserIds: ['chair', 'secretary'],
});

describe('complaints are answered by the commission (issue #9)', () => {
  it('lets the chair and the secretary answer a pending complaint, once', () => {
    expect(can(chair, 'review', complaint('pending'))).toBe(true);
    expect(can(secretary, 'review', complaint('pending'))).toBe(true);
    for (const answered of ['upheld', 'rejected']) {
      expect(can(chair, 'review', complaint(answered))).toBe(false);
      expect(can(secretary, 'review', complaint(answered))).toBe(false);
    }
  });

  it("refuses the answer to the customer's officer, admins, members, other commissions, NGOs and visitors", () => {
    for (const who of [officer, admin, municipal, member, otherCommission, ngo1, ngo2, formerChair, null]) {
      expect(can(who, 'review', complaint('pending')), who?.userId ?? 'visitor').toBe(false);
    }
    // Without the commission read with it, nobody answers.
    const { answererUserIds: _, ...bare } = complaint('pending');
    expect(can(chair, 'review', bare)).toBe(false);
  });

  it('shows the complaint to its NGO, the customer side and the answerers; not to members, other NGOs or visitors', () => {
    for (const who of [ngo1, officer, admin, chair, secretary]) expect(can(who, 'view', complaint('pending')), who.userId).toBe(true);
    for (const who of [ngo2, member, otherCommission, municipal, null]) expect(can(who, 'view', complaint('pending')), who?.userId ?? 'visitor').toBe(false);
  });

  it('still lets only the applicant NGO file', () => {
    expect(can(ngo1, 'create', complaint('new'))).toBe(true);
    for (const who of [ngo2, officer, chair, secretary, member, null]) expect(can(who, 'create', complaint('new')), who?.userId ?? 'visitor').toBe(false);
  });
});

describe('marking an attachment anonymised is the secretary\'s act (application review)', () => {
  const application = (status: string): Extract<Resource, { type: 'application' }> => ({
    type: 'application',
    id: 'a',
    organisationId: 'ngo-1',
    customerId: 'm',
    status,
    secretaryUserIds: ['secretary'],
  });

  it('lets the secretary check submitted, admitted and refused applications', () => {
    for (const status of ['submitted', 'admitted', 'rejected']) expect(can(secretary, 'review', application(status)), status).toBe(true);
    for (const status of ['draft', 'withdrawn', 'awarded']) expect(can(secretary, 'review', application(status)), status).toBe(false);
  });

  it("refuses the customer's officer, the chair, members, admins and the NGOs", () => {
    for (const who of [officer, admin, chair, member, ngo1, ngo2, municipal, null]) {
      expect(can(who, 'review', application('submitted')), who?.userId ?? 'visitor').toBe(false);
    }
  });
});
