import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '@kamkor/domain';
import type { Db } from './queries/audit.ts';

/**
 * Finds packages/db/data. From source (tsx, vitest) it sits beside this folder; from the app's
 * bundle the module URL points elsewhere, so walk up from the working directory.
 */
export function referenceDataDir(): string {
  const candidates = [resolve(dirname(fileURLToPath(import.meta.url)), '../data')];
  let dir = process.cwd();
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, 'packages/db/data'));
    dir = dirname(dir);
  }
  const found = candidates.find((c) => existsSync(join(c, 'admin-units.csv')));
  if (!found) throw new Error(`reference data not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function readReferenceCsv(name: string) {
  const text = readFileSync(join(referenceDataDir(), name), 'utf8');
  const parsed = parseCsv(text);
  const version = parsed.comments.find((c) => /^version:/i.test(c))?.replace(/^version:\s*/i, '') ?? 'unversioned';
  return { ...parsed, version };
}

async function loadedVersion(db: Db, name: string) {
  const row = await db.selectFrom('reference_data_version').select('version').where('name', '=', name).executeTakeFirst();
  return row?.version ?? null;
}

async function markLoaded(db: Db, name: string, version: string) {
  await db
    .insertInto('reference_data_version')
    .values({ name, version })
    .onConflict((oc) => oc.column('name').doUpdateSet({ version, loaded_at: new Date() }))
    .execute();
}

const nullIfEmpty = (v: string | undefined) => (v ? v : null);

/**
 * Loads the shipped territory and catalogue files when their version is newer than the loaded one.
 * Upserts, so admin edits of names survive only until the next data version (documented in README).
 */
export async function loadReferenceData(db: Db): Promise<void> {
  const units = readReferenceCsv('admin-units.csv');
  if ((await loadedVersion(db, 'admin-units')) !== units.version) {
    // Insert parents first; successors may point forward, so set them in a second pass.
    for (const r of units.rows) {
      const values = {
        soate: r.soate!,
        level: r.level!,
        parent_soate: nullIfEmpty(r.parent_soate),
        name_ky: r.name_ky!,
        name_ru: r.name_ru!,
        name_en: r.name_en!,
        valid_from: r.valid_from || '2000-01-01',
        valid_to: nullIfEmpty(r.valid_to),
      };
      await db
        .insertInto('admin_unit')
        .values(values)
        .onConflict((oc) => oc.column('soate').doUpdateSet({ ...values, updated_at: new Date() }))
        .execute();
    }
    for (const r of units.rows.filter((r) => r.successor_soate)) {
      await db.updateTable('admin_unit').set({ successor_soate: r.successor_soate }).where('soate', '=', r.soate!).execute();
    }
    await markLoaded(db, 'admin-units', units.version);
  }
  const catalogues = [
    ['priority-areas.csv', 'priority_area'],
    ['services.csv', 'service'],
    ['target-groups.csv', 'target_group'],
  ] as const;
  for (const [file, table] of catalogues) {
    const csv = readReferenceCsv(file);
    if ((await loadedVersion(db, file)) === csv.version) continue;
    let order = 0;
    for (const r of csv.rows) {
      const values: Record<string, unknown> = {
        code: r.code,
        name_ky: r.name_ky,
        name_ru: r.name_ru,
        name_en: r.name_en,
        sort_order: order++,
      };
      if (table === 'service') values.priority_area_code = nullIfEmpty(r.priority_area_code);
      await db
        .insertInto(table)
        .values(values as any)
        .onConflict((oc) => oc.column('code').doUpdateSet(values as any))
        .execute();
    }
    await markLoaded(db, file, csv.version);
  }
}
