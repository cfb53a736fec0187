import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, publishedProgramStatuses, resources } from '@kamkor/domain';
import { openDataColumns, openDatasets, type DatabaseHandle } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { openDataFile } from './open-data.ts';

const t = (key: string, params: Record<string, unknown> = {}) => {
  const [ns, path] = key.includes(':') ? key.split(':') : ['common', key];
  let v: unknown = resources.en[ns!];
  for (const part of path!.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  return String(v ?? key).replace(/\{\{(\w+)\}\}/g, (_, p: string) => String(params[p] ?? ''));
};

describe.each(testEngines)('open data (%s)', (engine) => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    // A program title someone typed as a formula, on an approved program.
    await h.db.updateTable('program').set({ title: '=HYPERLINK("http://evil","x")' }).where('status', '=', 'approved').execute();
  }, 120_000);
  afterAll(() => h.close());

  it('writes the budgets of approved programs only, as xlsx with the columns described first, text never a formula', async () => {
    const file = await openDataFile(h.db, 'program-budgets', 'xlsx', 'en', t, '29.11.2026 16:00');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes.buffer as ArrayBuffer);
    const about = wb.worksheets[0]!;
    const aboutText = about.getSheetValues().flat().map(String).join('\n');
    expect(aboutText).toContain('Budgets of approved programs');
    expect(aboutText).toContain('budget_som · money, som');
    const data = wb.worksheets[1]!;
    expect(data.getRow(1).values).toEqual([undefined, ...openDataColumns['program-budgets'].map((c) => t(`analytics:openData.cols.${c.key}`))]);
    const lines = await h.db
      .selectFrom('program_line as pl')
      .innerJoin('program as pg', 'pg.id', 'pl.program_id')
      .select(['pl.budget_tyiyn'])
      .where('pg.status', 'in', [...publishedProgramStatuses])
      .execute();
    expect(data.rowCount - 1).toBe(lines.length);
    const budgetCol = openDataColumns['program-budgets'].findIndex((c) => c.key === 'budget_som') + 1;
    let sum = 0;
    for (let r = 2; r <= data.rowCount; r++) {
      const v = data.getRow(r).getCell(budgetCol).value;
      expect(typeof v).toBe('number');
      sum += v as number;
      const title = data.getRow(r).getCell(1);
      expect(title.type).not.toBe(ExcelJS.ValueType.Formula);
    }
    expect(sum).toBeCloseTo(lines.reduce((a, l) => a + Number(l.budget_tyiyn), 0) / 100, 2);
  });

  it('writes CSV with neutralised text and JSON with the column descriptions, for every dataset', async () => {
    for (const d of openDatasets) {
      const csv = await openDataFile(h.db, d, 'csv', 'ru', t, '29.11.2026 16:00');
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes);
      expect(text.startsWith('\uFEFF')).toBe(true);
      const parsed = parseCsv(text.slice(1));
      expect(Object.keys(parsed.rows[0] ?? Object.fromEntries(openDataColumns[d].map((c) => [c.key, ''])))).toEqual(openDataColumns[d].map((c) => c.key));
      for (const row of parsed.rows) for (const v of Object.values(row)) expect(v ?? '').not.toMatch(/^[=+\-@]/);
      const json = JSON.parse(new TextDecoder().decode((await openDataFile(h.db, d, 'json', 'en', t, 'now')).bytes));
      expect(json.columns.map((c: { key: string }) => c.key)).toEqual(openDataColumns[d].map((c) => c.key));
      expect(json.columns.every((c: { label: string }) => c.label && !c.label.startsWith('analytics:'))).toBe(true);
      expect(json.rows.length).toBe(parsed.rows.length);
    }
  });

  it('publishes competitions from their announcement on and results only pooled by program indicator', async () => {
    const comps = await h.db.selectFrom('competition').select('status').execute();
    const json = JSON.parse(new TextDecoder().decode((await openDataFile(h.db, 'competitions', 'json', 'en', t, 'now')).bytes));
    expect(json.rows.length).toBe(comps.filter((c) => c.status !== 'planned').length);
    const results = JSON.parse(new TextDecoder().decode((await openDataFile(h.db, 'results', 'json', 'en', t, 'now')).bytes));
    expect(results.rows.length).toBeGreaterThan(0);
    for (const r of results.rows) expect(r.indicator).toMatch(/^IND-\d+ /);
    expect(Object.keys(results.rows[0])).not.toContain('project');
  });
});
