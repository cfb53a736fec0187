/**
 * The lying zip bomb of issue 8 sent to every import: a 300 KB workbook whose central directory
 * declares 1 KiB for a sheet that inflates to 300 MiB. For each import: the time until it is refused
 * and the memory it cost (peak resident memory above the level before the call). Goal: under 50 MB
 * and under 1 s each. Prints numbers; asserts nothing (the refusal itself is tested in
 * src/zip-bomb.test.ts).
 */
import { findActor, getReportByPeriod } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { lyingZipBomb } from '@kamkor/excel/test-zip';
import { checkClassifierImport, checkProgramLineImport, checkTallyImport, importBulkSheet, importReportUpload, writeTranslatedErrorCopy } from '../src/index.ts';

function probe() {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const t0 = performance.now();
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { ms: Math.round(performance.now() - t0), mb: Math.round(((peak - before) / 1048576) * 10) / 10 };
  };
}

export default async function zipBombBench() {
  const bomb = lyingZipBomb(300);
  console.log(`lying bomb: ${(bomb.byteLength / 1024).toFixed(0)} KB on disk, declares 1 KiB, inflates to 300 MiB`);
  for (const engine of testEngines) {
    const h = await createTestDatabase(engine, { demo: true });
    try {
      const actor = async (email: string) => (await findActor(h.db, (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id))!;
      const ngo = await actor('ngo@kamkor.kg');
      const officer = await actor('officer@kamkor.kg');
      const project = await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-002').executeTakeFirstOrThrow();
      const report = await getReportByPeriod(h.db, project.id, '2026-Q4');
      const draft = await h.db.selectFrom('program').select(['id', 'status', 'version_no']).where('status', '=', 'draft').orderBy('created_at').executeTakeFirstOrThrow();
      const meeting = await h.db.selectFrom('assessment_meeting').select(['id', 'assessment_id']).where('kind', '=', 'village').executeTakeFirstOrThrow();
      const words = { yesWords: ['Yes'], noWords: ['No'] };
      const imports: [string, () => Promise<unknown>][] = [
        ['report upload, dry run', () => importReportUpload(h.db, ngo, report.id, bomb, { dryRun: true, ...words })],
        ['report upload, apply', () => importReportUpload(h.db, ngo, report.id, bomb, { dryRun: false, ...words })],
        ['bulk import, dry run', () => importBulkSheet(h.db, officer, bomb, { dryRun: true })],
        ['bulk import, apply', () => importBulkSheet(h.db, officer, bomb, { dryRun: false })],
        ['program line import (dry run / apply)', () => checkProgramLineImport(h.db, draft, bomb)],
        ['tally import (dry run / apply)', () => checkTallyImport(h.db, meeting.assessment_id, meeting.id, bomb)],
        ['classifier import (dry run / apply)', () => checkClassifierImport(h.db, bomb)],
        ['error copy', () => writeTranslatedErrorCopy(bomb, [], (e) => e.messageKey).catch((e: Error) => ({ messageKey: e.message }))],
      ];
      console.log(`\nlying zip bomb, ${engine}:`);
      for (const [name, run] of imports) {
        const stop = probe();
        const out = (await run()) as { messageKey?: string };
        const r = stop();
        const goal = r.mb < 50 && r.ms < 1000 ? 'ok' : 'OVER GOAL';
        console.log(`  ${name.padEnd(40)} ${String(r.ms).padStart(5)} ms  ${String(r.mb).padStart(6)} MB extra  ${goal}  (${out.messageKey ?? 'accepted?!'})`);
      }
    } finally {
      await h.close();
    }
  }
}
