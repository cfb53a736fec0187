/**
 * THE ROUTE MATRIX: who gets what from every route module in app/routes.
 *
 * New routes must join the table. route-matrix.e2e.ts reads app/routes and fails when a route module
 * has no row here, then walks every row against the built app over HTTP as each actor below and fails
 * on every cell that differs. Write the INTENDED policy, not what the code happens to do today.
 *
 * A row names one route module (`file`), a URL built from demo records (`path`, see `Fixtures`), the
 * answer to GET per actor and, for modules with an action, the answer to a POST of a harmless body
 * (`post`, by default only the CSRF token; sent to `?index` for index routes, as Remix forms do): a
 * denial is 404 (Kamkor never says 403, so ids reveal nothing), an allowed but invalid POST is 400, a
 * visitor is sent to log in. Modules without an action must answer 405 to POST (checked when `post` is
 * absent). A module may have several rows (a draft and a published record); a row of a module with an
 * action may leave `post` out when another row covers it. `note` says which rule the row shows.
 *
 * Cells: a status (200, 404, …); `LOGIN` = 302 to /login; `'302 /x'` = 302 whose Location starts with
 * /x (a row's `get`/`post` may be a function of the fixtures to name a record's URL in it); `HIDDEN` = the draft amendment of the 2026 program must not reach this actor: 404, or 200 whose
 * page (or workbook) does not contain the draft (see `leaksDraft`); `PUBLIC` = 200 and no draft.
 */

export const actors = [
  'anon',
  'admin',
  'officer',
  'naryn',
  'osh',
  'commission',
  'ngo',
  'ngo2',
  'municipal',
  'jazy',
  'analyst',
] as const;
export type ActorKey = (typeof actors)[number];

/** Demo accounts (packages/db/src/seed/people.ts) behind each actor; all share the demo password. */
export const actorEmails: Record<Exclude<ActorKey, 'anon'>, string> = {
  admin: 'admin@kamkor.kg',
  officer: 'officer@kamkor.kg', // program officer of the ministry
  naryn: 'naryn@kamkor.kg', // territorial officer, Naryn oblast (project SSO-2025-001 is there)
  osh: 'osh@kamkor.kg', // territorial officer, Osh oblast (Jazy is there)
  commission: 'commission@kamkor.kg', // competition commission member (ministry)
  ngo: 'ngo@kamkor.kg', // staff of ngo-1, contractor of SSO-2025-001
  ngo2: 'ngo2@kamkor.kg', // staff of ngo-2: an NGO that is NOT that project's contractor
  municipal: 'municipal@kamkor.kg', // municipal officer of Aleksandrovka (mun-1)
  jazy: 'jazy@kamkor.kg', // municipal officer of Jazy (mun-2), another municipality
  analyst: 'analyst@kamkor.kg',
};

export type Cell = number | 'LOGIN' | 'HIDDEN' | 'PUBLIC' | `302 /${string}`;
export type Cells = Record<ActorKey, Cell>;
export const LOGIN = 'LOGIN' as const;
export const HIDDEN = 'HIDDEN' as const;
export const PUBLIC = 'PUBLIC' as const;

/** Demo records the rows point at, looked up before the walk (route-matrix.e2e.ts). */
export interface Fixtures {
  /** The ministry's 2027 program: a draft never approved. */
  draftProgram: string;
  /** A line of the 2027 draft. */
  draftLine: string;
  /** The approved 2026 program, now with a draft amendment (v2) holding a line and an indicator marked as the draft. */
  amendedProgram: string;
  /** Aleksandrovka's (mun-1) local program, in public discussion. */
  localProgram: string;
  /** SSO-2025-001: contractor ngo-1, customer the ministry, territory in Naryn oblast. */
  project: string;
  /** An indicator of that project. */
  indicator: string;
  /** Aleksandrovka's (mun-1) published assessment. */
  publishedAssessment: string;
  /** Jazy's (mun-2) assessment, unpublished (meetings stage). */
  draftAssessment: string;
  /** A village meeting of Jazy's assessment. */
  meeting: string;
  /** A problem of Jazy's assessment. */
  problem: string;
  /** Aleksandrovka's (mun-1) service improvement plan. */
  servicePlan: string;
  /** Organisation ngo-1. */
  ngoOrg: string;
  /** A background export of the program list the analyst started (POST /exports): only the analyst's. */
  exportJob: string;
  /** A background bulk-import dry run the officer started (POST /projects/import, a file with an error): only the officer's. */
  importJob: string;
}

export interface Row {
  file: string;
  note: string;
  path: (f: Fixtures) => string;
  /** The expected answers, or a function of the demo records when a cell names one (e.g. a redirect to a record's page). */
  get: Cells | ((f: Fixtures) => Cells);
  /** Absent: 405 for everyone if the module has no action; not walked if another row covers its action. */
  post?: Cells | ((f: Fixtures) => Cells);
  /** Extra fields of the harmless POST body (the CSRF token is always added for logged-in actors). */
  body?: Record<string, string>;
}

/** Every actor gets `def`, except those named. */
export function cells(def: Cell, except: Partial<Record<ActorKey, Cell>> = {}): Cells {
  return Object.fromEntries(actors.map((a) => [a, except[a] ?? def])) as Cells;
}
/** Only the named actors get `ok`; other signed-in actors 404; the visitor is sent to log in. */
function only(ok: Cell, who: ActorKey[], extra: Partial<Record<ActorKey, Cell>> = {}): Cells {
  return cells(404, { anon: LOGIN, ...Object.fromEntries(who.map((a) => [a, ok])), ...extra });
}
const signedIn = (ok: Cell, extra: Partial<Record<ActorKey, Cell>> = {}) => cells(ok, { anon: LOGIN, ...extra });

/**
 * Who sees a program's drafts: the ministry's program officers and admins (and the customer's officers).
 * Not analysts: they read approved versions and drafts under discussion only (decision 006, one owner of
 * visibility), so a never-approved draft is a 404 for them and an amendment HIDDEN.
 */
const draftReaders: ActorKey[] = ['admin', 'officer'];
/** Everyone else signed in must not see an unpublished amendment. */
const amendedHidden = cells(HIDDEN, { anon: LOGIN, admin: 200, officer: 200 });
/** Project SSO-2025-001 is seen by its contractor (ngo), the ministry, and the Naryn division. */
const projectViewers: ActorKey[] = ['admin', 'officer', 'analyst', 'naryn', 'ngo'];
/** Jazy's unpublished assessment: Jazy, the ministry, the Osh division (Jazy is in Osh oblast). */
const jazyViewers: ActorKey[] = ['admin', 'officer', 'analyst', 'osh', 'jazy'];
/** Aleksandrovka's service plan: Aleksandrovka and the ministry (Aleksandrovka is in Chui, no division here). */
const planViewers: ActorKey[] = ['admin', 'officer', 'analyst', 'municipal'];

export const rows: Row[] = [
  // ---- site, accounts ----
  { file: '$.tsx', note: 'unknown URLs are 404 for everyone', path: () => '/no-such-page', get: cells(404) },
  { file: '_index.tsx', note: 'home page: public', path: () => '/', get: cells(200) },
  { file: 'account.tsx', note: 'own account: signed in only; empty password form is 400', path: () => '/account', get: signedIn(200), post: signedIn(400) },
  { file: 'language.tsx', note: 'language switch: anyone, redirects back', path: () => '/language', get: cells('302 /'), post: cells('302 /') },
  {
    file: 'login.tsx',
    note: 'login page: visitors (an empty form is 400); signed-in users go home',
    path: () => '/login',
    get: cells('302 /', { anon: 200 }),
    post: cells('302 /', { anon: 400 }),
  },
  { file: 'logout.tsx', note: 'logout: POST only (walked last, it ends the session)', path: () => '/logout', get: cells('302 /'), post: cells('302 /login') },
  { file: 'my-organisation.tsx', note: 'redirects to the own organisation', path: () => '/my-organisation', get: signedIn('302 /organisations/') },
  {
    file: 'organisations.$id.tsx',
    note: "an NGO's card: its own staff, officers, analysts, admin; not another NGO, a municipality or the commission",
    path: (f) => `/organisations/${f.ngoOrg}`,
    get: only(200, ['admin', 'officer', 'naryn', 'osh', 'analyst', 'ngo']),
  },
  { file: 'set-password.$token.tsx', note: 'unknown token: 404; empty form 400', path: () => '/set-password/not-a-token', get: cells(404), post: cells(400) },

  // ---- administration ----
  {
    file: 'admin.assessment-categories.tsx',
    note: 'reference lists of assessments: read by admin, ministry officers, analysts, municipal officers; written by admin only',
    path: () => '/admin/assessment-categories',
    get: only(200, ['admin', 'officer', 'analyst', 'municipal', 'jazy']),
    post: only(400, ['admin']),
  },
  { file: 'admin.audit.tsx', note: 'audit log: admin and analyst read it', path: () => '/admin/audit', get: only(200, ['admin', 'analyst']) },
  {
    file: 'admin.catalogue.tsx',
    note: 'service catalogue: read by admin, officers, analysts; written by admin only',
    path: () => '/admin/catalogue',
    get: only(200, ['admin', 'officer', 'analyst']),
    post: only(400, ['admin']),
  },
  { file: 'admin.disaggregations.tsx', note: 'admin only', path: () => '/admin/disaggregations', get: only(200, ['admin']), post: only(400, ['admin']) },
  {
    file: 'admin.organisations.$id.edit.tsx',
    note: 'editing an organisation: admin only (not even its own staff)',
    path: (f) => `/admin/organisations/${f.ngoOrg}/edit`,
    get: only(200, ['admin']),
    post: only(400, ['admin']),
  },
  { file: 'admin.organisations._index.tsx', note: 'organisation list: admin, officers, analysts', path: () => '/admin/organisations', get: only(200, ['admin', 'officer', 'analyst']) },
  { file: 'admin.organisations.new.tsx', note: 'admin only', path: () => '/admin/organisations/new', get: only(200, ['admin']), post: only(400, ['admin']) },
  { file: 'admin.results-settings.tsx', note: 'admin only', path: () => '/admin/results-settings', get: only(200, ['admin']), post: only(400, ['admin']) },
  { file: 'admin.territory._index.tsx', note: 'the territory classifier is reference data: every signed-in user reads it', path: () => '/admin/territory', get: signedIn(200) },
  { file: 'admin.territory.import.tsx', note: 'classifier import: admin only; no file is 400', path: () => '/admin/territory/import', get: only(200, ['admin']), post: only(400, ['admin']) },
  { file: 'admin.users._index.tsx', note: 'users: admin only; a POST without intent goes back to the list', path: () => '/admin/users', get: only(200, ['admin']), post: only('302 /admin/users', ['admin']) },
  { file: 'admin.users.new.tsx', note: 'admin only', path: () => '/admin/users/new', get: only(200, ['admin']), post: only(400, ['admin']) },

  // ---- programs (internal pages) ----
  { file: 'programs._index.tsx', note: 'program list: every signed-in user, filtered by the policy', path: () => '/programs', get: signedIn(200) },
  {
    file: 'programs.new.tsx',
    note: 'a new program: program officers and municipal officers (their own organisation) only; others are denied before the form is validated',
    path: () => '/programs/new',
    get: only(200, ['officer', 'municipal', 'jazy']),
    post: only(400, ['officer', 'municipal', 'jazy']),
  },
  {
    file: 'programs.$id._index.tsx',
    note: 'a never-approved draft: program officers and admins only (not analysts); workflow POSTs: the customer officer',
    path: (f) => `/programs/${f.draftProgram}`,
    get: only(200, draftReaders),
    post: only(400, ['officer']),
  },
  {
    file: 'programs.$id._index.tsx',
    note: 'an approved program with a draft amendment: others never see the amendment (404 or the approved version)',
    path: (f) => `/programs/${f.amendedProgram}`,
    get: amendedHidden,
  },
  {
    file: 'programs.$id._index.tsx',
    note: "Aleksandrovka's local program in discussion: all signed in read it; only Aleksandrovka runs its workflow",
    path: (f) => `/programs/${f.localProgram}`,
    get: signedIn(200),
    post: only(400, ['municipal']),
  },
  {
    file: 'programs.$id.discussion.tsx',
    note: 'comments of the amended program: moderation by the customer officer only',
    path: (f) => `/programs/${f.amendedProgram}/discussion`,
    get: amendedHidden,
    post: only(400, ['officer'], { admin: 404, analyst: 404 }),
  },
  { file: 'programs.$id.edit.tsx', note: 'header of a draft: the customer officer', path: (f) => `/programs/${f.draftProgram}/edit`, get: only(200, ['officer']), post: only(400, ['officer']) },
  {
    file: 'programs.$id.export.tsx',
    note: 'workbook of the amended program: the draft only to program officers and admins; anyone else the approved version (no login needed)',
    path: (f) => `/programs/${f.amendedProgram}/export`,
    get: cells(HIDDEN, { admin: 200, officer: 200 }),
  },
  {
    file: 'programs.$id.export.tsx',
    note: 'workbook of a never-approved draft: program officers and admins only (not analysts)',
    path: (f) => `/programs/${f.draftProgram}/export`,
    get: cells(404, { admin: 200, officer: 200 }),
  },
  {
    file: 'programs.$id.import-errors.tsx',
    note: "error copy of an import: the customer officer's own upload only (none named here: 404)",
    path: (f) => `/programs/${f.draftProgram}/import-errors`,
    get: only(404, []),
  },
  { file: 'programs.$id.import.tsx', note: 'line import: the customer officer; no file is 400', path: (f) => `/programs/${f.draftProgram}/import`, get: only(200, ['officer']), post: only(400, ['officer']) },
  {
    file: 'programs.$id.indicators.tsx',
    note: 'indicators of the amended program: the draft indicator only for program officers and admins; adding one: the customer officer',
    path: (f) => `/programs/${f.amendedProgram}/indicators`,
    get: amendedHidden,
    post: only(400, ['officer']),
  },
  {
    file: 'programs.$id.lines.$lineId.tsx',
    note: 'editing a line of a draft: the customer officer',
    path: (f) => `/programs/${f.draftProgram}/lines/${f.draftLine}`,
    get: only(200, ['officer']),
    post: only(400, ['officer']),
  },
  { file: 'programs.$id.lines.new.tsx', note: 'new line: the customer officer', path: (f) => `/programs/${f.draftProgram}/lines/new`, get: only(200, ['officer']), post: only(400, ['officer']) },
  {
    file: 'programs.$id.print.tsx',
    note: 'A4 print of the amended program: the draft only to program officers and admins',
    path: (f) => `/programs/${f.amendedProgram}/print`,
    get: cells(HIDDEN, { admin: 200, officer: 200 }),
  },
  {
    file: 'programs.$id.summary-xlsx.tsx',
    note: 'discussion summary workbook of a never-approved draft: program officers and admins only',
    path: (f) => `/programs/${f.draftProgram}/summary-xlsx`,
    get: cells(404, { admin: 200, officer: 200 }),
  },
  {
    file: 'programs.$id.summary.tsx',
    note: 'discussion summary of a never-approved draft: program officers and admins only',
    path: (f) => `/programs/${f.draftProgram}/summary`,
    get: cells(404, { admin: 200, officer: 200 }),
  },
  { file: 'programs.$id.template.tsx', note: 'import template of a draft: the customer officer', path: (f) => `/programs/${f.draftProgram}/template`, get: only(200, ['officer']) },
  {
    file: 'programs.$id.versions.tsx',
    note: 'versions and diff of the amended program: the draft (v2) only for program officers and admins',
    path: (f) => `/programs/${f.amendedProgram}/versions`,
    get: amendedHidden,
  },

  // ---- programs (public pages) ----
  { file: 'public.programs._index.tsx', note: 'public list', path: () => '/public/programs', get: cells(200) },
  {
    file: 'public.programs.$id.tsx',
    note: 'public page of the amended program: the last approved version, for everyone',
    path: (f) => `/public/programs/${f.amendedProgram}`,
    get: cells(PUBLIC),
    post: cells(404),
  },
  { file: 'public.programs.$id.tsx', note: 'a never-approved draft has no public page', path: (f) => `/public/programs/${f.draftProgram}`, get: cells(404) },
  {
    file: 'public.programs.$id.tsx',
    note: 'a program in open discussion: anyone may comment (an empty comment is 400)',
    path: (f) => `/public/programs/${f.localProgram}`,
    get: cells(200),
    post: cells(400),
  },
  { file: 'public.programs.$id.export.tsx', note: 'public workbook of the amended program: the approved version', path: (f) => `/public/programs/${f.amendedProgram}/export`, get: cells(PUBLIC) },
  { file: 'public.programs.$id.export.tsx', note: 'no public workbook of a never-approved draft', path: (f) => `/public/programs/${f.draftProgram}/export`, get: cells(404) },
  { file: 'public.programs.$id_.print.tsx', note: 'public print of the amended program: the approved version', path: (f) => `/public/programs/${f.amendedProgram}/print`, get: cells(PUBLIC) },

  // ---- results ----
  { file: 'projects._index.tsx', note: 'project list: signed in, filtered by the policy', path: () => '/projects', get: signedIn(200) },
  { file: 'projects.new.tsx', note: 'registering a contract: program officers and admin', path: () => '/projects/new', get: only(200, ['officer', 'admin']), post: only(400, ['officer', 'admin']) },
  {
    file: 'projects.import.tsx',
    note: 'bulk import of legacy results: officers, territorial officers, analysts, admin (domain rule results_import)',
    path: () => '/projects/import',
    get: only(200, ['officer', 'naryn', 'osh', 'analyst', 'admin']),
    post: only(400, ['officer', 'naryn', 'osh', 'analyst', 'admin']),
  },
  {
    file: 'projects.import_.errors.tsx',
    note: "error copy of a bulk import: its uploader's own file only (none named here: 404)",
    path: () => '/projects/import/errors?file=00000000-0000-4000-8000-000000000000',
    get: only(404, []),
  },
  {
    file: 'projects.import_.$id.tsx',
    note: "a background bulk import's page: only the user who started it (others get the 404 of an unknown id); its apply: refused (409) for a dry run with errors",
    path: (f) => `/projects/import/${f.importJob}`,
    get: only(200, ['officer']),
    post: only(409, ['officer']),
  },
  {
    file: 'projects.import_.$id.tsx',
    note: 'an unknown bulk import: 404 for everyone signed in',
    path: () => '/projects/import/00000000-0000-4000-8000-000000000000',
    get: only(404, []),
  },
  {
    file: 'projects.program-results.tsx',
    note: 'program-level results: ministry, territorial officers, analysts',
    path: () => '/projects/program-results',
    get: only(200, ['admin', 'officer', 'naryn', 'osh', 'analyst']),
  },
  {
    file: 'projects.$id._index.tsx',
    note: 'a project: its contractor, the ministry, the division of its territory; not another NGO or division; framework edits: the customer officer and admin (signed contract)',
    path: (f) => `/projects/${f.project}`,
    get: only(200, projectViewers),
    post: only(400, ['officer', 'admin']),
  },
  {
    file: 'projects.$id.indicators.$indicatorId.tsx',
    note: 'an indicator passport: as the project; edits: the customer officer and admin',
    path: (f) => `/projects/${f.project}/indicators/${f.indicator}`,
    get: only(200, projectViewers),
    post: only(400, ['officer', 'admin']),
  },
  {
    file: 'projects.$id.reports.$period.tsx',
    note: 'a report: readers as the project; a POST needs a part in the workflow (contractor, reviewers, admin unlock), so an analyst is denied',
    path: (f) => `/projects/${f.project}/reports/2026-Q4`,
    get: only(200, projectViewers),
    post: only(400, ['ngo', 'officer', 'naryn', 'admin']),
  },
  {
    file: 'projects.$id.reports.$period_.evidence.tsx',
    note: "evidence file: readers of the report, by file id (none named: 404); uploading: the contractor (no file: back to the report)",
    path: (f) => `/projects/${f.project}/reports/2026-Q4/evidence`,
    get: only(404, []),
    post: only('302 /projects/', ['ngo']),
  },
  {
    file: 'projects.$id.reports.$period_.template.tsx',
    note: "report template: the contractor",
    path: (f) => `/projects/${f.project}/reports/2026-Q4/template`,
    get: only(200, ['ngo']),
  },
  {
    file: 'projects.$id.reports.$period_.upload-errors.tsx',
    note: "error copy: the contractor's own upload only (none named: 404)",
    path: (f) => `/projects/${f.project}/reports/2026-Q4/upload-errors`,
    get: only(404, []),
  },
  {
    file: 'projects.$id.reports.$period_.upload.tsx',
    note: 'report upload: the contractor; no file is 400',
    path: (f) => `/projects/${f.project}/reports/2026-Q4/upload`,
    get: only(200, ['ngo']),
    post: only(400, ['ngo']),
  },
  { file: 'projects.$id.tracking.tsx', note: 'tracking table: as the project', path: (f) => `/projects/${f.project}/tracking`, get: only(200, projectViewers) },
  {
    file: 'projects.$id.tranches.tsx',
    note: 'tranches: readers as the project; adding one: the customer officer and admin',
    path: (f) => `/projects/${f.project}/tranches`,
    get: only(200, projectViewers),
    post: only(400, ['officer', 'admin']),
  },

  // ---- needs assessments and service plans ----
  { file: 'assessments._index.tsx', note: 'list: signed in, filtered; creating: municipal officers only, denied before validation', path: () => '/assessments', get: signedIn(200), post: only(400, ['municipal', 'jazy']) },
  {
    file: 'assessments.$id.tsx',
    note: "layout of an unpublished assessment (Jazy's): Jazy, the ministry, the Osh division; not another municipality",
    path: (f) => `/assessments/${f.draftAssessment}`,
    get: only(200, jazyViewers),
  },
  {
    file: 'assessments.$id._index.tsx',
    note: 'unpublished assessment: readers as the layout; stage moves: Jazy only',
    path: (f) => `/assessments/${f.draftAssessment}`,
    get: only(200, jazyViewers),
    post: only(400, ['jazy']),
  },
  {
    file: 'assessments.$id._index.tsx',
    note: "a published assessment (Aleksandrovka's): those with working-data rights read it here; everyone else, visitors too, is sent to its public page; it is frozen",
    path: (f) => `/assessments/${f.publishedAssessment}`,
    get: (f) => cells(`302 /public/assessments/${f.publishedAssessment}`, { admin: 200, officer: 200, analyst: 200, municipal: 200 }),
    // Visitors may read it, so a visitor's POST is a plain denial (404), not a login redirect.
    post: cells(404, { municipal: 400 }),
  },
  { file: 'assessments.$id.export.tsx', note: 'workbook: the municipality and overseers', path: (f) => `/assessments/${f.draftAssessment}/export`, get: only(200, jazyViewers) },
  {
    file: 'assessments.$id.focus-groups.tsx',
    note: 'focus groups: readers as the assessment; edits: Jazy',
    path: (f) => `/assessments/${f.draftAssessment}/focus-groups`,
    get: only(200, jazyViewers),
    post: only(400, ['jazy']),
  },
  {
    file: 'assessments.$id.meetings._index.tsx',
    note: 'meetings: readers as the assessment; edits: Jazy',
    path: (f) => `/assessments/${f.draftAssessment}/meetings`,
    get: only(200, jazyViewers),
    post: only(400, ['jazy']),
  },
  {
    file: 'assessments.$id.meetings.$meetingId.tsx',
    note: 'a meeting: readers as the assessment; tally upload: Jazy (no file is 400)',
    path: (f) => `/assessments/${f.draftAssessment}/meetings/${f.meeting}`,
    get: only(200, jazyViewers),
    post: only(400, ['jazy']),
  },
  {
    file: 'assessments.$id.meetings.$meetingId.template.tsx',
    note: 'tally template: the municipality and overseers',
    path: (f) => `/assessments/${f.draftAssessment}/meetings/${f.meeting}/template`,
    get: only(200, jazyViewers),
  },
  {
    file: 'assessments.$id.meetings.$meetingId.error-copy.tsx',
    note: "error copy: Jazy's own upload only (none named: 404)",
    path: (f) => `/assessments/${f.draftAssessment}/meetings/${f.meeting}/error-copy`,
    get: only(404, []),
  },
  {
    file: 'assessments.$id.photos.$photoId.tsx',
    note: 'a photo: readers as the assessment (no photo in the demo: 404 for them too)',
    path: (f) => `/assessments/${f.draftAssessment}/photos/00000000-0000-4000-8000-000000000000`,
    get: only(404, []),
  },
  { file: 'assessments.$id.poster.tsx', note: 'poster: readers as the assessment', path: (f) => `/assessments/${f.draftAssessment}/poster`, get: only(200, jazyViewers) },
  {
    file: 'assessments.$id.problems._index.tsx',
    note: 'problem gallery: readers as the assessment; adding: Jazy',
    path: (f) => `/assessments/${f.draftAssessment}/problems`,
    get: only(200, jazyViewers),
    post: only(400, ['jazy']),
  },
  {
    file: 'assessments.$id.problems.$problemId.tsx',
    note: 'a problem and its cause tree: readers as the assessment; edits: Jazy',
    path: (f) => `/assessments/${f.draftAssessment}/problems/${f.problem}`,
    get: only(200, jazyViewers),
    post: only(400, ['jazy']),
  },
  {
    file: 'assessments.$id.ranking.tsx',
    note: 'ranking: readers as the assessment; sending a priority needs a frozen ranking, so nobody may yet',
    path: (f) => `/assessments/${f.draftAssessment}/ranking`,
    get: only(200, jazyViewers),
    post: only(404, []),
  },
  { file: 'assessments.$id.report.tsx', note: 'A4 report: readers as the assessment', path: (f) => `/assessments/${f.draftAssessment}/report`, get: only(200, jazyViewers) },
  { file: 'public.assessments._index.tsx', note: 'public list', path: () => '/public/assessments', get: cells(200) },
  { file: 'public.assessments.$id.tsx', note: 'a published assessment: public', path: (f) => `/public/assessments/${f.publishedAssessment}`, get: cells(200) },
  { file: 'public.assessments.$id.tsx', note: 'an unpublished one: 404 for everyone, its own municipality too', path: (f) => `/public/assessments/${f.draftAssessment}`, get: cells(404) },
  { file: 'service-plans._index.tsx', note: 'list: signed in, filtered', path: () => '/service-plans', get: signedIn(200) },
  {
    file: 'service-plans.new.tsx',
    note: 'a new plan: municipal officers only, denied before validation',
    path: () => '/service-plans/new',
    get: only(200, ['municipal', 'jazy']),
    post: only(400, ['municipal', 'jazy']),
  },
  {
    file: 'service-plans.$id.tsx',
    note: "Aleksandrovka's plan: Aleksandrovka and the ministry, never public, not Jazy; edits: Aleksandrovka",
    path: (f) => `/service-plans/${f.servicePlan}`,
    get: only(200, planViewers),
    post: only(400, ['municipal']),
  },
  // ---- analytics (issue 10): explorer scope = ministry, analysts, admins all; NGOs, divisions, municipalities their own slice ----
  {
    file: 'analytics.explorer.tsx',
    note: 'explorer: everyone with an explorer scope (their rows only); not the commission; saving an unnamed view is 400',
    path: () => '/analytics/explorer?rows=oblast&cols=period',
    get: cells(200, { anon: LOGIN, commission: 404 }),
    post: cells(400, { anon: LOGIN, commission: 404 }),
  },
  {
    file: 'analytics._index.tsx',
    note: 'dashboard: as the explorer (panels of the own scope)',
    path: () => '/analytics',
    get: cells(200, { anon: LOGIN, commission: 404 }),
  },
  {
    file: 'analytics.explorer.export.tsx',
    note: 'explorer export (xlsx): as the explorer',
    path: () => '/analytics/explorer/export?format=xlsx&rows=ngo',
    get: cells(200, { anon: LOGIN, commission: 404 }),
  },

  // ---- competitions (issue 9) ----
  // Fixed ids of the demo competitions (packages/db/src/seed/competition.ts, demoCompetitionIds): C1 accepts
  // applications (ngo-1 has a draft), C2 is under evaluation (ngo-1 and ngo-2 admitted; commission@ on its commission).
  { file: 'competitions._index.tsx', note: 'competition list: signed in, filtered (planned ones only for the customer side)', path: () => '/competitions', get: signedIn(200) },
  {
    file: 'competitions.new.tsx',
    note: 'a new competition: officers of a customer only, denied before the form is validated',
    path: () => '/competitions/new',
    get: only(200, ['officer', 'municipal', 'jazy']),
    post: only(400, ['officer', 'municipal', 'jazy']),
  },
  {
    file: 'competitions.$id._index.tsx',
    note: 'an announced competition: every signed-in user reads it (NGOs see only their own applications there); the workflow: the customer officer',
    path: () => `/competitions/${C1}`,
    get: signedIn(200),
    post: only(400, ['officer']),
  },
  {
    file: 'competitions.$id._index.tsx',
    note: 'under evaluation: readable; the commission member sees no applications list (no identities)',
    path: () => `/competitions/${C2}`,
    get: signedIn(200),
  },
  {
    file: 'competitions.$id.apply.tsx',
    note: 'applying: NGO staff while applications are accepted',
    path: () => `/competitions/${C1}/apply`,
    get: only(200, ['ngo', 'ngo2']),
    post: only(400, ['ngo', 'ngo2']),
  },
  {
    file: 'competitions.$id.apply.tsx',
    note: 'applying to a competition under evaluation: nobody',
    path: () => `/competitions/${C2}/apply`,
    get: only(404, []),
  },
  {
    file: 'competitions.$id.applications.$appId.tsx',
    note: "ngo-1's draft: its own staff only — not another NGO, not the customer (a draft), never the commission",
    path: () => `/competitions/${C1}/applications/${A1}`,
    get: only(200, ['ngo']),
    post: only(400, ['ngo']),
  },
  {
    file: 'competitions.$id.applications.$appId.tsx',
    note: "ngo-1's admitted application with its identity: its NGO and the customer side; the commission and other NGOs: 404; nobody acts on it now",
    path: () => `/competitions/${C2}/applications/${A2}`,
    get: only(200, ['ngo', 'officer', 'admin']),
    post: only(404, []),
  },
  {
    file: 'competitions.$id.scoring.tsx',
    note: 'evaluation sheets (anonymised): members of this commission only, not even the customer',
    path: () => `/competitions/${C2}/scoring`,
    get: only(200, ['commission']),
    post: only(400, ['commission']),
  },
  { file: 'competitions.$id.scoring.tsx', note: 'not on this commission: 404', path: () => `/competitions/${C1}/scoring`, get: only(404, []) },
  {
    file: 'competitions.$id.protocol.tsx',
    note: 'the protocol is sealed until signed: 404 for everyone; creating a contract: the customer officer (nothing named: 400)',
    path: () => `/competitions/${C2}/protocol`,
    get: only(404, []),
    post: only(400, ['officer']),
  },
  { file: 'public.competitions.$id.tsx', note: 'public announcement: anyone', path: () => `/public/competitions/${C1}`, get: cells(200) },
  // Commission scoring (branch compb). In the demo C2's chair is commission@ (commission2@ a member,
  // secretary@ the secretary; not matrix actors); nobody has declared conflicts and scoring is open.
  {
    file: 'competitions.$id.results.tsx',
    note: 'the commission results page: members of this commission only (sealed: progress only); close/override/sign intents are checked per role (an empty POST is 400)',
    path: () => `/competitions/${C2}/results`,
    get: only(200, ['commission']),
    post: only(400, ['commission']),
  },
  { file: 'competitions.$id.results.tsx', note: 'not on this commission: 404', path: () => `/competitions/${C1}/results`, get: only(404, []) },
  {
    file: 'competitions.$id.scoring_.xlsx.tsx',
    note: 'the offline evaluation sheet: only a member who may score now — before declaring conflicts, not even the member',
    path: () => `/competitions/${C2}/scoring/xlsx`,
    get: only(404, []),
  },
  {
    file: 'competitions.$id.scoring_.upload.tsx',
    note: 'uploading a filled sheet: as the download (declared members while scoring is open), denied before the upload is read',
    path: () => `/competitions/${C2}/scoring/upload`,
    get: only(404, []),
    post: only(404, []),
  },
  {
    file: 'competitions.$id.scoring_.errors.tsx',
    note: "an uploaded sheet's error copy: its uploader only; without a file id 404 for everyone",
    path: () => `/competitions/${C2}/scoring/errors`,
    get: only(404, []),
  },
  {
    file: 'competitions.$id.protocol_.print.tsx',
    note: 'the protocol on A4: sealed while scoring is open (404 for everyone, the chair included)',
    path: () => `/competitions/${C2}/protocol/print`,
    get: only(404, []),
  },
  {
    file: 'competitions.$id.protocol_.xlsx.tsx',
    note: 'the protocol as xlsx: sealed like the print view',
    path: () => `/competitions/${C2}/protocol/xlsx`,
    get: only(404, []),
  },
  // ---- competition content (branch compa): attachments of applications ----
  {
    file: 'competitions.$id.applications.$appId.attachments.tsx',
    note: "ngo-1's draft: downloads need an attachment id (404); acting on it: its own staff only, back to the application when nothing was sent",
    path: () => `/competitions/${C1}/applications/${A1}/attachments`,
    get: only(404, []),
    post: () => only(`302 /competitions/${C1}/applications/${A1}`, ['ngo']),
  },
  {
    file: 'competitions.$id.applications.$appId.attachments.tsx',
    note: "an admitted application: no longer editable by anyone; marking an attachment anonymised is the secretary's act (not in this table), so the officer and the commission's reviewers get 404, as other NGOs do",
    path: () => `/competitions/${C2}/applications/${A2}/attachments`,
    get: only(404, []),
    post: only(404, []),
  },
  {
    file: 'competitions.$id.scoring.attachments.$attId.tsx',
    note: "a reviewer's attachment download: 404 for an unknown attachment, and for everyone off the commission",
    path: () => `/competitions/${C2}/scoring/attachments/00000000-0000-4000-8000-000000000000`,
    get: only(404, []),
  },
  // ---- monitoring (branch monitoring): visits of SSO-2025-001 — 1 is final, 2 is planned (demo seed) ----
  {
    file: 'monitoring._index.tsx',
    note: 'monitoring plan and overdue board: monitoring officers (program, territorial) and admins; its rows are scoped in SQL',
    path: () => '/monitoring',
    get: only(200, ['admin', 'officer', 'naryn', 'osh']),
  },
  {
    file: 'projects.$id.visits._index.tsx',
    note: "a project's visits: its monitoring officers (customer's program officers, Naryn division), admins, and the contractor (final visits only); planning: the monitoring officers, denied before validation",
    path: (f) => `/projects/${f.project}/visits`,
    get: only(200, ['admin', 'officer', 'naryn', 'ngo']),
    post: only(400, ['officer', 'naryn']),
  },
  {
    file: 'projects.$id.visits._index.tsx',
    note: "recording a ministry decision on the project: the customer's program officers and admins (an empty decision is 400); the territory's officers and the contractor read decisions but may not record them, others 404 before validation",
    path: (f) => `/projects/${f.project}/visits`,
    get: only(200, ['admin', 'officer', 'naryn', 'ngo']),
    post: only(400, ['admin', 'officer']),
    body: { intent: 'decision' },
  },
  {
    file: 'projects.$id.visits._index.tsx',
    note: "closing a decision's follow-up: an unknown decision is 404 for those who may close one (the grant is in the integration test) and for everyone else",
    path: (f) => `/projects/${f.project}/visits`,
    get: only(200, ['admin', 'officer', 'naryn', 'ngo']),
    post: only(404, []),
    body: { intent: 'closeDecision', decisionId: '00000000-0000-4000-8000-000000000000' },
  },
  {
    file: 'projects.$id.visits.$visitNo.tsx',
    note: 'a final visit: readers as the list, the contractor included; frozen, so no one may change it',
    path: (f) => `/projects/${f.project}/visits/1`,
    get: only(200, ['admin', 'officer', 'naryn', 'ngo']),
    post: only(404, []),
  },
  {
    file: 'projects.$id.visits.$visitNo.tsx',
    note: 'a planned visit: not the contractor yet; recording: the monitoring officers (an empty record is 400)',
    path: (f) => `/projects/${f.project}/visits/2`,
    get: only(200, ['admin', 'officer', 'naryn']),
    post: only(400, ['officer', 'naryn']),
  },
  {
    file: 'monitoring.questionnaires._index.tsx',
    note: 'questionnaires: monitoring officers and admins; an import without a file is 400, others 404 before the upload is read',
    path: () => '/monitoring/questionnaires',
    get: only(200, ['admin', 'officer', 'naryn', 'osh']),
    post: only(400, ['admin', 'officer', 'naryn', 'osh']),
  },
  {
    file: 'monitoring.questionnaires.$formId.tsx',
    note: 'the demo beneficiary questionnaire: readers as the list; an unknown form id is 404',
    path: () => '/monitoring/questionnaires/beneficiary_2026',
    get: only(200, ['admin', 'officer', 'naryn', 'osh']),
  },
  {
    file: 'monitoring.questionnaires.$formId_.xlsx.tsx',
    note: 'XLSForm export of the demo questionnaire: readers as the list',
    path: () => '/monitoring/questionnaires/beneficiary_2026/xlsx',
    get: only(200, ['admin', 'officer', 'naryn', 'osh']),
  },
  {
    file: 'projects.$id.visits.$visitNo_.files.tsx',
    note: "a visit's file: GET without a file id is 404 for readers too; attaching: the monitoring officers, back to the visit when no file was sent",
    path: (f) => `/projects/${f.project}/visits/2/files`,
    get: only(404, []),
    post: (f) => only(`302 /projects/${f.project}/visits/2`, ['officer', 'naryn']),
  },
  // ---- questionnaire builder, evaluation, annual M&E report (branch mereport, decision 018) ----
  {
    file: 'monitoring.questionnaires.new.tsx',
    note: 'the questionnaire builder: those who may import questionnaires; an empty definition is 400, others 404 before the body is read',
    path: () => '/monitoring/questionnaires/new',
    get: only(200, ['admin', 'officer', 'naryn', 'osh']),
    post: only(400, ['admin', 'officer', 'naryn', 'osh']),
  },
  {
    file: 'monitoring.questionnaires.$formId_.edit.tsx',
    note: 'the demo questionnaire in the builder: as the builder; saving an empty definition is 400',
    path: () => '/monitoring/questionnaires/beneficiary_2026/edit',
    get: only(200, ['admin', 'officer', 'naryn', 'osh']),
    post: only(400, ['admin', 'officer', 'naryn', 'osh']),
  },
  {
    file: 'projects.$id.evaluation.tsx',
    note: "SSO-2025-001's evaluation sheet: its monitoring officers (ministry, Naryn division) and admins; the contractor only once final (none yet); the project has not finished, so no one may evaluate",
    path: (f) => `/projects/${f.project}/evaluation`,
    get: only(200, ['admin', 'officer', 'naryn']),
    post: only(404, []),
  },
  {
    file: 'monitoring.reports._index.tsx',
    note: 'annual M&E reports: ministry program officers, analysts and admins',
    path: () => '/monitoring/reports',
    get: only(200, ['admin', 'officer', 'analyst']),
  },
  {
    file: 'monitoring.reports.$programId.$year.tsx',
    note: "the 2026 program's annual report, generated live: readers as the list; publishing: the customer's (ministry's) program officers, a POST without an intent is 400",
    path: (f) => `/monitoring/reports/${f.amendedProgram}/2026`,
    get: only(200, ['admin', 'officer', 'analyst']),
    post: only(400, ['officer']),
  },
  {
    file: 'monitoring.reports.$programId.$year_.print.tsx',
    note: 'the annual report on A4: readers as the report',
    path: (f) => `/monitoring/reports/${f.amendedProgram}/2026/print`,
    get: only(200, ['admin', 'officer', 'analyst']),
  },
  {
    file: 'monitoring.reports.$programId.$year_.xlsx.tsx',
    note: 'the annual report as xlsx: readers as the report',
    path: (f) => `/monitoring/reports/${f.amendedProgram}/2026/xlsx`,
    get: only(200, ['admin', 'officer', 'analyst']),
  },
  {
    file: 'admin.evaluation-criteria.tsx',
    note: 'evaluation criteria: read by the evaluators (program, territorial officers) and admins; a new version by admins only (an empty form is 400)',
    path: () => '/admin/evaluation-criteria',
    get: only(200, ['admin', 'officer', 'naryn', 'osh']),
    post: only(400, ['admin']),
  },
  {
    file: 'admin.checklists.tsx',
    note: 'the visit checklist template: read by the monitoring officers (program, territorial) and admins; a new version by admins only (an empty form is 400)',
    path: () => '/admin/checklists',
    get: only(200, ['admin', 'officer', 'naryn', 'osh']),
    post: only(400, ['admin']),
  },
  { file: 'public.monitoring-reports._index.tsx', note: 'published annual reports: anyone', path: () => '/public/monitoring-reports', get: cells(200) },
  {
    file: 'public.monitoring-reports.$programId.$year.tsx',
    note: 'a report not published (the demo 2026 one): 404 for everyone, the ministry included (it reads the internal page)',
    path: (f) => `/public/monitoring-reports/${f.amendedProgram}/2026`,
    get: cells(404),
  },
  // ---- competitions: public list, results, complaints, OCDS (branch compc). C3 = the 2027 round with published
  // results and an answered complaint of ngo-2 (ngo-1 may still complain); C4 = a planned draft (seed/competition-results.ts).
  { file: 'public.competitions._index.tsx', note: 'public list of competitions: anyone, no applicant named', path: () => '/public/competitions', get: cells(200) },
  { file: 'public.competitions.$id.tsx', note: 'published results (winners, totals, complaints): anyone', path: () => `/public/competitions/${C3}`, get: cells(200) },
  { file: 'public.competitions.$id.tsx', note: 'a planned competition has no public page: 404 for everyone, its customer too', path: () => `/public/competitions/${C4}`, get: cells(404) },
  { file: 'public.competitions.$id.ocds[.]json.tsx', note: 'OCDS release package of a public competition: anyone', path: () => `/public/competitions/${C3}/ocds.json`, get: cells(200) },
  { file: 'public.competitions.$id.ocds[.]json.tsx', note: 'no open data of a planned competition', path: () => `/public/competitions/${C4}/ocds.json`, get: cells(404) },
  { file: 'public.ocds[.]json.tsx', note: 'OCDS release package of every public competition: anyone', path: () => '/public/ocds.json', get: cells(200) },
  {
    file: 'competitions.$id.complaints.tsx',
    note: "complaints of published results: signed-in readers (each NGO sees its own); acting: ngo-1 may still complain (400 without a text); ngo-2 has complained and its complaint is answered, so the commission (commission@ chairs it; the chair or the secretary answers) has nothing to answer, and the customer's officer never answers: 404",
    path: () => `/competitions/${C3}/complaints`,
    get: signedIn(200),
    post: only(400, ['ngo']),
  },
  {
    file: 'competitions.$id.complaints.tsx',
    note: 'complaints of a planned competition: the customer side reads it; only its officer sets the period (400 without one)',
    path: () => `/competitions/${C4}/complaints`,
    get: only(200, ['officer', 'admin', 'analyst']),
    post: only(400, ['officer']),
  },
  // ---- questionnaire responses (branch responses) ----
  {
    file: 'field.$formId.tsx',
    note: 'the phone form: officers who monitor some project (program officers of the customer, territorial officers); admins read but do not enter',
    path: () => '/field/beneficiary_2026',
    get: only(200, ['officer', 'naryn', 'osh']),
  },
  {
    file: 'field.$formId_.responses.tsx',
    note: 'where the phone sends a response: POST only (GET 405); a body without a payload is 400 for those who enter responses, others 404 before it is read',
    path: () => '/field/beneficiary_2026/responses',
    get: cells(405),
    post: only(400, ['officer', 'naryn', 'osh']),
  },
  {
    file: 'monitoring.questionnaires.$formId_.summary.tsx',
    note: 'summaries: questionnaire readers; each sees only the responses of the projects they monitor (admins all)',
    path: () => '/monitoring/questionnaires/beneficiary_2026/summary',
    get: only(200, ['admin', 'officer', 'naryn', 'osh']),
  },
  {
    file: 'monitoring.questionnaires.$formId_.summary-xlsx.tsx',
    note: 'responses and summaries as xlsx: as the summary page',
    path: () => '/monitoring/questionnaires/beneficiary_2026/summary-xlsx',
    get: only(200, ['admin', 'officer', 'naryn', 'osh']),
  },
  {
    file: 'monitoring.questionnaires.$formId_.responses-import.tsx',
    note: 'responses from Excel: those who enter responses; an upload without a project or file is 400, others 404 before the upload is read',
    path: () => '/monitoring/questionnaires/beneficiary_2026/responses-import',
    get: only(200, ['officer', 'naryn', 'osh']),
    post: only(400, ['officer', 'naryn', 'osh']),
  },
  {
    file: 'monitoring.questionnaires.$formId_.responses-errors.tsx',
    note: "the marked copy of one's own import: without a file id 404 for everyone signed in",
    path: () => '/monitoring/questionnaires/beneficiary_2026/responses-errors',
    get: only(404, []),
  },
  // ---- analytics, published (issue 10, branch explorer): published aggregates and open data for everyone, never the draft amendment ----
  { file: 'public.analytics.tsx', note: 'published figures: budgets of approved programs by area (default view); anyone, no draft', path: () => '/public/analytics', get: cells(PUBLIC) },
  { file: 'public.analytics.tsx', note: 'published figures asked for a project pivot: narrowed to aggregates, still anyone', path: () => '/public/analytics?dataset=values&rows=project&cols=period', get: cells(PUBLIC) },
  { file: 'public.open-data._index.tsx', note: 'open-data page: anyone', path: () => '/public/open-data', get: cells(PUBLIC) },
  { file: 'public.open-data.$dataset.tsx', note: 'open data: budgets of approved programs as xlsx, without the draft amendment', path: () => '/public/open-data/program-budgets?format=xlsx', get: cells(PUBLIC) },
  { file: 'public.open-data.$dataset.tsx', note: 'open data: results as CSV, anyone', path: () => '/public/open-data/results?format=csv', get: cells(PUBLIC) },
  { file: 'public.open-data.$dataset.tsx', note: 'an unknown dataset is 404 for everyone', path: () => '/public/open-data/contracts?format=json', get: cells(404) },
  {
    file: 'analytics.explorer.tsx',
    note: 'explorer on contracts with the old units: as the explorer (each their own contracts)',
    path: () => '/analytics/explorer?dataset=contracts&rows=municipality&territoryMode=old',
    get: cells(200, { anon: LOGIN, commission: 404 }),
  },
  // ---- exports (issue 10): a table downloads for whoever sees the table; a background export is its owner's only ----
  {
    file: 'exports._index.tsx',
    note: "my exports: every signed-in user (their own); starting one without a table is 400",
    path: () => '/exports',
    get: signedIn(200),
    post: signedIn(400),
  },
  {
    file: 'exports.$id.tsx',
    note: "a background export's page: only the user who started it; anyone else gets the 404 of an unknown id",
    path: (f) => `/exports/${f.exportJob}`,
    get: only(200, ['analyst']),
  },
  {
    file: 'exports.$id_.download.tsx',
    note: "a background export's file: only its owner",
    path: (f) => `/exports/${f.exportJob}/download`,
    get: only(200, ['analyst']),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: 'the program list as xlsx: every signed-in user, without the unpublished amendment unless they see drafts',
    path: () => '/exports/tables/programs?format=xlsx',
    get: amendedHidden,
  },
  {
    file: 'exports.tables.$source.tsx',
    note: 'the audit log as CSV: those who read the log (admins, analysts)',
    path: () => '/exports/tables/audit?format=csv',
    get: only(200, ['admin', 'analyst']),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: 'overdue recommendations: the monitoring board readers',
    path: () => '/exports/tables/recommendations?format=xlsx',
    get: only(200, ['admin', 'officer', 'naryn', 'osh']),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: "the explorer's rows: as the explorer (each actor's own rows)",
    path: () => '/exports/tables/explorer?format=xlsx&rows=ngo',
    get: cells(200, { anon: LOGIN, commission: 404 }),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: 'the user accounts: admins only (as /admin/users)',
    path: () => '/exports/tables/users?format=csv',
    get: only(200, ['admin']),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: 'organisations: as /admin/organisations (admin, officers, analysts)',
    path: () => '/exports/tables/organisations?format=xlsx&kind=ngo',
    get: only(200, ['admin', 'officer', 'analyst']),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: "a project's tranches: as its tranches page (the project's readers)",
    path: (f) => `/exports/tables/tranches?format=xlsx&project=${f.project}`,
    get: only(200, projectViewers),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: "a project's visits: as its visits page (monitoring officers, admins, the contractor's final visits)",
    path: (f) => `/exports/tables/visits?format=csv&project=${f.project}`,
    get: only(200, ['admin', 'officer', 'naryn', 'ngo']),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: 'service plans: every signed-in user, each the plans the list shows them',
    path: () => '/exports/tables/servicePlans?format=xlsx',
    get: signedIn(200),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: "a project's tracking table: as its tracking page (the project's readers; another NGO, other divisions and municipalities 404)",
    path: (f) => `/exports/tables/tracking?format=xlsx&project=${f.project}&basis=reported`,
    get: only(200, projectViewers),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: "applications to the competition under evaluation, with the applicants: the customer's side and each NGO its own; the commission never (no identities) and those who read no applications 404",
    path: () => `/exports/tables/applications?format=csv&competition=${C2}`,
    get: only(200, ['admin', 'officer', 'ngo', 'ngo2']),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: 'the annual M&E reports list: as /monitoring/reports (ministry program officers, analysts, admins)',
    path: () => '/exports/tables/annualReports?format=xlsx',
    get: only(200, ['admin', 'officer', 'analyst']),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: "a project's reports (periods, status, on time): as the project page (another NGO, other divisions and municipalities 404)",
    path: (f) => `/exports/tables/reports?format=csv&project=${f.project}`,
    get: only(200, projectViewers),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: 'program indicators over linked projects: as /projects/program-results (ministry, territorial officers, analysts); NGOs, municipalities and the commission 404',
    path: () => '/exports/tables/programResults?format=xlsx&basis=reported',
    get: only(200, ['admin', 'officer', 'naryn', 'osh', 'analyst']),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: "Aleksandrovka's plan's activities: as the plan page (Aleksandrovka and the ministry; not Jazy, not NGOs)",
    path: (f) => `/exports/tables/servicePlanActivities?format=xlsx&plan=${f.servicePlan}`,
    get: only(200, planViewers),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: 'the territory classifier (a search, closed units too): reference data, every signed-in user',
    path: () => '/exports/tables/territory?format=csv&q=Naryn&closed=1',
    get: signedIn(200),
  },
  {
    file: 'exports.tables.$source.tsx',
    note: 'an unknown table is 404 for everyone signed in',
    path: () => '/exports/tables/salaries?format=xlsx',
    get: only(404, []),
  },
  // ---- the visit checklist offline (branch offline) ----
  {
    file: 'field.visits.$id.$visitNo.tsx',
    note: "a planned visit's checklist on the phone: only those who record the project's visits (customer's program officers, Naryn division); admins, other territories and the contractor 404",
    path: (f) => `/field/visits/${f.project}/2`,
    get: only(200, ['officer', 'naryn']),
  },
  {
    file: 'field.visits.$id.$visitNo.tsx',
    note: 'a final visit on the phone: its recorders see that it is closed; the contractor (who reads the final visit) 404',
    path: (f) => `/field/visits/${f.project}/1`,
    get: only(200, ['officer', 'naryn']),
  },
  {
    file: 'field.visits.$id.$visitNo_.save.tsx',
    note: 'where the phone sends a visit record: POST only (GET 405); a body without a payload is 400 for the recorders, others 404 before it is read',
    path: (f) => `/field/visits/${f.project}/2/save`,
    get: cells(405),
    post: only(400, ['officer', 'naryn']),
  },
];

/** Demo competitions and applications with fixed ids (packages/db/src/seed/competition.ts). */
const C1 = 'c0000000-0000-4000-8000-000000000001';
const C2 = 'c0000000-0000-4000-8000-000000000002';
const A1 = 'a0000000-0000-4000-8000-000000000001';
const A2 = 'a0000000-0000-4000-8000-000000000002';
/** The 2027 round with published results and the planned draft (packages/db/src/seed/competition-results.ts, demoResultsIds). */
const C3 = 'c0000000-0000-4000-8000-000000000003';
const C4 = 'c0000000-0000-4000-8000-000000000004';
