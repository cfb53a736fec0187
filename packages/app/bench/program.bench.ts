import { performance } from 'node:perf_hooks';
import { programTotals, diffVersions } from '@kamkor/domain';
import { readProgramTemplate, writeProgramTemplate, writeProgramWorkbook } from '@kamkor/excel';
import { applyLineImport, createProgram, findActor, listProgramLines, saveProgramIndicator } from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { planLineImport } from '../src/program-line-import.ts';

const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;

/** A 500-line program: template import (dry run, apply, idempotent re-run), totals, export. */
export default async function programBench() {
  const n = 500;
  for (const engine of testEngines) {
    const h = await createTestDatabase(engine, { demo: true });
    const officer = await h.db.selectFrom('app_user').select('id').where('email', '=', 'officer@kamkor.kg').executeTakeFirstOrThrow();
    const ministry = await h.db.selectFrom('organisation').select('id').where('kind', '=', 'ministry').executeTakeFirstOrThrow();
    const actor = (await findActor(h.db, officer.id))!;
    const { id } = await createProgram(h.db, actor, { customerId: ministry.id, title: 'Bench', yearFrom: 2030, yearTo: 2030, fundingSource: 'republican', ceiling: 10 ** 13 });
    await saveProgramIndicator(h.db, actor, id, null, { code: 'IND-01', name_ky: 'a', name_ru: 'a', name_en: 'a', unit: 'x', target: 1 });
    const units = (await h.db.selectFrom('admin_unit').select('soate').where('level', 'in', ['rayon', 'aiyl_aimak']).where('valid_to', 'is', null).execute()).map((u) => u.soate);
    const services = [['PA-02', 'SRV-01'], ['PA-03', 'SRV-07'], ['PA-04', 'SRV-09'], ['PA-01', 'SRV-14'], ['PA-05', 'SRV-19']] as const;
    const lines = Array.from({ length: n }, (_, i) => ({
      id: `x${i}`,
      lineNo: i + 1,
      priorityAreaCode: services[i % 5]![0],
      serviceCode: services[i % 5]![1],
      targetGroupCodes: ['TG-01', 'TG-04'],
      territorySoates: [units[i % units.length]!],
      plannedBeneficiaries: 10 + (i % 90),
      budgetTyiyn: (100_000 + i * 1000) * 100,
      periodStart: '2030-01-01',
      periodEnd: '2030-12-31',
      expectedResults: `Line ${i + 1}`,
      indicatorIds: [],
      indicatorCodes: ['IND-01'],
    }));
    const t = (k: string) => k;
    let t0 = performance.now();
    const template = await writeProgramTemplate({ programId: id, versionNo: 1, title: 'Bench', lines, lists: { areas: [], services: [], targetGroups: [], territories: [], indicators: [] } }, t);
    const tWrite = ms(t0);
    t0 = performance.now();
    const read = await readProgramTemplate(template, { programId: id });
    const tRead = ms(t0);
    if (!read.ok) throw new Error(read.messageKey);
    t0 = performance.now();
    const plan = await planLineImport(h.db, id, read.lines);
    const tPlan = ms(t0);
    t0 = performance.now();
    await h.db.transaction().execute((trx) => applyLineImport(trx, officer.id, id, plan));
    const tApply = ms(t0);
    t0 = performance.now();
    const again = await planLineImport(h.db, id, read.lines);
    const tAgain = ms(t0);
    t0 = performance.now();
    const live = await listProgramLines(h.db, id);
    const totals = programTotals(live);
    diffVersions(live, live);
    const tTotals = ms(t0);
    t0 = performance.now();
    await writeProgramWorkbook(
      {
        title: 'Bench',
        facts: [],
        lines: live.map((l) => ({ ...l, areaCode: l.priorityAreaCode, area: l.priorityAreaCode, service: l.serviceCode, targetGroups: '', territories: '', expectedResults: '', indicators: '' })),
        totals: [{ title: 'area', rows: totals.byArea.map((r) => ({ ...r, label: r.key })) }],
      },
      t,
    );
    const tExport = ms(t0);
    console.log(
      `${engine.padEnd(8)} ${n} lines: template write ${tWrite}, read ${tRead} (${template.byteLength} bytes); dry run ${tPlan} ` +
        `(${plan.add.length} to add); apply ${tApply}; re-import dry run ${tAgain} (${again.leave} left, ${again.add.length + again.change.length} changes); ` +
        `load lines + totals + diff ${tTotals}; official xlsx ${tExport}`,
    );
    await h.close();
  }
}
