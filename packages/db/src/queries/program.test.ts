import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, can, type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import { listAuditLog } from './audit.ts';
import { getProgram, programResource } from './program.ts';
import { createProgram, updateProgramHeader } from './program-header.ts';
import { deleteProgramLine, listProgramLines, saveProgramLine, type LineValues } from './program-lines.ts';
import { saveProgramIndicator } from './program-indicators.ts';
import { getProgramVersion, transitionProgram } from './program-versions.ts';
import { listProgramsForActor } from './program-list.ts';
import { addProgramComment, listProgramComments, listPublicProgramComments, moderateComment, respondToComment } from './program-comments.ts';
import { diffVersions } from '@kamkor/domain';

const line = (over: Partial<LineValues> = {}): LineValues => ({
  lineNo: 1,
  priorityAreaCode: 'PA-02',
  serviceCode: 'SRV-01',
  targetGroupCodes: ['TG-01'],
  territorySoates: ['41704400000010'],
  plannedBeneficiaries: 40,
  budgetTyiyn: 2_000_000_00,
  periodStart: '2027-02-01',
  periodEnd: '2027-12-31',
  expectedResults: 'Children rehabilitated',
  indicatorIds: [],
  ...over,
});

async function rejects(p: Promise<unknown>, messageKey: string) {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.messageKey === messageKey);
}

describe.each(testEngines)('programs (%s)', (engine) => {
  let h: DatabaseHandle;
  let officer: Actor;
  let municipal: Actor;
  let ngo: Actor;
  let analyst: Actor;
  let ministryId: string;
  let programId: string;

  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const id = async (email: string) => (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    officer = (await findActor(h.db, await id('officer@kamkor.kg')))!;
    municipal = (await findActor(h.db, await id('municipal@kamkor.kg')))!;
    ngo = (await findActor(h.db, await id('ngo@kamkor.kg')))!;
    analyst = (await findActor(h.db, await id('analyst@kamkor.kg')))!;
    ministryId = officer.memberships[0]!.organisationId;
  });
  afterAll(() => h.close());

  it('seeds the demo programs', async () => {
    const all = (await listProgramsForActor(h.db, officer)).items;
    const draft2027 = all.find((p) => p.year_from === 2027 && p.customer_id === ministryId)!;
    expect(draft2027.status).toBe('draft');
    expect(draft2027.line_count).toBe(12);
    expect(draft2027.lines_tyiyn).toBe(22_700_000_00);
    const approved = all.find((p) => p.year_from === 2026)!;
    expect(approved.status).toBe('approved');
    expect(approved.approved_version_no).toBe(1);
    expect((await listProgramComments(h.db, approved.id, { statuses: ['published'] })).every((c) => c.response_kind)).toBe(true);
    expect(all.some((p) => p.funding_source === 'local' && p.customer_id === municipal.memberships[0]!.organisationId)).toBe(true);
  });

  it('creates a draft and keeps the lines under the ceiling', async () => {
    programId = (await createProgram(h.db, officer, { customerId: ministryId, title: 'Test 2028', yearFrom: 2028, yearTo: 2028, fundingSource: 'republican', ceiling: 5_000_000_00 })).id;
    const ind = await saveProgramIndicator(h.db, officer, programId, null, { code: 'IND-1', name_ky: 'Саны', name_ru: 'Число', name_en: 'Number', unit: 'адам', target: 100 });
    await saveProgramLine(h.db, officer, programId, null, line({ indicatorIds: [ind] }));
    await saveProgramLine(h.db, officer, programId, null, line({ lineNo: 2, serviceCode: 'SRV-07', priorityAreaCode: 'PA-03', budgetTyiyn: 3_000_000_00 }));
    await rejects(saveProgramLine(h.db, officer, programId, null, line({ lineNo: 3, budgetTyiyn: 1 })), 'program:errors.overCeiling');
    await rejects(saveProgramLine(h.db, officer, programId, null, line({ lineNo: 2, budgetTyiyn: 0 })), 'program:errors.lineNoTaken');
    await rejects(saveProgramLine(h.db, officer, programId, null, line({ lineNo: 3, budgetTyiyn: 0, serviceCode: 'SRV-99' })), 'errors.unknownCode');
    await rejects(saveProgramLine(h.db, officer, programId, null, line({ lineNo: 3, budgetTyiyn: 0, serviceCode: 'SRV-07' })), 'program:errors.serviceArea');
    await rejects(updateProgramHeader(h.db, officer, programId, { title: 'T', yearFrom: 2028, yearTo: 2028, fundingSource: 'republican', ceiling: 4_000_000_00 }), 'program:errors.overCeiling');
    const lines = await listProgramLines(h.db, programId);
    expect(lines.map((l) => [l.lineNo, l.budgetTyiyn, l.indicatorIds.length])).toEqual([
      [1, 2_000_000_00, 1],
      [2, 3_000_000_00, 0],
    ]);
  });

  it('lets only officers of the customer edit; hides drafts from others', async () => {
    const r = programResource(await getProgram(h.db, programId));
    expect(can(officer, 'update', r)).toBe(true);
    expect(can(municipal, 'update', r)).toBe(false);
    expect(can(ngo, 'update', r)).toBe(false);
    expect(can(analyst, 'update', r)).toBe(false);
    expect(can(null, 'update', r)).toBe(false);
    expect(can(null, 'view', r)).toBe(false);
    expect(can(ngo, 'view', r)).toBe(false);
    expect(can(null, 'comment', r)).toBe(false);
    const local = (await listProgramsForActor(h.db, officer)).items.find((p) => p.funding_source === 'local')!;
    expect(can(municipal, 'update', programResource(local))).toBe(false); // in discussion: frozen
    expect(can(municipal, 'moderate', programResource(local))).toBe(true);
    expect(can(officer, 'moderate', programResource(local))).toBe(false); // not the customer
    for (const action of ['manage', 'approve', 'moderate', 'import'] as const) {
      expect(can(municipal, action, r)).toBe(false);
      expect(can(ngo, action, r)).toBe(false);
      expect(can(analyst, action, r)).toBe(false);
      expect(can(null, action, r)).toBe(false);
    }
    expect(can(officer, 'approve', r)).toBe(true);
    expect(can(analyst, 'export', r)).toBe(false); // analysts read approved versions, not drafts
    expect(can(ngo, 'export', r)).toBe(false);
  });

  it('runs the discussion: window, honest refusal after it, moderation and answers', async () => {
    await rejects(transitionProgram(h.db, officer, programId, { transition: 'close_discussion' }), 'program:errors.transitionNotAllowed');
    await transitionProgram(h.db, officer, programId, { transition: 'open_discussion', discussionStart: '2028-01-10', discussionEnd: '2028-01-31' });
    const p = await getProgram(h.db, programId);
    expect(p.status).toBe('public_discussion');
    expect(can(null, 'view', programResource(p))).toBe(true);
    expect(can(null, 'comment', programResource(p, '2028-01-15'))).toBe(true);
    expect(can(null, 'comment', programResource(p, '2028-02-01'))).toBe(false);
    expect(can(officer, 'update', programResource(p))).toBe(false);
    const [l1] = await listProgramLines(h.db, programId);
    const c1 = await addProgramComment(h.db, null, programId, { authorName: 'Айгүл', authorOrg: null, body: 'More children please', lineId: l1!.id }, '2028-01-15');
    const c2 = await addProgramComment(h.db, null, programId, { authorName: 'Spam', authorOrg: null, body: 'Buy now', lineId: null }, '2028-01-15');
    await rejects(addProgramComment(h.db, null, programId, { authorName: 'Late', authorOrg: null, body: 'x', lineId: null }, '2028-02-01'), 'program:errors.discussionClosed');
    await rejects(respondToComment(h.db, officer, programId, c1.id, 'accepted', 'ok'), 'program:errors.answerPublishedOnly');
    await moderateComment(h.db, officer, programId, c1.id, 'published', null);
    await rejects(moderateComment(h.db, officer, programId, c2.id, 'rejected', null), 'program:errors.reasonRequired');
    await moderateComment(h.db, officer, programId, c2.id, 'rejected', 'Advertising');
    await respondToComment(h.db, officer, programId, c1.id, 'partly', 'Raised to 45');
    // The query functions ask the policy themselves: only the customer's officers moderate and answer.
    for (const other of [municipal, ngo, analyst]) {
      await rejects(moderateComment(h.db, other, programId, c2.id, 'published', null), 'errors.notFound');
      await rejects(respondToComment(h.db, other, programId, c1.id, 'accepted', 'hijacked'), 'errors.notFound');
    }
    // Anyone may comment while the window is open, logged in (an NGO) or not.
    await addProgramComment(h.db, ngo, programId, { authorName: 'NGO', authorOrg: 'NGO', body: 'We can help', lineId: null }, '2028-01-20');
    const audit = await h.db.selectFrom('audit_log').select(['actor_id', 'action']).where('entity', '=', 'program_comment').where('entity_id', '=', c1.id).execute();
    expect(audit.map((x) => x.actor_id)).toEqual(audit.map(() => officer.userId));
    const published = await listProgramComments(h.db, programId, { statuses: ['published'] });
    expect(published.map((c) => [c.author_name, c.line_no, c.response_kind])).toEqual([['Айгүл', 1, 'partly']]);
    // The public projection: the same comments, without the moderator's or responder's ids.
    const forPublic = await listPublicProgramComments(h.db, programId);
    expect(forPublic.map((c) => [c.author_name, c.line_no, c.response_kind])).toEqual([['Айгүл', 1, 'partly']]);
    expect(Object.keys(forPublic[0]!)).not.toContain('responded_by');
    expect(Object.keys(forPublic[0]!)).not.toContain('moderated_by');
    // Another program's comment id is not found through this program.
    const other = (await listProgramsForActor(h.db, officer)).items.find((x) => x.year_from === 2026)!;
    await rejects(moderateComment(h.db, officer, other.id, c1.id, 'published', null), 'errors.notFound');
  });

  it('approves a version, freezes it, and audits approval and amendment', async () => {
    await transitionProgram(h.db, officer, programId, { transition: 'close_discussion' });
    expect((await getProgram(h.db, programId)).status).toBe('revision');
    await rejects(transitionProgram(h.db, officer, programId, { transition: 'start_amendment' }), 'program:errors.transitionNotAllowed');
    // A second round of discussion after revision, then back to revision.
    await transitionProgram(h.db, officer, programId, { transition: 'reopen_discussion', discussionStart: '2028-02-01', discussionEnd: '2028-02-10' });
    expect((await getProgram(h.db, programId)).status).toBe('public_discussion');
    await rejects(transitionProgram(h.db, officer, programId, { transition: 'approve', approval: { approvalDocNo: 'x', approvalDate: '2028-02-05', approvingBody: 'M' } }), 'program:errors.transitionNotAllowed');
    await transitionProgram(h.db, officer, programId, { transition: 'close_discussion' });
    await saveProgramLine(h.db, officer, programId, (await listProgramLines(h.db, programId))[0]!.id, line({ plannedBeneficiaries: 45 }));
    await transitionProgram(h.db, officer, programId, { transition: 'approve', approval: { approvalDocNo: '12-п', approvalDate: '2028-02-20', approvingBody: 'Министерство' } });
    let p = await getProgram(h.db, programId);
    expect(p.status).toBe('approved');
    expect(Number(p.approved_version_no)).toBe(1);
    await rejects(saveProgramLine(h.db, officer, programId, null, line({ lineNo: 9, budgetTyiyn: 0 })), 'program:errors.frozen');
    const v1 = await getProgramVersion(h.db, programId, 1);
    expect(v1.approval_doc_no).toBe('12-п');
    expect(v1.snapshot.lines).toHaveLength(2);

    await transitionProgram(h.db, officer, programId, { transition: 'start_amendment' });
    p = await getProgram(h.db, programId);
    expect([p.status, p.version_no]).toEqual(['draft', 2]);
    expect(can(null, 'view', programResource(p))).toBe(true); // the approved version stays public
    const lines = await listProgramLines(h.db, programId);
    await saveProgramLine(h.db, officer, programId, lines[1]!.id, line({ lineNo: 2, serviceCode: 'SRV-07', priorityAreaCode: 'PA-03', budgetTyiyn: 2_500_000_00 }));
    await deleteProgramLine(h.db, officer, programId, lines[0]!.id);
    await saveProgramLine(h.db, officer, programId, null, line({ lineNo: 3, serviceCode: 'SRV-09', priorityAreaCode: 'PA-04', budgetTyiyn: 1_000_000_00 }));
    await transitionProgram(h.db, officer, programId, { transition: 'approve', approval: { approvalDocNo: '30-п', approvalDate: '2028-06-01', approvingBody: 'Министерство' } });
    p = await getProgram(h.db, programId);
    expect(p.status).toBe('amended');
    const v2 = await getProgramVersion(h.db, programId, 2);
    const diff = diffVersions(v1.snapshot.lines, v2.snapshot.lines);
    expect(diff.added.map((l) => l.lineNo)).toEqual([3]);
    expect(diff.removed.map((l) => l.lineNo)).toEqual([1]);
    expect(diff.changed.map((c) => [c.after.lineNo, c.budgetDeltaTyiyn])).toEqual([[2, -500_000_00]]);

    const audit = await listAuditLog(h.db, { entity: 'program', entityId: programId });
    const actions = audit.map((a) => a.action);
    expect(actions.filter((a) => a === 'program.approve')).toHaveLength(2);
    expect(actions).toContain('program.amend');
    const approval = audit.find((a) => a.action === 'program.approve' && (a.after as { versionNo: number }).versionNo === 1)!;
    expect(approval.reason).toBe('12-п 2028-02-20');
    expect(approval.before).toEqual({ status: 'revision', versionNo: 1 });

    await transitionProgram(h.db, officer, programId, { transition: 'close' });
    expect((await getProgram(h.db, programId)).status).toBe('closed');
    await rejects(transitionProgram(h.db, officer, programId, { transition: 'start_amendment' }), 'program:errors.transitionNotAllowed');
  });

  it('lets only one of two simultaneous saves take the last room under the ceiling', async () => {
    const id = (await createProgram(h.db, officer, { customerId: ministryId, title: 'Race', yearFrom: 2032, yearTo: 2032, fundingSource: 'republican', ceiling: 1000 })).id;
    const results = await Promise.allSettled(
      [1, 2].map((n) => h.db.transaction().execute((trx) => saveProgramLine(trx, officer, id, null, line({ lineNo: n, budgetTyiyn: 600 })))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as AppError).messageKey).toBe('program:errors.overCeiling');
    expect((await listProgramLines(h.db, id)).reduce((s, l) => s + l.budgetTyiyn, 0)).toBe(600);
  });

  it('refuses approval above the ceiling', async () => {
    const id = (await createProgram(h.db, officer, { customerId: ministryId, title: 'Ceiling', yearFrom: 2029, yearTo: 2030, fundingSource: 'republican', ceiling: 100 })).id;
    await saveProgramLine(h.db, officer, id, null, line({ budgetTyiyn: 100 }));
    // Force an over-ceiling state the UI cannot produce (e.g. data from an older rule).
    await h.db.updateTable('program').set({ ceiling_tyiyn: 50, status: 'revision' }).where('id', '=', id).execute();
    await rejects(transitionProgram(h.db, officer, id, { transition: 'approve', approval: { approvalDocNo: '1', approvalDate: '2029-01-01', approvingBody: 'M' } }), 'program:errors.overCeiling');
    expect((await getProgram(h.db, id)).status).toBe('revision');
  });
});
