// The problem gallery of a needs assessment, with photos.
import { AppError, sniffImage, type Actor, type ProblemInput } from '@kamkor/domain';
import { auditActorId, type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';
import { databaseStorage, type FileBytes } from './storage.ts';
import { getAssessmentForActor, listAssessmentVillages, assertEditable, assertRankingOpen, type AssessmentRow, notFound } from './assessment.ts';
import { listAssessmentCatalogue } from './assessment-catalogue.ts';

// ---------------------------------------------------------------- problems

export async function listProblems(db: Db, assessmentId: string) {
  return db
    .selectFrom('assessment_problem')
    .innerJoin('problem_category as c', 'c.code', 'assessment_problem.category_code')
    .selectAll('assessment_problem')
    .select(['c.name_ky as category_ky', 'c.name_ru as category_ru', 'c.name_en as category_en'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('number')
    .execute();
}
export type ProblemRow = Awaited<ReturnType<typeof listProblems>>[number];

/** A problem of this assessment (a problem id from another assessment is "not found"). */
export async function getProblem(db: Db, assessmentId: string, problemId: string): Promise<ProblemRow> {
  if (!isUuid(problemId)) throw notFound();
  const row = (await listProblems(db, assessmentId)).find((p) => p.id === problemId);
  if (!row) throw notFound();
  return row;
}

async function checkProblemInput(db: Db, a: AssessmentRow, input: ProblemInput) {
  const villages = new Set((await listAssessmentVillages(db, a.admin_unit_soate)).map((v) => v.soate));
  if (input.villageSoates.some((v) => !villages.has(v))) throw new AppError('INVALID', 'assessment:errors.village');
  const cats = new Set((await listAssessmentCatalogue(db, 'focus_group_category', { includeInactive: true })).map((c) => c.code));
  if (input.raisedBy.some((c) => !cats.has(c))) throw new AppError('INVALID', 'errors.unknownCode');
}

/** Adds a problem to the gallery with the next number. */
export async function addProblem(db: Db, actor: Actor, assessmentId: string, input: ProblemInput) {
  const actorId = auditActorId(actor);
  const a = await getAssessmentForActor(db, actor, assessmentId, 'update');
  await assertRankingOpen(a);
  await checkProblemInput(db, a, input);
  const max = await db.selectFrom('assessment_problem').select((eb) => eb.fn.max('number').as('m')).where('assessment_id', '=', assessmentId).executeTakeFirst();
  const row = await db
    .insertInto('assessment_problem')
    .values({
      assessment_id: assessmentId,
      number: Number(max?.m ?? 0) + 1,
      title: input.title,
      description: input.description,
      category_code: input.categoryCode,
      village_soates: input.villageSoates,
      raised_by: input.raisedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'assessment_problem', entityId: row.id, after: row });
  return row;
}

export async function updateProblem(db: Db, actor: Actor, assessmentId: string, problemId: string, input: ProblemInput) {
  const actorId = auditActorId(actor);
  const a = await getAssessmentForActor(db, actor, assessmentId, 'update');
  await assertEditable(a);
  const before = await getProblem(db, assessmentId, problemId);
  await checkProblemInput(db, a, input);
  const after = await db
    .updateTable('assessment_problem')
    .set({ title: input.title, description: input.description, category_code: input.categoryCode, village_soates: input.villageSoates, raised_by: input.raisedBy })
    .where('id', '=', problemId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'update', entity: 'assessment_problem', entityId: problemId, before, after });
}

export async function deleteProblem(db: Db, actor: Actor, assessmentId: string, problemId: string) {
  const actorId = auditActorId(actor);
  await assertRankingOpen(await getAssessmentForActor(db, actor, assessmentId, 'update'));
  const before = await getProblem(db, assessmentId, problemId);
  const photos = await db.selectFrom('assessment_problem_photo').select('file_id').where('problem_id', '=', problemId).execute();
  await db.deleteFrom('assessment_problem').where('id', '=', problemId).execute();
  const storage = databaseStorage(db);
  for (const p of photos) await storage.remove(p.file_id);
  await writeAudit(db, { actorId, action: 'delete', entity: 'assessment_problem', entityId: problemId, before });
}

export { PHOTO_TYPES } from '@kamkor/domain';

/** Stores a photo of a problem through the file storage interface (never on local disk). */
export async function addProblemPhoto(
  db: Db,
  actor: Actor,
  assessmentId: string,
  problemId: string,
  /** A whole file, or a streamed one with its first bytes in `head` (enough to sniff the type). */
  file: { name: string; type: string; data: FileBytes; head?: Uint8Array },
  caption: string | null,
) {
  const actorId = auditActorId(actor);
  await assertEditable(await getAssessmentForActor(db, actor, assessmentId, 'update'));
  await getProblem(db, assessmentId, problemId);
  const type = sniffImage(file.head ?? (file.data instanceof Uint8Array ? file.data : new Uint8Array()));
  if (!type) throw new AppError('INVALID', 'assessment:errors.photoType');
  const fileId = await databaseStorage(db).put({ fileName: file.name || 'photo', contentType: type, data: file.data, createdBy: actorId, kind: 'photo' });
  const row = await db.insertInto('assessment_problem_photo').values({ problem_id: problemId, file_id: fileId, caption }).returningAll().executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'assessment_problem_photo', entityId: row.id, after: { problemId, fileId, caption } });
  return row;
}


export async function listProblemPhotos(db: Db, assessmentId: string) {
  return db
    .selectFrom('assessment_problem_photo')
    .innerJoin('assessment_problem as p', 'p.id', 'assessment_problem_photo.problem_id')
    .select(['assessment_problem_photo.id', 'assessment_problem_photo.problem_id', 'assessment_problem_photo.caption', 'assessment_problem_photo.file_id'])
    .where('p.assessment_id', '=', assessmentId)
    .orderBy('assessment_problem_photo.created_at')
    .execute();
}

/** A photo's bytes, only when it belongs to this assessment. */
export async function findProblemPhotoFile(db: Db, assessmentId: string, photoId: string) {
  if (!isUuid(photoId)) return null;
  const row = (await listProblemPhotos(db, assessmentId)).find((p) => p.id === photoId);
  // The caller asked the policy about the assessment; the file is read as a stream for the download.
  return row ? databaseStorage(db).open(row.file_id, { policy: 'checked' }) : null;
}

export async function deleteProblemPhoto(db: Db, actor: Actor, assessmentId: string, photoId: string) {
  const actorId = auditActorId(actor);
  await assertEditable(await getAssessmentForActor(db, actor, assessmentId, 'update'));
  const row = isUuid(photoId) ? (await listProblemPhotos(db, assessmentId)).find((p) => p.id === photoId) : undefined;
  if (!row) throw notFound();
  await db.deleteFrom('assessment_problem_photo').where('id', '=', photoId).execute();
  await databaseStorage(db).remove(row.file_id);
  await writeAudit(db, { actorId, action: 'delete', entity: 'assessment_problem_photo', entityId: photoId, before: row });
}
