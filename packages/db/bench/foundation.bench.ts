import { performance } from 'node:perf_hooks';
import { createSession, findSessionActor, verifyLogin } from '../src/index.ts';
import { createTestDatabase, testEngines } from '../src/testing.ts';

/** Start-up (migrate + reference data + demo seed) and the per-request cost of a logged-in page. */
export default async function foundationBench() {
  for (const engine of testEngines) {
    const t0 = performance.now();
    const h = await createTestDatabase(engine, { demo: true });
    const startup = performance.now() - t0;
    const user = await h.db.selectFrom('app_user').select('id').where('email', '=', 'ngo@kamkor.kg').executeTakeFirstOrThrow();
    const sid = await createSession(h.db, user.id, 'bench');
    const n = 500;
    const t1 = performance.now();
    for (let i = 0; i < n; i++) {
      await findSessionActor(h.db, sid);
    }
    const perRequest = (performance.now() - t1) / n;
    const t2 = performance.now();
    await verifyLogin(h.db, 'ngo@kamkor.kg', 'kamkor-demo-2026');
    const login = performance.now() - t2;
    console.log(
      `${engine.padEnd(8)} fresh database ready (migrations, territory, catalogue, demo seed): ${startup.toFixed(0)} ms; ` +
        `session + actor per request: ${perRequest.toFixed(2)} ms; argon2id login check: ${login.toFixed(0)} ms`,
    );
    await h.close();
  }
}
