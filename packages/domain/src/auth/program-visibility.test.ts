import { describe, expect, it } from 'vitest';
import { can, visibleProgramVersion, publicProgramVersion, type Resource } from './can.ts';
import type { Actor, Role } from './roles.ts';

const actor = (role: Role, organisationId: string, kind: 'ministry' | 'ngo' | 'municipality' | 'territorial_division' = 'ministry'): Actor => ({
  userId: `${role}-${organisationId}`,
  memberships: [{ organisationId, organisationKind: kind, role, adminUnitSoate: kind === 'territorial_division' ? '41704000000000' : null }],
});

const customerOfficer = actor('program_officer', 'ministry');
const otherMinistryOfficer = actor('program_officer', 'ministry-2');
const admin = actor('admin', 'ministry');
const analyst = actor('analyst', 'ministry');
const territorial = actor('territorial_officer', 'td-naryn', 'territorial_division');
const ngo = actor('ngo_staff', 'ngo-1', 'ngo');
const municipal = actor('municipal_officer', 'mun-1', 'municipality');
const commission = actor('commission_member', 'ministry');

type P = Extract<Resource, { type: 'program' }> & { approvedVersionNo: number };
const program = (status: string, approvedVersionNo: number, customerId = 'ministry'): P => ({ type: 'program', id: 'p', customerId, status, approvedVersionNo });

/** The approved 2026 program with an amendment (version 2) being drafted. */
const amending = program('draft', 1);

describe('who sees the live draft (view_draft)', () => {
  it('the customer officers, ministry program officers and admins', () => {
    expect(can(customerOfficer, 'view_draft', amending)).toBe(true);
    expect(can(otherMinistryOfficer, 'view_draft', amending)).toBe(true);
    expect(can(admin, 'view_draft', amending)).toBe(true);
    expect(can(municipal, 'view_draft', program('draft', 0, 'mun-1'))).toBe(true);
  });
  it('nobody else: denials', () => {
    for (const a of [null, ngo, analyst, territorial, commission, municipal]) {
      expect(can(a, 'view_draft', amending)).toBe(false);
      expect(can(a, 'view_draft', program('public_discussion', 0))).toBe(false);
    }
    expect(can(municipal, 'view_draft', program('draft', 0, 'mun-2'))).toBe(false);
  });
});

describe('visibleProgramVersion', () => {
  it('keeps an amendment draft away from the public and NGOs: they get the last approved version', () => {
    for (const a of [null, ngo, analyst, territorial, commission, municipal]) {
      expect(visibleProgramVersion(a, amending)).toEqual({ kind: 'version', versionNo: 1 });
      expect(visibleProgramVersion(a, program('revision', 3))).toEqual({ kind: 'version', versionNo: 3 });
    }
    expect(publicProgramVersion(amending)).toEqual({ kind: 'version', versionNo: 1 });
  });
  it('gives the customer officers the live draft, or an approved version they ask for', () => {
    expect(visibleProgramVersion(customerOfficer, amending)).toEqual({ kind: 'live' });
    expect(visibleProgramVersion(customerOfficer, amending, 1)).toEqual({ kind: 'version', versionNo: 1 });
    // Version 2 is not approved yet: asking for it gives the default, never a 500.
    expect(visibleProgramVersion(customerOfficer, amending, 2)).toEqual({ kind: 'live' });
    expect(visibleProgramVersion(ngo, amending, 2)).toEqual({ kind: 'version', versionNo: 1 });
  });
  it('shows a draft under public discussion to everyone', () => {
    expect(visibleProgramVersion(null, program('public_discussion', 0))).toEqual({ kind: 'live' });
    expect(visibleProgramVersion(ngo, program('public_discussion', 1))).toEqual({ kind: 'live' });
    expect(visibleProgramVersion(null, program('public_discussion', 1), 1)).toEqual({ kind: 'version', versionNo: 1 });
  });
  it('denies (null, a 404) a program that has never been public', () => {
    for (const a of [null, ngo, analyst, territorial, municipal]) {
      expect(visibleProgramVersion(a, program('draft', 0))).toBeNull();
      expect(visibleProgramVersion(a, program('revision', 0))).toBeNull();
    }
    expect(can(null, 'view', program('draft', 0))).toBe(false);
    expect(can(analyst, 'export', program('draft', 0))).toBe(false);
  });
  it('public pages ignore who asks', () => {
    expect(publicProgramVersion(program('draft', 0))).toBeNull();
    expect(publicProgramVersion(program('approved', 1))).toEqual({ kind: 'version', versionNo: 1 });
    expect(publicProgramVersion(program('closed', 2), 1)).toEqual({ kind: 'version', versionNo: 1 });
  });
});

describe('assessment working data (view_draft)', () => {
  const published: Resource = { type: 'needs_assessment', id: 'a', municipalityId: 'mun-1', status: 'published', adminUnitSoate: '41708206802000' };
  it('is for the municipality and overseers, not for the public or other municipalities', () => {
    expect(can(municipal, 'view_draft', published)).toBe(true);
    expect(can(analyst, 'view_draft', published)).toBe(true);
    expect(can(null, 'view_draft', published)).toBe(false);
    expect(can(ngo, 'view_draft', published)).toBe(false);
    expect(can(actor('municipal_officer', 'mun-2', 'municipality'), 'view_draft', published)).toBe(false);
    expect(can(null, 'view', published)).toBe(true);
  });
});

describe('program results', () => {
  it('are for ministry staff, territorial officers and analysts', () => {
    expect(can(analyst, 'view', { type: 'program_results' })).toBe(true);
    expect(can(territorial, 'view', { type: 'program_results' })).toBe(true);
    expect(can(ngo, 'view', { type: 'program_results' })).toBe(false);
    expect(can(null, 'view', { type: 'program_results' })).toBe(false);
  });
});

describe('administration screens', () => {
  const screen = (s: 'catalogue' | 'assessment_categories' | 'organisations' | 'results_settings' | 'disaggregations') => ({ type: 'admin_screen', screen: s }) as const;
  it('open by role, in the policy rather than in the routes', () => {
    expect(can(analyst, 'view', screen('catalogue'))).toBe(true);
    expect(can(ngo, 'view', screen('catalogue'))).toBe(false);
    expect(can(territorial, 'view', screen('organisations'))).toBe(false);
    expect(can(municipal, 'view', screen('assessment_categories'))).toBe(true);
    expect(can(municipal, 'view', screen('catalogue'))).toBe(false);
    expect(can(admin, 'view', screen('results_settings'))).toBe(true);
    expect(can(customerOfficer, 'view', screen('disaggregations'))).toBe(false);
    expect(can(null, 'view', screen('assessment_categories'))).toBe(false);
  });
});
