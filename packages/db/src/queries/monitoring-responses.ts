import { sql } from 'kysely';
import {
  AppError,
  answerableQuestions,
  can,
  hasRole,
  isWithin,
  needsRespondentNames,
  orgsWithRole,
  respondentAgeGroups,
  respondentFromAnswers,
  respondentSexes,
  soatePrefix,
  summariseQuestion,
  territoriesWithRole,
  validateAnswers,
  type Actor,
  type AnswerError,
  type Answers,
  type ImportedResponse,
  type Language,
  type QuestionSummary,
  type Questionnaire,
  type RespondentAgeGroup,
  type RespondentSex,
  type Resource,
} from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';
import { getProject } from './results-projects.ts';

type Project = Awaited<ReturnType<typeof getProject>>;
type ResponseResource = Extract<Resource, { type: 'questionnaire_response' }>;

/** The authorisation resource of a project's questionnaire responses. */
export function responseResource(project: Pick<Project, 'id' | 'contractor_id' | 'customer_id'> & { territories: { soate: string }[] }): ResponseResource {
  return {
    type: 'questionnaire_response',
    projectId: project.id,
    contractorId: project.contractor_id,
    customerId: project.customer_id,
    adminUnitSoates: project.territories.map((t) => t.soate),
  };
}

const notFound = () => new AppError('NOT_FOUND', 'errors.notFound');

/** A questionnaire version by form id (latest unless a number is given), with its row id. */
export async function getQuestionnaireVersion(db: Db, formId: string, versionNo?: number | null) {
  let q = db
    .selectFrom('monitoring_questionnaire_version as v')
    .innerJoin('monitoring_questionnaire as q', 'q.id', 'v.questionnaire_id')
    .select(['v.id', 'v.version_no', 'v.definition', 'q.form_id', 'q.title', 'q.id as questionnaire_id'])
    .select((eb) => eb.selectFrom('monitoring_questionnaire_version as l').whereRef('l.questionnaire_id', '=', 'q.id').select(sql<number>`max(l.version_no)`.as('n')).as('latest_version'))
    .where('q.form_id', '=', formId.slice(0, 200));
  q = versionNo ? q.where('v.version_no', '=', versionNo) : q.orderBy('v.version_no', 'desc');
  const row = await q.limit(1).executeTakeFirst();
  if (!row) return null;
  return { ...row, latest_version: Number(row.latest_version), definition: row.definition as Questionnaire };
}

/**
 * The projects whose responses an actor may enter (the projects they monitor): a SQL pre-filter by
 * customer and territory, then `can()` on each. With their territories and open visits. At most 200.
 */
export async function listProjectsForResponses(db: Db, actor: Actor | null, action: 'create' | 'view' = 'create') {
  if (!actor) return [];
  const customers = orgsWithRole(actor, 'program_officer');
  const areas = territoriesWithRole(actor, 'territorial_officer').map(soatePrefix);
  const all = action === 'view' && hasRole(actor, 'admin');
  if (!all && customers.length === 0 && areas.length === 0) return [];
  let q = db.selectFrom('project').select(['project.id', 'project.code', 'project.name_ky', 'project.name_ru', 'project.name_en', 'project.contractor_id', 'project.customer_id']);
  if (!all)
    q = q.where((eb) =>
      eb.or([
        ...(customers.length ? [eb('project.customer_id', 'in', customers)] : []),
        ...areas.map((prefix) =>
          eb.exists(eb.selectFrom('project_territory as pt').select('pt.project_id').whereRef('pt.project_id', '=', 'project.id').where('pt.admin_unit_soate', 'like', `${prefix}%`)),
        ),
      ]),
    );
  const projects = await q.orderBy('project.code').limit(200).execute();
  if (!projects.length) return [];
  const ids = projects.map((p) => p.id);
  const territories = await db
    .selectFrom('project_territory')
    .innerJoin('admin_unit', 'admin_unit.soate', 'project_territory.admin_unit_soate')
    .select(['project_territory.project_id', 'admin_unit.soate', 'admin_unit.name_ky', 'admin_unit.name_ru', 'admin_unit.name_en'])
    .where('project_territory.project_id', 'in', ids)
    .orderBy('admin_unit.soate')
    .execute();
  const visits = await db
    .selectFrom('monitoring_visit')
    .select(['project_id', 'visit_no', 'planned_date', 'visit_date', 'status'])
    .where('project_id', 'in', ids)
    .where('status', 'in', ['planned', 'draft'])
    .orderBy('visit_no')
    .execute();
  return projects
    .map((p) => ({ ...p, territories: territories.filter((t) => t.project_id === p.id), visits: visits.filter((v) => v.project_id === p.id) }))
    .filter((p) => can(actor, action, responseResource(p)));
}

/** What the phone form needs: the latest version of a questionnaire and the projects to answer about. */
export async function loadFieldForm(db: Db, actor: Actor | null, formId: string) {
  if (!can(actor, 'view', { type: 'questionnaire' })) throw notFound();
  const version = await getQuestionnaireVersion(db, formId);
  if (!version) throw notFound();
  const projects = await listProjectsForResponses(db, actor, 'create');
  if (!projects.length) throw notFound();
  return { formId: version.form_id, title: version.title, versionNo: version.version_no, definition: version.definition, projects };
}

export interface ResponseInput {
  clientId: string;
  formId: string;
  versionNo: number;
  projectId: string;
  visitNo?: number | null;
  adminUnitSoate: string;
  sex?: RespondentSex | null;
  ageGroup?: RespondentAgeGroup | null;
  respondentName?: string | null;
  answers: Record<string, unknown>;
  language: Language;
  answeredAt?: string | null;
}

export type SaveResponseResult =
  | { status: 'saved' | 'already' }
  | { status: 'conflict'; conflict: 'version_changed' | 'visit_closed'; latestVersion?: number }
  | { status: 'invalid'; errors: AnswerError[] };

/**
 * Saves one response sent from a phone. The client-made UUID is unique: a resend (the phone did not
 * hear the answer) changes nothing and says `already`. A response given on an older version or on a
 * visit closed meanwhile is a conflict: nothing is written and the phone keeps the answers.
 */
export async function saveResponse(db: Db, actor: Actor, input: ResponseInput): Promise<SaveResponseResult> {
  if (!isUuid(input.clientId)) throw new AppError('INVALID', 'errors.invalid');
  const project = await getProject(db, input.projectId);
  if (!can(actor, 'create', responseResource(project))) throw notFound();
  const existing = await db.selectFrom('monitoring_response').select(['project_id']).where('client_id', '=', input.clientId).executeTakeFirst();
  if (existing) {
    if (existing.project_id !== project.id) throw notFound();
    return { status: 'already' };
  }
  const version = await getQuestionnaireVersion(db, input.formId, input.versionNo);
  if (!version) throw notFound();
  if (version.version_no !== version.latest_version) return { status: 'conflict', conflict: 'version_changed', latestVersion: version.latest_version };
  let visitId: string | null = null;
  if (input.visitNo != null) {
    const visit = await db.selectFrom('monitoring_visit').select(['id', 'status']).where('project_id', '=', project.id).where('visit_no', '=', input.visitNo).executeTakeFirst();
    if (!visit) throw notFound();
    if (visit.status === 'final') return { status: 'conflict', conflict: 'visit_closed' };
    visitId = visit.id;
  }
  if (!project.territories.some((t) => t.soate === input.adminUnitSoate)) return { status: 'invalid', errors: [{ name: 'territory', messageKey: 'errors.territoryRequired' }] };
  const checked = validateAnswers(version.definition, input.answers);
  if (!checked.ok) return { status: 'invalid', errors: checked.errors };
  const derived = respondentFromAnswers(checked.answers);
  const sex = input.sex && (respondentSexes as readonly string[]).includes(input.sex) ? input.sex : derived.sex;
  const ageGroup = input.ageGroup && (respondentAgeGroups as readonly string[]).includes(input.ageGroup) ? input.ageGroup : derived.ageGroup;
  // The name never stays among the answers (which everyone reading responses sees): its own column, or nothing.
  const rawName = needsRespondentNames(version.definition) ? String(input.respondentName ?? checked.answers.respondent_name ?? '').trim().slice(0, 200) : '';
  delete checked.answers.respondent_name;
  const answeredAt = input.answeredAt && !Number.isNaN(Date.parse(input.answeredAt)) ? new Date(input.answeredAt) : null;
  const row = await db
    .insertInto('monitoring_response')
    .values({
      client_id: input.clientId,
      questionnaire_version_id: version.id,
      project_id: project.id,
      visit_id: visitId,
      admin_unit_soate: input.adminUnitSoate,
      respondent_sex: sex ?? null,
      respondent_age_group: ageGroup ?? null,
      respondent_name: rawName || null,
      respondent_ref: null,
      answers: JSON.stringify(checked.answers),
      language: input.language,
      source: 'device',
      answered_at: answeredAt,
      created_by: actor.userId,
    })
    .onConflict((oc) => oc.column('client_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  // Two copies of the same send racing: the second inserts nothing and is not an error.
  if (!row) return { status: 'already' };
  await writeAudit(db, { actorId: actor.userId, action: 'create', entity: 'monitoring_response', entityId: row.id, after: { formId: version.form_id, versionNo: version.version_no, projectId: project.id, visitId } });
  return { status: 'saved' };
}

/**
 * Applies imported rows (already read and validated): new respondent ids are inserted, those already
 * there are left as they are (ON CONFLICT DO NOTHING), so importing the same sheet twice adds nothing.
 * Counts what it would do when `dryRun` (read-only: no write at all). Audited once per import.
 */
export async function importResponses(
  db: Db,
  actor: Actor,
  input: { formId: string; versionNo: number; projectId: string; visitNo?: number | null; language: Language; rows: ImportedResponse[]; dryRun: boolean; fileName?: string | null },
): Promise<{ added: number; already: number; territoryErrors: { rowNumber: number; territory: string }[] }> {
  const project = await getProject(db, input.projectId);
  if (!can(actor, 'import', responseResource(project))) throw notFound();
  const version = await getQuestionnaireVersion(db, input.formId, input.versionNo);
  if (!version) throw notFound();
  let visitId: string | null = null;
  if (input.visitNo != null) {
    const visit = await db.selectFrom('monitoring_visit').select(['id']).where('project_id', '=', project.id).where('visit_no', '=', input.visitNo).executeTakeFirst();
    if (!visit) throw notFound();
    visitId = visit.id;
  }
  const units = project.territories.map((t) => t.soate);
  const territoryErrors = input.rows.filter((r) => r.territory && !units.some((u) => isWithin(r.territory!, u) || u === r.territory)).map((r) => ({ rowNumber: r.rowNumber, territory: r.territory! }));
  if (territoryErrors.length) return { added: 0, already: 0, territoryErrors };
  const refs = input.rows.map((r) => r.respondentRef);
  const existing = new Set<string>();
  for (let i = 0; i < refs.length; i += 1000) {
    const chunk = refs.slice(i, i + 1000);
    if (!chunk.length) continue;
    const found = await db
      .selectFrom('monitoring_response')
      .select('respondent_ref')
      .where('project_id', '=', project.id)
      .where('questionnaire_version_id', '=', version.id)
      .where('respondent_ref', 'in', chunk)
      .execute();
    for (const f of found) existing.add(f.respondent_ref!);
  }
  const fresh = input.rows.filter((r) => !existing.has(r.respondentRef));
  if (input.dryRun) return { added: fresh.length, already: input.rows.length - fresh.length, territoryErrors };
  const withNames = needsRespondentNames(version.definition);
  let added = 0;
  for (let i = 0; i < fresh.length; i += 500) {
    const batch = fresh.slice(i, i + 500);
    const inserted = await db
      .insertInto('monitoring_response')
      .values(
        batch.map((r) => ({
          client_id: sql<string>`gen_random_uuid()`,
          questionnaire_version_id: version.id,
          project_id: project.id,
          visit_id: visitId,
          admin_unit_soate: r.territory ?? units[0]!,
          respondent_sex: r.sex,
          respondent_age_group: r.ageGroup,
          respondent_name: withNames ? r.name : null,
          respondent_ref: r.respondentRef,
          answers: JSON.stringify(r.answers),
          language: input.language,
          source: 'xlsx' as const,
          created_by: actor.userId,
        })),
      )
      .onConflict((oc) => oc.columns(['project_id', 'questionnaire_version_id', 'respondent_ref']).doNothing())
      .returning('id')
      .execute();
    added += inserted.length;
  }
  await writeAudit(db, {
    actorId: actor.userId,
    action: 'import',
    entity: 'monitoring_response',
    entityId: version.id,
    after: { formId: version.form_id, versionNo: version.version_no, projectId: project.id, added, already: input.rows.length - added, fileName: input.fileName ?? null },
  });
  return { added, already: input.rows.length - added, territoryErrors };
}

export interface ResponseFilter {
  formId: string;
  versionNo?: number | null;
  projectId?: string | null;
  adminUnitSoate?: string | null;
  sex?: RespondentSex | null;
  ageGroup?: RespondentAgeGroup | null;
}

const MAX_SUMMARISED = 50_000;

/** The responses an actor may read, filtered (projects they monitor; admins all). */
async function scopedResponses(db: Db, actor: Actor | null, filter: ResponseFilter, action: 'view' | 'export') {
  if (!can(actor, 'view', { type: 'questionnaire' })) throw notFound();
  const version = await getQuestionnaireVersion(db, filter.formId, filter.versionNo);
  if (!version) throw notFound();
  const projects = await listProjectsForResponses(db, actor, 'view');
  const allowed = projects.filter((p) => can(actor, action, responseResource(p)));
  const ids = filter.projectId ? allowed.filter((p) => p.id === filter.projectId).map((p) => p.id) : allowed.map((p) => p.id);
  if (filter.projectId && !ids.length) throw notFound();
  if (!ids.length) return { version, projects: allowed, rows: [] };
  let q = db
    .selectFrom('monitoring_response as r')
    .innerJoin('project as p', 'p.id', 'r.project_id')
    .innerJoin('admin_unit as u', 'u.soate', 'r.admin_unit_soate')
    .leftJoin('monitoring_visit as v', 'v.id', 'r.visit_id')
    .select([
      'r.id',
      'r.project_id',
      'p.code as project_code',
      'r.admin_unit_soate',
      'u.name_ky as unit_ky',
      'u.name_ru as unit_ru',
      'u.name_en as unit_en',
      'v.visit_no',
      'r.respondent_sex',
      'r.respondent_age_group',
      'r.respondent_name',
      'r.respondent_ref',
      'r.answers',
      'r.language',
      'r.source',
      'r.created_at',
    ])
    .where('r.questionnaire_version_id', '=', version.id)
    .where('r.project_id', 'in', ids);
  if (filter.adminUnitSoate) q = q.where('r.admin_unit_soate', '=', filter.adminUnitSoate);
  if (filter.sex) q = q.where('r.respondent_sex', '=', filter.sex);
  if (filter.ageGroup) q = q.where('r.respondent_age_group', '=', filter.ageGroup);
  const rows = await q.orderBy('r.created_at').orderBy('r.id').limit(MAX_SUMMARISED).execute();
  return {
    version,
    projects: allowed,
    rows: rows.map(({ respondent_name, ...r }) => ({
      ...r,
      answers: r.answers as Answers,
      // Names only for the territorial officers of the territory the response was given in.
      respondent_name: respondent_name && can(actor, 'view', { type: 'respondent_names', adminUnitSoate: r.admin_unit_soate }) ? respondent_name : null,
    })),
  };
}

/** Responses for the list and the xlsx, names only where the actor may see them. */
export async function listResponses(db: Db, actor: Actor | null, filter: ResponseFilter, action: 'view' | 'export' = 'view') {
  const { version, rows, projects } = await scopedResponses(db, actor, filter, action);
  return { version, rows, projects, namesAsked: needsRespondentNames(version.definition) };
}

export type SummaryDimension = 'project' | 'territory' | 'sex' | 'age_group';

export interface ResponseSummary {
  formId: string;
  title: string;
  versionNo: number;
  definition: Questionnaire;
  responses: number;
  /** Per question over all filtered responses. */
  questions: QuestionSummary[];
  /** Per question and group when `by` is given: the group's key (project code, SOATE, f/m, age group). */
  groups: { key: string; responses: number; questions: QuestionSummary[] }[];
  projects: { id: string; code: string; name_ky: string; name_ru: string; name_en: string; territories: { soate: string; name_ky: string; name_ru: string; name_en: string }[] }[];
}

/**
 * Summaries per question (counts, %, mean, median) of the responses an actor may read, filtered by
 * project, territory, sex and age group and optionally broken down by one of them. The annual M&E
 * report calls it too.
 */
export async function summariseResponses(db: Db, actor: Actor | null, filter: ResponseFilter & { by?: SummaryDimension | null }): Promise<ResponseSummary> {
  const { version, rows, projects } = await scopedResponses(db, actor, filter, 'view');
  const q = version.definition;
  const questions = answerableQuestions(q).filter((x) => x.name !== 'respondent_name');
  const summarise = (set: typeof rows) => questions.map((question) => summariseQuestion(q, question, set.map((r) => r.answers)));
  const keyOf = (r: (typeof rows)[number]): string | null =>
    filter.by === 'project' ? r.project_code : filter.by === 'territory' ? r.admin_unit_soate : filter.by === 'sex' ? r.respondent_sex : filter.by === 'age_group' ? r.respondent_age_group : null;
  const groups = new Map<string, typeof rows>();
  if (filter.by) for (const r of rows) {
    const k = keyOf(r) ?? '';
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  return {
    formId: version.form_id,
    title: version.title,
    versionNo: version.version_no,
    definition: q,
    responses: rows.length,
    questions: summarise(rows),
    groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, set]) => ({ key, responses: set.length, questions: summarise(set) })),
    projects: projects.map((p) => ({ id: p.id, code: p.code, name_ky: p.name_ky, name_ru: p.name_ru, name_en: p.name_en, territories: p.territories })),
  };
}
