export const roles = [
  'admin',
  'program_officer',
  'territorial_officer',
  'commission_member',
  'ngo_staff',
  'municipal_officer',
  'analyst',
] as const;
export type Role = (typeof roles)[number];

export const organisationKinds = ['ministry', 'territorial_division', 'ngo', 'municipality', 'other'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

/** A user's membership in one organisation with one role. */
export interface Membership {
  organisationId: string;
  organisationKind: OrganisationKind;
  role: Role;
  /** SOATE of the organisation's territory (territorial division, municipality), if any. */
  adminUnitSoate: string | null;
}

/** The logged-in person as authorisation sees them; `null` is an anonymous visitor. */
export interface Actor {
  userId: string;
  memberships: Membership[];
}

export function hasRole(actor: Actor | null, ...wanted: Role[]): boolean {
  return !!actor && actor.memberships.some((m) => wanted.includes(m.role));
}

/** Organisation ids in which the actor holds one of the roles. */
export function orgsWithRole(actor: Actor | null, ...wanted: Role[]): string[] {
  if (!actor) return [];
  return actor.memberships.filter((m) => wanted.includes(m.role)).map((m) => m.organisationId);
}

/** Territory codes (SOATE) the actor covers with one of the roles. */
export function territoriesWithRole(actor: Actor | null, ...wanted: Role[]): string[] {
  if (!actor) return [];
  return actor.memberships
    .filter((m) => wanted.includes(m.role) && m.adminUnitSoate)
    .map((m) => m.adminUnitSoate as string);
}
