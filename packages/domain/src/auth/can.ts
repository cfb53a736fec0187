import { explorerScope } from '../analytics/explorer.ts';
import { isWithin, soatePrefix } from '../territory/soate.ts';
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
  /** A screen of the administration area that is not about one record (who may open it at all). */
  | { type: 'admin_screen'; screen: 'catalogue' | 'assessment_categories' | 'organisations' | 'results_settings' | 'disaggregations' }
  /** Program indicators aggregated over the projects linked to them (`/projects/program-results`). */
  | { type: 'program_results' }
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
      /** Number of the last approved version, 0 or absent when none (see visibleProgramVersion). */
      approvedVersionNo?: number;
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
    }
  | {
      /**
       * Starting a needs assessment or a service plan at all, before a form names the municipality
       * (`create`): allowed when the actor may create one for at least one municipality. Asked
       * before the form is validated, so someone who may never create one gets a 404, not a 400.
       */
      type: 'municipal_planning';
      of: 'needs_assessment' | 'service_plan';
    }
  /** The dataset explorer over indicator values (`/analytics/explorer`): rows limited by explorerScope. */
  | { type: 'analytics_explorer' }
  /** A saved explorer view (a name and a query string) of one user. */
  | { type: 'analytics_view'; ownerId: string }
  | {
      /**
       * A competition of the State Social Order (one lot from a program line). `commissionUserIds`
       * are the users on its commission; the caller reads them with the competition.
       */
      type: 'competition';
      id: string;
      customerId: string;
      status: string;
      commissionUserIds?: string[];
    }
  | {
      /**
       * An NGO's application with its identifying part. The commission never asks about this
       * resource: members read the anonymised `score_sheet` projection only.
       */
      type: 'application';
      id: string;
      organisationId: string;
      customerId: string;
      status: string;
      /** The secretary of the competition's commission (checks eligibility; does not score). */
      secretaryUserIds?: string[];
    }
  | {
      /**
       * A complaint about a competition's results, filed by the applicant NGO (`organisationId`) and
       * answered by the commission: its chair or its secretary (`answererUserIds`, read with the
       * competition). `status` is the complaint's: pending, upheld or rejected.
       */
      type: 'competition_complaint';
      competitionId: string;
      customerId: string;
      organisationId: string;
      status: string;
      answererUserIds?: string[];
    }
  | {
      /** The anonymised evaluation sheets of a competition: code and project content only. */
      type: 'score_sheet';
      competitionId: string;
      status: string;
      commissionUserIds: string[];
      /** True once the member declared their conflicts of interest (scoring needs it). */
      declared?: boolean;
      /** The actor's role on the commission: the secretary does not score. */
      role?: string;
      /** Set once the chair closed scoring: sheets are frozen. */
      scoringClosed?: boolean;
    }
  | {
      /**
       * The commission's decision of a competition: closing scoring (`approve`, the chair, once every
       * sheet is in), overriding the budget cut-off with a reason (`update`, the chair), recording the
       * protocol as signed (`report`, the secretary), and reading the results (`view`).
       */
      type: 'commission';
      competitionId: string;
      customerId: string;
      status: string;
      members: { userId: string; role: string }[];
      scoringClosed: boolean;
      signed: boolean;
    }
  | {
      /**
       * A monitoring visit of a project (also a plan entry, status `planned`); `id` 'new' when planning one.
       * The project's parties and territory come with it so the rule stays pure.
       */
      type: 'monitoring_visit';
      id: string;
      projectId: string;
      contractorId: string;
      customerId: string;
      adminUnitSoates: string[];
      status: 'planned' | 'draft' | 'final' | 'new';
    }
  | {
      /** A recommendation made on a finding of a visit, addressed to `responsibleOrgId`. */
      type: 'monitoring_recommendation';
      visit: {
        id: string;
        projectId: string;
        contractorId: string;
        customerId: string;
        adminUnitSoates: string[];
        status: 'planned' | 'draft' | 'final' | 'new';
      };
      responsibleOrgId: string;
    }
  | {
      /**
       * Ministry decisions on a project (its contract): continue, adjust, suspend, terminate, change
       * next year's program. The project's parties and territory come with it so the rule stays pure.
       */
      type: 'monitoring_decision';
      projectId: string;
      contractorId: string;
      customerId: string;
      adminUnitSoates: string[];
    }
  /** The monitoring plan and follow-up board across projects (`/monitoring`): who may open it at all. */
  | { type: 'monitoring_board' }
  /** Questionnaires of the monitoring (definitions, not answers): import, read and export. */
  | { type: 'questionnaire' }
  | {
      /**
       * The end-of-project evaluation sheet of a project (`status` none before the first save);
       * `finished` is computed by the caller from the end date and today (isProjectFinished).
       */
      type: 'project_evaluation';
      projectId: string;
      contractorId: string;
      customerId: string;
      adminUnitSoates: string[];
      status: 'none' | 'draft' | 'final';
      finished: boolean;
    }
  /** The criteria of the evaluation sheet (versioned): read by evaluators, changed by admins. */
  | { type: 'evaluation_criteria' }
  /** The visit checklist template (versioned): read by the monitoring officers, a new version by admins. */
  | { type: 'checklist_template' }
  /** The annual M&E report of a program (`customerId` its customer); the public reads only its published projection. */
  | { type: 'annual_report'; customerId: string }
  | {
      /**
       * Responses to a questionnaire about a project (entered on a phone or imported): the project's
       * parties and territory come with it so the rule stays pure. `id` 'new' when entering one.
       */
      type: 'questionnaire_response';
      projectId: string;
      contractorId: string;
      customerId: string;
      adminUnitSoates: string[];
    }
  /** The names of respondents given in a territory: its territorial officers only (issue 11). */
  | { type: 'respondent_names'; adminUnitSoate: string }
  /** A background export (`/exports/:id`): only the user who asked for it sees it and its file. */
  | { type: 'export_job'; ownerId: string }
  /** A background bulk import (`/projects/import/:id`): only the user who started it sees it. */
  | { type: 'import_job'; ownerId: string };

export type Action =
  | 'view'
  /**
   * See what is not (yet) public: a program's live draft or amendment, an assessment's working data
   * (facilitators, notes, unpublished stages). `view` on the same resource is "view_draft or public".
   */
  | 'view_draft'
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
  | 'comment'
  /** Score applications on an evaluation sheet (commission members). */
  | 'score';

type Rule = (actor: Actor | null, action: Action, resource: any) => boolean;

const isAdmin = (a: Actor | null) => hasRole(a, 'admin');

const inTerritory = (actor: Actor | null, soates: string[]) => {
  const areas = territoriesWithRole(actor, 'territorial_officer');
  return soates.some((unit) => areas.some((area) => isWithin(unit, area)));
};

/**
 * Whose program drafts an actor may see (`view_draft`): every customer's (ministry program officers
 * coordinate all SSO programs, local ones included; admins support them) or their own customers'.
 * The program rule below uses it, and list queries turn it into SQL, so both stay the same rule.
 */
export function programDraftScope(actor: Actor | null): { all: boolean; customerIds: string[] } {
  return { all: hasRole(actor, 'program_officer', 'admin'), customerIds: orgsWithRole(actor, 'program_officer', 'municipal_officer') };
}

/**
 * Whose municipal work (unpublished assessments, their working data, service plans) an actor may
 * see: all of it (ministry staff, analysts, admins), their own municipalities', and, for a
 * territorial officer, that of units whose SOATE code starts with one of `soatePrefixes`.
 * Used by the needs_assessment and service_plan rules and, as SQL, by their list queries.
 */
export function municipalWorkScope(actor: Actor | null): { all: boolean; municipalityIds: string[]; soatePrefixes: string[] } {
  return {
    all: hasRole(actor, 'program_officer', 'analyst', 'admin'),
    municipalityIds: orgsWithRole(actor, 'municipal_officer'),
    soatePrefixes: territoriesWithRole(actor, 'territorial_officer').map(soatePrefix),
  };
}

const oversees = (actor: Actor | null, unit: string | null | undefined) => {
  const scope = municipalWorkScope(actor);
  return scope.all || (!!unit && scope.soatePrefixes.some((p) => unit.startsWith(p)));
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
  admin_screen: (a, action, r: Extract<Resource, { type: 'admin_screen' }>) => {
    if (action !== 'view') return false;
    switch (r.screen) {
      case 'catalogue':
      case 'organisations':
        // Ministry staff and analysts read the reference data and the organisations; admins edit them.
        return hasRole(a, 'admin', 'program_officer', 'analyst');
      case 'assessment_categories':
        // Municipal officers need the categories to run their assessments.
        return hasRole(a, 'admin', 'program_officer', 'analyst', 'municipal_officer');
      default:
        return isAdmin(a);
    }
  },
  program_results: (a, action) => action === 'view' && hasRole(a, 'program_officer', 'territorial_officer', 'analyst', 'admin'),
  program: (a, action, r: Extract<Resource, { type: 'program' }>) => {
    const published = r.status !== 'draft' && r.status !== 'revision';
    const publicVersion = published || !!r.hasApprovedVersion || (r.approvedVersionNo ?? 0) > 0;
    // Only officers of the customer organisation (ministry or municipality) change a program.
    const customerOfficer = orgsWithRole(a, 'program_officer', 'municipal_officer').includes(r.customerId);
    // The live draft (also an amendment in progress) is the customer's working text. Ministry program
    // officers coordinate every SSO program, local ones included, and admins support them; analysts,
    // territorial officers, NGOs and the public read approved versions and drafts under discussion only.
    const drafts = programDraftScope(a);
    const seesDraft = drafts.all || drafts.customerIds.includes(r.customerId);
    const editable = r.status === 'draft' || r.status === 'revision';
    switch (action) {
      case 'view_draft':
        return seesDraft;
      case 'view':
      case 'export':
        return publicVersion || seesDraft;
      case 'comment':
        // Anyone, logged in or not, but only while the discussion window is open.
        return r.status === 'public_discussion' && r.discussionOpen === true;
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
    const own = municipalWorkScope(a).municipalityIds.includes(r.municipalityId);
    const published = r.status === 'published';
    // Ministry staff and analysts read every municipality's work; a territorial division its own area.
    const overseer = oversees(a, r.adminUnitSoate);
    switch (action) {
      case 'view_draft':
        // Working data: unpublished stages, facilitators, meeting notes, tallies as typed.
        return own || overseer;
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
      case 'manage':
        // Acting on the adopted priorities (a priority becomes a line of the municipality's own
        // program): the municipality, once the aiyl-aimak meeting has adopted the ranking.
        return own && (r.status === 'prioritised' || published);
      default:
        return false;
    }
  },
  service_plan: (a, action, r: Extract<Resource, { type: 'service_plan' }>) => {
    const own = municipalWorkScope(a).municipalityIds.includes(r.municipalityId);
    const overseer = oversees(a, r.adminUnitSoate);
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
  competition: (a, action, r: Extract<Resource, { type: 'competition' }>) => competitionRule(a, action, r),
  competition_complaint: (a, action, r: Extract<Resource, { type: 'competition_complaint' }>) => {
    const own = orgsWithRole(a, 'ngo_staff').includes(r.organisationId);
    const customer = orgsWithRole(a, 'program_officer', 'municipal_officer').includes(r.customerId);
    const staff = customer || hasRole(a, 'program_officer', 'admin');
    // The commission answers (issue #9): its chair or its secretary, on their commission seat.
    const answerer = !!a && (r.answererUserIds ?? []).includes(a.userId) && hasRole(a, 'commission_member');
    switch (action) {
      case 'view':
        return own || staff || answerer;
      case 'create':
        // The window and the application's status are checked by the caller (assertComplaintWindowOpen).
        return own && r.status === 'new';
      case 'review':
        return answerer && r.status === 'pending';
      default:
        return false;
    }
  },
  application: (a, action, r: Extract<Resource, { type: 'application' }>) => {
    const own = orgsWithRole(a, 'ngo_staff').includes(r.organisationId);
    const customer = orgsWithRole(a, 'program_officer', 'municipal_officer').includes(r.customerId);
    // Ministry program officers coordinate every competition, as they do every program (decision 006).
    const staff = customer || hasRole(a, 'program_officer', 'admin');
    const secretary = !!a && (r.secretaryUserIds ?? []).includes(a.userId) && hasRole(a, 'commission_member');
    switch (action) {
      case 'view':
        // A draft is the NGO's own working text; the customer (and the secretary, for eligibility) see it once submitted.
        return own || ((staff || secretary) && r.status !== 'draft');
      case 'update':
      case 'delete':
        return own && r.status === 'draft';
      case 'approve':
        // Submit (from draft) or withdraw (a submitted one), by the NGO; the window is checked by the caller.
        return own && (r.status === 'draft' || r.status === 'submitted');
      case 'review':
        // Eligibility: admitted or rejected, by the secretary of the commission (issue #9).
        return secretary && (r.status === 'submitted' || r.status === 'admitted' || r.status === 'rejected');
      default:
        return false;
    }
  },
  score_sheet: (a, action, r: Extract<Resource, { type: 'score_sheet' }>) => {
    const member = !!a && r.commissionUserIds.includes(a.userId) && hasRole(a, 'commission_member');
    switch (action) {
      case 'view':
        // The secretary does not score, so has no sheets (and reads identities for eligibility).
        return member && r.role !== 'secretary' && (r.status === 'evaluating' || r.status === 'awarded' || r.status === 'unsuccessful');
      case 'score':
        return member && r.role !== 'secretary' && r.status === 'evaluating' && r.declared === true && !r.scoringClosed;
      default:
        return false;
    }
  },
  commission: (a, action, r: Extract<Resource, { type: 'commission' }>) => {
    const seat = a && hasRole(a, 'commission_member') ? r.members.find((m) => m.userId === a.userId) : undefined;
    const staff = orgsWithRole(a, 'program_officer', 'municipal_officer').includes(r.customerId) || hasRole(a, 'program_officer', 'admin');
    const open = r.status === 'evaluating' && !r.signed;
    switch (action) {
      case 'view':
        // Results: the commission once scoring is closed (codes only until signed); the customer's side once signed.
        return (!!seat && (r.scoringClosed || r.signed)) || (staff && r.signed);
      case 'approve':
        return seat?.role === 'chair' && open && !r.scoringClosed;
      case 'update':
        return seat?.role === 'chair' && open && r.scoringClosed;
      case 'report':
        return seat?.role === 'secretary' && open && r.scoringClosed;
      default:
        return false;
    }
  },
  municipal_planning: (a, action, r: Extract<Resource, { type: 'municipal_planning' }>) =>
    action === 'create' &&
    municipalWorkScope(a).municipalityIds.some((municipalityId) =>
      can(a, 'create', r.of === 'needs_assessment' ? { type: 'needs_assessment', id: 'new', municipalityId, status: 'planned' } : { type: 'service_plan', id: 'new', municipalityId }),
    ),
  analytics_explorer: (a, action) => (action === 'view' || action === 'export' || action === 'create') && explorerScope(a) !== null,
  analytics_view: (a, action, r: Extract<Resource, { type: 'analytics_view' }>) =>
    !!a && a.userId === r.ownerId && (action === 'view' || action === 'delete') && explorerScope(a) !== null,
  monitoring_visit: (a, action, r: Extract<Resource, { type: 'monitoring_visit' }>) => monitoringVisitRule(a, action, r),
  monitoring_recommendation: (a, action, r: Extract<Resource, { type: 'monitoring_recommendation' }>) => {
    const visitEditor = monitoringEditor(a, r.visit);
    const visible = monitoringVisitRule(a, 'view', { type: 'monitoring_visit', ...r.visit });
    const responsible = orgsWithRole(a, 'ngo_staff').includes(r.responsibleOrgId);
    switch (action) {
      case 'view':
        return visible;
      case 'create':
      case 'approve':
        // Recommendations are written and decided by the officers who monitor the project.
        return visitEditor;
      case 'report':
        // Follow-up: the officers, or the responsible NGO once the visit is final (so it sees it).
        return visitEditor || (visible && responsible);
      default:
        return false;
    }
  },
  monitoring_decision: (a, action, r: Extract<Resource, { type: 'monitoring_decision' }>) => {
    // Decisions are the ministry's: the customer's program officers record them and mark their
    // follow-up done (admins too, for support); whoever monitors the project reads them, and the
    // contractor NGO reads the decisions about its own project.
    const decider = orgsWithRole(a, 'program_officer').includes(r.customerId) || isAdmin(a);
    switch (action) {
      case 'view':
        return decider || monitoringEditor(a, r) || orgsWithRole(a, 'ngo_staff').includes(r.contractorId);
      case 'create':
      case 'update':
        return decider;
      default:
        return false;
    }
  },
  monitoring_board: (a, action) => action === 'view' && hasRole(a, 'program_officer', 'territorial_officer', 'admin'),
  questionnaire: (a, action) => (action === 'view' || action === 'import' || action === 'export') && hasRole(a, 'program_officer', 'territorial_officer', 'admin'),
  project_evaluation: (a, action, r: Extract<Resource, { type: 'project_evaluation' }>) => {
    // The project's monitoring officers evaluate a finished project; admins read; the contractor reads it once final.
    const editor = monitoringEditor(a, r);
    if (action === 'view') return editor || isAdmin(a) || (orgsWithRole(a, 'ngo_staff').includes(r.contractorId) && r.status === 'final');
    if (action === 'update') return editor && r.finished && r.status !== 'final';
    return false;
  },
  evaluation_criteria: (a, action) => (action === 'view' && hasRole(a, 'program_officer', 'territorial_officer', 'admin')) || (action === 'manage' && isAdmin(a)),
  checklist_template: (a, action) => (action === 'view' && hasRole(a, 'program_officer', 'territorial_officer', 'admin')) || (action === 'manage' && isAdmin(a)),
  annual_report: (a, action, r: Extract<Resource, { type: 'annual_report' }>) => {
    // The live report: ministry staff, analysts (the issue gives them the report) and admins;
    // publishing it: the program officers of the program's customer.
    if (action === 'view' || action === 'export') return hasRole(a, 'program_officer', 'analyst', 'admin');
    if (action === 'approve') return orgsWithRole(a, 'program_officer').includes(r.customerId);
    return false;
  },
  questionnaire_response: (a, action, r: Extract<Resource, { type: 'questionnaire_response' }>) => {
    // Entered and imported by the officers who monitor the project; read (summaries, exports) by them and admins.
    const editor = monitoringEditor(a, r);
    if (action === 'create' || action === 'import') return editor;
    if (action === 'view' || action === 'export') return editor || isAdmin(a);
    return false;
  },
  respondent_names: (a, action, r: Extract<Resource, { type: 'respondent_names' }>) => action === 'view' && inTerritory(a, [r.adminUnitSoate]),
  export_job: (a, action, r: Extract<Resource, { type: 'export_job' }>) => !!a && a.userId === r.ownerId && action === 'view',
  import_job: (a, action, r: Extract<Resource, { type: 'import_job' }>) => !!a && a.userId === r.ownerId && action === 'view',
};

/**
 * Who monitors a project: the territorial officers of its territory and the customer's program
 * officers. They plan, record and finalise visits and write recommendations.
 */
function monitoringEditor(a: Actor | null, r: { customerId: string; adminUnitSoates: string[] }): boolean {
  if (!a) return false;
  return orgsWithRole(a, 'program_officer').includes(r.customerId) || inTerritory(a, r.adminUnitSoates);
}

/**
 * Monitoring visits: the monitoring officers see and edit them (edits until final); admins read them;
 * the contractor NGO reads its own project's visits once final; everyone else gets a 404.
 */
function monitoringVisitRule(a: Actor | null, action: Action, r: Extract<Resource, { type: 'monitoring_visit' }>): boolean {
  if (!a) return false;
  const editor = monitoringEditor(a, r);
  const contractor = orgsWithRole(a, 'ngo_staff').includes(r.contractorId);
  switch (action) {
    case 'view':
      return editor || isAdmin(a) || (contractor && r.status === 'final');
    case 'create':
      return editor && r.status === 'new';
    case 'update':
    case 'approve':
      return editor && (r.status === 'planned' || r.status === 'draft');
    default:
      return false;
  }
}

/** Competitions: the customer's officers run them; the public reads them once announced; members read their own. */
function competitionRule(a: Actor | null, action: Action, r: Extract<Resource, { type: 'competition' }>): boolean {
  const customer = orgsWithRole(a, 'program_officer', 'municipal_officer').includes(r.customerId);
  const staff = customer || hasRole(a, 'program_officer', 'admin');
  const member = !!a && (r.commissionUserIds ?? []).includes(a.userId) && hasRole(a, 'commission_member');
  switch (action) {
    case 'view':
      // Planned competitions are working drafts; from the announcement on, the competition is public.
      return r.status !== 'planned' || staff || hasRole(a, 'analyst');
    case 'view_draft':
      // The internal page: applications received, commission, workflow.
      return staff || hasRole(a, 'analyst') || member;
    case 'create':
    case 'manage':
      return customer;
    case 'report':
      // Starting an application: staff of an NGO while applications are accepted.
      return hasRole(a, 'ngo_staff') && r.status === 'accepting';
    default:
      return false;
  }
}

/** The single authorisation question: may this actor (or an anonymous visitor) do this to that? */
export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
  return rules[resource.type](actor, action, resource);
}

/** What a program shows to someone: its live lines, or a frozen (approved) version's snapshot. */
export type ProgramContentChoice = { kind: 'live' } | { kind: 'version'; versionNo: number };

/**
 * The one rule for "which version of this program may this person read". Who may see drafts
 * (`view_draft`) gets the live lines, or any approved version they ask for. Everyone else gets the
 * draft only while it is under public discussion, otherwise the last approved version, also while
 * an amendment is being drafted; `null` (a 404) when nothing is public yet. Asking for a version
 * that was never approved falls back to the default.
 */
export function visibleProgramVersion(
  actor: Actor | null,
  program: Extract<Resource, { type: 'program' }> & { approvedVersionNo: number },
  requested?: number | null,
): ProgramContentChoice | null {
  const approved = program.approvedVersionNo;
  const asked = requested && Number.isInteger(requested) && requested >= 1 && requested <= approved ? requested : undefined;
  if (can(actor, 'view_draft', program)) return asked ? { kind: 'version', versionNo: asked } : { kind: 'live' };
  if (asked) return { kind: 'version', versionNo: asked };
  if (program.status === 'public_discussion') return { kind: 'live' };
  if (approved > 0) return { kind: 'version', versionNo: approved };
  return null;
}

/** What the public pages and public exports show: visibleProgramVersion for an anonymous visitor. */
export function publicProgramVersion(
  program: Extract<Resource, { type: 'program' }> & { approvedVersionNo: number },
  requested?: number | null,
): ProgramContentChoice | null {
  return visibleProgramVersion(null, program, requested);
}
