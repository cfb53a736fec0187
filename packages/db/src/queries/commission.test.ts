import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { demoCompetitionIds } from '../seed/competition.ts';
import { listAuditLog } from './audit.ts';
import { findActor } from './people.ts';
import { addCommissionMember, getCompetitionForActor, listCommission } from './competitions.ts';
import { reviewApplication } from './competition-applications.ts';
import { declareConflicts, getProtocol, listScoreSheets, saveScores, signProtocol } from './competition-scoring.ts';
import { closeScoring, getCommissionResults, overrideAward, saveScoreSheet, setSpreadThreshold } from './commission.ts';

describe.each(testEngines)('commission roles and sealed scoring (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  const compId = demoCompetitionIds.evaluating;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'ngo', 'ngo2', 'commission', 'commission2', 'secretary', 'analyst']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
  });
  afterAll(() => h?.close());

  it('the officer sets up the commission with roles and sectors; one chair, one secretary; nobody else may', async () => {
    const seats = await listCommission(h.db, actors.officer!, compId);
    expect(seats.map((s) => [s.full_name, s.role, s.sector]).sort()).toEqual([
      ['Нурлан Сыдыков', 'chair', 'state'],
      ['Чолпон Бейшеналиева', 'member', 'civil_society'],
      ['Эркин Мамбетов', 'secretary', 'state'],
    ]);
    // The accepting competition: its commission can still change.
    const open = demoCompetitionIds.accepting;
    await addCommissionMember(h.db, actors.officer!, open, actors.commission!.userId, 'chair', 'state');
    await expect(addCommissionMember(h.db, actors.officer!, open, actors.commission2!.userId, 'chair', 'civil_society')).rejects.toMatchObject({ messageKey: 'competition:errors.seatTaken' });
    await addCommissionMember(h.db, actors.officer!, open, actors.commission2!.userId, 'member', 'civil_society');
    await expect(addCommissionMember(h.db, actors.officer!, open, actors.ngo!.userId, 'member', 'state')).rejects.toMatchObject({ messageKey: 'competition:errors.notCommissionMember' });
    for (const who of ['ngo', 'commission', 'secretary', 'analyst'])
      await expect(addCommissionMember(h.db, actors[who]!, open, actors.secretary!.userId, 'secretary', 'state')).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    // Under evaluation the commission is frozen.
    await expect(addCommissionMember(h.db, actors.officer!, compId, actors.commission2!.userId, 'chair', 'state')).rejects.toMatchObject({ messageKey: 'competition:errors.commissionFrozen' });
    const audit = await listAuditLog(h.db, { entity: 'competition', entityId: open });
    expect(audit.filter((a) => a.action === 'competition.commission.add')).toHaveLength(2);
  });

  it('eligibility is the secretary\'s; the officer and other members may not decide it', async () => {
    const app = demoCompetitionIds.admittedApplication;
    for (const who of ['officer', 'commission', 'commission2', 'ngo'])
      await expect(reviewApplication(h.db, actors[who]!, app, true, null)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    // The secretary passes the policy; the competition is past eligibility now.
    await expect(reviewApplication(h.db, actors.secretary!, app, true, null)).rejects.toMatchObject({ messageKey: 'competition:errors.eligibilityWhenClosed' });
    // The secretary does not score.
    await expect(listScoreSheets(h.db, actors.secretary!, compId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });

  it('members never see each other\'s scores before closing; the chair cannot close with sheets missing', async () => {
    const chair = actors.commission!;
    const member = actors.commission2!;
    await declareConflicts(h.db, chair, compId, []);
    // ngo-2's organisation is the member's conflict: excluded from A-P9TX without being told which.
    const ngo2Org = actors.ngo2!.memberships[0]!.organisationId;
    await declareConflicts(h.db, member, compId, [ngo2Org]);
    const chairSheets = await listScoreSheets(h.db, chair, compId);
    const memberSheets = await listScoreSheets(h.db, member, compId);
    expect(chairSheets.sheets.map((s) => s.code)).toEqual(['A-4MHR', 'A-P9TX']);
    expect(memberSheets.sheets.map((s) => s.code)).toEqual(['A-4MHR']);
    const pts = (v: number) => Object.fromEntries(chairSheets.criteria.map((k) => [k.id, v]));
    const m4 = chairSheets.sheets.find((s) => s.code === 'A-4MHR')!.id;
    const p9 = chairSheets.sheets.find((s) => s.code === 'A-P9TX')!.id;
    await saveScores(h.db, chair, compId, m4, pts(9), 'Сильный проект');
    // The member's own sheet stays empty: the chair's points are not theirs to see.
    const seen = await listScoreSheets(h.db, member, compId);
    expect(seen.sheets[0]!.points).toEqual({});
    expect(JSON.stringify(seen)).not.toContain('Сильный проект');
    // Nobody reads the results while scoring is open, only what is missing (organisers: by whom, counts only).
    const sealed = await getCommissionResults(h.db, member, compId);
    expect(sealed.sealed).toBe(true);
    expect(sealed.rows).toEqual([]);
    expect(sealed.scores).toEqual([]);
    expect(sealed.missing).toEqual([]);
    const progress = await getCommissionResults(h.db, chair, compId);
    expect(progress.missing.map((m) => [m.fullName, m.count])).toEqual([
      ['Нурлан Сыдыков', 1],
      ['Чолпон Бейшеналиева', 1],
    ]);
    for (const who of ['officer', 'ngo', 'analyst']) await expect(getCommissionResults(h.db, actors[who]!, compId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });

    // Only the chair closes, and only with every sheet in: the refusal lists what is missing.
    for (const who of ['commission2', 'secretary', 'officer']) await expect(closeScoring(h.db, actors[who]!, compId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(closeScoring(h.db, chair, compId)).rejects.toMatchObject({
      messageKey: 'competition:errors.sheetsMissingList',
      params: { list: 'Нурлан Сыдыков (1); Чолпон Бейшеналиева (1)', missing: 2 },
    });
    await saveScores(h.db, chair, compId, p9, pts(6), null);
    await saveScores(h.db, member, compId, m4, pts(4), null);
    // The member is excluded from A-P9TX: saving a sheet there is a 404, and it is not missing.
    await expect(saveScores(h.db, member, compId, p9, pts(5), null)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await setSpreadThreshold(h.db, actors.officer!, compId, 30);
    await closeScoring(h.db, chair, compId);
    // Closed: sheets are frozen.
    await expect(saveScores(h.db, chair, compId, m4, pts(1), null)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(setSpreadThreshold(h.db, actors.officer!, compId, 10)).rejects.toMatchObject({ messageKey: 'competition:errors.scoringClosed' });

    // Results, by code: A-4MHR 90 and 40 → 65, spread 50 > 30 flagged; A-P9TX 60 (chair only).
    const results = await getCommissionResults(h.db, member, compId);
    expect(results.sealed).toBe(false);
    expect(results.rows.map((r) => [r.code, r.total, r.rank, r.reviewers, r.spread, r.disagreement, r.winner])).toEqual([
      ['A-4MHR', 65, 1, 2, 50, true, true],
      ['A-P9TX', 60, 2, 1, 0, false, true],
    ]);
    expect(results.scores).toHaveLength(3);
    // Still anonymous until the signature.
    expect(results.rows.every((r) => r.organisation === null)).toBe(true);
    const audit = await listAuditLog(h.db, { entity: 'competition', entityId: compId });
    expect(audit.map((a) => a.action)).toContain('commission.close_scoring');
  });

  it('the chair overrides the cut-off with a recorded reason, inside the lot; the secretary signs and identities are revealed', async () => {
    const m4 = demoCompetitionIds.admittedApplication;
    await expect(overrideAward(h.db, actors.commission2!, compId, m4, false, 'Причина')).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await expect(overrideAward(h.db, actors.commission!, compId, m4, false, '  ')).rejects.toMatchObject({ messageKey: 'competition:errors.reasonRequired' });
    await overrideAward(h.db, actors.commission!, compId, m4, false, 'Разброс оценок 50 баллов: повторная экспертиза');
    const after = await getCommissionResults(h.db, actors.commission!, compId);
    expect(after.rows.find((r) => r.code === 'A-4MHR')).toMatchObject({ proposed: true, winner: false, override: { winner: false, reason: 'Разброс оценок 50 баллов: повторная экспертиза' } });
    const audit = await listAuditLog(h.db, { entity: 'competition_application', entityId: m4 });
    const entry = audit.find((a) => a.action === 'commission.override')!;
    expect(entry.reason).toBe('Разброс оценок 50 баллов: повторная экспертиза');

    // Only the secretary signs.
    for (const who of ['commission', 'commission2', 'officer']) await expect(signProtocol(h.db, actors[who]!, compId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    const signed = await h.db.transaction().execute((trx) => signProtocol(trx, actors.secretary!, compId));
    expect(signed.status).toBe('awarded');
    expect(signed.ranked.filter((r) => r.winner).map((r) => r.code)).toEqual(['A-P9TX']);
    const c = await getCompetitionForActor(h.db, actors.officer!, compId);
    expect(c.status).toBe('awarded');
    const revealed = await getCommissionResults(h.db, actors.commission2!, compId);
    expect(revealed.rows.map((r) => r.organisation?.name_ru).every(Boolean)).toBe(true);
    expect((await getProtocol(h.db, actors.officer!, compId)).rows.map((r) => [r.code, r.winner])).toEqual([['A-4MHR', false], ['A-P9TX', true]]);
    await expect(getProtocol(h.db, actors.ngo!, compId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    const actions = (await listAuditLog(h.db, { entity: 'competition', entityId: compId })).map((a) => a.action);
    expect(actions).toContain('protocol.sign');
    expect(actions).toContain('competition.awarded');
    await expect(overrideAward(h.db, actors.commission!, compId, m4, true, 'Поздно')).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });
});

describe.each(testEngines)('offline sheet saving (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  const compId = demoCompetitionIds.evaluating;
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['commission', 'ngo']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
  });
  afterAll(() => h?.close());

  it('saves a whole sheet by code; a re-upload changes nothing; a dry run writes nothing', async () => {
    const member = actors.commission!;
    await declareConflicts(h.db, member, compId, []);
    const points = { importance: 8, participation: 7, sustainability: 6, budget: 9, contribution: 5 };
    const rows = [
      { code: 'A-4MHR', points, comment: 'Реалистичный бюджет' },
      { code: 'A-P9TX', points: { ...points, importance: 10 }, comment: null },
    ];
    expect(await saveScoreSheet(h.db, member, compId, rows, { dryRun: true })).toEqual({ updated: 2, unchanged: 0 });
    expect((await listScoreSheets(h.db, member, compId)).sheets.every((s) => !s.complete)).toBe(true);
    expect(await saveScoreSheet(h.db, member, compId, rows, { dryRun: false })).toEqual({ updated: 2, unchanged: 0 });
    expect(await saveScoreSheet(h.db, member, compId, rows, { dryRun: false })).toEqual({ updated: 0, unchanged: 2 });
    const audit = await listAuditLog(h.db, { entity: 'competition_application', entityId: demoCompetitionIds.admittedApplication });
    expect(audit.filter((a) => a.action === 'score.import')).toHaveLength(1);
    await expect(saveScoreSheet(h.db, member, compId, [{ code: 'A-4MHR', points: { ...points, budget: 11 }, comment: null }], { dryRun: true })).rejects.toMatchObject({ messageKey: 'competition:errors.points' });
    await expect(saveScoreSheet(h.db, actors.ngo!, compId, rows, { dryRun: true })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
  });
});
