import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, parseExplorerState, pivot, resources, type Actor } from '@kamkor/domain';
import { exploreIndicatorValues, findActor, type DatabaseHandle } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { buildExplorerExport, explorerCsv, explorerXlsx } from './analytics-export.ts';

/** English translations straight from the resources (what the app's i18next does, minus plurals). */
const t = (key: string, params: Record<string, unknown> = {}) => {
  const [ns, path] = key.includes(':') ? key.split(':') : ['common', key];
  let v: unknown = resources.en[ns!];
  for (const part of path!.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  return String(v ?? key).replace(/\{\{(\w+)\}\}/g, (_, p: string) => String(params[p] ?? ''));
};

describe.each(testEngines)('explorer export (%s)', (engine) => {
  let h: DatabaseHandle;
  let analyst: Actor;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const u = await h.db.selectFrom('app_user').select('id').where('email', '=', 'analyst@kamkor.kg').executeTakeFirstOrThrow();
    analyst = (await findActor(h.db, u.id))!;
    // An NGO whose name someone typed as a formula.
    const p = await h.db.selectFrom('project').select('contractor_id').where('code', '=', 'SSO-2025-003').executeTakeFirstOrThrow();
    await h.db.updateTable('organisation').set({ name_en: '=HYPERLINK("http://evil","x")' }).where('id', '=', p.contractor_id).execute();
  }, 120_000);
  afterAll(() => h.close());

  const opts = (q: string) => ({
    state: parseExplorerState(new URLSearchParams(q)),
    lang: 'en' as const,
    t,
    exportedBy: 'Analyst (analyst@kamkor.kg)',
    exportedAt: '29.11.2026 15:00',
    url: `/analytics/explorer?${q}`,
  });

  it('writes an xlsx that reads back as the explorer table, with who, when and the filters first', async () => {
    const o = opts('rows=ngo&cols=period&basis=reported');
    const table = await buildExplorerExport(h.db, analyst, o);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await explorerXlsx(table, t)) as unknown as ArrayBuffer);
    const [about, data] = wb.worksheets;
    expect(about!.name).toBe('About');
    const facts = new Map<string, string>();
    about!.eachRow((r, i) => i > 1 && facts.set(String(r.getCell(1).value), String(r.getCell(2).value)));
    expect(facts.get('Exported by')).toBe('Analyst (analyst@kamkor.kg)');
    expect(facts.get('Rows')).toBe('NGO');
    expect(facts.get('Reports counted')).toBe('Submitted and approved reports');
    expect(facts.get('Territory')).toBe('(all)');
    expect(data!.getRow(1).values).toEqual([undefined, 'NGO', 'Period', 'Actual', 'Target', '% achieved', 'Projects']);
    // Every cell of the page's pivot is a row with its numbers as numbers.
    const view = pivot((await exploreIndicatorValues(h.db, analyst, o.state, 'en')).groups);
    const byKey = new Map<string, unknown[]>();
    data!.eachRow((r, i) => i > 1 && byKey.set(`${r.getCell(1).value}|${r.getCell(2).value}`, (r.values as unknown[]).slice(3)));
    let checked = 0;
    for (const row of view.rows) {
      for (const col of view.cols) {
        const m = view.cell(row.key, col.key);
        if (!m) continue;
        const got = byKey.get(`${row.label}|${col.label}`)!;
        expect(got[0]).toBeCloseTo(m.actual ?? 0, 3);
        expect(got[3]).toBe(m.projects);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    const grand = byKey.get('Total|Total')!;
    expect(typeof grand[0]).toBe('number');
    expect(grand[3]).toBe(view.cell(null, null)!.projects);
    // The typed formula stays text.
    let evil: ExcelJS.Cell | undefined;
    data!.eachRow((r) => {
      if (String(r.getCell(1).value).startsWith('=HYPERLINK')) evil = r.getCell(1);
    });
    expect(evil).toBeDefined();
    expect(evil!.type).toBe(ExcelJS.ValueType.String);
    expect(evil!.numFmt).toBe('@');
  });

  it('writes CSV with the facts as comments, translated headers, numbers bare and formulas neutralised', async () => {
    const table = await buildExplorerExport(h.db, analyst, opts('rows=ngo&basis=reported'));
    const csv = explorerCsv(table);
    const parsed = parseCsv(csv);
    expect(parsed.comments[0]).toBe('Exported by: Analyst (analyst@kamkor.kg)');
    expect(Object.keys(parsed.rows[0]!)).toEqual(['NGO', 'Actual', 'Target', '% achieved', 'Projects']);
    expect(parsed.rows.some((r) => r.NGO === `'=HYPERLINK("http://evil","x")`)).toBe(true);
    expect(csv).not.toMatch(/(^|,)"?=/m);
    const total = parsed.rows.find((r) => r.NGO === 'Total')!;
    expect(Number(total.Projects)).toBeGreaterThan(0);
    expect(total.Actual).toMatch(/^\d+(\.\d+)?$/);
  });
});
