import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type Actor } from '@kamkor/domain';
import { applyLineImport, createProgram, findActor, getProgram, listProgramLines, saveProgramIndicator, saveProgramLine, type DatabaseHandle, type LineValues } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { readProgramTemplate, writeProgramTemplate } from '@kamkor/excel';
import { checkProgramLineImport, planLineImport } from './program-line-import.ts';

/** A line as the demo's 2027 draft has them: SRV-01 in Naryn for 40 children. */
const line: LineValues = {
  lineNo: 1, priorityAreaCode: 'PA-02', serviceCode: 'SRV-01', targetGroupCodes: ['TG-01'], territorySoates: ['41704400000010'], plannedBeneficiaries: 40,
  budgetTyiyn: 2_000_000_00, periodStart: '2027-02-01', periodEnd: '2027-12-31', expectedResults: 'Children rehabilitated', indicatorIds: [],
};

describe.each(testEngines)('program line import (%s)', (engine) => {
  let h: DatabaseHandle;
  let officer: Actor;
  let ministryId: string;

  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const u = await h.db.selectFrom('app_user').select('id').where('email', '=', 'officer@kamkor.kg').executeTakeFirstOrThrow();
    officer = (await findActor(h.db, u.id))!;
    ministryId = officer.memberships[0]!.organisationId;
  });
  afterAll(() => h.close());

  it('imports lines from its template: dry run, apply in one go, re-import changes nothing', async () => {
    const id = (await createProgram(h.db, officer, { customerId: ministryId, title: 'Import', yearFrom: 2031, yearTo: 2031, fundingSource: 'republican', ceiling: 10_000_000_00 })).id;
    const ind = await saveProgramIndicator(h.db, officer, id, null, { code: 'IND-1', name_ky: 'a', name_ru: 'a', name_en: 'a', unit: 'x', target: 1 });
    await saveProgramLine(h.db, officer, id, null, { ...line, indicatorIds: [ind] });
    await saveProgramLine(h.db, officer, id, null, { ...line, lineNo: 2, budgetTyiyn: 1_000_000_00 });
    const lines = await listProgramLines(h.db, id);
    const template = await writeProgramTemplate(
      {
        programId: id,
        versionNo: 1,
        title: 'Import',
        lines: [
          { ...lines[0]!, indicatorCodes: ['IND-1'] },
          { ...lines[1]!, budgetTyiyn: 1_500_000_00, indicatorCodes: [] },
          { ...lines[1]!, id: 'new', lineNo: 3, serviceCode: 'SRV-06', targetGroupCodes: ['TG-02'], indicatorCodes: ['IND-1'] },
        ],
        lists: { areas: [], services: [], targetGroups: [], territories: [], indicators: [] },
      },
      (k) => k,
    );
    const program = await getProgram(h.db, id);
    const check = await checkProgramLineImport(h.db, program, template);
    if (!check.ok) throw new Error(check.messageKey);
    expect(check.errors).toEqual([]);
    const plan = check.plan;
    const read = await readProgramTemplate(template, { programId: id });
    if (!read.ok) throw new Error(read.messageKey);
    expect([plan.add.length, plan.change.length, plan.leave]).toEqual([1, 1, 1]);
    await h.db.transaction().execute((trx) => applyLineImport(trx, officer.userId, id, plan));
    const after = await listProgramLines(h.db, id);
    expect(after.map((l) => [l.lineNo, l.budgetTyiyn])).toEqual([
      [1, 2_000_000_00],
      [2, 1_500_000_00],
      [3, 1_000_000_00],
    ]);
    const again = await planLineImport(h.db, id, read.lines);
    expect([again.add.length, again.change.length, again.leave]).toEqual([0, 0, 3]);

    // Unknown codes and an over-ceiling file: cell errors, and apply writes nothing.
    const bad = await planLineImport(h.db, id, [{ ...read.lines[2]!, lineNo: 4, serviceCode: 'SRV-99', rowNumber: 5 }, { ...read.lines[2]!, lineNo: 5, budgetTyiyn: 9_000_000_00, rowNumber: 6 }]);
    expect(bad.errors.map((e) => `${e.cell} ${e.messageKey}`)).toEqual(['C5 errors.unknownCode', 'G6 program:errors.overCeiling']);
    await expect(h.db.transaction().execute((trx) => applyLineImport(trx, officer.userId, id, bad))).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.messageKey === 'excel.errors.fixFirst');
    expect(await listProgramLines(h.db, id)).toHaveLength(3);
  });
});
