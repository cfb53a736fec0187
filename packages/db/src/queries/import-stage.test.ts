import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testEngines } from '../testing.ts';
import { rawDriverOf, type DatabaseHandle } from '../connection.ts';
import { createStage, dropStage, stageColumns, type StageColumn } from './import-stage.ts';

const columns: StageColumn[] = [
  { name: 'line', type: 'int' },
  { name: 'code', type: 'text' },
  { name: 'value', type: 'numeric' },
];

// Texts a user's sheet may hold: COPY's own separators and escapes, blanks, Cyrillic, a lone backslash.
const rows: [number, string, number | null][] = [
  [2, 'P-1', 12.5],
  [3, 'таб\tуляция', null],
  [4, 'line\nbreak\r\nand back\\slash', -0.0001],
  [5, '', 0],
  [6, '\\N', 1e21],
  [7, 'Лист1 · "quoted" ; comma,', 123456789.1234],
];

describe.each(testEngines)('import stage (%s)', (engine) => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await createTestDatabase(engine);
  }, 120_000);
  afterAll(() => h.close());

  const staged = async (table: string) =>
    (await sql<{ line: number; code: string | null; value: string | null }>`select line, code, value::text from ${sql.id(table)} order by line`.execute(h.db)).rows;

  it('stages the same rows with COPY as with insert … unnest, separators, escapes, blanks and nulls included', async () => {
    expect(rawDriverOf(h.db)?.engine).toBe(engine);
    const cols = [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])];
    const copied = await createStage(h.db, columns);
    const inserted = await createStage(h.db, columns);
    try {
      await stageColumns(h.db, copied, cols);
      await stageColumns(h.db, copied, [[8], [null], [null]]);
      await stageColumns(h.db, inserted, cols, { write: 'insert' });
      await stageColumns(h.db, inserted, [[8], [null], [null]], { write: 'insert' });
      const got = await staged(copied.table);
      expect(got).toEqual(await staged(inserted.table));
      expect(got.map((r) => r.code)).toEqual([...rows.map((r) => r[1]), null]);
      expect(got[1]!.value).toBeNull();
      expect(got[3]).toEqual({ line: 5, code: '', value: '0' });
    } finally {
      await dropStage(h.db, copied);
      await dropStage(h.db, inserted);
    }
  });

  it('stages inside a transaction through Kysely (the driver is not reached from a transaction)', async () => {
    const stage = await createStage(h.db, columns);
    try {
      await h.db.transaction().execute((trx) => stageColumns(trx, stage, [[1], ['a\tb'], [2]]));
      expect(await staged(stage.table)).toEqual([{ line: 1, code: 'a\tb', value: '2' }]);
    } finally {
      await dropStage(h.db, stage);
    }
  });
});
