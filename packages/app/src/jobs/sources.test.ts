import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPeriod, parseExplorerState } from '@kamkor/domain';
import { exploreIndicatorValues, findActor, listAnnualReportPrograms, listApplicationsForActor, listProgramResultsForActor, listReports, listAdminUnits, listServiceActivities, projectTracking, type DatabaseHandle } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { DIRECT_EXPORT_MAX_ROWS, writeExport } from './export.ts';
import { findExportSource } from './sources.ts';

describe.each(testEngines)('export sources (%s)', (engine) => {
  let h: DatabaseHandle;
  const actorOf = async (email: string) => (await findActor(h.db, (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id))!;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
  }, 180_000);
  afterAll(() => h?.close());

  const rowsOf = async (bytes: Uint8Array) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const out: unknown[][] = [];
    wb.worksheets[1]!.eachRow((r, i) => i > 1 && out.push((r.values as unknown[]).slice(1)));
    return out;
  };

  it("the explorer's rows add up to the explorer's grand total, and an NGO gets only its own", async () => {
    const q = 'rows=ngo&basis=reported';
    for (const email of ['analyst@kamkor.kg', 'ngo@kamkor.kg']) {
      const actor = await actorOf(email);
      const file = await writeExport(h.db, actor, { source: findExportSource('explorer')!, params: { query: q }, format: 'xlsx', lang: 'en', maxRows: DIRECT_EXPORT_MAX_ROWS });
      const rows = await rowsOf(file.bytes);
      const view = await exploreIndicatorValues(h.db, actor, parseExplorerState(new URLSearchParams(q)), 'en');
      const grand = view.groups.find((g) => g.rowTotal && g.colTotal)!;
      const actual = rows.reduce((s: number, r) => s + (typeof r[9] === 'number' ? r[9] : 0), 0);
      expect(actual).toBeCloseTo(grand.measures.actual ?? 0, 4);
      const ngos = new Set(rows.map((r) => r[1]));
      expect(ngos.size).toBe(view.groups.filter((g) => !g.rowTotal).length);
    }
  });

  it('each list exports what its page lists, for whom it lists it', async () => {
    const officer = await actorOf('officer@kamkor.kg');
    const ngo = await actorOf('ngo@kamkor.kg');
    const projects = await rowsOf((await writeExport(h.db, officer, { source: findExportSource('projects')!, params: {}, format: 'xlsx', lang: 'ru', maxRows: 100 })).bytes);
    const own = await rowsOf((await writeExport(h.db, ngo, { source: findExportSource('projects')!, params: {}, format: 'xlsx', lang: 'ru', maxRows: 100 })).bytes);
    expect(projects.length).toBeGreaterThan(own.length);
    expect(own.length).toBeGreaterThan(0);
    expect(projects.map((r) => r[0])).toEqual(expect.arrayContaining(own.map((r) => r[0])));
    // Money as a number of som (the demo amounts are whole tyiyn).
    expect(typeof projects[0]![6]).toBe('number');
    for (const source of ['programs', 'assessments', 'competitions']) {
      const rows = await rowsOf((await writeExport(h.db, officer, { source: findExportSource(source)!, params: {}, format: 'xlsx', lang: 'ky', maxRows: 100 })).bytes);
      expect(rows.length, source).toBeGreaterThan(0);
    }
    await expect(writeExport(h.db, ngo, { source: findExportSource('audit')!, params: {}, format: 'csv', lang: 'ru', maxRows: 100 })).rejects.toThrow();
    await expect(writeExport(h.db, ngo, { source: findExportSource('recommendations')!, params: {}, format: 'csv', lang: 'ru', maxRows: 100 })).rejects.toThrow();
  });

  it("a municipal officer's 'only my municipalities' assessments export holds their own and no one else's", async () => {
    const officer = await actorOf('municipal@kamkor.kg');
    const source = findExportSource('assessments')!;
    const params = source.params(new URLSearchParams('mine=1&junk=x'));
    expect(params).toEqual({ mine: '1' });
    const mine = await rowsOf((await writeExport(h.db, officer, { source, params, format: 'xlsx', lang: 'en', maxRows: 100 })).bytes);
    const all = await rowsOf((await writeExport(h.db, officer, { source, params: {}, format: 'xlsx', lang: 'en', maxRows: 100 })).bytes);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => String(r[0]).startsWith('Aleksandrovka'))).toBe(true);
    expect(all.some((r) => !String(r[0]).startsWith('Aleksandrovka'))).toBe(true);
  });

  it('a direct download stops at its limit and says so on the About sheet', async () => {
    const admin = await actorOf('admin@kamkor.kg');
    const file = await writeExport(h.db, admin, { source: findExportSource('audit')!, params: {}, format: 'xlsx', lang: 'en', maxRows: 3 });
    expect(file.truncated).toBe(true);
    expect(file.rows).toBe(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    let note = '';
    wb.worksheets[0]!.eachRow((r) => {
      if (r.getCell(1).value === '!') note = String(r.getCell(2).value);
    });
    expect(note).toMatch(/this file holds the first 3/);
  });
  // ---- the tables of issue #10 that had no download: each through the page's own visibility ----
  const exportAs = async (email: string, source: string, params: Record<string, string>, lang: 'ky' | 'ru' | 'en' = 'ru') =>
    writeExport(h.db, await actorOf(email), { source: findExportSource(source)!, params, format: 'xlsx', lang, maxRows: 1_000 });
  const sheetsOf = async (bytes: Uint8Array) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    return wb.worksheets;
  };
  const headersOf = async (bytes: Uint8Array) => ((await sheetsOf(bytes))[1]!.getRow(1).values as unknown[]).slice(1);

  it('users: an admin gets every account, with headers in the language asked; an officer is refused', async () => {
    const file = await exportAs('admin@kamkor.kg', 'users', {}, 'en');
    const [about] = await sheetsOf(file.bytes);
    expect(about!.name).toBe('About');
    expect(await headersOf(file.bytes)).toEqual(['Full name', 'Email', 'Role', 'Status', 'Created']);
    const rows = await rowsOf(file.bytes);
    expect(rows.map((r) => r[1])).toEqual(expect.arrayContaining(['admin@kamkor.kg', 'ngo2@kamkor.kg']));
    await expect(exportAs('officer@kamkor.kg', 'users', {})).rejects.toThrow();
  });

  it('organisations: an officer gets the list (filtered by kind); an NGO is refused', async () => {
    const source = findExportSource('organisations')!;
    expect(source.params(new URLSearchParams('kind=ngo&x=1'))).toEqual({ kind: 'ngo' });
    const all = await rowsOf((await exportAs('officer@kamkor.kg', 'organisations', {})).bytes);
    const ngos = await rowsOf((await exportAs('officer@kamkor.kg', 'organisations', { kind: 'ngo' })).bytes);
    expect(ngos.length).toBeGreaterThan(0);
    expect(all.length).toBeGreaterThan(ngos.length);
    expect(ngos.map((r) => r[0])).toContain('Общественное объединение «Умут-Надежда»');
    await expect(exportAs('ngo@kamkor.kg', 'organisations', {})).rejects.toThrow();
  });

  it("tranches: the project's readers get its tranches with money in som as numbers; another NGO and a missing project are refused", async () => {
    const { project_id: project } = await h.db.selectFrom('tranche').select('project_id').orderBy('tranche_no').executeTakeFirstOrThrow();
    const source = findExportSource('tranches')!;
    expect(source.params(new URLSearchParams(`project=${project}&junk=1`))).toEqual({ project });
    expect(source.params(new URLSearchParams('project=../x'))).toEqual({});
    const rows = await rowsOf((await exportAs('officer@kamkor.kg', 'tranches', { project })).bytes);
    expect(rows.length).toBe(2);
    expect(rows[0]![0]).toBe(1);
    expect(rows[0]![1]).toBe(490_000);
    await expect(exportAs('ngo2@kamkor.kg', 'tranches', { project })).rejects.toThrow();
    await expect(exportAs('officer@kamkor.kg', 'tranches', {})).rejects.toThrow();
  });

  it("visits: the monitoring officer gets every visit, the contractor only final ones, another NGO is refused", async () => {
    const { id: project } = await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-001').executeTakeFirstOrThrow();
    const naryn = await rowsOf((await exportAs('naryn@kamkor.kg', 'visits', { project })).bytes);
    const contractor = await rowsOf((await exportAs('ngo@kamkor.kg', 'visits', { project })).bytes);
    expect(naryn.length).toBeGreaterThan(contractor.length);
    expect(contractor.length).toBeGreaterThan(0);
    expect(naryn.every((r) => typeof r[0] === 'number')).toBe(true);
    await expect(exportAs('ngo2@kamkor.kg', 'visits', { project })).rejects.toThrow();
  });

  it('service plans: a municipal officer gets their own plans with money as numbers; an NGO gets none', async () => {
    const own = await rowsOf((await exportAs('municipal@kamkor.kg', 'servicePlans', {}, 'en')).bytes);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => String(r[1]).startsWith('Aleksandrovka'))).toBe(true);
    expect(typeof own[0]![3]).toBe('number');
    expect(await rowsOf((await exportAs('ngo@kamkor.kg', 'servicePlans', {})).bytes)).toEqual([]);
  });

  it("tracking: the project's readers get the page's table (per indicator and period, then life of project); another NGO is refused", async () => {
    const { id: project } = await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-001').executeTakeFirstOrThrow();
    const source = findExportSource('tracking')!;
    expect(source.params(new URLSearchParams(`project=${project}&basis=reported&targets=approved&x=1`))).toEqual({ project, basis: 'reported', targets: 'approved' });
    expect(source.params(new URLSearchParams(`project=${project}&basis=junk`))).toEqual({ project });
    for (const basis of ['approved', 'reported'] as const) {
      const file = await exportAs('ngo@kamkor.kg', 'tracking', basis === 'reported' ? { project, basis } : { project }, 'en');
      expect(await headersOf(file.bytes)).toEqual(['Code', 'Indicator', 'Unit', 'Period', 'Targets', 'Actual', 'Numerator', 'Denominator', '% of target', 'Achievement']);
      const rows = await rowsOf(file.bytes);
      const page = await projectTracking(h.db, project, { basis });
      expect(page.rows.length).toBeGreaterThan(0);
      const expected = page.rows.flatMap((r) => [
        ...r.cells.map((c) => [r.indicator.code, formatPeriod(c.periodKey, 'en'), c.target ?? null, c.actualValue ?? null, c.percent == null ? null : c.percent]),
        [r.indicator.code, 'Life of project', r.lop.target ?? null, r.cells[r.cells.length - 1]?.cumulativeActualValue ?? null, r.lop.percent ?? null],
      ]);
      const got = rows.map((r) => [r[0], r[3], r[4] ?? null, r[5] ?? null, r[8] ?? null]);
      expect(got.length).toBe(expected.length);
      got.forEach((g, i) => {
        const e = expected[i]!;
        expect([g[0], g[1]]).toEqual([e[0], e[1]]);
        for (const k of [2, 3, 4]) if (e[k] == null) expect(g[k]).toBeNull();
          else expect(g[k] as number).toBeCloseTo(e[k] as number, 6);
      });
      expect(rows.some((r) => typeof r[5] === 'number')).toBe(true);
      // The About sheet names the basis the table was made on.
      const about: string[] = [];
      (await sheetsOf(file.bytes))[0]!.eachRow((r) => about.push(String(r.getCell(2).value)));
      expect(about).toContain(basis === 'reported' ? 'Submitted and approved' : 'Approved only');
    }
    await expect(exportAs('ngo2@kamkor.kg', 'tracking', { project })).rejects.toThrow();
    await expect(exportAs('jazy@kamkor.kg', 'tracking', { project })).rejects.toThrow();
    await expect(exportAs('officer@kamkor.kg', 'tracking', {})).rejects.toThrow();
  });

  it("applications: the customer's officer and the secretary get the page's list with applicants and money in som; an NGO its own; the commission's scorers are refused", async () => {
    // The demo competition under evaluation: ngo-1 and ngo-2 admitted; commission@ chairs, commission2@ a member, secretary@ its secretary.
    const { id: competition } = await h.db.selectFrom('competition').select('id').where('status', '=', 'evaluating').executeTakeFirstOrThrow();
    const source = findExportSource('applications')!;
    expect(source.params(new URLSearchParams(`competition=${competition}&x=1`))).toEqual({ competition });
    for (const email of ['officer@kamkor.kg', 'secretary@kamkor.kg', 'ngo@kamkor.kg']) {
      const actor = await actorOf(email);
      const page = await listApplicationsForActor(h.db, actor, competition);
      const rows = await rowsOf((await exportAs(email, 'applications', { competition }, 'ru')).bytes);
      expect(page.length, email).toBeGreaterThan(0);
      expect(rows.map((r) => [r[0], r[1], r[2], r[3]])).toEqual(page.map((a) => [a.code, a.name_ru, a.title, Number(a.requested_tyiyn) / 100]));
    }
    const officer = await rowsOf((await exportAs('officer@kamkor.kg', 'applications', { competition })).bytes);
    const ngo = await rowsOf((await exportAs('ngo@kamkor.kg', 'applications', { competition })).bytes);
    expect(officer.length).toBeGreaterThan(ngo.length);
    for (const email of ['commission@kamkor.kg', 'commission2@kamkor.kg']) await expect(exportAs(email, 'applications', { competition })).rejects.toThrow();
    await expect(exportAs('officer@kamkor.kg', 'applications', {})).rejects.toThrow();
  });

  it('annual reports: the readers of the list get a row per program and year; an NGO is refused', async () => {
    const analyst = await actorOf('analyst@kamkor.kg');
    const programs = await listAnnualReportPrograms(h.db, analyst);
    const rows = await rowsOf((await exportAs('analyst@kamkor.kg', 'annualReports', {}, 'en')).bytes);
    expect(rows.length).toBeGreaterThan(0);
    expect([...new Set(rows.map((r) => r[0]))].sort()).toEqual([...new Set(programs.filter((p) => rows.some((r) => r[0] === p.title)).map((p) => p.title))].sort());
    expect(rows.every((r) => typeof r[1] === 'number' && ['Published', 'Withdrawn', 'Not published'].includes(String(r[2])))).toBe(true);
    await expect(exportAs('ngo@kamkor.kg', 'annualReports', {})).rejects.toThrow();
  });

  const isoDay = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);
  it("reports: the project's readers get its reporting periods with dates as date cells; another NGO is refused", async () => {
    const { id: project } = await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-001').executeTakeFirstOrThrow();
    const page = await listReports(h.db, project);
    const rows = await rowsOf((await exportAs('naryn@kamkor.kg', 'reports', { project }, 'en')).bytes);
    expect(page.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r[0], (r[3] as Date).toISOString().slice(0, 10), r[4]])).toEqual(
      page.map((r) => [formatPeriod(r.period_key, 'en'), isoDay(r.due_date), expect.any(String)]),
    );
    expect(rows.every((r) => r[1] instanceof Date && typeof r[6] === 'number')).toBe(true);
    await expect(exportAs('ngo2@kamkor.kg', 'reports', { project })).rejects.toThrow();
  });

  it('program results: each program indicator with the projects the actor sees and the total; an NGO is refused', async () => {
    for (const email of ['officer@kamkor.kg', 'naryn@kamkor.kg']) {
      const actor = await actorOf(email);
      const page = await listProgramResultsForActor(h.db, actor, { basis: 'reported' });
      const rows = await rowsOf((await exportAs(email, 'programResults', { basis: 'reported' }, 'en')).bytes);
      if (email === 'officer@kamkor.kg') expect(page.length).toBeGreaterThan(0);
      expect(rows.map((r) => [r[0], r[4]])).toEqual(page.flatMap(({ pi, projects }) => [...projects.map((p) => [pi.code, p.code]), [pi.code, 'Total']]));
      const totals = rows.filter((r) => r[4] === 'Total');
      page.forEach(({ agg }, i) => (agg.target == null ? expect(totals[i]![8] ?? null).toBeNull() : expect(totals[i]![8]).toBeCloseTo(agg.target, 6)));
    }
    await expect(exportAs('ngo@kamkor.kg', 'programResults', {})).rejects.toThrow();
  });

  it("a service plan's activities: its municipality and the ministry get them with money in som and dates as dates; another municipality and an NGO are refused", async () => {
    const { id: plan } = await h.db
      .selectFrom('service_plan')
      .innerJoin('service_plan_activity as a', 'a.plan_id', 'service_plan.id')
      .select('service_plan.id')
      .executeTakeFirstOrThrow();
    const source = findExportSource('servicePlanActivities')!;
    expect(source.params(new URLSearchParams(`plan=${plan}&x=1`))).toEqual({ plan });
    const page = await listServiceActivities(h.db, plan);
    for (const email of ['municipal@kamkor.kg', 'officer@kamkor.kg']) {
      const rows = await rowsOf((await exportAs(email, 'servicePlanActivities', { plan }, 'ky')).bytes);
      expect(rows.map((r) => [r[0], r[7], r[8], r[9]])).toEqual(page.map((a) => [a.title, Number(a.own_tyiyn) / 100, Number(a.grant_tyiyn) / 100, Number(a.other_tyiyn) / 100]));
      expect(rows.every((r) => r[3] == null || r[3] instanceof Date)).toBe(true);
    }
    for (const email of ['jazy@kamkor.kg', 'ngo@kamkor.kg']) await expect(exportAs(email, 'servicePlanActivities', { plan })).rejects.toThrow();
  });

  it('territory: the units the classifier page lists, all of them, with SOATE codes as text', async () => {
    const source = findExportSource('territory')!;
    expect(source.params(new URLSearchParams('parent=41704&q=%20Naryn%20&closed=1&x=1'))).toEqual({ parent: '41704', q: 'Naryn', closed: '1' });
    expect(source.params(new URLSearchParams('parent=abc'))).toEqual({});
    const top = await rowsOf((await exportAs('ngo@kamkor.kg', 'territory', {}, 'en')).bytes);
    const page = await listAdminUnits(h.db, { parent: '41700000000000' });
    expect(top.map((r) => r[0])).toEqual(page.map((u) => u.soate));
    expect(top.length).toBeGreaterThan(0);
    expect(top.every((r) => typeof r[0] === 'string' && r[3] instanceof Date)).toBe(true);
    const found = await rowsOf((await exportAs('ngo@kamkor.kg', 'territory', { q: 'Naryn' }, 'en')).bytes);
    expect(found.map((r) => r[0])).toEqual((await listAdminUnits(h.db, { search: 'Naryn' })).map((u) => u.soate));
  });
});
