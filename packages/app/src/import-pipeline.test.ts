import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@kamkor/domain';
import {
  createProgram,
  databaseStorage,
  declareConflicts,
  findActor,
  getProgram,
  getReportByPeriod,
  listProgramLines,
  saveProgramLine,
  type DatabaseHandle,
  type LineValues,
} from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { defaultLimits, writeProgramTemplate } from '@kamkor/excel';
import { classifierImport } from './classifier-import.ts';
import { runImport, type ImportDefinition } from './import-pipeline.ts';
import { programLineImport } from './program-line-import.ts';
import { reportUploadImport } from './report-upload.ts';
import { responseImport } from './response-import.ts';
import { scoreSheetImport } from './score-sheet-import.ts';
import { tallyImport } from './tally-import.ts';

/** A plain workbook of `rows` rows on a sheet with a user's own name. */
async function longWorkbook(rows: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Мой лист');
  for (let i = 1; i <= rows; i++) ws.addRow([`row ${i}`, i]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const line: LineValues = {
  lineNo: 1, priorityAreaCode: 'PA-02', serviceCode: 'SRV-01', targetGroupCodes: ['TG-01'], territorySoates: ['41704400000010'], plannedBeneficiaries: 40,
  budgetTyiyn: 2_000_000_00, periodStart: '2027-02-01', periodEnd: '2027-12-31', expectedResults: 'Children rehabilitated', indicatorIds: [],
};

type AnyDefinition = ImportDefinition<any, any, any, any, any>;

describe.each(testEngines)('one import pipeline (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  const storedFiles = async () => Number((await h.db.selectFrom('stored_file').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'ngo', 'naryn', 'commission']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
  });
  afterAll(() => h?.close());

  /** Every import with a target it may be run against (each reaches the read of the file). */
  const imports: [string, () => Promise<{ def: AnyDefinition; ctx: unknown; owner: string }>][] = [
    ['program lines', async () => {
      const program = await h.db.selectFrom('program').select(['id', 'status', 'version_no']).where('status', '=', 'draft').orderBy('created_at').executeTakeFirstOrThrow();
      return { def: programLineImport, ctx: { program, actorId: actors.officer!.userId }, owner: actors.officer!.userId };
    }],
    ['report upload', async () => {
      const project = await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-002').executeTakeFirstOrThrow();
      const report = await getReportByPeriod(h.db, project.id, '2026-Q4');
      return { def: reportUploadImport, ctx: { actor: actors.ngo!, reportId: report.id, yesWords: ['Yes'], noWords: ['No'] }, owner: actors.ngo!.userId };
    }],
    ['tally', async () => {
      const m = await h.db.selectFrom('assessment_meeting').select(['id', 'assessment_id']).where('kind', '=', 'village').executeTakeFirstOrThrow();
      return { def: tallyImport, ctx: { assessmentId: m.assessment_id, meetingId: m.id, actor: actors.officer! }, owner: actors.officer!.userId };
    }],
    ['classifier', async () => ({ def: classifierImport, ctx: { actorId: actors.officer!.userId }, owner: actors.officer!.userId })],
    ['evaluation sheet', async () => {
      const competition = await h.db.selectFrom('competition').select('id').where('status', '=', 'evaluating').orderBy('created_at').executeTakeFirstOrThrow();
      await declareConflicts(h.db, actors.commission!, competition.id, []);
      return { def: scoreSheetImport, ctx: { actor: actors.commission!, competitionId: competition.id }, owner: actors.commission!.userId };
    }],
    ['responses', async () => {
      const project = await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-001').executeTakeFirstOrThrow();
      return { def: responseImport, ctx: { actor: actors.naryn!, target: { formId: 'beneficiary_2026', versionNo: 1, projectId: project.id, language: 'ky' } }, owner: actors.naryn!.userId };
    }],
  ];

  const limits = { ...defaultLimits, maxRows: 20 };
  let tooLong: Uint8Array;
  beforeAll(async () => {
    tooLong = await longWorkbook(500);
  });

  it.each(imports)('%s: refuses a workbook past the row limit with the one message, stops reading there, and keeps nothing', async (_name, target) => {
    const { def, ctx, owner } = await target();
    const before = await storedFiles();
    const out = await runImport(h.db, def, ctx, { owner, upload: { name: 'long.xlsx', data: tooLong }, apply: false, limits, errorText: (e) => e.messageKey });
    expect(out).toMatchObject({ ok: false, messageKey: 'excel.errors.tooManyRows', params: { max: 20 } });
    // The read stopped at the first row past the limit, not at the end of the 500-row sheet.
    expect(out.ok ? null : out.rowsRead).toBe(21);
    expect(await storedFiles()).toBe(before);

    // A kept dry-run copy that turns out to be refused is removed, not kept.
    const kept = await databaseStorage(h.db).put({ fileName: 'long.xlsx', contentType: 'x', data: tooLong, createdBy: owner, kind: 'dry_run' });
    const again = await runImport(h.db, def, ctx, { owner, fileId: kept, apply: true, limits });
    expect(again).toMatchObject({ ok: false, messageKey: 'excel.errors.tooManyRows' });
    expect(await storedFiles()).toBe(before);
  });

  it('the row limit a user meets is the default one (50,000 rows)', async () => {
    const { def, ctx, owner } = await imports[3]![1]();
    const out = await runImport(h.db, def, ctx, { owner, upload: { name: 'long.xlsx', data: await longWorkbook(defaultLimits.maxRows + 10) }, apply: false });
    expect(out).toMatchObject({ ok: false, messageKey: 'excel.errors.tooManyRows', params: { max: 50_000 }, rowsRead: 50_001 });
  });

  async function programWithTemplate(year: number) {
    const officer = actors.officer!;
    const id = (await createProgram(h.db, officer, { customerId: officer.memberships[0]!.organisationId, title: 'Pipeline', yearFrom: year, yearTo: year, fundingSource: 'republican', ceiling: 10_000_000_00 })).id;
    await saveProgramLine(h.db, officer, id, null, line);
    const lines = await listProgramLines(h.db, id);
    const template = (rows: { lineNo: number; budgetTyiyn: number; serviceCode?: string }[]) =>
      writeProgramTemplate(
        {
          programId: id,
          versionNo: 1,
          title: 'Pipeline',
          lines: rows.map((r) => ({ ...lines[0]!, id: `x${r.lineNo}`, lineNo: r.lineNo, budgetTyiyn: r.budgetTyiyn, serviceCode: r.serviceCode ?? lines[0]!.serviceCode, indicatorCodes: [] })),
          lists: { areas: [], services: [], targetGroups: [], territories: [], indicators: [] },
        },
        (k) => k,
      );
    return { id, program: await getProgram(h.db, id), template };
  }

  it('a dry run keeps one copy of a file it can apply, again from that copy adds none, and the apply removes it', async () => {
    const { id, program, template } = await programWithTemplate(2033);
    const owner = actors.officer!.userId;
    const ctx = { program, actorId: owner };
    const before = await storedFiles();
    const bytes = await template([{ lineNo: 1, budgetTyiyn: 2_000_000_00 }, { lineNo: 2, budgetTyiyn: 1_000_000_00 }]);
    const dry = await runImport(h.db, programLineImport, ctx, { owner, upload: { name: 'lines.xlsx', data: bytes }, apply: false });
    if (!dry.ok || dry.step !== 'dry-run') throw new Error('expected a dry run');
    expect(dry.preview.add).toHaveLength(1);
    expect(dry.fileId).not.toBeNull();
    expect(await storedFiles()).toBe(before + 1);
    // The dry run again, from the kept copy: the same copy, no other.
    const again = await runImport(h.db, programLineImport, ctx, { owner, fileId: dry.fileId, apply: false });
    expect(again).toMatchObject({ ok: true, step: 'dry-run', fileId: dry.fileId });
    expect(await storedFiles()).toBe(before + 1);
    // Another user cannot apply it.
    expect(await runImport(h.db, programLineImport, ctx, { owner: actors.ngo!.userId, fileId: dry.fileId, apply: true })).toMatchObject({ ok: false, messageKey: 'excel.errors.noFile' });
    const applied = await runImport(h.db, programLineImport, ctx, { owner, fileId: dry.fileId, apply: true });
    expect(applied).toMatchObject({ ok: true, step: 'applied', done: { added: 1, changed: 0 } });
    expect((await listProgramLines(h.db, id)).map((l) => l.lineNo)).toEqual([1, 2]);
    expect(await storedFiles()).toBe(before);
  });

  it('a file with errors gets its error copy (marked on the user’s own sheet) instead of a kept copy', async () => {
    const { program, template } = await programWithTemplate(2034);
    const owner = actors.officer!.userId;
    const before = await storedFiles();
    const bytes = await template([{ lineNo: 2, budgetTyiyn: 1_000_000_00, serviceCode: 'SRV-99' }]);
    const dry = await runImport(h.db, programLineImport, { program, actorId: owner }, { owner, upload: { name: 'lines.xlsx', data: bytes }, apply: false, errorText: (e) => `bad: ${e.messageKey}` });
    if (!dry.ok || dry.step !== 'dry-run') throw new Error('expected a dry run');
    expect(dry.fileId).toBeNull();
    expect(dry.errors.length).toBeGreaterThan(0);
    const copy = await databaseStorage(h.db).get(dry.errorFileId!, { owner, kind: 'error_copy' });
    expect(copy?.fileName).toBe('errors-lines.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(copy!.data as unknown as ArrayBuffer);
    const e = dry.errors[0]!;
    const note = wb.getWorksheet(e.sheet)!.getCell(e.cell).note;
    expect(JSON.stringify(note)).toContain(`bad: ${e.messageKey}`);
    expect(await storedFiles()).toBe(before + 1);
    const expiry = await h.db.selectFrom('stored_file').select('expires_at').where('id', '=', dry.errorFileId!).executeTakeFirstOrThrow();
    expect(expiry.expires_at).not.toBeNull();
  });

  it('a failure in the middle of the apply leaves nothing written, and the kept copy stays for another try', async () => {
    const { id, program, template } = await programWithTemplate(2035);
    const owner = actors.officer!.userId;
    const ctx = { program, actorId: owner };
    const bytes = await template([{ lineNo: 1, budgetTyiyn: 2_500_000_00 }, { lineNo: 2, budgetTyiyn: 1_000_000_00 }, { lineNo: 3, budgetTyiyn: 1_000_000_00 }]);
    const dry = await runImport(h.db, programLineImport, ctx, { owner, upload: { name: 'lines.xlsx', data: bytes }, apply: false });
    if (!dry.ok || dry.step !== 'dry-run') throw new Error('expected a dry run');
    const audits = async () => (await h.db.selectFrom('audit_log').select('id').where('entity_id', '=', id).execute()).length;
    const auditsBefore = await audits();
    const failing: typeof programLineImport = {
      ...programLineImport,
      async apply(trx, c, plan) {
        await programLineImport.apply(trx, c, plan); // every line written…
        throw new Error('disk full'); // …then the process fails
      },
    };
    await expect(runImport(h.db, failing, ctx, { owner, fileId: dry.fileId, apply: true })).rejects.toThrow('disk full');
    const lines = await listProgramLines(h.db, id);
    expect(lines.map((l) => [l.lineNo, l.budgetTyiyn])).toEqual([[1, 2_000_000_00]]);
    expect(await audits()).toBe(auditsBefore);
    expect(await databaseStorage(h.db).get(dry.fileId!, { owner, kind: 'dry_run' })).not.toBeNull();
    expect(await runImport(h.db, programLineImport, ctx, { owner, fileId: dry.fileId, apply: true })).toMatchObject({ ok: true, step: 'applied', done: { added: 2, changed: 1 } });
  });
});
