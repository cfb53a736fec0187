import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyClassifierDiff, listAdminUnits, type DatabaseHandle } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { writeClassifierWorkbook } from '@kamkor/excel';
import { checkClassifierImport } from './classifier-import.ts';

describe.each(testEngines)('classifier import (%s)', (engine) => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await createTestDatabase(engine);
  });
  afterAll(() => h.close());

  it('imports the statistics committee classifier: dry run shows adds, renames and closures; apply writes them', async () => {
    const naryn = await listAdminUnits(h.db, { includeClosed: false });
    const inNaryn = naryn.filter((u) => u.soate.startsWith('41704') && u.level !== 'oblast');
    const [renamed, dropped, ...kept] = inNaryn;
    const rows: [string, string, string][] = [
      ['41704000000000', 'Нарын облусу', 'Нарынская область'],
      [renamed!.soate, `${renamed!.name_ky} (жаңы)`, `${renamed!.name_ru} (новое)`],
      ...kept.map((u) => [u.soate, u.name_ky, u.name_ru] as [string, string, string]),
      ['41704299000000', 'Жаңы район', 'Новый район'],
    ];
    const file = await writeClassifierWorkbook([{ name: 'Нарын', rows }]);
    const check = await checkClassifierImport(h.db, file);
    if (!check.ok) throw new Error(check.messageKey);
    expect(check.errors).toEqual([]);
    const diff = check.diff;
    expect(diff.added.map((u) => u.soate)).toEqual(['41704299000000']);
    expect(diff.renamed.map((r) => r.soate)).toEqual([renamed!.soate]);
    expect(diff.closed.map((c) => c.soate)).toContain(dropped!.soate);
    // Nothing is written by the dry run.
    expect(await h.db.selectFrom('admin_unit').select('soate').where('soate', '=', '41704299000000').executeTakeFirst()).toBeUndefined();
    await h.db.transaction().execute((trx) => applyClassifierDiff(trx, null, diff, '2026-12-01'));
    const added = await h.db.selectFrom('admin_unit').selectAll().where('soate', '=', '41704299000000').executeTakeFirstOrThrow();
    expect(added).toMatchObject({ level: 'rayon', parent_soate: '41704000000000', valid_from: '2026-12-01' });
    const closed = await h.db.selectFrom('admin_unit').select('valid_to').where('soate', '=', dropped!.soate).executeTakeFirstOrThrow();
    expect(closed.valid_to).toBe('2026-12-01');
    // Re-applying the same file changes nothing.
    const again = await checkClassifierImport(h.db, file);
    if (!again.ok) throw new Error(again.messageKey);
    expect(again.diff.added).toHaveLength(0);
    expect(again.diff.renamed).toHaveLength(0);
  });
});
