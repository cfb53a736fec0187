import { isWithin } from '../territory/soate.ts';
import { type Actor, hasRole, orgsWithRole, territoriesWithRole, type OrganisationKind } from './roles.ts';

/**
 * Everything a permission can be asked about. Feature modules add their resource kinds here, so the
 * whole matrix stays in one place and every loader and action asks the same question the same way.
 */
export type Resource =
  | { type: 'system' }
  | { type: 'organisation'; id: string; kind: OrganisationKind }
  | { type: 'user'; id: string; organisationIds: string[] }
  | { type: 'catalogue' }
  | { type: 'admin_unit' }
  | { type: 'audit_log' }
  | {
      /** A public-benefit project; its contractor is an NGO, its territory a list of SOATE codes. */
      type: 'project';
      id: string;
      contractorId: string;
      customerId: string;
      adminUnitSoates: string[];
      /** Signed contracts change their framework only through reasoned revisions by the customer. */
      signed?: boolean;
    }
  | { type: 'results_import' }
  | {
      /**
       * A State Social Order program. `discussionOpen` is computed by the caller from the window and
       * today's date (isDiscussionOpen) so this rule stays pure; `hasApprovedVersion` is true once
       * any version was approved (its last approved version stays public during an amendment).
       */
      type: 'program';
      id: string;
      customerId: string;
      status: string;
      discussionOpen?: boolean;
      hasApprovedVersion?: boolean;
    }
  | {
      /** A joint needs assessment (ЖМБА); `status` is its stage, `adminUnitSoate` the municipality's unit. */
      type: 'needs_assessment';
      id: string;
      municipalityId: string;
      status: string;
      adminUnitSoate?: string | null;
    }
  | {
      /** A service improvement action plan (КЖАП) of a municipality. */
      type: 'service_plan';
      id: string;
      municipalityId: string;
      adminUnitSoate?: string | null;
    };

export type Action =
  | 'view'
  | 'create'
  | 'update'
  | 'delete'
  | 'manage'
  | 'import'
  | 'export'
  | 'report'
  | 'review'
  | 'approve'
  | 'unlock'
  | 'moderate'
  | 'comment';

type Rule = (actor: Actor | null, action: Action, resource: any) => boolean;

const isAdmin = (a: Actor | null) => hasRole(a, 'admin');

const inTerritory = (actor: Actor | null, soates: string[]) => {
  const areas = territoriesWithRole(actor, 'territorial_officer');
  return soates.some((unit) => areas.some((area) => isWithin(unit, area)));
};

const rules: { [K in Resource['type']]: Rule } = {
  system: (a, action) => (action === 'view' ? !!a : isAdmin(a)),
  organisation: (a, action, r: Extract<Resource, { type: 'organisation' }>) => {
    if (isAdmin(a)) return true;
    if (action !== 'view') return false;
    // Staff see their own organisation; officers and analysts see all organisations.
    if (orgsWithRole(a, 'ngo_staff', 'municipal_officer', 'commission_member').includes(r.id)) return true;
    return hasRole(a, 'program_officer', 'territorial_officer', 'analyst');
  },
  user: (a, action, r: Extract<Resource, { type: 'user' }>) => {
    if (isAdmin(a)) return true;
    return !!a && a.userId === r.id && (action === 'view' || action === 'update');
  },
  catalogue: (a, action) => (action === 'view' ? true : isAdmin(a)),
  admin_unit: (a, action) => (action === 'view' ? true : isAdmin(a)),
  audit_log: (a, action) => action === 'view' && (isAdmin(a) || hasRole(a, 'analyst')),
  project: (a, action, r: Extract<Resource, { type: 'project' }>) => {
    if (!a) return false;
    const contractor = orgsWithRole(a, 'ngo_staff').includes(r.contractorId);
    const customerOfficer = orgsWithRole(a, 'program_officer').includes(r.customerId);
    const territorial = inTerritory(a, r.adminUnitSoates);
    switch (action) {
      case 'view':
        return contractor || hasRole(a, 'program_officer', 'analyst', 'admin') || territorial;
      case 'export':
        return contractor || hasRole(a, 'program_officer', 'analyst', 'admin') || territorial;
      case 'report':
        return contractor;
      case 'review':
      case 'approve':
        return customerOfficer || territorial;
      case 'comment':
        return contractor || customerOfficer || territorial;
      case 'import':
        // Bulk import of legacy spreadsheets: the customer's officers, territorial officers of the area, analysts.
        return customerOfficer || territorial || hasRole(a, 'analyst') || isAdmin(a);
      case 'create':
        return customerOfficer || isAdmin(a);
      case 'update':
        return customerOfficer || isAdmin(a) || (contractor && r.signed === false);
      case 'unlock':
        return isAdmin(a);
      default:
        return false;
    }
  },
  results_import: (a, action) =>
    (action === 'import' || action === 'view') && hasRole(a, 'program_officer', 'territorial_officer', 'analyst', 'admin'),
  program: (a, action, r: Extract<Resource, { type: 'program' }>) => {
    const published = r.status !== 'draft' && r.status !== 'revision';
    const publicVersion = published || !!r.hasApprovedVersion;
    // Only officers of the customer organisation (ministry or municipality) change a program.
    const customerOfficer = orgsWithRole(a, 'program_officer', 'municipal_officer').includes(r.customerId);
    const editable = r.status === 'draft' || r.status === 'revision';
    switch (action) {
      case 'view':
        return publicVersion || customerOfficer || hasRole(a, 'admin', 'analyst', 'program_officer');
      case 'comment':
        // Anyone, logged in or not, but only while the discussion window is open.
        return r.status === 'public_discussion' && r.discussionOpen === true;
      case 'export':
        return publicVersion || customerOfficer || hasRole(a, 'program_officer', 'analyst', 'admin');
      case 'create':
        return customerOfficer;
      case 'update':
      case 'import':
        return customerOfficer && editable;
      case 'manage':
      case 'approve':
      case 'moderate':
        return customerOfficer;
      default:
        return false;
    }
  },
  needs_assessment: (a, action, r: Extract<Resource, { type: 'needs_assessment' }>) => {
    const own = orgsWithRole(a, 'municipal_officer').includes(r.municipalityId);
    const published = r.status === 'published';
    // Ministry staff and analysts read every municipality's work; a territorial division its own area.
    const overseer = hasRole(a, 'program_officer', 'analyst', 'admin') || inTerritory(a, r.adminUnitSoate ? [r.adminUnitSoate] : []);
    switch (action) {
      case 'view':
        return published || own || overseer;
      case 'export':
        return own || overseer;
      case 'create':
        return own;
      case 'update':
      case 'import':
        // A published result is frozen; the municipality steps it back to "prioritised" to correct it.
        return own && !published;
      case 'approve':
        // Moving between stages, including publishing and withdrawing.
        return own;
      default:
        return false;
    }
  },
  service_plan: (a, action, r: Extract<Resource, { type: 'service_plan' }>) => {
    const own = orgsWithRole(a, 'municipal_officer').includes(r.municipalityId);
    const overseer = hasRole(a, 'program_officer', 'analyst', 'admin') || inTerritory(a, r.adminUnitSoate ? [r.adminUnitSoate] : []);
    switch (action) {
      case 'view':
      case 'export':
        return own || overseer;
      case 'create':
      case 'update':
      case 'report':
        return own;
      default:
        return false;
    }
  },
};

/** The single authorisation question: may this actor (or an anonymous visitor) do this to that? */
export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
  return rules[resource.type](actor, action, resource);
}
