import { AppError, type CatalogueKind } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';

export { catalogueKinds, type CatalogueKind } from '@kamkor/domain';

export async function listCatalogue(db: Db, kind: CatalogueKind, opts: { includeInactive?: boolean } = {}) {
  let q = db
    .selectFrom(kind)
    .selectAll()
    .orderBy('sort_order')
    .orderBy('code');
  if (!opts.includeInactive) q = q.where('is_active', '=', true);
  return q.execute() as Promise<
    { code: string; name_ky: string; name_ru: string; name_en: string; is_active: boolean; sort_order: number; priority_area_code?: string | null }[]
  >;
}

export interface CatalogueInput {
  code: string;
  name_ky: string;
  name_ru: string;
  name_en: string;
  is_active: boolean;
  priority_area_code?: string | null;
}

/** Adds or edits a catalogue entry (audited). */
export async function saveCatalogueEntry(db: Db, actorId: string, kind: CatalogueKind, input: CatalogueInput) {
  const before = await db.selectFrom(kind).selectAll().where('code', '=', input.code).executeTakeFirst();
  const values = { ...input } as Record<string, unknown>;
  if (kind !== 'service') delete values.priority_area_code;
  if (kind === 'service' && input.priority_area_code) {
    const area = await db.selectFrom('priority_area').select('code').where('code', '=', input.priority_area_code).executeTakeFirst();
    if (!area) throw new AppError('INVALID', 'errors.unknownCode');
  }
  if (before) await db.updateTable(kind).set(values).where('code', '=', input.code).execute();
  else await db.insertInto(kind).values(values as any).execute();
  await writeAudit(db, { actorId, action: before ? 'update' : 'create', entity: kind, entityId: input.code, before, after: input });
}
