import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type Actor } from '@kamkor/domain';
import { writeBulkSheet, writeReportTemplate, type TemplateLabels } from '@kamkor/excel';
import { findActor, getReportByPeriod, loadReport, transitionReport, type DatabaseHandle } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { importBulkSheet } from './bulk-import.ts';
import { importReportUpload, reportTemplateRows } from './report-upload.ts';

const labels: TemplateLabels = {
  sheet: 'Report', title: 't', period: 'p', help: 'h', code: 'Code', indicator: 'Indicator', unit: 'Unit', disaggregation: 'Cell',
  value: 'Value', numerator: 'Numerator', denominator: 'Denominator', explanation: 'Explanation', yes: 'Yes', no: 'No',
};
const words = { yesWords: ['Yes'], noWords: ['No'] };

describe.each(testEngines)('Excel round-trip and bulk import (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'naryn', 'ngo', 'ngo2', 'analyst']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
  });
  afterAll(() => h.close());
  const projectId = async (c: string) => (await h.db.selectFrom('project').select('id').where('code', '=', c).executeTakeFirstOrThrow()).id;

  async function template(reportId: string) {
    const data = await loadReport(h.db, reportId);
    return writeReportTemplate({ projectId: data.project.id, projectCode: data.project.code, periodKey: data.report.period_key, labels, rows: reportTemplateRows(data, 'en', 'Total') });
  }
  async function fill(bytes: Uint8Array, values: Record<string, unknown>) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Report')!;
    for (const [ref, v] of Object.entries(values)) ws.getCell(ref).value = v as ExcelJS.CellValue;
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it('dry run, apply, and re-upload of the same file changes nothing', async () => {
    const report = await getReportByPeriod(h.db, await projectId('SSO-2025-002'), '2026-Q4');
    const bytes = await template(report.id);
    // Row 6: BEN total; rows 7..14: its cells; row 15: SAT total (numerator F, denominator G).
    const filled = await fill(bytes, { E6: '48', F15: '30', G15: '40', H15: 'ok' });
    const dry = await importReportUpload(h.db, actors.ngo!, report.id, filled, { dryRun: true, ...words });
    expect(dry).toMatchObject({ ok: true, applied: false, counts: { created: 2, updated: 0 }, errorCount: 0 });
    expect((await loadReport(h.db, report.id)).values).toEqual([]);
    const applied = await importReportUpload(h.db, actors.ngo!, report.id, filled, { dryRun: false, ...words });
    expect(applied).toMatchObject({ ok: true, applied: true, counts: { created: 2, updated: 0 } });
    const again = await importReportUpload(h.db, actors.ngo!, report.id, filled, { dryRun: false, ...words });
    expect(again).toMatchObject({ ok: true, counts: { created: 0, updated: 0 } });
    const after = await loadReport(h.db, report.id);
    expect(after.values.map((v) => [v.cellKey, v.value, v.numerator, v.denominator]).sort()).toEqual([['', 48, null, null], ['', null, 30, 40]].sort());

    // Errors: nothing is applied, each error has its cell.
    const bad = await fill(bytes, { E6: { formula: 'SUM(E7:E14)', result: 0 }, E7: 'abc' });
    const res = await importReportUpload(h.db, actors.ngo!, report.id, bad, { dryRun: false, ...words });
    expect(res).toMatchObject({ ok: true, applied: false, errorCount: 2 });
    if (res.ok) expect(res.errors.map((e) => e.cell)).toEqual(['E6', 'E7']);
    expect((await loadReport(h.db, report.id)).values.find((v) => v.cellKey === '' && v.value != null)!.value).toBe(48);
  });

  // Retried once: under a full CI run this dry run was once refused on PostgreSQL (never alone, nor
  // in ten runs of this file); the assertion below names the refusal so its cause can be found.
  it('the dry run already shows the flags of impossible values, and a value typed into a locked cell is an error with its cell', { retry: 1 }, async () => {
    const report = await getReportByPeriod(h.db, await projectId('SSO-2025-002'), '2026-Q3');
    const bytes = await template(report.id);
    const before = (await loadReport(h.db, report.id)).values;
    // SAT: 50 satisfied of 40 asked; BEN: a negative count.
    const flagged = await fill(bytes, { E6: '-5', F15: '50', G15: '40' });
    const dry = await importReportUpload(h.db, actors.ngo!, report.id, flagged, { dryRun: true, ...words });
    // Named in the failure: a refusal shows its message key and parameters.
    expect(dry).toMatchObject({ ok: true, applied: false });
    if (!dry.ok) return;
    const flags = Object.fromEntries((dry.flags ?? []).map((f) => [f.indicatorCode, f.flags]));
    expect(flags['1.1.1-BEN']).toContain('negative');
    expect(flags['1.1.2-SAT']).toContain('numerator_gt_denominator');
    expect((await loadReport(h.db, report.id)).values).toEqual(before);
    // The flags came from the values laid over the stored ones in a stage of the run, dropped after it.
    expect((await sql<{ n: string }>`select count(*)::text as n from pg_class where relname like 'import_stage_%'`.execute(h.db)).rows[0]!.n).toBe('0');
    // 87,5 in the computed value cell of the percentage row: reported, not counted as unchanged.
    const locked = await fill(bytes, { E15: '87,5' });
    const res = await importReportUpload(h.db, actors.ngo!, report.id, locked, { dryRun: true, ...words });
    expect(res).toMatchObject({ ok: true, errorCount: 1, errors: [{ cell: 'E15', messageKey: 'results:excel.lockedCell', params: { value: '87,5' } }] });
  });

  it('refuses another NGO, another period, a locked period', async () => {
    const report = await getReportByPeriod(h.db, await projectId('SSO-2025-002'), '2026-Q4');
    const bytes = await template(report.id);
    await expect(importReportUpload(h.db, actors.ngo2!, report.id, bytes, { dryRun: true, ...words })).rejects.toThrow(AppError);
    const other = await getReportByPeriod(h.db, await projectId('SSO-2025-001'), '2026-Q4');
    expect(await importReportUpload(h.db, actors.ngo!, other.id, bytes, { dryRun: true, ...words })).toMatchObject({ ok: false, messageKey: 'results:excel.otherProject' });
    const locked = await getReportByPeriod(h.db, await projectId('SSO-2025-002'), '2025-Q1');
    expect(locked.status).toBe('approved');
    expect(await importReportUpload(h.db, actors.ngo!, locked.id, await template(locked.id), { dryRun: true, ...words })).toMatchObject({ ok: false, messageKey: 'results:errors.locked' });
    const q3 = await getReportByPeriod(h.db, await projectId('SSO-2025-002'), '2026-Q3');
    expect(await importReportUpload(h.db, actors.ngo!, q3.id, bytes, { dryRun: true, ...words })).toMatchObject({ ok: false });
  });

  it('bulk-imports a long sheet for many projects in one transaction, computing totals', async () => {
    const header = ['project_code', 'indicator_code', 'period', 'sex', 'age_group', 'disability', 'territory', 'value', 'numerator', 'denominator'];
    const rows: (string | number | null)[][] = [];
    for (const p of ['SSO-2025-003', 'SSO-2025-009']) {
      for (const sex of ['f', 'Male']) for (const age of ['0-17', '18-34', '35-59', '60+']) rows.push([p, '1.1.1-BEN', 'Q4 2026', sex, age, null, null, 5, null, null]);
      rows.push([p, '1.1.2-SAT', '15.11.2026', null, null, null, null, null, '8', '10']);
    }
    const bytes = await writeBulkSheet(header, rows);
    await expect(importBulkSheet(h.db, actors.ngo!, bytes, { dryRun: true })).rejects.toThrow(AppError);
    const dry = await importBulkSheet(h.db, actors.analyst!, bytes, { dryRun: true });
    expect(dry).toMatchObject({ ok: true, applied: false, errorCount: 0, counts: { created: 18 } });
    const r3 = await getReportByPeriod(h.db, await projectId('SSO-2025-003'), '2026-Q4');
    expect((await loadReport(h.db, r3.id)).values).toEqual([]);
    const done = await importBulkSheet(h.db, actors.analyst!, bytes, { dryRun: false });
    expect(done).toMatchObject({ ok: true, applied: true, counts: { created: 18 } });
    const loaded = await loadReport(h.db, r3.id);
    const ben = loaded.indicators.find((i) => i.code === '1.1.1-BEN')!;
    expect(loaded.values.find((v) => v.indicatorId === ben.id && v.cellKey === '')!.value).toBe(40);

    // Errors: locked period, unknown project, a project outside the officer's territory, unknown category.
    const bad = await writeBulkSheet(header, [
      ['SSO-2025-001', '1.1.1-BEN', '2025-Q1', null, null, null, null, 1, null, null],
      ['NOPE', '1.1.1-BEN', '2026-Q4', null, null, null, null, 1, null, null],
      ['SSO-2025-003', '1.1.1-BEN', '2026-Q4', 'x', '0-17', null, null, 1, null, null],
      ['SSO-2025-002', '2.1.3-INST', '2026-Q4', null, null, null, null, 7, null, null],
    ]);
    const res = await importBulkSheet(h.db, actors.naryn!, bad, { dryRun: false });
    expect(res).toMatchObject({ ok: true, applied: false, errorCount: 3 });
    if (res.ok) expect(res.errors.map((e) => [e.cell, e.messageKey])).toEqual([
      ['C2', 'results:errors.locked'],
      ['A3', 'results:bulk.unknownProject'],
      ['A4', 'results:bulk.unknownProject'],
    ]);
    // Nothing written, not even the valid row.
    const r2 = await getReportByPeriod(h.db, await projectId('SSO-2025-002'), '2026-Q4');
    const inst = (await loadReport(h.db, r2.id)).indicators.find((i) => i.code === '2.1.3-INST')!;
    expect((await loadReport(h.db, r2.id)).values.filter((v) => v.indicatorId === inst.id)).toEqual([]);
    void transitionReport;
  });
});
