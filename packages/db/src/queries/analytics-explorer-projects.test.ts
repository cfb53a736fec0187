import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { buildBenchDataset } from '../bench-dataset.ts';
import { findActor } from './people.ts';
import { EXPLORER_PROJECT_CHOICES, findExplorerProject, listExplorerOptions } from './analytics-explorer.ts';

// The explorer's project filter when the actor sees more projects than a list can hold.
describe.each(testEngines)('explorer project filter over many projects (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    await buildBenchDataset(h.db, { projects: EXPLORER_PROJECT_CHOICES + 20, indicators: 1, periods: 1 });
    for (const email of ['analyst', 'ngo', 'ngo2', 'commission']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
  }, 180_000);
  afterAll(() => h.close());

  it('asks for a code instead of listing, and still lists every NGO', async () => {
    const analyst = await listExplorerOptions(h.db, actors.analyst!, 'ru');
    expect(analyst.projectSearch).toBe(true);
    expect(analyst.project).toEqual([]);
    const contractors = await h.db.selectFrom('project').select('contractor_id').distinct().execute();
    expect(analyst.ngo).toHaveLength(Math.min(300, contractors.length));
    // An NGO sees its own projects (fewer than the list holds): a list, as before.
    const ngo = await listExplorerOptions(h.db, actors.ngo!, 'ru');
    expect(ngo.projectSearch).toBe(false);
    const own = await h.db.selectFrom('project').select('code').where('contractor_id', 'in', actors.ngo!.memberships.map((m) => m.organisationId)).execute();
    expect(ngo.project.map((p) => p.label).sort()).toEqual(own.map((p) => p.code).sort());
    expect(ngo.project.map((p) => p.label)).toContain('SSO-2025-001');
  });

  it('finds a typed code in the actor\'s scope only', async () => {
    const bench = await findExplorerProject(h.db, actors.analyst!, { code: ' bench-00001 ' });
    expect(bench?.code).toBe('BENCH-00001');
    expect(await findExplorerProject(h.db, actors.analyst!, { id: bench!.id })).toEqual(bench);
    const own = await findExplorerProject(h.db, actors.ngo!, { code: 'SSO-2025-001' });
    expect(own?.code).toBe('SSO-2025-001');
    // Another NGO's project, by code or id; a commission member; a malformed id: nothing.
    expect(await findExplorerProject(h.db, actors.ngo!, { code: 'BENCH-00001' })).toBeNull();
    expect(await findExplorerProject(h.db, actors.ngo2!, { id: own!.id })).toBeNull();
    expect(await findExplorerProject(h.db, actors.commission!, { code: 'SSO-2025-001' })).toBeNull();
    expect(await findExplorerProject(h.db, null, { code: 'SSO-2025-001' })).toBeNull();
    expect(await findExplorerProject(h.db, actors.analyst!, { id: "x' or 1=1" })).toBeNull();
  });
});
