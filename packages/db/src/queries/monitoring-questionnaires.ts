import { sql } from 'kysely';
import { AppError, can, type Actor, type Questionnaire, type XlsFormIssue } from '@kamkor/domain';
import { type Db, writeAudit } from './audit.ts';

const allowed = (actor: Actor | null, action: 'view' | 'import' | 'export') => {
  if (!can(actor, action, { type: 'questionnaire' })) throw new AppError('NOT_FOUND', 'errors.notFound');
};

/** Questionnaires with their latest version number, newest first (at most 100). */
export async function listQuestionnaires(db: Db, actor: Actor | null) {
  allowed(actor, 'view');
  return db
    .selectFrom('monitoring_questionnaire as q')
    .select(['q.id', 'q.form_id', 'q.title', 'q.created_at'])
    .select((eb) => eb.selectFrom('monitoring_questionnaire_version as v').whereRef('v.questionnaire_id', '=', 'q.id').select(sql<number>`max(v.version_no)`.as('n')).as('latest_version'))
    .orderBy('q.created_at', 'desc')
    .limit(100)
    .execute();
}

/**
 * Stores an imported questionnaire as a new version: a new questionnaire for a new `form_id`, the next
 * version of the existing one otherwise (answers stay with the version they were given on). The issues
 * the import listed are kept with the version. Audited.
 */
export async function saveQuestionnaireVersion(db: Db, actor: Actor, input: { questionnaire: Questionnaire; issues: XlsFormIssue[]; fileName: string | null }) {
  allowed(actor, 'import');
  const q = input.questionnaire;
  const formId = q.formId.slice(0, 200);
  const title = q.title.slice(0, 500);
  let parent = await db.selectFrom('monitoring_questionnaire').select(['id']).where('form_id', '=', formId).executeTakeFirst();
  if (!parent) {
    parent = await db.insertInto('monitoring_questionnaire').values({ form_id: formId, title, created_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
  } else {
    await db.updateTable('monitoring_questionnaire').set({ title }).where('id', '=', parent.id).execute();
  }
  const last = await db
    .selectFrom('monitoring_questionnaire_version')
    .select(sql<number>`coalesce(max(version_no), 0)`.as('n'))
    .where('questionnaire_id', '=', parent.id)
    .executeTakeFirstOrThrow();
  const versionNo = Number(last.n) + 1;
  const row = await db
    .insertInto('monitoring_questionnaire_version')
    .values({
      questionnaire_id: parent.id,
      version_no: versionNo,
      definition: JSON.stringify(q),
      issues: JSON.stringify(input.issues.slice(0, 2000)),
      source_file_name: input.fileName?.slice(0, 255) ?? null,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(db, {
    actorId: actor.userId,
    action: 'import',
    entity: 'monitoring_questionnaire_version',
    entityId: row.id,
    after: { formId, versionNo, questions: q.questions.length, issues: input.issues.length, fileName: input.fileName },
  });
  return { formId, versionNo };
}

/** A questionnaire by its form id with one version (the latest unless asked), and its version list. */
export async function getQuestionnaireForActor(db: Db, actor: Actor | null, formId: string, versionNo?: number | null, action: 'view' | 'export' = 'view') {
  allowed(actor, action);
  const q = await db.selectFrom('monitoring_questionnaire').select(['id', 'form_id', 'title']).where('form_id', '=', formId.slice(0, 200)).executeTakeFirst();
  if (!q) throw new AppError('NOT_FOUND', 'errors.notFound');
  const versions = await db
    .selectFrom('monitoring_questionnaire_version as v')
    .leftJoin('app_user as u', 'u.id', 'v.created_by')
    .select(['v.version_no', 'v.created_at', 'v.source_file_name', 'u.full_name as created_by_name'])
    .where('v.questionnaire_id', '=', q.id)
    .orderBy('v.version_no', 'desc')
    .limit(100)
    .execute();
  const wanted = versionNo && versions.some((v) => v.version_no === versionNo) ? versionNo : versions[0]?.version_no;
  if (!wanted) throw new AppError('NOT_FOUND', 'errors.notFound');
  const version = await db
    .selectFrom('monitoring_questionnaire_version')
    .select(['version_no', 'definition', 'issues'])
    .where('questionnaire_id', '=', q.id)
    .where('version_no', '=', wanted)
    .executeTakeFirstOrThrow();
  return { ...q, versions, version: { versionNo: version.version_no, definition: version.definition as Questionnaire, issues: version.issues as XlsFormIssue[] } };
}
