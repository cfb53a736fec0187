import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type Actor } from '@kamkor/domain';
import { createTestDatabase, testEngines } from '../testing.ts';
import type { DatabaseHandle } from '../connection.ts';
import { findActor } from './people.ts';
import { listAssessmentsForActor } from './assessment.ts';
import { listPublicAssessments, loadPublicAssessmentReport } from './assessment-public.ts';
import { loadAssessmentReportForActor } from './assessment-report.ts';

/** Issue 8: a published assessment's public page carried facilitator names and meeting notes in its data. */
describe.each(testEngines)('public assessment projection (%s)', (engine) => {
  let h: DatabaseHandle;
  let municipal: Actor;
  let ngo: Actor;
  let analyst: Actor;
  let publishedId: string;
  let unpublishedId: string;
  let secrets: string[];

  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    const actor = async (email: string) => (await findActor(h.db, (await h.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id))!;
    municipal = await actor('municipal@kamkor.kg');
    ngo = await actor('ngo@kamkor.kg');
    publishedId = (await h.db.selectFrom('needs_assessment').select('id').where('stage', '=', 'published').executeTakeFirstOrThrow()).id;
    unpublishedId = (await h.db.selectFrom('needs_assessment').select('id').where('stage', '!=', 'published').executeTakeFirstOrThrow()).id;
    analyst = await actor('analyst@kamkor.kg');
    const fg = await h.db.selectFrom('assessment_focus_group').select(['facilitator', 'problems_raised']).where('assessment_id', '=', publishedId).execute();
    const notes = await h.db.selectFrom('assessment_meeting').select('notes').where('assessment_id', '=', publishedId).where('notes', 'is not', null).execute();
    secrets = [...fg.map((f) => f.facilitator), ...fg.map((f) => f.problems_raised ?? ''), ...notes.map((n) => n.notes!)].filter(Boolean);
    expect(secrets.length).toBeGreaterThan(2);
  });
  afterAll(() => h.close());

  it('carries no facilitator names, focus-group notes or meeting notes', async () => {
    const report = await loadPublicAssessmentReport(h.db, publishedId);
    const text = JSON.stringify(report);
    for (const s of secrets) expect(text).not.toContain(s);
    expect(report.focusGroups.length).toBeGreaterThan(0);
    for (const f of report.focusGroups) expect(Object.keys(f)).not.toContain('facilitator');
    for (const m of report.meetings) expect(Object.keys(m)).not.toContain('notes');
    expect(Object.keys(report)).not.toContain('tallies');
    expect(Object.keys(report)).not.toContain('photos');
  });

  it('gives the same projection to a logged-in user who may not see working data, the full report to the municipality', async () => {
    const forNgo = JSON.stringify(await loadAssessmentReportForActor(h.db, ngo, publishedId));
    for (const s of secrets) expect(forNgo).not.toContain(s);
    const forOwner = JSON.stringify(await loadAssessmentReportForActor(h.db, municipal, publishedId));
    expect(secrets.some((s) => forOwner.includes(s))).toBe(true);
  });

  it('is a 404 for unpublished assessments, and lists only published ones', async () => {
    await expect(loadPublicAssessmentReport(h.db, unpublishedId)).rejects.toBeInstanceOf(AppError);
    await expect(loadAssessmentReportForActor(h.db, ngo, unpublishedId)).rejects.toBeInstanceOf(AppError);
    const listed = await listPublicAssessments(h.db);
    expect(listed.map((a) => a.id)).toContain(publishedId);
    expect(listed.every((a) => a.stage === 'published')).toBe(true);
    const forVisitor = (await listAssessmentsForActor(h.db, null)).items;
    expect(forVisitor.map((a) => a.id).sort()).toEqual(listed.map((a) => a.id).sort());
    expect((await listAssessmentsForActor(h.db, analyst)).items.map((a) => a.id)).toContain(unpublishedId);
    expect((await listAssessmentsForActor(h.db, ngo)).items.map((a) => a.id)).not.toContain(unpublishedId);
  });
});
