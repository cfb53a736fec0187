import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@kamkor/domain';
import { declareConflicts, findActor, listAuditLog, listScoreSheets, type DatabaseHandle } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { demoCompetitionIds } from '@kamkor/db/seed/competition';
import { writeTranslatedErrorCopy } from './error-copy.ts';
import { downloadScoreSheet, importScoreSheet } from './score-sheet-import.ts';

const labels = {
  sheet: 'Оценка',
  title: 'Лист оценки',
  code: 'Код',
  comment: 'Комментарий',
  criterionName: (code: string) => code,
  criterionHeader: (c: { name: string; maxPoints: number }) => `${c.name} (0–${c.maxPoints})`,
};

async function load(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}
async function save(wb: ExcelJS.Workbook) {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe.each(testEngines)('offline scoring through an xlsx sheet (%s)', (engine) => {
  let h: DatabaseHandle;
  let member: Actor;
  let ngo: Actor;
  const compId = demoCompetitionIds.evaluating;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const find = async (email: string) => (await findActor(h.db, (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id))!;
    member = await find('commission2@kamkor.kg');
    ngo = await find('ngo@kamkor.kg');
  });
  afterAll(() => h?.close());

  it('downloads anonymised content only, then dry run with errors in the workbook, apply, and an idempotent re-upload', async () => {
    // Before declaring conflicts there is no sheet to download.
    await expect(downloadScoreSheet(h.db, member, compId, labels)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await declareConflicts(h.db, member, compId, []);
    await expect(downloadScoreSheet(h.db, ngo, compId, labels)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    const file = await downloadScoreSheet(h.db, member, compId, labels);
    const wb = await load(file);
    // Every value in every sheet: codes, criteria, max points — no identity of any applicant.
    const texts: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => void texts.push(String(c.value))));
    const identities = await h.db
      .selectFrom('competition_application as a')
      .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
      .select(['o.name_ky', 'o.name_ru', 'o.name_en', 'o.inn', 'a.contact_name', 'a.contact_phone', 'a.title', 'a.organisation_id'])
      .where('a.competition_id', '=', compId)
      .execute();
    const all = texts.join('\n');
    for (const id of identities) for (const v of Object.values(id)) if (v) expect(all).not.toContain(v);
    expect(all).toContain('A-4MHR');
    expect(all).toContain('A-P9TX');

    // Fill: one good row, one with 12 of 10 points.
    const ws = wb.getWorksheet('Оценка')!;
    const rowOf = (code: string) => [3, 4].find((r) => ws.getCell(`A${r}`).value === code)!;
    const good = rowOf('A-4MHR');
    const bad = rowOf('A-P9TX');
    [8, 7, 6, 9, 5].forEach((p, i) => (ws.getRow(good).getCell(2 + i).value = p));
    [12, 7, 6, 9, 5].forEach((p, i) => (ws.getRow(bad).getCell(2 + i).value = p));
    ws.getRow(good).getCell(7).value = 'Реалистичный бюджет';
    const withError = await save(wb);
    const dry = await importScoreSheet(h.db, member, compId, withError, { dryRun: false });
    expect(dry).toMatchObject({ ok: true, applied: false, errors: [{ sheet: 'Оценка', cell: `B${bad}`, messageKey: 'competition:errors.points', params: { maxPoints: 10 } }] });
    // Nothing was written although the apply was asked for.
    expect((await listScoreSheets(h.db, member, compId)).sheets.every((s) => !s.complete)).toBe(true);
    // The error copy marks the cell in the member's own workbook.
    if (!dry.ok) return;
    const copy = await load(await writeTranslatedErrorCopy(withError, dry.errors, () => 'Баллы: целое число от 0 до 10')); 
    expect(copy.getWorksheet('Оценка')!.getCell(`B${bad}`).note).toBe('Баллы: целое число от 0 до 10');

    ws.getRow(bad).getCell(2).value = 10;
    const fixed = await save(wb);
    expect(await importScoreSheet(h.db, member, compId, fixed, { dryRun: true })).toEqual({ ok: true, applied: false, counts: { updated: 2, unchanged: 0 }, errors: [] });
    expect((await listScoreSheets(h.db, member, compId)).sheets.every((s) => !s.complete)).toBe(true);
    expect(await importScoreSheet(h.db, member, compId, fixed, { dryRun: false })).toEqual({ ok: true, applied: true, counts: { updated: 2, unchanged: 0 }, errors: [] });
    const after = await listScoreSheets(h.db, member, compId);
    expect(after.sheets.every((s) => s.complete)).toBe(true);
    expect(after.sheets.find((s) => s.code === 'A-4MHR')!.comment).toBe('Реалистичный бюджет');
    // Re-upload: unchanged, nothing more in the audit log.
    const auditBefore = (await listAuditLog(h.db, { entity: 'competition_application', entityId: demoCompetitionIds.admittedApplication })).length;
    expect(await importScoreSheet(h.db, member, compId, fixed, { dryRun: false })).toEqual({ ok: true, applied: true, counts: { updated: 0, unchanged: 2 }, errors: [] });
    expect((await listAuditLog(h.db, { entity: 'competition_application', entityId: demoCompetitionIds.admittedApplication })).length).toBe(auditBefore);
    // The downloaded sheet now carries the member's own points.
    const again = await load(await downloadScoreSheet(h.db, member, compId, labels));
    expect(again.getWorksheet('Оценка')!.getCell(`B${rowOf('A-4MHR')}`).value).toBe(8);
  });
});
