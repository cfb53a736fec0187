import type { Actor } from '@kamkor/domain';
import { SYSTEM_ACTOR_ID } from '../queries/audit.ts';

/**
 * The actor the demo seed writes a municipality's assessments and plans as, where no seeded user
 * works for that municipality: a municipal officer of it, so the query functions' own policy checks
 * (can()) apply to the seed exactly as to a real officer. It is not a user: `auditActorId` records
 * no user (null) for it. Only the seed uses it; never build one from a request.
 */
export function systemActor(municipalityId: string): Actor {
  return {
    userId: SYSTEM_ACTOR_ID,
    memberships: [{ organisationId: municipalityId, organisationKind: 'municipality', role: 'municipal_officer', adminUnitSoate: null }],
  };
}
