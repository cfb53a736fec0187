import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResponseRows, type Actor, type Questionnaire } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import { getQuestionnaireVersion, importResponses, listResponses, loadFieldForm, saveResponse, summariseResponses } from './monitoring-responses.ts';
import { saveQuestionnaireVersion } from './monitoring-questionnaires.ts';

describe.each(testEngines)('questionnaire responses (%s)', (engine) => {
  let h: DatabaseHandle;
  let projectId: string;
  let soate: string;
  const actors: Record<string, Actor> = {};
  const count = async () => Number((await h.db.selectFrom('monitoring_response').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'naryn', 'osh', 'ngo', 'analyst', 'admin']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
    projectId = (await h.db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-001').executeTakeFirstOrThrow()).id;
    soate = (await h.db.selectFrom('project_territory').select('admin_unit_soate').where('project_id', '=', projectId).executeTakeFirstOrThrow()).admin_unit_soate;
  });
  afterAll(() => h?.close());

  const input = (over: Partial<Parameters<typeof saveResponse>[2]> = {}) => ({
    clientId: randomUUID(),
    formId: 'beneficiary_2026',
    versionNo: 1,
    projectId,
    adminUnitSoate: soate,
    answers: { sex: 'f', age: '41', received: 'yes', satisfaction: '4' },
    language: 'ky' as const,
    ...over,
  });

  it('keeps the seeded 30 responses and offers the form only to the project’s monitoring officers', async () => {
    const form = await loadFieldForm(h.db, actors.naryn!, 'beneficiary_2026');
    expect(form.projects.map((p) => p.code)).toContain('SSO-2025-001');
    for (const who of ['osh', 'ngo', 'analyst']) {
      const denied = await loadFieldForm(h.db, actors[who]!, 'beneficiary_2026').then(
        (f) => f.projects.some((p) => p.id === projectId),
        () => false,
      );
      expect(denied, who).toBe(false);
    }
    const all = await listResponses(h.db, actors.naryn!, { formId: 'beneficiary_2026' });
    expect(all.rows.length).toBe(30);
    expect(new Set(all.rows.map((r) => r.language))).toEqual(new Set(['ky', 'ru']));
  });

  it('saves a response once however often the phone resends it', async () => {
    const before = await count();
    const one = input();
    expect(await saveResponse(h.db, actors.naryn!, one)).toEqual({ status: 'saved' });
    expect(await saveResponse(h.db, actors.naryn!, one)).toEqual({ status: 'already' });
    await Promise.all([saveResponse(h.db, actors.naryn!, one), saveResponse(h.db, actors.naryn!, one)]);
    expect(await count()).toBe(before + 1);
    const row = await h.db.selectFrom('monitoring_response').selectAll().where('client_id', '=', one.clientId).executeTakeFirstOrThrow();
    expect([row.respondent_sex, row.respondent_age_group, row.answers]).toEqual(['f', '30_59', { sex: 'f', age: 41, received: 'yes', satisfaction: '4' }]);
  });

  it('refuses invalid answers, another territory, and denies those who do not monitor the project', async () => {
    const bad = await saveResponse(h.db, actors.naryn!, input({ answers: { sex: 'x', received: 'yes' } }));
    expect(bad.status).toBe('invalid');
    expect(await saveResponse(h.db, actors.naryn!, input({ adminUnitSoate: '41706000000000' }))).toMatchObject({ status: 'invalid' });
    for (const who of ['osh', 'ngo', 'analyst', 'admin']) await expect(saveResponse(h.db, actors[who]!, input()), who).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });

  it('reports a conflict, writing nothing, when the version changed or the visit was closed', async () => {
    const before = await count();
    expect(await saveResponse(h.db, actors.naryn!, input({ visitNo: 1 }))).toEqual({ status: 'conflict', conflict: 'visit_closed' });
    const v1 = await getQuestionnaireVersion(h.db, 'beneficiary_2026', 1);
    // A questionnaire of its own, so the demo form keeps version 1 for the other tests.
    const def: Questionnaire = { ...v1!.definition, formId: 'conflict_form' };
    await saveQuestionnaireVersion(h.db, actors.naryn!, { questionnaire: def, issues: [], fileName: null });
    await saveQuestionnaireVersion(h.db, actors.naryn!, { questionnaire: def, issues: [], fileName: null });
    expect(await saveResponse(h.db, actors.naryn!, input({ formId: 'conflict_form', versionNo: 1 }))).toEqual({ status: 'conflict', conflict: 'version_changed', latestVersion: 2 });
    expect(await count()).toBe(before);
    expect(await saveResponse(h.db, actors.naryn!, input({ formId: 'conflict_form', versionNo: 2 }))).toEqual({ status: 'saved' });
  });

  it('keeps respondent names for the territory’s officers only, when the questionnaire asks them', async () => {
    const v1 = await getQuestionnaireVersion(h.db, 'beneficiary_2026', 1);
    const named: Questionnaire = {
      ...v1!.definition,
      formId: 'named_form',
      questions: [{ type: 'text', name: 'respondent_name', listName: null, label: { ky: 'Аты-жөнү', ru: 'ФИО' }, hint: {}, required: true }, ...v1!.definition.questions],
    };
    await saveQuestionnaireVersion(h.db, actors.officer!, { questionnaire: named, issues: [], fileName: null });
    expect(await saveResponse(h.db, actors.officer!, input({ formId: 'named_form', answers: { respondent_name: 'Асанова Айгүл', sex: 'f', age: 30, received: 'no' } }))).toEqual({ status: 'saved' });
    // The demo form does not ask names: a name sent anyway is not kept.
    const unnamed = input({ respondentName: 'Токтогулов Бакыт' });
    await saveResponse(h.db, actors.naryn!, unnamed);
    expect((await h.db.selectFrom('monitoring_response').select('respondent_name').where('client_id', '=', unnamed.clientId).executeTakeFirstOrThrow()).respondent_name).toBeNull();

    const naryn = await listResponses(h.db, actors.naryn!, { formId: 'named_form' });
    expect(naryn.namesAsked).toBe(true);
    expect(naryn.rows.map((r) => r.respondent_name)).toEqual(['Асанова Айгүл']);
    // The name is not among the answers, which every reader of the responses sees.
    expect(JSON.stringify(naryn.rows[0]!.answers)).not.toContain('Асанова');
    for (const who of ['officer', 'admin']) {
      const other = await listResponses(h.db, actors[who]!, { formId: 'named_form' });
      expect(other.rows.length, who).toBe(1);
      expect(other.rows[0]!.respondent_name, who).toBeNull();
    }
    const osh = await listResponses(h.db, actors.osh!, { formId: 'named_form' });
    expect(osh.rows).toEqual([]);
    await expect(listResponses(h.db, actors.ngo!, { formId: 'named_form' })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });

  it('imports rows idempotently by respondent id; the dry run writes nothing', async () => {
    const v1 = await getQuestionnaireVersion(h.db, 'beneficiary_2026', 1);
    const read = readResponseRows(v1!.definition, 'Лист1', ['Respondent ID', 'Жынысыңыз', 'Ваш возраст', 'received', 'Насколько вы довольны услугой?'], [
      { rowNumber: 2, cells: ['R-001', 'Аял', 34, 'Да', 5] },
      { rowNumber: 3, cells: ['R-002', 'm', '61', 'Жок', null] },
    ]);
    expect(read.errors).toEqual([]);
    const before = await count();
    const args = { formId: 'beneficiary_2026', versionNo: 1, projectId, language: 'ru' as const, rows: read.responses };
    expect(await importResponses(h.db, actors.naryn!, { ...args, dryRun: true })).toMatchObject({ added: 2, already: 0 });
    expect(await count()).toBe(before);
    expect(await importResponses(h.db, actors.naryn!, { ...args, dryRun: false })).toMatchObject({ added: 2, already: 0 });
    expect(await importResponses(h.db, actors.naryn!, { ...args, dryRun: true })).toMatchObject({ added: 0, already: 2 });
    expect(await importResponses(h.db, actors.naryn!, { ...args, dryRun: false })).toMatchObject({ added: 0, already: 2 });
    expect(await count()).toBe(before + 2);
    await expect(importResponses(h.db, actors.osh!, { ...args, dryRun: true })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });

  it('summarises by sex with counts, percentages, mean and median, within the actor’s projects', async () => {
    const s = await summariseResponses(h.db, actors.naryn!, { formId: 'beneficiary_2026', by: 'sex' });
    const received = s.questions.find((x) => x.name === 'received')!;
    expect(received.answered).toBe(s.responses);
    expect(received.choices.reduce((sum, c) => sum + c.count, 0)).toBe(received.answered);
    expect(s.groups.map((g) => g.key)).toEqual(['f', 'm']);
    expect(s.groups.reduce((sum, g) => sum + g.responses, 0)).toBe(s.responses);
    const age = s.questions.find((x) => x.name === 'age')!;
    expect(age.mean).not.toBeNull();
    expect(age.median).not.toBeNull();
    const women = await summariseResponses(h.db, actors.naryn!, { formId: 'beneficiary_2026', sex: 'f' });
    expect(women.responses).toBe(s.groups[0]!.responses);
    const osh = await summariseResponses(h.db, actors.osh!, { formId: 'beneficiary_2026' });
    expect(osh.responses).toBe(0);
    await expect(summariseResponses(h.db, actors.ngo!, { formId: 'beneficiary_2026' })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });
});
