import { sql } from 'kysely';
import {
  AppError,
  can,
  hasRole,
  orgsWithRole,
  reportingPeriods,
  soatePrefix,
  territoriesWithRole,
  type Action,
  type Actor,
  type Frequency,
  type ProjectInput,
  type Resource,
  type StatusThresholds,
} from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';

/** A project as authorisation sees it. */
export type ProjectResource = Extract<Resource, { type: 'project' }>;

const projectColumns = [
  'project.id',
  'project.code',
  'project.name_ky',
  'project.name_ru',
  'project.name_en',
  'project.contractor_id',
  'project.customer_id',
  'project.amount_tyiyn',
  'project.cofunding_tyiyn',
  'project.start_date',
  'project.end_date',
  'project.frequency',
  'project.source',
  'project.signed_at',
  'project.created_at',
] as const;

/** A number from a numeric column (exact string) or null. */
export const num = (v: string | number | null | undefined): number | null => (v == null ? null : Number(v));

/** Registers a contract by hand (legacy contracts; competitions create them automatically later). */
export async function createProject(db: Db, actor: Actor, input: ProjectInput): Promise<string> {
  const resource: ProjectResource = { type: 'project', id: 'new', contractorId: input.contractorId, customerId: input.customerId, adminUnitSoates: input.territories };
  if (!can(actor, 'create', resource)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const dup = await db.selectFrom('project').select('id').where('code', '=', input.code).executeTakeFirst();
  if (dup) throw new AppError('CONFLICT', 'results:errors.codeTaken');
  const contractor = await db.selectFrom('organisation').select('kind').where('id', '=', input.contractorId).executeTakeFirst();
  if (contractor?.kind !== 'ngo') throw new AppError('INVALID', 'results:errors.contractorNotNgo');
  const units = await db.selectFrom('admin_unit').select('soate').where('soate', 'in', input.territories).execute();
  if (units.length !== new Set(input.territories).size) throw new AppError('INVALID', 'errors.unknownCode');
  const row = await db
    .insertInto('project')
    .values({
      code: input.code,
      name_ky: input.name_ky,
      name_ru: input.name_ru,
      name_en: input.name_en ?? '',
      contractor_id: input.contractorId,
      customer_id: input.customerId,
      amount_tyiyn: input.amount,
      start_date: input.startDate,
      end_date: input.endDate,
      frequency: input.frequency,
      program_line_id: null,
      signed_at: input.signed ? new Date() : null,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('project_territory')
    .values([...new Set(input.territories)].map((s) => ({ project_id: row.id, admin_unit_soate: s })))
    .execute();
  await writeAudit(db, { actorId: actor.userId, action: 'create', entity: 'project', entityId: row.id, after: input });
  await ensureReports(db, row.id);
  return row.id;
}

/** Creates the draft report of every reporting period that has none yet (idempotent). */
export async function ensureReports(db: Db, projectId: string, dueDays?: number): Promise<void> {
  const p = await db.selectFrom('project').select(['start_date', 'end_date', 'frequency']).where('id', '=', projectId).executeTakeFirstOrThrow();
  const days = dueDays ?? (await getResultsSettings(db)).dueDays;
  const periods = reportingPeriods(p.start_date, p.end_date, p.frequency as Frequency, days);
  if (periods.length === 0) return;
  await db
    .insertInto('report')
    .values(periods.map((x) => ({ project_id: projectId, period_key: x.key, period_start: x.start, period_end: x.end, due_date: x.due })))
    .onConflict((oc) => oc.constraint('report_period_unique').doNothing())
    .execute();
}

/** Thresholds and due days (configurable data). */
export async function getResultsSettings(db: Db): Promise<StatusThresholds & { dueDays: number }> {
  const row = await db.selectFrom('results_setting').selectAll().where('key', '=', 'default').executeTakeFirst();
  return { onTrack: num(row?.on_track) ?? 90, atRisk: num(row?.at_risk) ?? 70, dueDays: row?.due_days ?? 15 };
}

/** Projects the actor may see, with contractor and customer names; filtered in SQL by role. */
export async function listProjectsForActor(db: Db, actor: Actor, filter: { search?: string; contractorId?: string } = {}) {
  let q = db
    .selectFrom('project')
    .innerJoin('organisation as contractor', 'contractor.id', 'project.contractor_id')
    .innerJoin('organisation as customer', 'customer.id', 'project.customer_id')
    .select(projectColumns)
    .select([
      'contractor.name_ky as contractor_ky',
      'contractor.name_ru as contractor_ru',
      'contractor.name_en as contractor_en',
      'customer.name_ky as customer_ky',
      'customer.name_ru as customer_ru',
      'customer.name_en as customer_en',
    ])
    .select((eb) => [
      eb
        .selectFrom('report')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('report.project_id', '=', 'project.id')
        .where('report.status', 'in', ['submitted', 'resubmitted'])
        .as('awaiting_review'),
      eb
        .selectFrom('report')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('report.project_id', '=', 'project.id')
        .where('report.status', 'in', ['draft', 'returned'])
        .where('report.due_date', '<', sql<string>`current_date`)
        .as('overdue'),
    ])
    .orderBy('project.code');
  if (!hasRole(actor, 'admin', 'program_officer', 'analyst')) {
    const orgs = orgsWithRole(actor, 'ngo_staff');
    const prefixes = territoriesWithRole(actor, 'territorial_officer').map(soatePrefix);
    if (orgs.length === 0 && prefixes.length === 0) return [];
    q = q.where((eb) =>
      eb.or([
        ...(orgs.length ? [eb('project.contractor_id', 'in', orgs)] : []),
        ...prefixes.map((p) =>
          eb.exists(
            eb
              .selectFrom('project_territory')
              .select('project_territory.project_id')
              .whereRef('project_territory.project_id', '=', 'project.id')
              .where('project_territory.admin_unit_soate', 'like', `${p}%`),
          ),
        ),
      ]),
    );
  }
  if (filter.contractorId) q = q.where('project.contractor_id', '=', filter.contractorId);
  if (filter.search) {
    const s = `%${filter.search.toLowerCase()}%`;
    q = q.where((eb) => eb.or([eb(sql`lower(project.code)`, 'like', s), eb(sql`lower(project.name_ru)`, 'like', s), eb(sql`lower(project.name_ky)`, 'like', s)]));
  }
  return q.execute();
}

/** A project with its territories; throws NOT_FOUND. */
export async function getProject(db: Db, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const p = await db
    .selectFrom('project')
    .innerJoin('organisation as contractor', 'contractor.id', 'project.contractor_id')
    .innerJoin('organisation as customer', 'customer.id', 'project.customer_id')
    .select(projectColumns)
    .select([
      'contractor.name_ky as contractor_ky',
      'contractor.name_ru as contractor_ru',
      'contractor.name_en as contractor_en',
      'customer.name_ky as customer_ky',
      'customer.name_ru as customer_ru',
      'customer.name_en as customer_en',
    ])
    .where('project.id', '=', id)
    .executeTakeFirst();
  if (!p) throw new AppError('NOT_FOUND', 'errors.notFound');
  const territories = await db
    .selectFrom('project_territory')
    .innerJoin('admin_unit', 'admin_unit.soate', 'project_territory.admin_unit_soate')
    .select(['admin_unit.soate', 'admin_unit.name_ky', 'admin_unit.name_ru', 'admin_unit.name_en'])
    .where('project_territory.project_id', '=', id)
    .orderBy('admin_unit.soate')
    .execute();
  return { ...p, territories };
}

export type ProjectRow = Awaited<ReturnType<typeof getProject>>;

/** The authorisation view of a project row. */
export function projectResource(p: Pick<ProjectRow, 'id' | 'contractor_id' | 'customer_id' | 'signed_at' | 'territories'>): ProjectResource {
  return {
    type: 'project',
    id: p.id,
    contractorId: p.contractor_id,
    customerId: p.customer_id,
    adminUnitSoates: p.territories.map((t) => t.soate),
    signed: p.signed_at != null,
  };
}

/** Loads a project and checks the actor may do `action` to it; otherwise NOT_FOUND (never reveals the id exists). */
export async function getProjectForActor(db: Db, actor: Actor | null, id: string, action: Action = 'view') {
  const p = await getProject(db, id);
  if (!can(actor, action, projectResource(p))) throw new AppError('NOT_FOUND', 'errors.notFound');
  return p;
}

/** Active categories of the configurable dimensions, by dimension. */
export async function listDisaggregationCategories(db: Db) {
  const rows = await db
    .selectFrom('disaggregation_category')
    .select(['dimension', 'code', 'name_ky', 'name_ru', 'name_en'])
    .where('is_active', '=', true)
    .orderBy('dimension')
    .orderBy('sort_order')
    .execute();
  const out: Record<string, { code: string; name_ky: string; name_ru: string; name_en: string }[]> = {};
  for (const r of rows) (out[r.dimension] ??= []).push({ code: r.code, name_ky: r.name_ky, name_ru: r.name_ru, name_en: r.name_en });
  return out;
}

/** NGOs and customers (ministry, territorial divisions, municipalities) for the contract form. */
export async function listContractParties(db: Db) {
  const rows = await db.selectFrom('organisation').select(['id', 'kind', 'name_ky', 'name_ru', 'name_en']).orderBy('name_ru').execute();
  return {
    contractors: rows.filter((r) => r.kind === 'ngo'),
    customers: rows.filter((r) => r.kind === 'ministry' || r.kind === 'territorial_division' || r.kind === 'municipality'),
  };
}

/** Changes the thresholds and due days (admin only at the route); audited with the reason. */
export async function saveResultsSettings(db: Db, actorId: string, input: { onTrack: number; atRisk: number; dueDays: number; reason: string }) {
  const before = await getResultsSettings(db);
  await db
    .insertInto('results_setting')
    .values({ key: 'default', on_track: String(input.onTrack), at_risk: String(input.atRisk), due_days: input.dueDays })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ on_track: String(input.onTrack), at_risk: String(input.atRisk), due_days: input.dueDays }),
    )
    .execute();
  await writeAudit(db, {
    actorId,
    action: 'update',
    entity: 'results_setting',
    entityId: 'default',
    before,
    after: { onTrack: input.onTrack, atRisk: input.atRisk, dueDays: input.dueDays },
    reason: input.reason,
  });
}

/** Every disaggregation category, active or not, for the admin screen. */
export async function listAllDisaggregationCategories(db: Db) {
  return db.selectFrom('disaggregation_category').selectAll().orderBy('dimension').orderBy('sort_order').orderBy('code').execute();
}

/**
 * Adds or edits a category (audited). Values are stored by code, so a category that is no longer
 * wanted is deactivated rather than deleted, and its old values still read.
 */
export async function saveDisaggregationCategory(
  db: Db,
  actorId: string,
  input: { dimension: string; code: string; name_ky: string; name_ru: string; name_en: string; sort_order: number; is_active: boolean },
) {
  const before = await db
    .selectFrom('disaggregation_category')
    .selectAll()
    .where('dimension', '=', input.dimension)
    .where('code', '=', input.code)
    .executeTakeFirst();
  await db
    .insertInto('disaggregation_category')
    .values(input)
    .onConflict((oc) => oc.columns(['dimension', 'code']).doUpdateSet({ name_ky: input.name_ky, name_ru: input.name_ru, name_en: input.name_en, sort_order: input.sort_order, is_active: input.is_active }))
    .execute();
  await writeAudit(db, { actorId, action: before ? 'update' : 'create', entity: 'disaggregation_category', entityId: `${input.dimension}:${input.code}`, before, after: input });
}
