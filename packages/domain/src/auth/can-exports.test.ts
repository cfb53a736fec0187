import { describe, expect, it } from 'vitest';
import { can } from './can.ts';
import type { Actor } from './roles.ts';

const analyst: Actor = { userId: 'u-analyst', memberships: [{ organisationId: 'm', organisationKind: 'ministry', role: 'analyst', adminUnitSoate: null }] };
const admin: Actor = { userId: 'u-admin', memberships: [{ organisationId: 'm', organisationKind: 'ministry', role: 'admin', adminUnitSoate: null }] };

describe('can: background exports', () => {
  const job = { type: 'export_job', ownerId: 'u-analyst' } as const;
  it('lets only the user who asked for an export see it and its file', () => {
    expect(can(analyst, 'view', job)).toBe(true);
    expect(can(admin, 'view', job)).toBe(false);
    expect(can(null, 'view', job)).toBe(false);
  });
  it('allows nothing else on it, not even to its owner', () => {
    for (const action of ['update', 'delete', 'export', 'manage'] as const) expect(can(analyst, action, job)).toBe(false);
  });
});

describe('can: background bulk imports', () => {
  const job = { type: 'import_job', ownerId: 'u-analyst' } as const;
  it('lets only the user who started an import see it (and so apply its dry run)', () => {
    expect(can(analyst, 'view', job)).toBe(true);
    expect(can(admin, 'view', job)).toBe(false);
    expect(can(null, 'view', job)).toBe(false);
    for (const action of ['update', 'delete', 'import', 'manage'] as const) expect(can(analyst, action, job)).toBe(false);
  });
});
