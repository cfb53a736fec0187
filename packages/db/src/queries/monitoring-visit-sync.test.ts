import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate, type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import { addChecklistTemplateVersion, currentChecklistTemplate } from './monitoring.ts';
import { syncVisitRecord, VisitSyncConflict } from './monitoring-visit-sync.ts';

describe.each(testEngines)('visit checklist saved from a phone (%s)', (engine) => {
  let h: DatabaseHandle;
  let projectId: string;
  const actors: Record<string, Actor> = {};
  const syncs = async () => Number((await h.db.selectFrom('monitoring_visit_sync').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const visit = (no: number) => h.db.selectFrom('monitoring_visit').selectAll().where('project_id', '=', projectId).where('visit_no', '=', no).executeTakeFirstOrThrow();
  const audits = async (id: string) => Number((await h.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_id', '=', id).executeTakeFirstOrThrow()).n);
  const run = (actor: Actor, input: Parameters<typeof syncVisitRecord>[2]) => h.db.transaction().execute((trx) => syncVisitRecord(trx, actor, input));
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['naryn', 'osh', 'ngo', 'admin']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
    projectId = (await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-001').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => h?.close());

  const fields = { visitDate: '10.12.2026', participants: 'Асель Токтогулова, директор; Бакыт Жумабаев', summary: 'Кызматтар келишим боюнча көрсөтүлүүдө.', 'item.services_as_contracted': 'yes', 'note.services_as_contracted': 'журнал бар', 'item.premises_accessible': 'no' };

  it('applies a save once however often the phone resends it', async () => {
    const version = (await currentChecklistTemplate(h.db)).version;
    const one = { clientId: randomUUID(), projectId, visitNo: 2, templateVersion: version, fields };
    const before = await syncs();
    const v0 = await visit(2);
    expect(v0.status).toBe('planned');
    expect(await run(actors.naryn!, one)).toEqual({ status: 'saved' });
    expect(await run(actors.naryn!, one)).toEqual({ status: 'already' });
    await Promise.all([run(actors.naryn!, one), run(actors.naryn!, one)]);
    expect(await syncs()).toBe(before + 1);
    const v = await visit(2);
    expect(v.status).toBe('draft');
    expect(formatDate(v.visit_date)).toBe('10.12.2026');
    expect(v.participants).toBe(fields.participants);
    expect(v.answers).toMatchObject({ services_as_contracted: { answer: 'yes', note: 'журнал бар' }, premises_accessible: { answer: 'no' } });
    expect(await audits(v.id)).toBe(1);
  });

  it('writes nothing and answers a conflict when the visit was finalised meanwhile', async () => {
    const final = await visit(1);
    expect(final.status).toBe('final');
    const before = { syncs: await syncs(), audits: await audits(final.id) };
    const version = (await currentChecklistTemplate(h.db)).version;
    const res = await run(actors.naryn!, { clientId: randomUUID(), projectId, visitNo: 1, templateVersion: version, fields });
    expect(res).toEqual({ status: 'conflict', conflict: 'visit_closed' });
    const after = await visit(1);
    expect(after.participants).toBe(final.participants);
    expect(after.answers).toEqual(final.answers);
    expect(await syncs()).toBe(before.syncs);
    expect(await audits(final.id)).toBe(before.audits);
  });

  it('answers a conflict when the checklist version shown is not the visit’s', async () => {
    const v = await visit(2);
    const before = await syncs();
    await addChecklistTemplateVersion(h.db, actors.admin!, [{ key: 'services_as_contracted', ky: 'Кызматтар келишим боюнча', ru: 'Услуги по договору', en: 'Services as contracted' }]);
    // Visit 2 keeps the version it was first recorded on; a phone showing another version is a conflict.
    const newest = (await currentChecklistTemplate(h.db)).version;
    expect(await run(actors.naryn!, { clientId: randomUUID(), projectId, visitNo: 2, templateVersion: newest, fields })).toEqual({ status: 'conflict', conflict: 'version_changed' });
    expect((await visit(2)).answers).toEqual(v.answers);
    expect(await syncs()).toBe(before);
  });

  it('returns the typed fields with messages when they are invalid, and writes nothing', async () => {
    const v = await visit(2);
    const version = (await h.db.selectFrom('monitoring_checklist_template').select('version').where('id', '=', v.template_id!).executeTakeFirstOrThrow()).version;
    const res = await run(actors.naryn!, { clientId: randomUUID(), projectId, visitNo: 2, templateVersion: version, fields: { ...fields, visitDate: '31.02.2026', participants: '', 'item.premises_accessible': 'maybe' } });
    expect(res.status).toBe('invalid');
    expect(Object.keys((res as { errors: Record<string, string> }).errors).sort()).toEqual(['item.premises_accessible', 'participants', 'visitDate']);
    expect((await visit(2)).participants).toBe(v.participants);
  });

  it('is a 404 for those who may not record the visit (another territory, the NGO, admins)', async () => {
    for (const who of ['osh', 'ngo', 'admin']) {
      await expect(run(actors[who]!, { clientId: randomUUID(), projectId, visitNo: 2, templateVersion: 1, fields }), who).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(run(actors[who]!, { clientId: randomUUID(), projectId, visitNo: 1, templateVersion: 1, fields }), who).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(VisitSyncConflict).toBeDefined();
  });
});
