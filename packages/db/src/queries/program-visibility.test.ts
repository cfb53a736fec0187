import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import { getProgram } from './program.ts';
import { updateProgramHeader } from './program-header.ts';
import { listProgramLines, saveProgramLine } from './program-lines.ts';
import { saveProgramIndicator } from './program-indicators.ts';
import { transitionProgram } from './program-versions.ts';
import { listProgramsForActor, listPublicPrograms } from './program-list.ts';
import { aggregateIndicators, listProgramResultsForActor } from './results-tracking.ts';
import { listProjectsForActor } from './results-projects.ts';
import { getProgramContentForActor, getPublicProgramContent, listProgramIndicatorsForActor, listProgramVersionsForActor } from './program-content.ts';

/**
 * Issue 8, "an unpublished amendment leaks": an officer starts an amendment of the approved 2026
 * program and adds a line; nobody but those who may see drafts gets that line, by any read path.
 */
describe.each(testEngines)('program visibility during an amendment (%s)', (engine) => {
  let h: DatabaseHandle;
  let officer: Actor;
  let ngo: Actor;
  let analyst: Actor;
  let municipal: Actor;
  let programId: string;
  const DRAFT_LINE = 77;
  const DRAFT_TITLE = 'Черновик поправки — не для публики';

  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const actor = async (email: string) => (await findActor(h.db, (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id))!;
    officer = await actor('officer@kamkor.kg');
    ngo = await actor('ngo@kamkor.kg');
    analyst = await actor('analyst@kamkor.kg');
    municipal = await actor('municipal@kamkor.kg');
    programId = (await h.db.selectFrom('program').select('id').where('year_from', '=', 2026).where('status', '=', 'approved').executeTakeFirstOrThrow()).id;

    await transitionProgram(h.db, officer, programId, { transition: 'start_amendment' });
    const first = (await listProgramLines(h.db, programId))[0]!;
    const indicator = await saveProgramIndicator(h.db, officer, programId, null, { code: 'DRAFT-IND', name_ky: 'Долбоор', name_ru: 'Черновик', name_en: 'Draft', unit: 'x', target: 1 });
    const p = await getProgram(h.db, programId);
    await updateProgramHeader(h.db, officer, programId, { title: DRAFT_TITLE, yearFrom: p.year_from, yearTo: p.year_to, fundingSource: p.funding_source as 'republican' | 'local', ceiling: p.ceiling_tyiyn + 1_000_000_00 });
    await saveProgramLine(h.db, officer, programId, null, { ...first, lineNo: DRAFT_LINE, budgetTyiyn: 1_000_000_00, indicatorIds: [indicator] });
    expect((await listProgramLines(h.db, programId)).some((l) => l.lineNo === DRAFT_LINE)).toBe(true);
  });
  afterAll(() => h.close());

  const lineNos = (c: { content: { lines: { lineNo: number }[] } }) => c.content.lines.map((l) => l.lineNo);

  it('the export an anonymous visitor gets is the last approved version, without the draft line', async () => {
    // `/programs/:id/export` and `/public/programs/:id/export` read through these two.
    for (const c of [await getProgramContentForActor(h.db, null, programId), await getPublicProgramContent(h.db, programId)]) {
      expect(c.content.choice).toEqual({ kind: 'version', versionNo: 1 });
      expect(lineNos(c)).not.toContain(DRAFT_LINE);
      expect(c.content.header.title).not.toBe(DRAFT_TITLE);
      expect(c.content.indicators.map((i) => i.code)).not.toContain('DRAFT-IND');
    }
    // Asking for the draft's version number does not help.
    expect(lineNos(await getProgramContentForActor(h.db, null, programId, 2))).not.toContain(DRAFT_LINE);
  });

  it('an NGO user (and an analyst, a foreign municipality) sees no draft line on the program, versions and indicators pages', async () => {
    for (const who of [ngo, analyst, municipal]) {
      const page = await getProgramContentForActor(h.db, who, programId);
      expect(lineNos(page)).not.toContain(DRAFT_LINE);
      const versions = await listProgramVersionsForActor(h.db, who, programId);
      expect(versions.choices).toEqual([1]); // no "0" (the live draft) to compare against
      expect((await listProgramIndicatorsForActor(h.db, who, programId)).map((i) => i.code)).not.toContain('DRAFT-IND');
      const listed = (await listProgramsForActor(h.db, who)).items.find((x) => x.id === programId)!;
      expect(listed.title).not.toBe(DRAFT_TITLE);
      expect(listed.line_count).toBe(page.content.lines.length);
    }
    const pub = (await listPublicPrograms(h.db)).find((x) => x.id === programId)!;
    expect(pub.title).not.toBe(DRAFT_TITLE);
  });

  it('the customer officer works on the live draft and may compare it', async () => {
    const page = await getProgramContentForActor(h.db, officer, programId);
    expect(lineNos(page)).toContain(DRAFT_LINE);
    expect((await listProgramVersionsForActor(h.db, officer, programId)).choices).toEqual([0, 1]);
    expect((await listProgramsForActor(h.db, officer)).items.find((x) => x.id === programId)!.title).toBe(DRAFT_TITLE);
  });

  it('a draft that was never public is a 404 for the public, NGOs and analysts, and absent from their lists', async () => {
    const draft2027 = (await h.db.selectFrom('program').select('id').where('year_from', '=', 2027).where('status', '=', 'draft').executeTakeFirstOrThrow()).id;
    for (const who of [null, ngo, analyst]) {
      await expect(getProgramContentForActor(h.db, who, draft2027)).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND');
      await expect(listProgramVersionsForActor(h.db, who, draft2027)).rejects.toBeInstanceOf(AppError);
      expect((await listProgramsForActor(h.db, who)).items.map((x) => x.id)).not.toContain(draft2027);
    }
    await expect(getPublicProgramContent(h.db, draft2027)).rejects.toBeInstanceOf(AppError);
    expect((await listPublicPrograms(h.db)).map((x) => x.id)).not.toContain(draft2027);
    expect((await listProgramsForActor(h.db, officer)).items.map((x) => x.id)).toContain(draft2027);
  });

  it('refuses writes by anyone but the customer officers, as a 404', async () => {
    const line = (await listProgramLines(h.db, programId))[0]!;
    for (const who of [ngo, analyst, municipal]) {
      await expect(saveProgramLine(h.db, who, programId, null, { ...line, lineNo: 88, budgetTyiyn: 0 })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND');
      await expect(transitionProgram(h.db, who, programId, { transition: 'close' })).rejects.toBeInstanceOf(AppError);
    }
  });

  it('pages lists in SQL with a capped page size', async () => {
    const all = await listProgramsForActor(h.db, officer, { pageSize: 1000 });
    expect(all.pageSize).toBe(100);
    const one = await listProgramsForActor(h.db, officer, { pageSize: 1, page: 2 });
    expect(one.items).toHaveLength(1);
    expect(one.items[0]!.id).toBe(all.items[1]!.id);
    expect(one.total).toBe(all.total);
    expect((await listProgramsForActor(h.db, officer, { status: 'draft' })).items.every((x) => x.status === 'draft')).toBe(true);
  });

  it('program results: one batch equals aggregating each program indicator, over visible projects only', async () => {
    const all = await listProgramResultsForActor(h.db, analyst);
    expect(all.length).toBeGreaterThan(0);
    for (const row of all) {
      const one = await aggregateIndicators(h.db, row.projects.map((p) => p.indicator.id));
      expect([row.agg.actualValue, row.agg.target, row.agg.percent]).toEqual([one.actualValue, one.target, one.percent]);
    }
    const mine = new Set((await listProjectsForActor(h.db, ngo)).map((p) => p.id));
    for (const row of await listProgramResultsForActor(h.db, ngo)) for (const p of row.projects) expect(mine.has(p.indicator.projectId)).toBe(true);
  });
});
