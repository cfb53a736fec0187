import { AppError, ocdsReleasePackage, type OcdsCompetition } from '@kamkor/domain';
import { sql } from 'kysely';
import { type Db } from './audit.ts';
import { loadScoring } from './competition-scoring.ts';
import { pageBounds, type PageRequest } from './paging.ts';

const notFound = () => new AppError('NOT_FOUND', 'errors.notFound');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Statuses with a public page: from the announcement on; planned (working drafts) and cancelled ones are not listed. */
export const PUBLIC_COMPETITION_STATUSES = ['announced', 'accepting', 'closed', 'evaluating', 'awarded', 'unsuccessful'] as const;

/** The public list: named columns only, never an applicant. Newest first, one page. */
export async function listPublicCompetitions(db: Db, p: PageRequest = {}) {
  const { limit, offset } = pageBounds(p);
  return db
    .selectFrom('competition as c')
    .innerJoin('organisation as customer', 'customer.id', 'c.customer_id')
    .select([
      'c.id',
      'c.title',
      'c.status',
      'c.opens_at',
      'c.closes_at',
      'c.lot_budget_tyiyn',
      'c.protocol_signed_at',
      'customer.name_ky as customer_name_ky',
      'customer.name_ru as customer_name_ru',
      'customer.name_en as customer_name_en',
    ])
    .where('c.status', 'in', [...PUBLIC_COMPETITION_STATUSES])
    .orderBy('c.opens_at', 'desc')
    .orderBy('c.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * The published results of a competition (empty before the protocol is signed): winners with their
 * amounts and mean weighted totals, and the complaints with their outcomes (code, dates, decision and
 * reasons; the complaint's own text stays with the commission). Named columns only.
 */
export async function getPublicResults(db: Db, id: string) {
  if (!UUID.test(id)) throw notFound();
  const c = await db
    .selectFrom('competition')
    .select(['id', 'status', 'protocol_signed_at', 'lot_budget_tyiyn', 'complaint_days', 'spread_threshold'])
    .where('id', '=', id)
    .where('status', 'in', [...PUBLIC_COMPETITION_STATUSES])
    .executeTakeFirst();
  if (!c) throw notFound();
  if (!c.protocol_signed_at) return { published: false as const, signedAt: null, complaintDays: c.complaint_days, winners: [], complaints: [] };
  const criteria = await db.selectFrom('competition_criterion').select(['id', 'code', 'weight', 'max_points', 'position']).where('competition_id', '=', id).orderBy('position').execute();
  // The same ranking as the protocol (mean weighted totals of complete sheets).
  const { ranked } = await loadScoring(db, { id: c.id, criteria, lot_budget_tyiyn: c.lot_budget_tyiyn, spread_threshold: c.spread_threshold });
  const winners = await db
    .selectFrom('competition_application as a')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select(['a.id', 'a.code', 'a.title', 'a.requested_tyiyn', 'o.name_ky', 'o.name_ru', 'o.name_en'])
    .where('a.competition_id', '=', id)
    .where('a.status', '=', 'awarded')
    .limit(500)
    .execute();
  const complaints = await db
    .selectFrom('competition_complaint as k')
    .innerJoin('competition_application as a', 'a.id', 'k.application_id')
    .select(['k.id', 'a.code', 'k.filed_at', 'k.status', 'k.reasons', 'k.changed_decision', 'k.answered_at'])
    .where('k.competition_id', '=', id)
    .orderBy('k.filed_at')
    .limit(500)
    .execute();
  const rows = winners
    .map(({ id: appId, ...w }) => {
      const r = ranked.find((x) => x.applicationId === appId);
      return { ...w, total: r?.total ?? null, rank: r?.rank ?? null };
    })
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.code.localeCompare(b.code));
  return { published: true as const, signedAt: c.protocol_signed_at, complaintDays: c.complaint_days, winners: rows, complaints };
}

/** At most this many competitions in one OCDS download ("all"); the newest first. */
export const OCDS_MAX_COMPETITIONS = 200;

const dateString = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));

/**
 * The public facts of competitions for their OCDS release (packages/domain ocds.ts does the mapping):
 * the program line, the buyer, the lot's territories (SOATE), a count of submitted applications and —
 * only once the protocol is signed — the evaluated applications with their organisations, the contracts
 * created from winners and their released tranches. Nothing of contacts, people or the project texts.
 */
export async function getOcdsCompetitions(db: Db, ids: string[] | 'all'): Promise<OcdsCompetition[]> {
  let q = db
    .selectFrom('competition as c')
    .innerJoin('program as p', 'p.id', 'c.program_id')
    .innerJoin('program_line as l', 'l.id', 'c.program_line_id')
    .innerJoin('organisation as b', 'b.id', 'c.customer_id')
    .select([
      'c.id',
      'c.title',
      'c.goal',
      'c.status',
      'c.lot_budget_tyiyn',
      'c.max_amount_tyiyn',
      'c.opens_at',
      'c.closes_at',
      'c.protocol_signed_at',
      'c.created_at',
      'c.updated_at',
      'l.service_code',
      'p.id as program_id',
      'p.title as program_title',
      'l.id as line_id',
      'l.line_no',
      'l.budget_tyiyn as line_budget_tyiyn',
      'l.period_start',
      'l.period_end',
      'b.id as buyer_id',
      'b.name_ru as buyer_name',
      'b.inn as buyer_inn',
      'b.admin_unit_soate as buyer_soate',
    ])
    .where('c.status', 'in', [...PUBLIC_COMPETITION_STATUSES]);
  if (ids !== 'all') {
    if (ids.length === 0) return [];
    q = q.where('c.id', 'in', ids);
  }
  const comps = await q.orderBy('c.opens_at', 'desc').orderBy('c.id').limit(OCDS_MAX_COMPETITIONS).execute();
  if (comps.length === 0) return [];
  const compIds = comps.map((c) => c.id);
  const lineIds = [...new Set(comps.map((c) => c.line_id))];
  const territories = await db
    .selectFrom('program_line_territory as t')
    .innerJoin('admin_unit as u', 'u.soate', 't.admin_unit_soate')
    .select(['t.line_id', 'u.soate', 'u.name_ru'])
    .where('t.line_id', 'in', lineIds)
    .orderBy('u.soate')
    .execute();
  const buyerSoates = [...new Set(comps.map((c) => c.buyer_soate).filter((s): s is string => !!s))];
  const buyerRegions = buyerSoates.length ? await db.selectFrom('admin_unit').select(['soate', 'name_ru']).where('soate', 'in', buyerSoates).execute() : [];
  const counts = await db
    .selectFrom('competition_application')
    .select(['competition_id', sql<string>`count(*)`.as('n')])
    .where('competition_id', 'in', compIds)
    .where('status', 'not in', ['draft', 'withdrawn'])
    .groupBy('competition_id')
    .execute();
  // Identities: only of competitions whose protocol is signed (the published results).
  const signedIds = comps.filter((c) => c.protocol_signed_at).map((c) => c.id);
  const apps = signedIds.length
    ? await db
        .selectFrom('competition_application as a')
        .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
        .select(['a.id', 'a.competition_id', 'a.code', 'a.title', 'a.status', 'a.requested_tyiyn', 'a.project_id', 'o.id as org_id', 'o.name_ru as org_name', 'o.inn as org_inn'])
        .where('a.competition_id', 'in', signedIds)
        .where('a.status', 'in', ['admitted', 'rejected', 'awarded', 'not_awarded'])
        .orderBy('a.code')
        .limit(OCDS_MAX_COMPETITIONS * 200)
        .execute()
    : [];
  const projectIds = apps.filter((a) => a.status === 'awarded' && a.project_id).map((a) => a.project_id!);
  const projects = projectIds.length
    ? await db.selectFrom('project').select(['id', 'code', 'name_ru', 'amount_tyiyn', 'start_date', 'end_date', 'signed_at']).where('id', 'in', projectIds).execute()
    : [];
  const tranches = projectIds.length
    ? await db.selectFrom('tranche').select(['id', 'project_id', 'tranche_no', 'amount_tyiyn', 'released_at']).where('project_id', 'in', projectIds).orderBy('tranche_no').execute()
    : [];
  return comps.map((c) => {
    const mine = apps.filter((a) => a.competition_id === c.id);
    return {
      id: c.id,
      title: c.title,
      goal: c.goal,
      status: c.status,
      lotBudgetTyiyn: Number(c.lot_budget_tyiyn),
      maxAmountTyiyn: Number(c.max_amount_tyiyn),
      opensAt: c.opens_at,
      closesAt: c.closes_at,
      protocolSignedAt: c.protocol_signed_at,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
      serviceCode: c.service_code,
      program: {
        id: c.program_id,
        title: c.program_title,
        lineId: c.line_id,
        lineNo: c.line_no,
        lineBudgetTyiyn: Number(c.line_budget_tyiyn),
        periodStart: dateString(c.period_start),
        periodEnd: dateString(c.period_end),
      },
      buyer: { id: c.buyer_id, name: c.buyer_name, inn: c.buyer_inn, soate: c.buyer_soate, region: buyerRegions.find((r) => r.soate === c.buyer_soate)?.name_ru ?? null },
      territories: territories.filter((t) => t.line_id === c.line_id).map((t) => ({ soate: t.soate, name: t.name_ru })),
      submittedCount: Number(counts.find((n) => n.competition_id === c.id)?.n ?? 0),
      applications: mine.map((a) => ({
        id: a.id,
        code: a.code,
        title: a.title,
        status: a.status,
        requestedTyiyn: Number(a.requested_tyiyn),
        organisation: { id: a.org_id, name: a.org_name, inn: a.org_inn },
      })),
      contracts: mine
        .filter((a) => a.status === 'awarded' && a.project_id)
        .flatMap((a) => {
          const k = projects.find((p) => p.id === a.project_id);
          if (!k) return [];
          return [
            {
              id: k.id,
              applicationId: a.id,
              code: k.code,
              title: k.name_ru,
              amountTyiyn: Number(k.amount_tyiyn),
              startDate: dateString(k.start_date),
              endDate: dateString(k.end_date),
              signedAt: k.signed_at,
              tranches: tranches.filter((t) => t.project_id === k.id).map((t) => ({ id: t.id, trancheNo: t.tranche_no, amountTyiyn: Number(t.amount_tyiyn), releasedAt: t.released_at })),
            },
          ];
        }),
    };
  });
}

/** The OCDS 1.1 release package of one public competition (404 otherwise), or of all (bounded). */
export async function ocdsPackage(db: Db, which: { id: string } | 'all', uri: string, now = new Date()) {
  if (which !== 'all' && !UUID.test(which.id)) throw notFound();
  const comps = await getOcdsCompetitions(db, which === 'all' ? 'all' : [which.id]);
  if (which !== 'all' && comps.length === 0) throw notFound();
  return ocdsReleasePackage(comps, { uri, publishedDate: now, publisher: 'Kamkor — State Social Order of the Kyrgyz Republic' });
}
