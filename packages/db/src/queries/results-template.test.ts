import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import { copyFrameworkFrom, listFramework, listIndicators } from './results-framework.ts';
import { createProject } from './results-projects.ts';

describe.each(testEngines)('framework templates (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'ngo2']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
  });
  afterAll(() => h?.close());

  it('starts a new contract’s framework from another project: the tree and passports, not its numbers', async () => {
    const source = await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-001').executeTakeFirstOrThrow();
    const orgs = await h.db.selectFrom('organisation').select(['id', 'name_en']).execute();
    const id = await createProject(h.db, actors.officer!, {
      code: 'SSO-2027-050', name_ky: 'Жаңы долбоор', name_ru: 'Новый проект', name_en: 'New project',
      contractorId: orgs.find((o) => o.name_en.startsWith('Umut'))!.id, customerId: orgs.find((o) => o.name_en.startsWith('Ministry'))!.id,
      amount: 10_000_000, startDate: '2027-01-01', endDate: '2027-12-31', frequency: 'quarterly', territories: ['41704245000000'], signed: false,
    });
    // Another NGO cannot use this project, nor copy into it.
    await expect(copyFrameworkFrom(h.db, actors.ngo2!, id, source.id)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    const copied = await copyFrameworkFrom(h.db, actors.officer!, id, source.id);
    const from = await listFramework(h.db, source.id);
    const to = await listFramework(h.db, id);
    expect(copied.nodes).toBe(from.length);
    expect(to.map((n) => [n.number, n.level, n.name_ru])).toEqual(from.map((n) => [n.number, n.level, n.name_ru]));
    const indicators = await listIndicators(h.db, { projectId: id });
    expect(indicators.map((i) => i.code).sort()).toEqual((await listIndicators(h.db, { projectId: source.id })).map((i) => i.code).sort());
    expect(indicators.every((i) => i.lopTarget == null)).toBe(true);
    // A second copy would mix two frameworks: refused.
    await expect(copyFrameworkFrom(h.db, actors.officer!, id, source.id)).rejects.toMatchObject({ messageKey: 'results:template.notEmpty' });
  });
});
