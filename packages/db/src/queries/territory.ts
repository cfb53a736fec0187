import { sql } from 'kysely';
import { soateAncestors, type Language } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';

const columns = [
  'soate',
  'level',
  'parent_soate',
  'name_ky',
  'name_ru',
  'name_en',
  'valid_from',
  'valid_to',
  'successor_soate',
] as const;

/** Units valid on a date (default: today), optionally under a parent or at some levels. */
export async function listAdminUnits(
  db: Db,
  filter: { parent?: string; levels?: string[]; onDate?: string; includeClosed?: boolean; search?: string } = {},
) {
  let q = db.selectFrom('admin_unit').select(columns).orderBy('soate');
  if (!filter.includeClosed) {
    const day = filter.onDate ?? new Date().toISOString().slice(0, 10);
    q = q.where('valid_from', '<=', day).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]));
  }
  if (filter.parent) q = q.where('parent_soate', '=', filter.parent);
  if (filter.levels?.length) q = q.where('level', 'in', filter.levels);
  if (filter.search) {
    const s = `%${filter.search.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(name_ky)`, 'like', s),
        eb(sql`lower(name_ru)`, 'like', s),
        eb(sql`lower(name_en)`, 'like', s),
        eb('soate', 'like', `${filter.search}%`),
      ]),
    );
  }
  return q.execute();
}

export async function findAdminUnit(db: Db, soate: string) {
  return db.selectFrom('admin_unit').select(columns).where('soate', '=', soate).executeTakeFirst();
}

/** "Oblast › Rayon › Aiyl aimak" path of a unit in the given language. */
export async function adminUnitPath(db: Db, soate: string, lang: Language): Promise<string> {
  const codes = [...soateAncestors(soate).slice(1), soate];
  const rows = await db.selectFrom('admin_unit').select(['soate', 'name_ky', 'name_ru', 'name_en']).where('soate', 'in', codes).execute();
  const key = `name_${lang}` as const;
  return codes
    .map((c) => rows.find((r) => r.soate === c)?.[key])
    .filter(Boolean)
    .join(' › ');
}

/** Follows successor links to the unit that now covers a closed one (crosswalk for history). */
export async function currentSuccessor(db: Db, soate: string): Promise<string> {
  let code = soate;
  for (let i = 0; i < 10; i++) {
    const row = await db.selectFrom('admin_unit').select(['successor_soate', 'valid_to']).where('soate', '=', code).executeTakeFirst();
    if (!row?.successor_soate) return code;
    code = row.successor_soate;
  }
  return code;
}

export interface AdminUnitInput {
  soate: string;
  level: string;
  parent_soate: string | null;
  name_ky: string;
  name_ru: string;
  name_en: string;
  valid_from?: string;
  valid_to?: string | null;
  successor_soate?: string | null;
}

export interface ClassifierDiff {
  added: AdminUnitInput[];
  renamed: { soate: string; before: { name_ky: string; name_ru: string; name_en: string }; after: AdminUnitInput }[];
  closed: { soate: string; name_ru: string }[];
  unchanged: number;
}

/**
 * Compares a classifier (all open units of the oblasts it covers) with the database: what would be
 * added, renamed, and closed (open units in the covered oblasts that the classifier no longer has).
 */
export async function diffClassifier(db: Db, incoming: AdminUnitInput[]): Promise<ClassifierDiff> {
  const oblastPrefixes = [...new Set(incoming.map((u) => u.soate.slice(0, 5)))];
  const existing = await db.selectFrom('admin_unit').select(columns).execute();
  const byCode = new Map(existing.map((u) => [u.soate, u]));
  const incomingCodes = new Set(incoming.map((u) => u.soate));
  const diff: ClassifierDiff = { added: [], renamed: [], closed: [], unchanged: 0 };
  for (const unit of incoming) {
    const cur = byCode.get(unit.soate);
    if (!cur) diff.added.push(unit);
    else if (cur.name_ky !== unit.name_ky || cur.name_ru !== unit.name_ru || (unit.name_en && cur.name_en !== unit.name_en))
      diff.renamed.push({ soate: unit.soate, before: { name_ky: cur.name_ky, name_ru: cur.name_ru, name_en: cur.name_en }, after: unit });
    else diff.unchanged++;
  }
  for (const cur of existing) {
    if (cur.valid_to !== null || incomingCodes.has(cur.soate)) continue;
    if (cur.level === 'country' || cur.level === 'oblast' || cur.level === 'city_republican') continue;
    if (oblastPrefixes.includes(cur.soate.slice(0, 5))) diff.closed.push({ soate: cur.soate, name_ru: cur.name_ru });
  }
  diff.added.sort((a, b) => a.soate.localeCompare(b.soate));
  return diff;
}

/** Applies a classifier diff in the caller's transaction, auditing each change. */
export async function applyClassifierDiff(trx: Db, actorId: string | null, diff: ClassifierDiff, closeOn: string) {
  for (const unit of diff.added) {
    const parent = unit.parent_soate && (await findAdminUnit(trx, unit.parent_soate)) ? unit.parent_soate : null;
    await trx
      .insertInto('admin_unit')
      .values({ ...unit, parent_soate: parent, name_en: unit.name_en || unit.name_ru, valid_from: unit.valid_from ?? closeOn })
      .execute();
    await writeAudit(trx, { actorId, action: 'classifier.add', entity: 'admin_unit', entityId: unit.soate, after: unit });
  }
  for (const r of diff.renamed) {
    await trx
      .updateTable('admin_unit')
      .set({ name_ky: r.after.name_ky, name_ru: r.after.name_ru, name_en: r.after.name_en || r.before.name_en, updated_at: new Date() })
      .where('soate', '=', r.soate)
      .execute();
    await writeAudit(trx, { actorId, action: 'classifier.rename', entity: 'admin_unit', entityId: r.soate, before: r.before, after: r.after });
  }
  for (const c of diff.closed) {
    await trx.updateTable('admin_unit').set({ valid_to: closeOn, updated_at: new Date() }).where('soate', '=', c.soate).execute();
    await writeAudit(trx, { actorId, action: 'classifier.close', entity: 'admin_unit', entityId: c.soate, after: { valid_to: closeOn } });
  }
}
