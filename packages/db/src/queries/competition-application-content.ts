// Issue #9: the content of an application beyond its text — activity plan, budget with co-funding,
// proposed indicators — and its attachments (original for the NGO and the customer, a copy without
// document metadata for the commission).
import {
  AppError,
  assertActivitiesInPeriod,
  assertBudget,
  assertSubmittable,
  assertWindowOpen,
  attachmentExtension,
  budgetTotals,
  can,
  MAX_ATTACHMENTS,
  type Actor,
  type ApplicationContentInput,
  type AttachmentType,
} from '@kamkor/domain';
import { sql } from 'kysely';
import { type Db, writeAudit } from './audit.ts';
import { getApplicationForActor } from './competition-applications.ts';
import { listScoreSheets } from './competition-scoring.ts';
import { getCompetitionForActor } from './competitions.ts';
import { databaseStorage } from './storage.ts';

const notFound = () => new AppError('NOT_FOUND', 'errors.notFound');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dateOnly = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** The lot terms an application's content is checked against. */
function lotTerms(a: { max_amount_tyiyn: number; min_cofunding_pct: number; project_start: string | Date | null; project_end: string | Date | null }) {
  return {
    maxAmount: Number(a.max_amount_tyiyn),
    minCofundingPct: Number(a.min_cofunding_pct),
    projectStart: a.project_start ? dateOnly(a.project_start) : null,
    projectEnd: a.project_end ? dateOnly(a.project_end) : null,
  };
}

/** Activity plan, budget lines and proposed indicators of an application, in order (no policy check: callers have one). */
async function readContent(db: Db, applicationId: string) {
  const [activities, budget, indicators] = await Promise.all([
    db.selectFrom('application_activity').select(['name', 'starts_on', 'ends_on']).where('application_id', '=', applicationId).orderBy('position').limit(100).execute(),
    db.selectFrom('application_budget_line').select(['item', 'requested_tyiyn', 'own_tyiyn', 'other_tyiyn']).where('application_id', '=', applicationId).orderBy('position').limit(100).execute(),
    db.selectFrom('application_indicator').select(['program_indicator_id', 'name', 'unit', 'baseline', 'target']).where('application_id', '=', applicationId).orderBy('position').limit(100).execute(),
  ]);
  const content = {
    activities: activities.map((r) => ({ name: r.name, startsOn: dateOnly(r.starts_on), endsOn: dateOnly(r.ends_on) })),
    budget: budget.map((r) => ({ item: r.item, requested: Number(r.requested_tyiyn), own: Number(r.own_tyiyn), other: Number(r.other_tyiyn) })),
    indicators: indicators.map((r) => ({ programIndicatorId: r.program_indicator_id, name: r.name, unit: r.unit, baseline: Number(r.baseline), target: Number(r.target) })),
  };
  return { ...content, totals: budgetTotals(content.budget) };
}
export type ApplicationContentView = Awaited<ReturnType<typeof readContent>>;

/** The content of an application its NGO or the customer may read (404 for everyone else). */
export async function getApplicationContent(db: Db, actor: Actor, applicationId: string) {
  const a = await getApplicationForActor(db, actor, applicationId, 'view');
  return readContent(db, a.id);
}

/**
 * The indicator catalogue offered to applicants: indicators of the lot's program (those of the lot's
 * lines first). Anyone who may apply or read the competition may read it.
 */
export async function listIndicatorCatalogue(db: Db, actor: Actor, competitionId: string) {
  const c = await getCompetitionForActor(db, actor, competitionId, 'view');
  return db
    .selectFrom('program_indicator as pi')
    .select(['pi.id', 'pi.code', 'pi.name_ky', 'pi.name_ru', 'pi.name_en', 'pi.unit'])
    .where('pi.program_id', '=', c.program_id)
    .orderBy('pi.code')
    .limit(200)
    .execute();
}

/** Throws unless the application's content meets the lot (used when it is submitted). */
export async function assertApplicationSubmittable(
  db: Db,
  a: { id: string; max_amount_tyiyn: number; min_cofunding_pct: number; project_start: string | Date | null; project_end: string | Date | null },
) {
  assertSubmittable(await readContent(db, a.id), lotTerms(a));
}

/**
 * Replaces the activity plan, budget and proposed indicators of a draft before the deadline: activities
 * inside the lot's period, the requested total within the maximum per project and co-funding at least
 * the lot's share (refused with the amounts); catalogue indicators must be the lot's program's. The
 * application's requested amount becomes the budget's requested total. Audited; run in a transaction.
 */
export async function saveApplicationContent(db: Db, actor: Actor, applicationId: string, input: ApplicationContentInput, now = new Date()) {
  const a = await getApplicationForActor(db, actor, applicationId, 'update');
  assertWindowOpen({ status: a.competition_status, opens_at: a.opens_at, closes_at: a.closes_at }, now);
  const lot = lotTerms(a);
  assertActivitiesInPeriod(input.activities, lot);
  if (input.budget.length) assertBudget(input.budget, lot);
  const picked = [...new Set(input.indicators.map((i) => i.programIndicatorId).filter((x): x is string => !!x))];
  const catalogue = picked.length
    ? await db.selectFrom('program_indicator').select(['id', 'name_ru', 'unit']).where('id', 'in', picked).where('program_id', '=', a.program_id).execute()
    : [];
  if (catalogue.length !== picked.length) throw new AppError('INVALID', 'competition:content.errors.indicatorNotInCatalogue');
  const before = await readContent(db, a.id);
  await db.deleteFrom('application_activity').where('application_id', '=', a.id).execute();
  await db.deleteFrom('application_budget_line').where('application_id', '=', a.id).execute();
  await db.deleteFrom('application_indicator').where('application_id', '=', a.id).execute();
  if (input.activities.length)
    await db.insertInto('application_activity').values(input.activities.map((r, i) => ({ application_id: a.id, position: i + 1, name: r.name, starts_on: r.startsOn, ends_on: r.endsOn }))).execute();
  if (input.budget.length)
    await db
      .insertInto('application_budget_line')
      .values(input.budget.map((r, i) => ({ application_id: a.id, position: i + 1, item: r.item, requested_tyiyn: r.requested, own_tyiyn: r.own, other_tyiyn: r.other })))
      .execute();
  if (input.indicators.length)
    await db
      .insertInto('application_indicator')
      .values(
        input.indicators.map((r, i) => {
          const k = catalogue.find((c) => c.id === r.programIndicatorId);
          return { application_id: a.id, position: i + 1, program_indicator_id: k?.id ?? null, name: r.name || k!.name_ru, unit: k?.unit ?? r.unit, baseline: r.baseline, target: r.target };
        }),
      )
      .execute();
  const totals = budgetTotals(input.budget);
  if (totals.requested > 0) await db.updateTable('competition_application').set({ requested_tyiyn: totals.requested, updated_at: new Date() }).where('id', '=', a.id).execute();
  await writeAudit(db, { actorId: actor.userId, action: 'application.content', entity: 'competition_application', entityId: a.id, before, after: { ...input, totals } });
}

// ---------------------------------------------------------------- attachments

/** Attachments of an application for its NGO and the customer: original names, sizes, whether reviewers get them. */
export async function listAttachments(db: Db, actor: Actor, applicationId: string) {
  const a = await getApplicationForActor(db, actor, applicationId, 'view');
  const rows = await db
    .selectFrom('application_attachment')
    .select(['id', 'position', 'file_id', 'stripped_file_id', 'content_type', 'anonymised_at'])
    .where('application_id', '=', a.id)
    .orderBy('position')
    .limit(MAX_ATTACHMENTS)
    .execute();
  const meta = await databaseStorage(db).describe(rows.map((r) => r.file_id));
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    contentType: r.content_type,
    fileName: meta.get(r.file_id)?.fileName ?? '',
    sizeBytes: meta.get(r.file_id)?.sizeBytes ?? 0,
    stripped: !!r.stripped_file_id,
    anonymised: !!r.anonymised_at,
    /** Reviewers get it: a stripped copy exists or the secretary marked the original anonymised. */
    forReviewers: !!r.stripped_file_id || !!r.anonymised_at,
  }));
}

/**
 * Attaches a file (type already sniffed from the bytes, size checked) to a draft before the deadline,
 * with its metadata-free copy when there is one; at most MAX_ATTACHMENTS. Audited.
 */
export async function addAttachment(
  db: Db,
  actor: Actor,
  applicationId: string,
  file: { fileName: string; contentType: AttachmentType; data: Uint8Array; stripped: Uint8Array | null },
  now = new Date(),
) {
  const a = await getApplicationForActor(db, actor, applicationId, 'update');
  assertWindowOpen({ status: a.competition_status, opens_at: a.opens_at, closes_at: a.closes_at }, now);
  const count = await db.selectFrom('application_attachment').select(sql<string>`count(*)`.as('n')).select(sql<string>`coalesce(max(position), 0)`.as('last')).where('application_id', '=', a.id).executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_ATTACHMENTS) throw new AppError('INVALID', 'competition:content.errors.tooManyAttachments', { max: MAX_ATTACHMENTS });
  const storage = databaseStorage(db);
  const fileName = file.fileName.split(/[\\/]/).pop()!.slice(0, 200) || `attachment.${attachmentExtension[file.contentType]}`;
  const fileId = await storage.put({ fileName, contentType: file.contentType, data: file.data, createdBy: actor.userId, kind: 'attachment' });
  const position = Number(count.last) + 1;
  const strippedId = file.stripped
    ? await storage.put({ fileName: `${a.code}-${position}.${attachmentExtension[file.contentType]}`, contentType: file.contentType, data: file.stripped, createdBy: actor.userId, kind: 'attachment' })
    : null;
  const row = await db
    .insertInto('application_attachment')
    .values({ application_id: a.id, position, file_id: fileId, stripped_file_id: strippedId, content_type: file.contentType, created_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId: actor.userId, action: 'application.attach', entity: 'competition_application', entityId: a.id, after: { attachmentId: row.id, fileName, size: file.data.byteLength, stripped: !!strippedId } });
  return row.id;
}

/** Removes an attachment of a draft before the deadline; audited. */
export async function removeAttachment(db: Db, actor: Actor, applicationId: string, attachmentId: string, now = new Date()) {
  const a = await getApplicationForActor(db, actor, applicationId, 'update');
  assertWindowOpen({ status: a.competition_status, opens_at: a.opens_at, closes_at: a.closes_at }, now);
  if (!UUID.test(attachmentId)) throw notFound();
  const row = await db.selectFrom('application_attachment').select(['id', 'file_id', 'stripped_file_id']).where('id', '=', attachmentId).where('application_id', '=', a.id).executeTakeFirst();
  if (!row) throw notFound();
  await db.deleteFrom('application_attachment').where('id', '=', row.id).execute();
  const storage = databaseStorage(db);
  await storage.remove(row.file_id);
  if (row.stripped_file_id) await storage.remove(row.stripped_file_id);
  await writeAudit(db, { actorId: actor.userId, action: 'application.detach', entity: 'competition_application', entityId: a.id, before: { attachmentId: row.id } });
}

/** The original file, for the NGO and the customer (whoever may read the application); null otherwise. */
export async function openAttachment(db: Db, actor: Actor, applicationId: string, attachmentId: string) {
  const a = await getApplicationForActor(db, actor, applicationId, 'view');
  if (!UUID.test(attachmentId)) return null;
  const row = await db.selectFrom('application_attachment').select('file_id').where('id', '=', attachmentId).where('application_id', '=', a.id).executeTakeFirst();
  return row ? databaseStorage(db).open(row.file_id, { policy: 'checked' }) : null;
}

/**
 * The commission's secretary marks an attachment anonymised after checking it by eye (the secretary
 * sees identities for eligibility; reviewers do not): the original may then reach reviewers (images,
 * or files that could not be rewritten). The application must be one the secretary may check
 * (submitted, admitted or rejected). Audited.
 */
export async function markAttachmentAnonymised(db: Db, actor: Actor, competitionId: string, attachmentId: string) {
  if (!UUID.test(attachmentId)) throw notFound();
  const row = await db
    .selectFrom('application_attachment as t')
    .innerJoin('competition_application as a', 'a.id', 't.application_id')
    .select(['t.id', 't.application_id'])
    .where('t.id', '=', attachmentId)
    .where('a.competition_id', '=', competitionId)
    .executeTakeFirst();
  if (!row) throw notFound();
  await getApplicationForActor(db, actor, row.application_id, 'review');
  await db.updateTable('application_attachment').set({ anonymised_at: new Date(), anonymised_by: actor.userId }).where('id', '=', row.id).execute();
  await writeAudit(db, { actorId: actor.userId, action: 'application.anonymised', entity: 'competition_application', entityId: row.application_id, after: { attachmentId: row.id } });
}

/**
 * What a commission member reads besides the project text, per evaluation sheet: tasks, activity plan,
 * budget and indicators, and the attachments that may reach reviewers — named by the application's
 * code, never by the uploaded name. Only applications on the member's sheets (admitted, not excluded).
 */
export async function listReviewContent(db: Db, actor: Actor, competitionId: string) {
  const { sheets } = await listScoreSheets(db, actor, competitionId);
  const ids = sheets.map((s) => s.id);
  if (ids.length === 0) return {};
  const tasks = await db.selectFrom('competition_application').select(['id', 'tasks']).where('id', 'in', ids).execute();
  const attachments = await db
    .selectFrom('application_attachment')
    .select(['id', 'application_id', 'position', 'content_type', 'stripped_file_id', 'anonymised_at'])
    .where('application_id', 'in', ids)
    .where((eb) => eb.or([eb('stripped_file_id', 'is not', null), eb('anonymised_at', 'is not', null)]))
    .orderBy('position')
    .execute();
  const out: Record<string, ApplicationContentView & { tasks: string; attachments: { id: string; name: string }[] }> = {};
  for (const s of sheets) {
    out[s.id] = {
      ...(await readContent(db, s.id)),
      tasks: tasks.find((t) => t.id === s.id)?.tasks ?? '',
      attachments: attachments
        .filter((t) => t.application_id === s.id)
        .map((t) => ({ id: t.id, name: `${s.code}-${t.position}.${attachmentExtension[t.content_type as AttachmentType] ?? 'bin'}` })),
    };
  }
  return out;
}

/**
 * An attachment for a commission member: only of an application on their sheets, only the copy
 * without metadata (or the original once marked anonymised), named by the code. Null otherwise.
 */
export async function openAttachmentForReviewer(db: Db, actor: Actor, competitionId: string, attachmentId: string) {
  const { sheets } = await listScoreSheets(db, actor, competitionId);
  if (!UUID.test(attachmentId)) return null;
  const row = await db.selectFrom('application_attachment').select(['application_id', 'position', 'content_type', 'file_id', 'stripped_file_id', 'anonymised_at']).where('id', '=', attachmentId).executeTakeFirst();
  const sheet = row && sheets.find((s) => s.id === row.application_id);
  if (!row || !sheet) return null;
  const fileId = row.stripped_file_id ?? (row.anonymised_at ? row.file_id : null);
  if (!fileId) return null;
  const file = await databaseStorage(db).open(fileId, { policy: 'checked' });
  return file ? { ...file, fileName: `${sheet.code}-${row.position}.${attachmentExtension[row.content_type as AttachmentType] ?? 'bin'}` } : null;
}

/** Whether the actor may act on the application's content (the NGO, before the deadline, on a draft). */
export function canEditContent(actor: Actor, a: { id: string; organisation_id: string; customer_id: string; status: string }) {
  return can(actor, 'update', { type: 'application', id: a.id, organisationId: a.organisation_id, customerId: a.customer_id, status: a.status });
}
