import { performance } from 'node:perf_hooks';
import { rankProblems, type Tally } from '@kamkor/domain';
import { listAssessments, loadAssessmentReport, listServicePlans } from '../src/index.ts';
import { createTestDatabase, testEngines } from '../src/testing.ts';

/** Ranking a large aiyl aimak in memory, and loading a whole assessment (every page, report, poster, xlsx) from the database. */
export default async function assessmentBench() {
  // 40 villages × 30 problems, votes 0..200 — far larger than any real aiyl aimak.
  const problems = Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, number: i + 1 }));
  const tallies: Tally[] = [];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let m = 0; m < 40; m++) for (const p of problems) tallies.push({ meetingId: `m${m}`, problemId: p.id, votes: Math.floor(rnd() * 200) });
  const n = 2000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) rankProblems(problems, tallies, i % 2 ? { method: 'votes' } : { method: 'points', points: [3, 2, 1] });
  console.log(`rankProblems, 40 villages × 30 problems (1 200 tallies): ${((performance.now() - t0) / n).toFixed(3)} ms per ranking`);

  for (const engine of testEngines) {
    const h = await createTestDatabase(engine, { demo: true });
    const [a] = (await listAssessments(h.db)).filter((x) => x.municipality_name_en.startsWith('Aleksandrovka'));
    const runs = 100;
    const t1 = performance.now();
    for (let i = 0; i < runs; i++) await loadAssessmentReport(h.db, a!.id);
    const report = (performance.now() - t1) / runs;
    const t2 = performance.now();
    for (let i = 0; i < runs; i++) await listServicePlans(h.db);
    const plans = (performance.now() - t2) / runs;
    console.log(`${engine.padEnd(8)} loadAssessmentReport (seeded Aleksandrovka): ${report.toFixed(2)} ms; listServicePlans with totals: ${plans.toFixed(2)} ms`);
    await h.close();
  }
}
