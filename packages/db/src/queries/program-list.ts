import { can, programDraftScope, publicProgramVersion, visibleProgramVersion, type Actor, type ProgramContentChoice } from '@kamkor/domain';
import type { ExpressionBuilder } from 'kysely';
import type { Db } from './audit.ts';
import type { Database } from '../schema/index.ts';
import { pageBounds, MAX_PAGE_SIZE, type PageRequest } from './paging.ts';
import { programColumns, programResource } from './program.ts';
import type { ProgramSnapshot } from './program-versions.ts';

/** The approved-version number of a program as a correlated subquery (0 when none). */
const approvedVersionNo = (eb: ExpressionBuilder<Database, 'program'>) =>
  eb
    .selectFrom('program_version')
    .select((e) => e.fn.coalesce(e.fn.max('version_no'), e.lit(0)).as('v'))
    .whereRef('program_version.program_id', '=', 'program.id')
    .as('approved_version_no');

/** Programs that have public content: past the draft stage, or with an approved version. */
const hasPublicContent = (eb: ExpressionBuilder<Database, 'program'>) =>
  eb.or([
    eb('program.status', 'not in', ['draft', 'revision']),
    eb.exists(eb.selectFrom('program_version').select('program_version.id').whereRef('program_version.program_id', '=', 'program.id')),
  ]);

/**
 * The frozen header and totals of the versions chosen for a page of programs, in one query (not one
 * per row): a list must not show a draft amendment's title or budget to someone who may not see it.
 */
async function chosenSnapshots(db: Db, chosen: { id: string; choice: ProgramContentChoice | null }[]) {
  const wanted = chosen.filter((r) => r.choice?.kind === 'version');
  if (!wanted.length) return new Map<string, ProgramSnapshot>();
  const rows = await db
    .selectFrom('program_version')
    .select(['program_id', 'version_no', 'snapshot'])
    .where('program_id', 'in', wanted.map((r) => r.id))
    .execute();
  const out = new Map<string, ProgramSnapshot>();
  for (const r of wanted) {
    const choice = r.choice as { kind: 'version'; versionNo: number };
    const s = rows.find((x) => x.program_id === r.id && x.version_no === choice.versionNo);
    if (s) out.set(r.id, s.snapshot as ProgramSnapshot);
  }
  return out;
}

export interface ProgramListFilter extends PageRequest {
  status?: string;
  year?: number;
  customerId?: string;
}

/**
 * The programs an actor may see (can 'view'), newest first, filtered and paged in SQL. The WHERE is
 * `programDraftScope` of the domain policy: drafts only for those who may `view_draft`, everything
 * else only when public.
 * The totals are those of the live lines, so they are shown only where the live draft may be seen.
 */
export async function listProgramsForActor(db: Db, actor: Actor | null, filter: ProgramListFilter = {}) {
  const { limit, offset, page, pageSize } = pageBounds(filter);
  const { all: seesAllDrafts, customerIds: ownCustomers } = programDraftScope(actor);
  let q = db.selectFrom('program').innerJoin('organisation', 'organisation.id', 'program.customer_id');
  if (!seesAllDrafts)
    q = q.where((eb) => (ownCustomers.length ? eb.or([hasPublicContent(eb), eb('program.customer_id', 'in', ownCustomers)]) : hasPublicContent(eb)));
  if (filter.status) q = q.where('program.status', '=', filter.status);
  if (filter.year) q = q.where('program.year_from', '<=', filter.year).where('program.year_to', '>=', filter.year);
  if (filter.customerId) q = q.where('program.customer_id', '=', filter.customerId);
  const [rows, count] = await Promise.all([
    q
      .select(programColumns)
      .select([
        'organisation.name_ky as customer_name_ky',
        'organisation.name_ru as customer_name_ru',
        'organisation.name_en as customer_name_en',
        (eb) =>
          eb
            .selectFrom('program_line')
            .select((e) => e.fn.coalesce(e.fn.sum<number>('budget_tyiyn'), e.lit(0)).as('s'))
            .whereRef('program_line.program_id', '=', 'program.id')
            .as('lines_tyiyn'),
        (eb) =>
          eb
            .selectFrom('program_line')
            .select((e) => e.fn.countAll<number>().as('c'))
            .whereRef('program_line.program_id', '=', 'program.id')
            .as('line_count'),
        approvedVersionNo,
      ])
      .orderBy('program.year_from', 'desc')
      .orderBy('program.created_at', 'desc')
      .orderBy('program.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  // sum() of int8 is numeric (a string) on both engines; the total is exact below 2^53 tyiyn.
  const chosen = rows
    .map((r) => ({ ...r, lines_tyiyn: Number(r.lines_tyiyn ?? 0), line_count: Number(r.line_count ?? 0), approved_version_no: Number(r.approved_version_no ?? 0) }))
    // The SQL above is the same rule; this keeps a future drift from showing a row (it would only shorten a page).
    .filter((r) => can(actor, 'view', programResource(r)))
    .map((r) => ({ ...r, choice: visibleProgramVersion(actor, programResource(r)) }));
  const snapshots = await chosenSnapshots(db, chosen);
  const items = chosen.map(({ choice: _choice, ...r }) => {
    const s = snapshots.get(r.id);
    if (!s) return r;
    return {
      ...r,
      title: s.header.title,
      year_from: s.header.yearFrom,
      year_to: s.header.yearTo,
      funding_source: s.header.fundingSource,
      ceiling_tyiyn: s.header.ceilingTyiyn,
      lines_tyiyn: s.lines.reduce((sum, l) => sum + l.budgetTyiyn, 0),
      line_count: s.lines.length,
    };
  });
  return { items, total: Number(count.n), page, pageSize };
}

/**
 * The public list (`/public/programs`): programs under discussion and programs with an approved
 * version, with their last approval in the same query (named columns only: the public projection).
 */
export async function listPublicPrograms(db: Db, filter: PageRequest = {}) {
  const { limit, offset } = pageBounds(filter, MAX_PAGE_SIZE);
  const rows = await db
    .selectFrom('program')
    .innerJoin('organisation', 'organisation.id', 'program.customer_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('program_version')
          .distinctOn('program_version.program_id')
          .select(['program_version.program_id', 'program_version.version_no', 'program_version.approval_doc_no', 'program_version.approval_date'])
          .orderBy('program_version.program_id')
          .orderBy('program_version.version_no', 'desc')
          .as('last_version'),
      (join) => join.onRef('last_version.program_id', '=', 'program.id'),
    )
    .select([
      'program.id',
      'program.title',
      'program.year_from',
      'program.year_to',
      'program.status',
      'program.discussion_start',
      'program.discussion_end',
      'organisation.name_ky as customer_name_ky',
      'organisation.name_ru as customer_name_ru',
      'organisation.name_en as customer_name_en',
      'last_version.version_no as approved_version_no',
      'last_version.approval_doc_no',
      'last_version.approval_date',
    ])
    .where((eb) => eb.or([eb('program.status', '=', 'public_discussion'), eb('last_version.version_no', 'is not', null)]))
    .orderBy('program.year_from', 'desc')
    .orderBy('program.created_at', 'desc')
    .orderBy('program.id')
    .limit(limit)
    .offset(offset)
    .execute();
  const chosen = rows.map((r) => ({
    ...r,
    approved_version_no: Number(r.approved_version_no ?? 0),
    choice: publicProgramVersion({ type: 'program', id: r.id, customerId: '', status: r.status, approvedVersionNo: Number(r.approved_version_no ?? 0) }),
  }));
  const snapshots = await chosenSnapshots(db, chosen);
  return chosen.map(({ choice: _choice, ...r }) => {
    const s = snapshots.get(r.id);
    return s ? { ...r, title: s.header.title, year_from: s.header.yearFrom, year_to: s.header.yearTo } : r;
  });
}
