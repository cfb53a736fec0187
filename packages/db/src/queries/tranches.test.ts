import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { listAuditLog } from './audit.ts';
import { findActor } from './people.ts';
import { addTranche, listTranches, releaseTranche } from './tranches.ts';

describe.each(testEngines)('tranches fed by approved values (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'ngo', 'ngo2']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
  });
  afterAll(() => h?.close());

  it('releases a tranche only when approved values meet its condition', async () => {
    const project = await h.db.selectFrom('project').select(['id', 'amount_tyiyn']).where('code', '=', 'SSO-2025-001').executeTakeFirstOrThrow();
    // An indicator of this project with an approved, increasing, per-period number total.
    const approved = await h.db
      .selectFrom('report_value')
      .innerJoin('report', 'report.id', 'report_value.report_id')
      .innerJoin('indicator', 'indicator.id', 'report_value.indicator_id')
      .select(['indicator.id'])
      .where('report.project_id', '=', project.id)
      .where('report.status', '=', 'approved')
      .where('report_value.cell_key', '=', '')
      .where('indicator.type', '=', 'number')
      .where('indicator.direction', '=', 'increase')
      .executeTakeFirstOrThrow();
    const low = await addTranche(h.db, actors.officer!, project.id, { amount: 100_000_00, plannedDate: '2026-01-15', indicatorId: approved.id, threshold: 1, note: null });
    const high = await addTranche(h.db, actors.officer!, project.id, { amount: 100_000_00, plannedDate: '2026-06-15', indicatorId: approved.id, threshold: 1e9, note: null });
    const list = await listTranches(h.db, actors.ngo!, project.id);
    expect(list.map((t) => [t.tranche_no, t.status])).toEqual([[1, 'ready'], [2, 'waiting']]);
    expect(list[0]!.approvedToDate).toBeGreaterThan(0);

    await expect(releaseTranche(h.db, actors.officer!, project.id, high)).rejects.toMatchObject({ messageKey: 'results:tranches.errors.notMet' });
    await expect(releaseTranche(h.db, actors.ngo!, project.id, low)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await releaseTranche(h.db, actors.officer!, project.id, low);
    expect((await listTranches(h.db, actors.officer!, project.id))[0]!.status).toBe('released');
    expect((await listAuditLog(h.db, { entity: 'tranche', entityId: low }))[0]).toMatchObject({ action: 'release' });
  });

  it('keeps tranches within the contract amount and away from other organisations', async () => {
    const project = await h.db.selectFrom('project').select(['id', 'amount_tyiyn']).where('code', '=', 'SSO-2025-001').executeTakeFirstOrThrow();
    await expect(addTranche(h.db, actors.officer!, project.id, { amount: project.amount_tyiyn, plannedDate: '2026-12-01', indicatorId: null, threshold: null, note: null })).rejects.toMatchObject({
      messageKey: 'results:tranches.errors.overContract',
    });
    await expect(addTranche(h.db, actors.ngo!, project.id, { amount: 100, plannedDate: '2026-12-01', indicatorId: null, threshold: null, note: null })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(listTranches(h.db, actors.ngo2!, project.id)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });
});
