import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ministryDecisionSchema, type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { listAuditLog } from './audit.ts';
import { findActor } from './people.ts';
import { closeDecisionFollowUp, listDecisionBases, listProjectDecisions, recordDecision } from './monitoring-decisions.ts';
import { loadMonitoringBoard } from './monitoring.ts';
import { loadAnnualReport } from './monitoring-annual-report.ts';

const today = '2026-11-29';

describe.each(testEngines)('ministry decisions on a project (%s)', (engine) => {
  let h: DatabaseHandle;
  let projectId: string;
  let otherProjectId: string;
  const actors: Record<string, Actor> = {};
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'naryn', 'osh', 'ngo', 'ngo2', 'analyst', 'commission', 'admin']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
    projectId = (await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-001').executeTakeFirstOrThrow()).id;
    otherProjectId = (await h.db.selectFrom('project').select('id').where('code', '!=', 'SSO-2025-001').orderBy('code').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => h?.close());

  it('seeds the demo decision (adjust, on the overdue recommendation) and shows it overdue on the board', async () => {
    const list = await listProjectDecisions(h.db, actors.officer!, projectId, today);
    expect(list.canRecord).toBe(true);
    expect(list.decisions).toHaveLength(1);
    expect(list.decisions[0]).toMatchObject({ kind: 'adjust', decidedOn: '2026-07-15', followUpDue: '2026-09-30', status: 'open', visitNo: 1, overdue: true, canClose: true });
    const board = await loadMonitoringBoard(h.db, actors.naryn!, { year: 2026, today });
    expect(board.overdueDecisions.map((d) => [d.project_code, d.kind])).toEqual([['SSO-2025-001', 'adjust']]);
    expect((await loadMonitoringBoard(h.db, actors.osh!, { year: 2026, today })).overdueDecisions).toEqual([]);
  });

  it('records a decision on a recommendation of the project (audited), and refuses bases of another project', async () => {
    const bases = await listDecisionBases(h.db, actors.officer!, projectId);
    const rec = bases.recommendations[0]!;
    const input = ministryDecisionSchema.parse({ kind: 'suspend', basis: 'Basis', recommendationId: rec.id, decidedOn: '20.11.2026', followUpDue: '10.12.2026' });
    const id = await recordDecision(h.db, actors.officer!, projectId, input);
    const list = await listProjectDecisions(h.db, actors.naryn!, projectId, today);
    expect(list.canRecord).toBe(false);
    expect(list.decisions[0]).toMatchObject({ id, kind: 'suspend', basis: 'Basis', visitNo: rec.visitNo, recommendation: rec.recommendation, overdue: false, canClose: false });
    const audit = await listAuditLog(h.db, { entity: 'monitoring_decision', entityId: id });
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(audit[0]!.after).toMatchObject({ kind: 'suspend', basis: 'Basis', recommendationId: rec.id });

    // A recommendation or visit of another project (or not an id) is a field error, nothing written.
    const count = async () => (await h.db.selectFrom('monitoring_decision').select(h.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = Number(await count());
    await expect(recordDecision(h.db, actors.officer!, otherProjectId, input)).rejects.toMatchObject({ code: 'INVALID', messageKey: 'monitoring:decisions.errors.recommendation' });
    await expect(recordDecision(h.db, actors.officer!, projectId, { ...input, recommendationId: null, visitId: 'nope' })).rejects.toMatchObject({
      messageKey: 'monitoring:decisions.errors.visit',
    });
    expect(Number(await count())).toBe(before);

    // Admins may record too; the follow-up closes once and is audited.
    const adminId = await recordDecision(h.db, actors.admin!, projectId, { ...input, kind: 'change_program', recommendationId: null, followUpDue: '2026-01-31', decidedOn: '2026-01-10' });
    expect((await loadMonitoringBoard(h.db, actors.officer!, { year: 2026, today })).overdueDecisions.map((d) => d.id)).toContain(adminId);
    await expect(closeDecisionFollowUp(h.db, actors.ngo!, projectId, adminId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await closeDecisionFollowUp(h.db, actors.officer!, projectId, adminId);
    await expect(closeDecisionFollowUp(h.db, actors.officer!, projectId, adminId)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await loadMonitoringBoard(h.db, actors.officer!, { year: 2026, today })).overdueDecisions.map((d) => d.id)).not.toContain(adminId);
    expect((await listAuditLog(h.db, { entity: 'monitoring_decision', entityId: adminId })).map((a) => a.action).sort()).toEqual(['create', 'follow_up']);
  });

  it('shows the NGO the decisions about its own project only, and lets only the ministry record them', async () => {
    const ngo = await listProjectDecisions(h.db, actors.ngo!, projectId, today);
    expect(ngo.canRecord).toBe(false);
    expect(ngo.decisions.length).toBeGreaterThanOrEqual(1);
    expect(ngo.decisions.every((d) => !d.canClose)).toBe(true);
    for (const who of ['ngo2', 'osh', 'analyst', 'commission']) {
      await expect(listProjectDecisions(h.db, actors[who]!, projectId, today)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    }
    const input = ministryDecisionSchema.parse({ kind: 'terminate', basis: 'B', decidedOn: '20.11.2026' });
    for (const who of ['ngo', 'ngo2', 'naryn', 'osh', 'analyst', 'commission']) {
      await expect(recordDecision(h.db, actors[who]!, projectId, input)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
      await expect(listDecisionBases(h.db, actors[who]!, projectId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    }
    await expect(listProjectDecisions(h.db, actors.officer!, 'not-a-project', today)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });

  it('lists the year’s decisions in the annual M&E report', async () => {
    const program = await h.db.selectFrom('program').select('id').where('year_from', '=', 2026).orderBy('title').execute();
    const reports = await Promise.all(program.map((p) => loadAnnualReport(h.db, actors.officer!, p.id, 2026, today)));
    const withDecisions = reports.find((r) => r.projects.some((p) => p.code === 'SSO-2025-001'));
    expect(withDecisions?.decisions?.map((d) => d.kind)).toEqual(expect.arrayContaining(['adjust', 'suspend', 'change_program']));
    expect(withDecisions?.decisions?.find((d) => d.kind === 'adjust')).toMatchObject({ projectCode: 'SSO-2025-001', decidedOn: '2026-07-15', followUpDue: '2026-09-30', overdue: true });
  });
});
