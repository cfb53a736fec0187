import {
  AppError,
  assessmentStages,
  auditActionKey,
  auditEntityKey,
  bishkekToday,
  reportableYears,
  can,
  explorerFilterKeys,
  explorerQueryString,
  formatDateTime,
  formatNumber,
  formatPeriod,
  localName,
  organisationKinds,
  parseExplorerState,
  percentRounded,
  programStatuses,
  type Actor,
  type Language,
} from '@kamkor/domain';
import {
  countAuditLog,
  adminUnitPath,
  countExplorerFacts,
  getCompetitionForActor,
  getProjectForActor,
  getServicePlanForActor,
  isUuid,
  listAdminUnits,
  listAnnualReportPrograms,
  listApplicationsForActor,
  listAssessmentsForActor,
  listCompetitionsForActor,
  listExplorerOptions,
  listOrganisations,
  listProjectVisitsForActor,
  listProgramResultsForActor,
  listProgramsForActor,
  listProjectsForActor,
  listReports,
  listServiceActivities,
  listServicePlansForActor,
  listTranches,
  listUsers,
  loadMonitoringBoard,
  mayListApplications,
  pageAuditLog,
  projectTracking,
  pageExplorerFacts,
  streamExplorerFacts,
  type DatabaseEngine,
  type Database,
  type Db,
  type ExplorerFact,
  type ExplorerFactCursor,
} from '@kamkor/db';
import type { Kysely } from 'kysely';
import type { StreamCell, StreamColumn } from '@kamkor/excel';
import type { Translate } from './translate.ts';

/**
 * A table Kamkor can export (docs/decisions/015-background-jobs.md): the same rows the page shows,
 * through the page's own query (so the same visibility), a page at a time. A source reads its
 * parameters from a query string (`params`), so a direct download and a background job of the same
 * table write the same file.
 */
export interface ExportSource {
  /** i18n key of the table's title (first line of the About sheet). */
  title: string;
  /** File name stem. */
  fileName: string;
  /** Whether the actor may export the table at all (asked when queued and again when run). */
  allowed: (actor: Actor) => boolean;
  /** The source's parameters from a query string, normalised (unknown fields dropped). */
  params: (search: URLSearchParams) => Record<string, string>;
  columns: (t: Translate) => StreamColumn[];
  /** The filters as label → value lines of the About sheet. */
  filters: (db: Db, actor: Actor, params: Record<string, string>, t: Translate, lang: Language) => Promise<[string, string][]>;
  /** How many rows the export will hold (progress and the direct-or-background choice); null when unknown. */
  count: (db: Db, actor: Actor, params: Record<string, string>) => Promise<number | null>;
  /** `engine` when the caller has a database of its own (a background job): PostgreSQL sources may then stream through a cursor. */
  pages: (db: Db, actor: Actor, params: Record<string, string>, t: Translate, lang: Language, opts?: PageOptions) => AsyncIterable<StreamCell[][]>;
  /** The page the table comes from (a link in the About sheet). */
  link: (params: Record<string, string>) => string;
}

export interface PageOptions {
  engine?: DatabaseEngine;
}

const PAGE = 5_000;
/** Excel's limit for one cell's text. */
const MAX_CELL_TEXT = 32_000;
const clip = (s: string | null | undefined) => (s == null ? null : s.length > MAX_CELL_TEXT ? s.slice(0, MAX_CELL_TEXT) : s);
const som = (tyiyn: number | string | null | undefined) => (tyiyn == null ? null : Number(tyiyn) / 100);
const num = (v: number | string | null | undefined) => (v == null ? null : Number(v));
/** An ISO date (YYYY-MM-DD) as a date cell. */
const day = (iso: string | Date | null | undefined) => {
  if (iso == null) return null;
  if (iso instanceof Date) return iso;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
};
const pick = (search: URLSearchParams, key: string, allowed: readonly string[]) => {
  const v = search.get(key) ?? '';
  return allowed.includes(v) ? { [key]: v } : {};
};
const yearParam = (search: URLSearchParams, key = 'year') => {
  const y = Number(search.get(key));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? { [key]: String(y) } : {};
};
const query = (params: Record<string, string>) => {
  const qs = new URLSearchParams(params).toString();
  return qs ? `?${qs}` : '';
};

/** A read started ahead of its use: a failure is still thrown where it is awaited, never reported as unhandled. */
function ahead<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** Pages of a 1-based paged list until the total is reached. */
async function* paged<T>(load: (page: number) => Promise<{ items: T[]; total: number; pageSize: number }>, map: (row: T) => StreamCell[]) {
  for (let page = 1; ; page++) {
    const list = await load(page);
    if (list.items.length) yield list.items.map(map);
    if (page * list.pageSize >= list.total || list.items.length === 0) return;
  }
}

const explorer: ExportSource = {
  title: 'exports:sources.explorer',
  fileName: 'explorer-rows',
  allowed: (a) => can(a, 'export', { type: 'analytics_explorer' }),
  params: (search) => ({ query: explorerQueryString(parseExplorerState(search)) }),
  columns: (t) => [
    { header: t('analytics:dims.project'), kind: 'text', width: 18 },
    { header: t('analytics:dims.ngo'), kind: 'text' },
    { header: t('analytics:dims.year'), kind: 'integer' },
    { header: t('analytics:dims.priority_area'), kind: 'text' },
    { header: t('analytics:dims.service'), kind: 'text' },
    { header: t('analytics:dims.oblast'), kind: 'text' },
    { header: t('analytics:dims.rayon'), kind: 'text' },
    { header: t('analytics:dims.indicator'), kind: 'text', width: 40 },
    { header: t('analytics:dims.period'), kind: 'text', width: 12 },
    { header: t('analytics:measures.actual'), kind: 'number' },
    { header: t('analytics:measures.target'), kind: 'number' },
  ],
  async filters(db, actor, params, t, lang) {
    const state = parseExplorerState(new URLSearchParams(params.query));
    const options = await listExplorerOptions(db, actor, lang);
    const labelOf = (key: (typeof explorerFilterKeys)[number], value: string) =>
      (options[key] as { value: string; label: string }[]).find((o) => o.value === value)?.label ?? value;
    return [
      [t('analytics:export.basis'), t(`analytics:basis.${state.basis}`)],
      ...explorerFilterKeys.map((k): [string, string] => [t(`analytics:filters.${k}`), state[k] == null ? t('analytics:filters.any') : labelOf(k, String(state[k]))]),
    ];
  },
  count: (db, actor, params) => countExplorerFacts(db, actor, parseExplorerState(new URLSearchParams(params.query))),
  async *pages(db, actor, params, _t, lang, opts) {
    const state = parseExplorerState(new URLSearchParams(params.query));
    const cells = (f: ExplorerFact): StreamCell[] => [f.project, f.ngo, f.year, f.area, f.service, f.oblast, f.rayon, f.indicator, f.period, f.actual, f.target];
    if (opts?.engine === 'postgres' && !db.isTransaction) {
      // One cursor on a connection of its own: the joins run once, the next batch is read meanwhile.
      for await (const facts of streamExplorerFacts(db as Kysely<Database>, actor, state, lang, PAGE)) yield facts.map(cells);
      return;
    }
    const load = (after: ExplorerFactCursor) => ahead(pageExplorerFacts(db, actor, state, lang, after, PAGE));
    let next = load(null);
    for (;;) {
      const facts = await next;
      if (!facts.length) return;
      // The next page is read while this one is written (PostgreSQL works in its own process meanwhile).
      const last = facts[facts.length - 1]!;
      next = facts.length < PAGE ? Promise.resolve([]) : load({ reportId: last.reportId, indicatorId: last.indicatorId });
      yield facts.map(cells);
    }
  },
  link: (params) => `/analytics/explorer${params.query ? `?${params.query}` : ''}`,
};

const programs: ExportSource = {
  title: 'program:list.title',
  fileName: 'programs',
  allowed: () => true,
  params: (search) => pick(search, 'status', programStatuses),
  columns: (t) => [
    { header: t('program:fields.title'), kind: 'text', width: 50 },
    { header: t('program:fields.customer'), kind: 'text' },
    { header: t('program:fields.period'), kind: 'text', width: 12 },
    { header: t('program:fields.fundingSource'), kind: 'text' },
    { header: t('program:fields.lines'), kind: 'count' },
    { header: t('program:fields.linesTotal'), kind: 'money', width: 20 },
    { header: t('program:fields.ceiling'), kind: 'money', width: 20 },
    { header: t('program:fields.status'), kind: 'text', width: 16 },
  ],
  filters: async (_db, _a, params, t) => [[t('program:fields.status'), params.status ? t(`program:status.${params.status}`) : t('exports:any')]],
  count: async (db, actor, params) => (await listProgramsForActor(db, actor, { pageSize: 1, status: params.status as never })).total,
  pages: (db, actor, params, t, lang) =>
    paged(
      (page) => listProgramsForActor(db, actor, { page, pageSize: 100, status: params.status as never }),
      (p) => [
        p.title,
        localName({ name_ky: p.customer_name_ky, name_ru: p.customer_name_ru, name_en: p.customer_name_en }, lang),
        p.year_from === p.year_to ? String(p.year_from) : `${p.year_from}–${p.year_to}`,
        t(`program:fundingSources.${p.funding_source}`),
        num(p.line_count),
        som(p.lines_tyiyn),
        som(p.ceiling_tyiyn),
        t(`program:status.${p.status}`),
      ],
    ),
  link: (params) => `/programs${query(params)}`,
};

const projects: ExportSource = {
  title: 'results:projects.title',
  fileName: 'projects',
  allowed: () => true,
  params: (search): Record<string, string> => {
    const q = (search.get('q') ?? '').trim().slice(0, 100);
    return q ? { q } : {};
  },
  columns: (t) => [
    { header: t('results:projects.code'), kind: 'text', width: 18 },
    { header: t('results:projects.name'), kind: 'text', width: 50 },
    { header: t('results:projects.contractor'), kind: 'text' },
    { header: t('results:projects.customer'), kind: 'text' },
    { header: t('exports:columns.startDate'), kind: 'date', width: 12 },
    { header: t('exports:columns.endDate'), kind: 'date', width: 12 },
    { header: t('results:projects.amount'), kind: 'money', width: 20 },
    { header: t('results:projects.awaitingReview'), kind: 'count' },
    { header: t('results:projects.overdue'), kind: 'count' },
  ],
  filters: async (_db, _a, params, t) => [[t('exports:search'), params.q ?? t('exports:any')]],
  count: async (db, actor, params) => (await listProjectsForActor(db, actor, { search: params.q })).length,
  async *pages(db, actor, params, _t, lang) {
    const rows = await listProjectsForActor(db, actor, { search: params.q });
    for (let i = 0; i < rows.length; i += PAGE)
      yield rows.slice(i, i + PAGE).map((p) => [
        p.code,
        localName(p, lang),
        localName({ name_ky: p.contractor_ky, name_ru: p.contractor_ru, name_en: p.contractor_en }, lang),
        localName({ name_ky: p.customer_ky, name_ru: p.customer_ru, name_en: p.customer_en }, lang),
        day(p.start_date),
        day(p.end_date),
        som(p.amount_tyiyn),
        num(p.awaiting_review),
        num(p.overdue),
      ]);
  },
  link: (params) => `/projects${query(params)}`,
};

const assessments: ExportSource = {
  title: 'assessment:list.title',
  fileName: 'assessments',
  allowed: () => true,
  params: (search) => ({ ...pick(search, 'stage', assessmentStages), ...yearParam(search), ...pick(search, 'mine', ['1']) }),
  columns: (t) => [
    { header: t('assessment:fields.municipality'), kind: 'text', width: 40 },
    { header: t('assessment:fields.year'), kind: 'integer' },
    { header: t('assessment:stage.label'), kind: 'text', width: 24 },
  ],
  filters: async (_db, _a, params, t) => [
    [t('assessment:stage.label'), params.stage ? t(`assessment:stage.${params.stage}`) : t('exports:any')],
    [t('assessment:fields.year'), params.year ?? t('exports:any')],
    ...(params.mine ? [[t('assessment:list.mine'), '✓'] as [string, string]] : []),
  ],
  count: async (db, actor, params) => (await listAssessmentsForActor(db, actor, { pageSize: 1, stage: params.stage, year: num(params.year) ?? undefined, mine: params.mine === '1' })).total,
  pages: (db, actor, params, t, lang) =>
    paged(
      (page) => listAssessmentsForActor(db, actor, { page, pageSize: 100, stage: params.stage, year: num(params.year) ?? undefined, mine: params.mine === '1' }),
      (a) => [localName({ name_ky: a.municipality_name_ky, name_ru: a.municipality_name_ru, name_en: a.municipality_name_en }, lang), a.year, t(`assessment:stage.${a.stage}`)],
    ),
  link: (params) => `/assessments${query(params)}`,
};

const competitions: ExportSource = {
  title: 'competition:list.title',
  fileName: 'competitions',
  allowed: () => true,
  params: () => ({}),
  columns: (t) => [
    { header: t('competition:fields.title'), kind: 'text', width: 50 },
    { header: t('competition:fields.status'), kind: 'text', width: 20 },
    { header: t('competition:fields.opensAt'), kind: 'text', width: 18 },
    { header: t('competition:fields.closesAt'), kind: 'text', width: 18 },
    { header: t('competition:fields.lotBudget'), kind: 'money', width: 20 },
  ],
  filters: async () => [],
  count: async () => null,
  async *pages(db, actor, _params, t) {
    for (let page = 1; ; page++) {
      const rows = await listCompetitionsForActor(db, actor, { page, pageSize: 100 });
      if (rows.length) yield rows.map((c) => [c.title, t(`competition:statuses.${c.status}`), c.opens_at ? formatDateTime(c.opens_at) : null, c.closes_at ? formatDateTime(c.closes_at) : null, som(c.lot_budget_tyiyn)]);
      // The list re-checks each row with can(), so a short page is not yet the end; an empty one is.
      if (rows.length === 0 || page >= 1_000) return;
    }
  },
  link: () => '/competitions',
};

const audit: ExportSource = {
  title: 'audit.title',
  fileName: 'audit-log',
  allowed: (a) => can(a, 'view', { type: 'audit_log' }),
  params: (search): Record<string, string> => {
    const entity = (search.get('entity') ?? '').trim();
    return /^[a-z_]{1,60}$/.test(entity) ? { entity } : {};
  },
  columns: (t) => [
    { header: t('audit.at'), kind: 'text', width: 18 },
    { header: t('audit.actor'), kind: 'text' },
    { header: t('audit.action'), kind: 'text' },
    { header: t('audit.entity'), kind: 'text' },
    { header: t('exports:columns.recordId'), kind: 'text', width: 38 },
    { header: t('audit.reason'), kind: 'text' },
    { header: t('exports:columns.before'), kind: 'text', width: 60 },
    { header: t('exports:columns.after'), kind: 'text', width: 60 },
  ],
  filters: async (_db, _a, params, t) => [[t('audit.entity'), params.entity ? t(auditEntityKey(params.entity), { defaultValue: params.entity }) : t('exports:any')]],
  count: (db, actor, params) => countAuditLog(db, actor, { entity: params.entity }),
  async *pages(db, actor, params, t) {
    const load = (beforeId: number | null) => ahead(pageAuditLog(db, actor, { entity: params.entity, beforeId, limit: PAGE }));
    let next = load(null);
    for (;;) {
      const rows = await next;
      if (!rows.length) return;
      next = rows.length < PAGE ? Promise.resolve([]) : load(Number(rows[rows.length - 1]!.id));
      yield rows.map((r) => [
        formatDateTime(r.at),
        r.actor_name ?? '',
        t(auditActionKey(r.action), { defaultValue: r.action }),
        t(auditEntityKey(r.entity), { defaultValue: r.entity }),
        r.entity_id,
        r.reason,
        clip(r.before == null ? null : JSON.stringify(r.before)),
        clip(r.after == null ? null : JSON.stringify(r.after)),
      ]);
    }
  },
  link: (params) => `/admin/audit${query(params)}`,
};

const recommendations: ExportSource = {
  title: 'monitoring:board.overdue',
  fileName: 'overdue-recommendations',
  allowed: (a) => can(a, 'view', { type: 'monitoring_board' }),
  params: (search) => yearParam(search),
  columns: (t) => [
    { header: t('monitoring:recs.dueDate'), kind: 'date', width: 12 },
    { header: t('monitoring:visits.project'), kind: 'text', width: 18 },
    { header: t('monitoring:visits.no'), kind: 'integer' },
    { header: t('monitoring:recs.recommendation'), kind: 'text', width: 60 },
    { header: t('monitoring:recs.responsible'), kind: 'text' },
    { header: t('monitoring:recs.followUp'), kind: 'text' },
  ],
  filters: async (_db, _a, params, t) => [[t('monitoring:board.year'), params.year ?? bishkekToday().slice(0, 4)]],
  count: async () => null,
  async *pages(db, actor, params, t, lang) {
    const today = bishkekToday();
    const board = await loadMonitoringBoard(db, actor, { year: Number(params.year ?? today.slice(0, 4)), today });
    yield board.overdue.map((r) => [
      day(r.due_date),
      r.project_code,
      r.visit_no,
      r.recommendation,
      localName({ name_ky: r.org_ky, name_ru: r.org_ru, name_en: r.org_en }, lang),
      t(`monitoring:followUp.${r.status}`),
    ]);
  },
  link: (params) => `/monitoring${query(params)}`,
};

/** A project's own table: the project from `?project=` (a uuid), else none. */
const projectParam = (search: URLSearchParams): Record<string, string> => {
  const id = search.get('project') ?? '';
  return isUuid(id) ? { project: id } : {};
};
/** The project line of the About sheet; a project the actor may not see is the 404 of an unknown one. */
const projectFilter = async (db: Db, actor: Actor, params: Record<string, string>, t: Translate, lang: Language): Promise<[string, string][]> => {
  const project = await getProjectForActor(db, actor, params.project ?? '', 'view');
  return [[t('results:projects.code'), `${project.code} · ${localName(project, lang)}`]];
};

const users: ExportSource = {
  title: 'users.title',
  fileName: 'users',
  allowed: (a) => can(a, 'manage', { type: 'user', id: '*', organisationIds: [] }),
  params: () => ({}),
  columns: (t) => [
    { header: t('people.fullName'), kind: 'text', width: 30 },
    { header: t('auth.email'), kind: 'text', width: 30 },
    { header: t('people.role'), kind: 'text', width: 50 },
    { header: t('users.status'), kind: 'text', width: 18 },
    { header: t('users.created'), kind: 'date', width: 12 },
  ],
  filters: async () => [],
  count: async (db) => (await listUsers(db)).length,
  async *pages(db, _actor, _params, t, lang) {
    const rows = await listUsers(db);
    for (let i = 0; i < rows.length; i += PAGE)
      yield rows.slice(i, i + PAGE).map((u) => [
        u.full_name,
        u.email,
        u.memberships.map((m) => `${t(`roles.${m.role}`)} — ${localName(m, lang)}`).join('; '),
        !u.is_active ? t('users.inactive') : u.has_password ? t('users.active') : t('users.awaitingPassword'),
        day(u.created_at),
      ]);
  },
  link: () => '/admin/users',
};

const organisations: ExportSource = {
  title: 'organisations.title',
  fileName: 'organisations',
  allowed: (a) => can(a, 'view', { type: 'admin_screen', screen: 'organisations' }),
  params: (search) => pick(search, 'kind', organisationKinds),
  columns: (t) => [
    { header: t('organisations.name'), kind: 'text', width: 50 },
    { header: t('organisations.kind'), kind: 'text', width: 24 },
    { header: t('organisations.inn'), kind: 'text', width: 18 },
  ],
  filters: async (_db, _a, params, t) => [[t('organisations.kind'), params.kind ? t(`organisationKinds.${params.kind}`) : t('exports:any')]],
  count: async (db, _a, params) => (await listOrganisations(db, { kind: params.kind as never })).length,
  async *pages(db, _actor, params, t, lang) {
    const rows = await listOrganisations(db, { kind: params.kind as never });
    for (let i = 0; i < rows.length; i += PAGE) yield rows.slice(i, i + PAGE).map((o) => [localName(o, lang), t(`organisationKinds.${o.kind}`), o.inn]);
  },
  link: (params) => `/admin/organisations${query(params)}`,
};

const tranches: ExportSource = {
  title: 'results:tranches.title',
  fileName: 'tranches',
  allowed: () => true,
  params: projectParam,
  columns: (t) => [
    { header: '№', kind: 'integer' },
    { header: t('results:tranches.amount'), kind: 'money', width: 20 },
    { header: t('results:tranches.plannedDate'), kind: 'date', width: 12 },
    { header: t('results:tranches.condition'), kind: 'text', width: 60 },
    { header: t('results:tranches.approvedToDate'), kind: 'number' },
    { header: t('results:tranches.status'), kind: 'text', width: 18 },
    { header: t('exports:columns.releasedOn'), kind: 'date', width: 12 },
  ],
  filters: projectFilter,
  count: async (db, actor, params) => (await listTranches(db, actor, params.project ?? '')).length,
  async *pages(db, actor, params, t, lang) {
    const rows = await listTranches(db, actor, params.project ?? '');
    yield rows.map((tr) => [
      tr.tranche_no,
      som(tr.amount_tyiyn),
      day(tr.planned_date),
      [
        tr.indicator && tr.threshold != null
          ? `${tr.indicator.code} ${localName(tr.indicator, lang)} ${tr.indicator.direction === 'decrease' ? '≤' : '≥'} ${formatNumber(tr.threshold, lang)} ${tr.indicator.unit}`
          : t('results:tranches.noCondition'),
        tr.condition_note,
      ]
        .filter(Boolean)
        .join(' — '),
      tr.approvedToDate,
      t(`results:tranches.statuses.${tr.status}`),
      tr.released_at ? day(new Date(tr.released_at as string).toISOString()) : null,
    ]);
  },
  link: (params) => `/projects/${params.project ?? ''}/tranches`,
};

const visits: ExportSource = {
  title: 'monitoring:visits.title',
  fileName: 'visits',
  allowed: () => true,
  params: projectParam,
  columns: (t) => [
    { header: t('monitoring:visits.no'), kind: 'integer' },
    { header: t('monitoring:visits.plannedDate'), kind: 'date', width: 12 },
    { header: t('monitoring:visits.visitDate'), kind: 'date', width: 12 },
    { header: t('monitoring:visits.kind'), kind: 'text', width: 18 },
    { header: t('monitoring:visits.officer'), kind: 'text', width: 30 },
    { header: t('monitoring:visits.status'), kind: 'text', width: 16 },
  ],
  filters: projectFilter,
  count: async () => null,
  pages: async function* (db, actor, params, t) {
    // The page's own query (404 unless the actor sees the project's visits; the contractor only final ones).
    for (let page = 1; page <= 1_000; page++) {
      const list = await listProjectVisitsForActor(db, actor, params.project ?? '', { page, pageSize: 100 });
      if (list.visits.length)
        yield list.visits.map((v) => [v.visit_no, day(v.planned_date), day(v.visit_date), t(`monitoring:kinds.${v.kind}`), v.officer_name, t(`monitoring:statuses.${v.status}`)]);
      if (!list.hasMore) return;
    }
  },
  link: (params) => `/projects/${params.project ?? ''}/visits`,
};

const servicePlans: ExportSource = {
  title: 'assessment:plan.listTitle',
  fileName: 'service-plans',
  allowed: () => true,
  params: () => ({}),
  columns: (t) => [
    { header: t('assessment:plan.title'), kind: 'text', width: 50 },
    { header: t('assessment:fields.municipality'), kind: 'text', width: 30 },
    { header: t('assessment:plan.years'), kind: 'text', width: 12 },
    { header: t('assessment:plan.total'), kind: 'money', width: 20 },
    { header: t('assessment:plan.own'), kind: 'money', width: 20 },
  ],
  filters: async () => [],
  count: async (db, actor) => (await listServicePlansForActor(db, actor, { pageSize: 1 })).total,
  pages: (db, actor, _params, _t, lang) =>
    paged(
      (page) => listServicePlansForActor(db, actor, { page, pageSize: 100 }),
      (p) => [
        p.title,
        localName({ name_ky: p.municipality_name_ky, name_ru: p.municipality_name_ru, name_en: p.municipality_name_en }, lang),
        p.year_from === p.year_to ? String(p.year_from) : `${p.year_from}–${p.year_to}`,
        som(p.funding.total),
        som(p.funding.own),
      ],
    ),
  link: () => '/service-plans',
};

const trackingOptions = (params: Record<string, string>) => ({
  basis: params.basis === 'reported' ? ('reported' as const) : ('approved' as const),
  targets: params.targets === 'approved' ? ('approved' as const) : ('revised' as const),
});

/**
 * A project's indicator performance tracking table (`/projects/:id/tracking`), one row per indicator
 * and period and a life-of-project row per indicator: target, actual (with the numerator and
 * denominator of a percentage), % of target and its status, as the page with the same `basis` and
 * `targets`.
 */
const tracking: ExportSource = {
  title: 'results:tracking.title',
  fileName: 'tracking',
  allowed: () => true,
  params: (search) => ({ ...projectParam(search), ...pick(search, 'basis', ['reported']), ...pick(search, 'targets', ['approved']) }),
  columns: (t) => [
    { header: t('results:indicator.code'), kind: 'text', width: 12 },
    { header: t('exports:columns.indicator'), kind: 'text', width: 50 },
    { header: t('results:indicator.unit'), kind: 'text', width: 14 },
    { header: t('exports:columns.period'), kind: 'text', width: 20 },
    { header: t('results:tracking.targets'), kind: 'number' },
    { header: t('results:tracking.actual'), kind: 'number' },
    { header: t('exports:columns.numerator'), kind: 'number' },
    { header: t('exports:columns.denominator'), kind: 'number' },
    { header: t('results:tracking.percent'), kind: 'percent' },
    { header: t('exports:columns.achievement'), kind: 'text', width: 16 },
  ],
  async filters(db, actor, params, t, lang) {
    const o = trackingOptions(params);
    return [
      ...(await projectFilter(db, actor, params, t, lang)),
      [t('results:tracking.basis'), o.basis === 'reported' ? t('results:tracking.basisReported') : t('results:tracking.basisApproved')],
      [t('results:tracking.targets'), o.targets === 'approved' ? t('results:indicator.asApproved') : t('results:indicator.asRevised')],
    ];
  },
  count: async () => null,
  async *pages(db, actor, params, t, lang) {
    // The page's visibility: 404 unless the actor may view the project.
    const project = await getProjectForActor(db, actor, params.project ?? '', 'view');
    const table = await projectTracking(db, project.id, trackingOptions(params));
    const rows: StreamCell[][] = [];
    for (const row of table.rows) {
      const ind = row.indicator;
      const pct = ind.type === 'percentage';
      for (const c of row.cells)
        rows.push([ind.code, localName(ind, lang), ind.unit, formatPeriod(c.periodKey, lang), c.target, c.actualValue, pct ? num(c.actual?.numerator) : null, pct ? num(c.actual?.denominator) : null, c.percent, t(`results:status.${c.status}`)]);
      const last = row.cells[row.cells.length - 1];
      rows.push([
        ind.code,
        localName(ind, lang),
        ind.unit,
        t('results:tracking.lop'),
        row.lop.target,
        last?.cumulativeActualValue ?? null,
        pct ? num(last?.cumulativeActual?.numerator) : null,
        pct ? num(last?.cumulativeActual?.denominator) : null,
        row.lop.percent,
        t(`results:status.${row.lop.status}`),
      ]);
    }
    for (let i = 0; i < rows.length; i += PAGE) yield rows.slice(i, i + PAGE);
  },
  link: (params) => `/projects/${params.project ?? ''}/tracking${query(Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'project')))}`,
};

/** A competition from `?competition=` (a uuid), else none. */
const competitionParam = (search: URLSearchParams): Record<string, string> => {
  const id = search.get('competition') ?? '';
  return isUuid(id) ? { competition: id } : {};
};

/**
 * The applications of a competition as its page lists them (listApplicationsForActor): the customer's
 * side and the commission's secretary every submitted one with the applicant, an NGO its own. The
 * commission's scorers never read applicants: 404, as for a competition one may not see.
 */
const applications: ExportSource = {
  title: 'competition:page.applications',
  fileName: 'applications',
  allowed: () => true,
  params: competitionParam,
  columns: (t) => [
    { header: t('competition:fields.code'), kind: 'text', width: 10 },
    { header: t('competition:fields.organisation'), kind: 'text', width: 40 },
    { header: t('competition:fields.projectTitle'), kind: 'text', width: 50 },
    { header: t('competition:fields.requested'), kind: 'money', width: 20 },
    { header: t('competition:fields.status'), kind: 'text', width: 22 },
    { header: t('exports:columns.submittedOn'), kind: 'date', width: 12 },
  ],
  async filters(db, actor, params, t) {
    const c = await getCompetitionForActor(db, actor, params.competition ?? '', 'view');
    if (!(await mayListApplications(db, actor, c.id))) throw new AppError('NOT_FOUND', 'errors.notFound');
    return [[t('competition:fields.title'), c.title]];
  },
  count: async () => null,
  async *pages(db, actor, params, t, lang) {
    if (!(await mayListApplications(db, actor, params.competition ?? ''))) throw new AppError('NOT_FOUND', 'errors.notFound');
    const rows = await listApplicationsForActor(db, actor, params.competition ?? '');
    yield rows.map((a) => [
      a.code,
      localName(a, lang),
      a.title,
      som(a.requested_tyiyn),
      t(`competition:applicationStatuses.${a.status}`),
      a.submitted_at ? day(new Date(a.submitted_at as string).toISOString()) : null,
    ]);
  },
  link: (params) => `/competitions/${params.competition ?? ''}`,
};

/**
 * The annual M&E reports list (`/monitoring/reports`): one row per program and year it covers up to
 * this year, with whether that year's report is on the public site.
 */
const annualReports: ExportSource = {
  title: 'monitoring:report.nav',
  fileName: 'annual-reports',
  allowed: (a) => can(a, 'view', { type: 'annual_report', customerId: '' }),
  params: () => ({}),
  columns: (t) => [
    { header: t('monitoring:report.program'), kind: 'text', width: 50 },
    { header: t('monitoring:report.year'), kind: 'integer' },
    { header: t('exports:columns.publication'), kind: 'text', width: 24 },
    { header: t('exports:columns.publishedOn'), kind: 'date', width: 12 },
  ],
  filters: async () => [],
  count: async () => null,
  async *pages(db, actor, _params, t) {
    const today = bishkekToday();
    const rows: StreamCell[][] = [];
    for (const p of await listAnnualReportPrograms(db, actor))
      for (const y of reportableYears(p, today)) {
        const r = p.reports.find((x) => x.year === y);
        rows.push([p.title, y, t(`exports:publication.${r?.status ?? 'none'}`), r?.status === 'published' && r.published_at ? day(new Date(r.published_at as string).toISOString()) : null]);
      }
    yield rows;
  },
  link: () => '/monitoring/reports',
};

/** A project's reporting periods (the reports table of `/projects/:id`): dates, status, on time, flagged values. */
const reports: ExportSource = {
  title: 'exports:sources.reports',
  fileName: 'reports',
  allowed: () => true,
  params: projectParam,
  columns: (t) => [
    { header: t('results:report.period'), kind: 'text', width: 20 },
    { header: t('exports:columns.startDate'), kind: 'date', width: 12 },
    { header: t('exports:columns.endDate'), kind: 'date', width: 12 },
    { header: t('results:report.due'), kind: 'date', width: 12 },
    { header: t('results:report.status'), kind: 'text', width: 18 },
    { header: t('results:report.onTime'), kind: 'text', width: 14 },
    { header: t('results:report.flagged'), kind: 'count' },
  ],
  filters: projectFilter,
  count: async () => null,
  async *pages(db, actor, params, t, lang) {
    const project = await getProjectForActor(db, actor, params.project ?? '', 'view');
    const rows = await listReports(db, project.id);
    yield rows.map((r) => [
      formatPeriod(r.period_key, lang),
      day(r.period_start),
      day(r.period_end),
      day(r.due_date),
      t(`results:statuses.${r.status}`),
      r.onTime == null ? null : r.onTime ? t('results:report.onTime') : t('results:report.late'),
      num(r.flagged) ?? 0,
    ]);
  },
  link: (params) => `/projects/${params.project ?? ''}#reports`,
};

/** A cumulative value as the program results page shows it: a percentage from its numerator and denominator. */
const measureValue = (type: string, m: { value: number | null; numerator?: number | null; denominator?: number | null } | null | undefined) =>
  !m ? null : type === 'percentage' || m.value == null ? (m.denominator ? (100 * (m.numerator ?? 0)) / m.denominator : null) : m.value;

/**
 * Program indicators over the linked project indicators (`/projects/program-results`): a row per
 * project the actor may see, then the program's total with its % of target.
 */
const programResults: ExportSource = {
  title: 'results:tracking.programTitle',
  fileName: 'program-results',
  allowed: (a) => can(a, 'view', { type: 'program_results' }),
  params: (search) => pick(search, 'basis', ['reported']),
  columns: (t) => [
    { header: t('results:indicator.code'), kind: 'text', width: 12 },
    { header: t('exports:columns.indicator'), kind: 'text', width: 50 },
    { header: t('results:indicator.unit'), kind: 'text', width: 14 },
    { header: t('monitoring:report.program'), kind: 'text', width: 40 },
    { header: t('results:projects.code'), kind: 'text', width: 18 },
    { header: t('results:tracking.cumulative'), kind: 'number' },
    { header: t('exports:columns.numerator'), kind: 'number' },
    { header: t('exports:columns.denominator'), kind: 'number' },
    { header: t('results:tracking.lop'), kind: 'number' },
    { header: t('results:tracking.percent'), kind: 'percent' },
    { header: t('exports:columns.achievement'), kind: 'text', width: 16 },
  ],
  filters: async (_db, _a, params, t) => [[t('results:tracking.basis'), params.basis === 'reported' ? t('results:tracking.basisReported') : t('results:tracking.basisApproved')]],
  count: async () => null,
  async *pages(db, actor, params, t, lang) {
    const groups = await listProgramResultsForActor(db, actor, { basis: params.basis === 'reported' ? 'reported' : 'approved' });
    const rows: StreamCell[][] = [];
    for (const { pi, agg, projects } of groups) {
      const head = [pi.code, localName(pi, lang), pi.unit, pi.title];
      const type = projects[0]?.indicator.type ?? 'number';
      for (const p of projects) {
        const pct = p.indicator.type === 'percentage';
        rows.push([...head, p.code, measureValue(p.indicator.type, p.cumulative), pct ? num(p.cumulative?.numerator) : null, pct ? num(p.cumulative?.denominator) : null, p.target, null, null]);
      }
      const pct = type === 'percentage';
      rows.push([...head, t('results:report.total'), measureValue(type, agg.actual), pct ? num(agg.actual?.numerator) : null, pct ? num(agg.actual?.denominator) : null, agg.target, agg.percent, t(`results:status.${agg.status}`)]);
    }
    for (let i = 0; i < rows.length; i += PAGE) yield rows.slice(i, i + PAGE);
  },
  link: (params) => `/projects/program-results${query(params)}`,
};

/** One service improvement plan's activities (`/service-plans/:id`): timeline as dates, funding in som. */
const servicePlanActivities: ExportSource = {
  title: 'assessment:plan.activities',
  fileName: 'service-plan-activities',
  allowed: () => true,
  params: (search): Record<string, string> => {
    const id = search.get('plan') ?? '';
    return isUuid(id) ? { plan: id } : {};
  },
  columns: (t) => [
    { header: t('assessment:plan.activity'), kind: 'text', width: 50 },
    { header: t('assessment:plan.solves'), kind: 'text', width: 40 },
    { header: t('assessment:plan.responsible'), kind: 'text', width: 24 },
    { header: t('assessment:plan.startsOn'), kind: 'date', width: 12 },
    { header: t('assessment:plan.endsOn'), kind: 'date', width: 12 },
    { header: t('assessment:plan.indicator'), kind: 'text', width: 30 },
    { header: t('assessment:plan.target'), kind: 'text', width: 16 },
    { header: t('assessment:plan.own'), kind: 'money', width: 18 },
    { header: t('assessment:plan.grant'), kind: 'money', width: 18 },
    { header: t('assessment:plan.other'), kind: 'money', width: 18 },
    { header: t('assessment:plan.coFinancing'), kind: 'percent' },
    { header: t('assessment:plan.status'), kind: 'text', width: 16 },
    { header: t('assessment:plan.progressPct'), kind: 'integer' },
  ],
  async filters(db, actor, params, t, lang) {
    const plan = await getServicePlanForActor(db, actor, params.plan ?? '', 'view');
    return [[t('assessment:plan.title'), `${plan.title} · ${localName({ name_ky: plan.municipality_name_ky, name_ru: plan.municipality_name_ru, name_en: plan.municipality_name_en }, lang)}`]];
  },
  count: async () => null,
  async *pages(db, actor, params, t) {
    const plan = await getServicePlanForActor(db, actor, params.plan ?? '', 'view');
    const rows = await listServiceActivities(db, plan.id);
    yield rows.map((a) => [
      a.title,
      a.problem_title ? `${a.problem_rank ? `#${a.problem_rank} ` : ''}${a.problem_title}` : null,
      a.responsible,
      day(a.starts_on),
      day(a.ends_on),
      a.indicator,
      a.target,
      som(a.own_tyiyn),
      som(a.grant_tyiyn),
      som(a.other_tyiyn),
      percentRounded(Number(a.own_tyiyn), Number(a.own_tyiyn) + Number(a.grant_tyiyn) + Number(a.other_tyiyn), 1),
      t(`assessment:plan.statuses.${a.status}`),
      num(a.progress_pct),
    ]);
  },
  link: (params) => `/service-plans/${params.plan ?? ''}`,
};

/** The territory classifier's page filters: a parent unit (SOATE digits), a search, closed units too. */
const territoryParams = (search: URLSearchParams): Record<string, string> => {
  const parent = search.get('parent') ?? '';
  const q = (search.get('q') ?? '').trim().slice(0, 100);
  return { ...(/^\d{1,14}$/.test(parent) ? { parent } : {}), ...(q ? { q } : {}), ...pick(search, 'closed', ['1']) };
};
const TERRITORY_ROOT = '41700000000000';

/**
 * The territory classifier (`/admin/territory`), reference data every signed-in user reads: the units
 * the page lists (children of `parent`, or those matching `q`), every one of them rather than the
 * page's first 500.
 */
const territory: ExportSource = {
  title: 'territory.title',
  fileName: 'territory',
  allowed: (a) => a != null,
  params: territoryParams,
  columns: (t) => [
    { header: t('territory.code'), kind: 'text', width: 16 },
    { header: t('territory.name'), kind: 'text', width: 40 },
    { header: t('territory.level'), kind: 'text', width: 24 },
    { header: t('exports:columns.validFrom'), kind: 'date', width: 12 },
    { header: t('exports:columns.validTo'), kind: 'date', width: 12 },
    { header: t('exports:columns.successor'), kind: 'text', width: 16 },
  ],
  async filters(db, _actor, params, t, lang) {
    return [
      params.q ? [t('territory.search'), params.q] : [t('territory.title'), (await adminUnitPath(db, params.parent ?? TERRITORY_ROOT, lang)) || (params.parent ?? TERRITORY_ROOT)],
      [t('territory.includeClosed'), params.closed ? '✓' : '—'],
    ];
  },
  count: async () => null,
  async *pages(db, _actor, params, t, lang) {
    const includeClosed = params.closed === '1';
    const units = params.q ? await listAdminUnits(db, { search: params.q, includeClosed }) : await listAdminUnits(db, { parent: params.parent ?? TERRITORY_ROOT, includeClosed });
    for (let i = 0; i < units.length; i += PAGE)
      yield units.slice(i, i + PAGE).map((u) => [u.soate, localName(u, lang), t(`levels.${u.level}`), day(u.valid_from), day(u.valid_to), u.successor_soate]);
  },
  link: (params) => `/admin/territory${query(params)}`,
};

/** Every table that can be exported, by the name used in URLs and in `export_job.source`. */
export const exportSources: Record<string, ExportSource> = {
  explorer,
  programs,
  projects,
  assessments,
  competitions,
  audit,
  recommendations,
  users,
  organisations,
  tranches,
  visits,
  servicePlans,
  tracking,
  applications,
  annualReports,
  reports,
  programResults,
  servicePlanActivities,
  territory,
};

export function findExportSource(name: string | null | undefined): ExportSource | null {
  return name && Object.hasOwn(exportSources, name) ? exportSources[name]! : null;
}
