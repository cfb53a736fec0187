// Focus groups of a needs assessment.
import { type Actor, type FocusGroupInput } from '@kamkor/domain';
import { auditActorId, type Db, writeAudit } from './audit.ts';
import { isUuid } from './people.ts';
import { getAssessmentForActor, assertVillage, assertEditable, notFound } from './assessment.ts';

// ---------------------------------------------------------------- focus groups

export async function listFocusGroups(db: Db, assessmentId: string) {
  return db
    .selectFrom('assessment_focus_group')
    .innerJoin('focus_group_category as c', 'c.code', 'assessment_focus_group.category_code')
    .innerJoin('admin_unit as v', 'v.soate', 'assessment_focus_group.village_soate')
    .selectAll('assessment_focus_group')
    .select(['c.name_ky as category_ky', 'c.name_ru as category_ru', 'c.name_en as category_en', 'v.name_ky as village_ky', 'v.name_ru as village_ru', 'v.name_en as village_en'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('held_on')
    .orderBy('assessment_focus_group.created_at')
    .execute();
}

/** Records a focus group: who (category, counts by sex and age group — never names), where, when. */
export async function addFocusGroup(db: Db, actor: Actor, assessmentId: string, input: FocusGroupInput) {
  const actorId = auditActorId(actor);
  const a = await getAssessmentForActor(db, actor, assessmentId, 'update');
  await assertEditable(a);
  await assertVillage(db, a, input.villageSoate);
  const row = await db
    .insertInto('assessment_focus_group')
    .values({
      assessment_id: assessmentId,
      category_code: input.categoryCode,
      village_soate: input.villageSoate,
      held_on: input.heldOn,
      facilitator: input.facilitator,
      women_14_29: input.women_14_29,
      women_30_59: input.women_30_59,
      women_60_plus: input.women_60_plus,
      men_14_29: input.men_14_29,
      men_30_59: input.men_30_59,
      men_60_plus: input.men_60_plus,
      problems_raised: input.problemsRaised,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'create', entity: 'assessment_focus_group', entityId: row.id, after: row });
  return row;
}

export async function deleteFocusGroup(db: Db, actor: Actor, assessmentId: string, id: string) {
  const actorId = auditActorId(actor);
  await assertEditable(await getAssessmentForActor(db, actor, assessmentId, 'update'));
  if (!isUuid(id)) throw notFound();
  const before = await db.deleteFrom('assessment_focus_group').where('id', '=', id).where('assessment_id', '=', assessmentId).returningAll().executeTakeFirst();
  if (!before) throw notFound();
  await writeAudit(db, { actorId, action: 'delete', entity: 'assessment_focus_group', entityId: id, before });
}
