import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, languages, resources, type Actor } from '@kamkor/domain';
import { findActor, getReportByPeriod, type DatabaseHandle } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { lyingZipBomb } from '@kamkor/excel/test-zip';
import { importBulkSheet } from './bulk-import.ts';
import { checkClassifierImport } from './classifier-import.ts';
import { writeTranslatedErrorCopy } from './error-copy.ts';
import { checkProgramLineImport } from './program-line-import.ts';
import { importReportUpload } from './report-upload.ts';
import { checkTallyImport } from './tally-import.ts';
import { importScoreSheet } from './score-sheet-import.ts';
import { declareConflicts } from '@kamkor/db';

/** A workbook whose central directory declares 1 KiB for a sheet that inflates to 300 MiB. */
const bomb = lyingZipBomb(300);
const refused = { ok: false, messageKey: 'excel.errors.inflatedTooLarge', params: { mb: 200 } };

describe('the lying zip bomb message', () => {
  it('is there in Kyrgyz, Russian and English', () => {
    for (const lang of languages) {
      const text = (resources[lang]!.common as { excel: { errors: Record<string, string> } }).excel.errors.inflatedTooLarge;
      expect(text, lang).toContain('{{mb}}');
    }
  });
});

describe.each(testEngines)('every import refuses the lying zip bomb with the same message (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'ngo', 'municipal', 'commission']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
  });
  afterAll(() => h.close());

  it('report upload: dry run and apply', async () => {
    const project = await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-002').executeTakeFirstOrThrow();
    const report = await getReportByPeriod(h.db, project.id, '2026-Q4');
    const words = { yesWords: ['Yes'], noWords: ['No'] };
    expect(await importReportUpload(h.db, actors.ngo!, report.id, bomb, { dryRun: true, ...words })).toEqual(refused);
    expect(await importReportUpload(h.db, actors.ngo!, report.id, bomb, { dryRun: false, ...words })).toEqual(refused);
  });

  it('bulk import: dry run and apply', async () => {
    expect(await importBulkSheet(h.db, actors.officer!, bomb, { dryRun: true })).toEqual(refused);
    expect(await importBulkSheet(h.db, actors.officer!, bomb, { dryRun: false })).toEqual(refused);
  });

  it('program line import (dry run, apply and the error copy start from the same check)', async () => {
    const draft = await h.db.selectFrom('program').select(['id', 'status', 'version_no']).where('status', '=', 'draft').orderBy('created_at').executeTakeFirstOrThrow();
    expect(await checkProgramLineImport(h.db, draft, bomb)).toEqual(refused);
  });

  it('tally import of a village meeting', async () => {
    const meeting = await h.db
      .selectFrom('assessment_meeting')
      .select(['assessment_meeting.id', 'assessment_meeting.assessment_id'])
      .where('assessment_meeting.kind', '=', 'village')
      .executeTakeFirstOrThrow();
    expect(await checkTallyImport(h.db, meeting.assessment_id, meeting.id, bomb)).toEqual(refused);
  });

  it('classifier import', async () => {
    expect(await checkClassifierImport(h.db, bomb)).toEqual(refused);
  });

  it('offline evaluation sheet of a commission member: dry run and apply', async () => {
    const competition = await h.db.selectFrom('competition').select('id').where('status', '=', 'evaluating').orderBy('created_at').executeTakeFirstOrThrow();
    await declareConflicts(h.db, actors.commission!, competition.id, []);
    expect(await importScoreSheet(h.db, actors.commission!, competition.id, bomb, { dryRun: true })).toEqual(refused);
    expect(await importScoreSheet(h.db, actors.commission!, competition.id, bomb, { dryRun: false })).toEqual(refused);
  });

  it('error copy', async () => {
    await expect(writeTranslatedErrorCopy(bomb, [{ sheet: 'Lines', cell: 'A1', messageKey: 'x' }], (e) => e.messageKey)).rejects.toSatisfy(
      (e: unknown) => e instanceof AppError && e.messageKey === refused.messageKey,
    );
  });
});
