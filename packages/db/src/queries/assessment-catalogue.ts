// Focus-group and problem categories of the needs assessment.
import { type AssessmentCatalogueKind } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';

// ---------------------------------------------------------------- catalogues


/** Focus-group or problem categories, in their configured order. */
export async function listAssessmentCatalogue(db: Db, kind: AssessmentCatalogueKind, opts: { includeInactive?: boolean } = {}) {
  let q = db.selectFrom(kind).selectAll().orderBy('sort_order').orderBy('code');
  if (!opts.includeInactive) q = q.where('is_active', '=', true);
  return q.execute();
}

/** Adds or edits a category (admin; audited). */
export async function saveAssessmentCatalogueEntry(
  db: Db,
  actorId: string | null,
  kind: AssessmentCatalogueKind,
  input: { code: string; name_ky: string; name_ru: string; name_en: string; is_active: boolean },
) {
  const before = await db.selectFrom(kind).selectAll().where('code', '=', input.code).executeTakeFirst();
  if (before) await db.updateTable(kind).set(input).where('code', '=', input.code).execute();
  else {
    const max = await db.selectFrom(kind).select((eb) => eb.fn.max('sort_order').as('m')).executeTakeFirst();
    await db.insertInto(kind).values({ ...input, sort_order: Number(max?.m ?? 0) + 1 }).execute();
  }
  await writeAudit(db, { actorId, action: before ? 'update' : 'create', entity: kind, entityId: input.code, before, after: input });
}
