// A priority becomes a line of the municipality's local SSO program.
import { type ProgramLineDraft, type Actor, serviceForProblemCategory } from '@kamkor/domain';
import { auditActorId, type Db, writeAudit } from './audit.ts';
import { getAssessmentForActor, notFound } from './assessment.ts';
import { createProgram } from './program-header.ts';
import { listProgramLines, saveProgramLine } from './program-lines.ts';

// ---------------------------------------------------------------- to the local SSO program

/**
 * Turns a priority into a line of the municipality's local SSO program (issue #3's tables), carrying
 * territory, target groups and the problem description from `priorityToProgramLineDraft`. Idempotent
 * per problem: a second click returns the line made by the first. Run it in a transaction.
 */
export async function createProgramLineFromPriority(
  db: Db,
  actor: Actor,
  draft: ProgramLineDraft,
): Promise<{ requestId: string; programId: string | null; programLineId: string | null; created: boolean }> {
  // The policy's `manage`: the municipality's own officers, once the ranking is adopted; the line goes
  // into that municipality's program, and only for a problem of this assessment.
  const a = await getAssessmentForActor(db, actor, draft.source.assessmentId, 'manage');
  if (draft.customerId !== a.municipality_id) throw notFound();
  const problemOf = await db.selectFrom('assessment_problem').select('id').where('id', '=', draft.source.problemId).where('assessment_id', '=', a.id).executeTakeFirst();
  if (!problemOf) throw notFound();
  const existing = await db
    .selectFrom('assessment_program_line_request')
    .leftJoin('program_line', 'program_line.id', 'assessment_program_line_request.program_line_id')
    .select(['assessment_program_line_request.id', 'assessment_program_line_request.program_line_id', 'program_line.program_id'])
    .where('assessment_program_line_request.problem_id', '=', draft.source.problemId)
    .executeTakeFirst();
  if (existing) return { requestId: existing.id, programId: existing.program_id, programLineId: existing.program_line_id, created: false };
  const actorId = auditActorId(actor);

  // The line goes into the municipality's editable local program covering the year (the assessment's
  // year or, for an older assessment, the current one); a draft program is opened when there is none.
  const year = Math.max(draft.year, new Date().getUTCFullYear());
  let program = await db
    .selectFrom('program')
    .select(['id'])
    .where('customer_id', '=', draft.customerId)
    .where('funding_source', '=', 'local')
    .where('status', 'in', ['draft', 'revision'])
    .where('year_to', '>=', year)
    .orderBy('year_from')
    .executeTakeFirst();
  if (!program) {
    const org = await db.selectFrom('organisation').select(['name_ru']).where('id', '=', draft.customerId).executeTakeFirstOrThrow();
    program = await createProgram(db, actor, {
      customerId: draft.customerId,
      title: `Местный социальный заказ ${year}: ${org.name_ru}`,
      yearFrom: year,
      yearTo: year,
      fundingSource: 'local',
      ceiling: 0,
    });
  }
  const problem = await db.selectFrom('assessment_problem').select('category_code').where('id', '=', draft.source.problemId).executeTakeFirstOrThrow();
  const serviceCode = serviceForProblemCategory(problem.category_code);
  const service = await db.selectFrom('service').select('priority_area_code').where('code', '=', serviceCode).executeTakeFirstOrThrow();
  const lines = await listProgramLines(db, program.id);
  // Budget and beneficiaries start at zero: the program shows its "zero beneficiaries" warning until
  // the officer plans them, and a zero line never breaks the ceiling.
  const programLineId = await saveProgramLine(db, actor, program.id, null, {
    lineNo: Math.max(0, ...lines.map((l) => l.lineNo)) + 1,
    priorityAreaCode: service.priority_area_code ?? 'PA-06',
    serviceCode,
    targetGroupCodes: draft.targetGroupCodes,
    territorySoates: draft.adminUnitSoates,
    plannedBeneficiaries: 0,
    budgetTyiyn: 0,
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-12-31`,
    expectedResults: draft.problemDescription,
    indicatorIds: [],
  });
  const row = await db
    .insertInto('assessment_program_line_request')
    .values({
      assessment_id: draft.source.assessmentId,
      problem_id: draft.source.problemId,
      draft: JSON.stringify(draft),
      created_by: actorId,
      program_line_id: programLineId,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorId, action: 'to_program', entity: 'assessment_problem', entityId: draft.source.problemId, after: { ...draft, programId: program.id, programLineId } });
  return { requestId: row.id, programId: program.id, programLineId, created: true };
}
