import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findActor, type DatabaseHandle } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { writeResponseSheet } from '@kamkor/excel';
import type { Actor } from '@kamkor/domain';
import { applyResponseImport, checkResponseImport, exportResponsesWorkbook } from './response-import.ts';
import { writeTranslatedErrorCopy } from './error-copy.ts';

describe.each(testEngines)('responses from Excel (%s)', (engine) => {
  let h: DatabaseHandle;
  let naryn: Actor;
  let projectId: string;
  const count = async () => Number((await h.db.selectFrom('monitoring_response').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const u = await h.db.selectFrom('app_user').select('id').where('email', '=', 'naryn@kamkor.kg').executeTakeFirstOrThrow();
    naryn = (await findActor(h.db, u.id))!;
    projectId = (await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-001').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => h?.close());
  const target = () => ({ formId: 'beneficiary_2026', versionNo: 1, projectId, language: 'ky' as const });

  it('marks errors on their cells in the user’s own sheet; the dry run writes nothing', async () => {
    const bytes = await writeResponseSheet(
      ['respondent_id', 'Жынысыңыз', 'Жашыңыз', 'Кызматты алдыңызбы?', 'Колонка без вопроса'],
      [
        ['K-1', 'Аял', 40, 'Ооба', 'x'],
        ['K-2', 'Бала', 'отуз', 'Ооба', null],
        ['K-1', 'Эркек', 50, 'Жок', null],
      ],
    );
    const before = await count();
    const check = await checkResponseImport(h.db, naryn, bytes, target());
    if (!check.ok) throw new Error(check.messageKey);
    expect(check.errors.map((e) => [e.cell, e.messageKey])).toEqual([
      ['B3', 'survey:errors.choice'],
      ['C3', 'survey:errors.number'],
      ['A4', 'survey:import.duplicateRespondent'],
    ]);
    expect(check.ignored).toEqual(['Колонка без вопроса']);
    expect(await count()).toBe(before);
    expect(await applyResponseImport(h.db, naryn, bytes, target())).toEqual({ ok: false, messageKey: 'excel.errors.fixFirst' });
    expect(await count()).toBe(before);
    const marked = await writeTranslatedErrorCopy(bytes, check.errors, (e) => e.messageKey);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(marked) as unknown as ArrayBuffer);
    const note = wb.getWorksheet('Лист1')!.getCell('C3').note;
    expect(JSON.stringify(note)).toContain('survey:errors.number');
  });

  it('applies once: a second import of the same respondents adds nothing; the export holds responses and summaries', async () => {
    const bytes = await writeResponseSheet(
      ['Respondent ID', 'sex', 'age', 'received', 'satisfaction', 'comment'],
      [
        ['K-10', 'f', 25, 'yes', 4, 'Жакшы'],
        ['K-11', 'm', '72', 'no', null, '=HYPERLINK("x")'],
      ],
    );
    const before = await count();
    expect(await applyResponseImport(h.db, naryn, bytes, target())).toEqual({ ok: true, added: 2, already: 0 });
    expect(await applyResponseImport(h.db, naryn, bytes, target())).toEqual({ ok: true, added: 0, already: 2 });
    expect(await count()).toBe(before + 2);
    const row = await h.db.selectFrom('monitoring_response').selectAll().where('respondent_ref', '=', 'K-11').executeTakeFirstOrThrow();
    expect([row.respondent_sex, row.respondent_age_group, row.source]).toEqual(['m', '60_plus', 'xlsx']);

    const xlsx = await exportResponsesWorkbook(h.db, naryn, { formId: 'beneficiary_2026', by: 'sex' }, { lang: 'ru', t: (k) => k.split(':').pop()!, exportedBy: 'Нарын', exportedAt: '29.11.2026 16:00' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['export.aboutSheet', 'export.responsesSheet', 'export.summarySheet', 'by.sex']);
    const responses = wb.worksheets[1]!;
    expect(responses.rowCount).toBe(1 + before + 2);
    // Typed text stays text, never a formula.
    let formula = false;
    responses.eachRow((r) => r.eachCell((c) => (formula ||= c.type === ExcelJS.ValueType.Formula)));
    expect(formula).toBe(false);
  });
});
