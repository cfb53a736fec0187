import type { Kysely } from 'kysely';
import type { Database } from '../schema/index.ts';
import type { SeedContext } from './context.ts';

/**
 * Demo monitoring for 2026 on SSO-2025-001 (Naryn): visit 1 done and final with two recommendations
 * (one overdue, one answered by the NGO), visit 2 planned. Idempotent: skips when the project has visits.
 */
export async function seedMonitoring(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  await seedQuestionnaire(db);
  await seedEvaluations(db, ctx);
  const project = await db.selectFrom('project').select('id').where('code', '=', 'SSO-2025-001').executeTakeFirst();
  if (!project) return;
  await seedResponses(db, project.id);
  await seedDecision(db, project.id);
  const existing = await db.selectFrom('monitoring_visit').select('id').where('project_id', '=', project.id).executeTakeFirst();
  if (existing) return;
  const naryn = await db.selectFrom('app_user').select('id').where('email', '=', 'naryn@kamkor.kg').executeTakeFirst();
  const officer = await db.selectFrom('app_user').select('id').where('email', '=', 'officer@kamkor.kg').executeTakeFirst();
  if (!naryn || !officer) return;
  const template = await db.selectFrom('monitoring_checklist_template').select('id').where('version', '=', 1).executeTakeFirstOrThrow();
  const done = await db
    .insertInto('monitoring_visit')
    .values({
      project_id: project.id,
      visit_no: 1,
      program_year: 2026,
      kind: 'scheduled',
      status: 'final',
      planned_date: '2026-04-15',
      officer_id: naryn.id,
      visit_date: '2026-04-16',
      participants: 'Асанова Г. (директор), Токтогулов Б. (социалдык кызматкер / социальный работник)',
      summary: 'Кызматтар көрсөтүлүүдө; реестр толук эмес. / Услуги оказываются; реестр ведётся не полностью.',
      template_id: template.id,
      answers: JSON.stringify({
        services_as_contracted: { answer: 'yes', note: null },
        beneficiary_register: { answer: 'no', note: '12 бала каттала элек / 12 детей не внесены' },
        premises_accessible: { answer: 'yes', note: null },
      }),
      created_by: naryn.id,
      finalised_at: new Date('2026-04-17T09:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('monitoring_visit')
    .values({ project_id: project.id, visit_no: 2, program_year: 2026, kind: 'scheduled', planned_date: '2026-12-10', officer_id: naryn.id, answers: null, created_by: officer.id })
    .execute();
  const ngo = ctx.orgIds['ngo-1']!;
  await db
    .insertInto('monitoring_recommendation')
    .values([
      {
        visit_id: done.id,
        finding: 'Кызмат алуучулардын реестри толук эмес. / Реестр получателей услуг неполный.',
        recommendation: 'Реестрди толуктоо. / Дополнить реестр всеми получателями.',
        responsible_org_id: ngo,
        due_date: '2026-06-30',
        decision: 'accepted',
        decided_by: officer.id,
        decided_at: new Date('2026-04-20T09:00:00Z'),
        created_by: naryn.id,
      },
      {
        visit_id: done.id,
        finding: 'Пандус жок. / Нет пандуса у входа.',
        recommendation: 'Пандус орнотуу. / Установить пандус.',
        responsible_org_id: ngo,
        due_date: '2026-12-31',
        decision: 'accepted',
        decided_by: officer.id,
        decided_at: new Date('2026-04-20T09:00:00Z'),
        status: 'in_progress',
        follow_up_note: 'Пандус заказан, монтаж в декабре.',
        created_by: naryn.id,
      },
    ])
    .execute();
  await seedDecision(db, project.id);
}

/**
 * A ministry decision on SSO-2025-001: adjust the contract, based on the overdue recommendation of
 * visit 1 (the incomplete beneficiary register), with a follow-up due 30.09.2026 still open, so the
 * board shows it overdue. Idempotent: skips when the project has a decision or no such recommendation yet.
 */
async function seedDecision(db: Kysely<Database>, projectId: string) {
  if (await db.selectFrom('monitoring_decision').select('id').where('project_id', '=', projectId).executeTakeFirst()) return;
  const rec = await db
    .selectFrom('monitoring_recommendation as r')
    .innerJoin('monitoring_visit as v', 'v.id', 'r.visit_id')
    .select(['r.id', 'r.visit_id'])
    .where('v.project_id', '=', projectId)
    .where('r.due_date', '=', '2026-06-30')
    .executeTakeFirst();
  const officer = await db.selectFrom('app_user').select('id').where('email', '=', 'officer@kamkor.kg').executeTakeFirst();
  if (!rec || !officer) return;
  await db
    .insertInto('monitoring_decision')
    .values({
      project_id: projectId,
      kind: 'adjust',
      basis:
        'Сунуштама мөөнөтүндө аткарылган жок: реестр толук эмес. Келишимдин иш планына реестрди толуктоо кошулсун. / Рекомендация не выполнена в срок: реестр неполный. Дополнить план работ по договору ведением полного реестра.',
      visit_id: rec.visit_id,
      recommendation_id: rec.id,
      decided_on: '2026-07-15',
      follow_up_due: '2026-09-30',
      created_by: officer.id,
    })
    .execute();
}

/** The beneficiary questionnaire of 2026 (form id `beneficiary_2026`), version 1, labels in ky and ru. */
async function seedQuestionnaire(db: Kysely<Database>) {
  const exists = await db.selectFrom('monitoring_questionnaire').select('id').where('form_id', '=', 'beneficiary_2026').executeTakeFirst();
  if (exists) return;
  const q = {
    title: 'Кызмат алуучулардын сурамжылоосу / Опрос получателей услуг 2026',
    formId: 'beneficiary_2026',
    version: '1',
    defaultLanguage: 'ky',
    questions: [
      { type: 'select_one', name: 'sex', listName: 'sex', label: { ky: 'Жынысыңыз', ru: 'Ваш пол' }, hint: {}, required: true },
      { type: 'integer', name: 'age', listName: null, label: { ky: 'Жашыңыз', ru: 'Ваш возраст' }, hint: {}, required: true },
      { type: 'select_one', name: 'received', listName: 'yes_no', label: { ky: 'Кызматты алдыңызбы?', ru: 'Вы получили услугу?' }, hint: {}, required: true },
      { type: 'select_one', name: 'satisfaction', listName: 'likert5', label: { ky: 'Кызматка канчалык канааттандыңыз?', ru: 'Насколько вы довольны услугой?' }, hint: {}, required: false },
      { type: 'text', name: 'comment', listName: null, label: { ky: 'Сунуштарыңыз', ru: 'Ваши предложения' }, hint: {}, required: false },
    ],
    choices: [
      { listName: 'sex', name: 'f', label: { ky: 'Аял', ru: 'Женский' } },
      { listName: 'sex', name: 'm', label: { ky: 'Эркек', ru: 'Мужской' } },
      { listName: 'yes_no', name: 'yes', label: { ky: 'Ооба', ru: 'Да' } },
      { listName: 'yes_no', name: 'no', label: { ky: 'Жок', ru: 'Нет' } },
      ...[1, 2, 3, 4, 5].map((n) => ({ listName: 'likert5', name: String(n), label: { ky: String(n), ru: String(n) } })),
    ],
  };
  const parent = await db.insertInto('monitoring_questionnaire').values({ form_id: q.formId, title: q.title }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('monitoring_questionnaire_version')
    .values({ questionnaire_id: parent.id, version_no: 1, definition: JSON.stringify(q), issues: JSON.stringify([]), source_file_name: null })
    .execute();
}

/**
 * Two projects of the 2026 program that have finished (issue 11's "an evaluated finished project"):
 * SSO-2024-011 (ngo-3, Bishkek, ended 30.06.2026) evaluated and final; SSO-2024-012 (ngo-5, Bishkek,
 * ended 30.09.2026) not evaluated yet. Both on the 2026 program's first line, so its annual report
 * lists them. Idempotent: skips when SSO-2024-011 exists.
 */
async function seedEvaluations(db: Kysely<Database>, ctx: SeedContext) {
  if (await db.selectFrom('project').select('id').where('code', '=', 'SSO-2024-011').executeTakeFirst()) return;
  const officer = await db.selectFrom('app_user').select('id').where('email', '=', 'officer@kamkor.kg').executeTakeFirst();
  const program = await db.selectFrom('program').select('id').where('year_from', '=', 2026).where('customer_id', '=', ctx.orgIds.ministry!).executeTakeFirst();
  const line = program ? await db.selectFrom('program_line').select('id').where('program_id', '=', program.id).orderBy('line_no').executeTakeFirst() : undefined;
  if (!officer || !ctx.orgIds['ngo-3'] || !ctx.orgIds['ngo-5']) return;
  const bishkek = await db.selectFrom('admin_unit').select('soate').where('soate', '=', '41711000000000').executeTakeFirst();
  const finished = [
    {
      code: 'SSO-2024-011',
      name_ky: 'Кароосуз калган карыларга социалдык ашкана',
      name_ru: 'Социальная столовая для одиноких пожилых людей',
      name_en: 'Social canteen for lonely elderly people',
      contractor_id: ctx.orgIds['ngo-3']!,
      amount_tyiyn: 480_000 * 100,
      start_date: '2025-07-01',
      end_date: '2026-06-30',
    },
    {
      code: 'SSO-2024-012',
      name_ky: 'Мүмкүнчүлүгү чектелген жаштарды жумушка орноштуруу',
      name_ru: 'Трудоустройство молодых людей с инвалидностью',
      name_en: 'Jobs for young people with disabilities',
      contractor_id: ctx.orgIds['ngo-5']!,
      amount_tyiyn: 620_000 * 100,
      start_date: '2025-10-01',
      end_date: '2026-09-30',
    },
  ];
  const rows = await db
    .insertInto('project')
    .values(finished.map((p) => ({ ...p, customer_id: ctx.orgIds.ministry!, frequency: 'quarterly', program_line_id: line?.id ?? null, signed_at: `${p.start_date}T10:00:00Z`, created_by: officer.id })))
    .returning(['id', 'code'])
    .execute();
  if (bishkek) await db.insertInto('project_territory').values(rows.map((r) => ({ project_id: r.id, admin_unit_soate: bishkek.soate }))).execute();
  const criteria = await db.selectFrom('evaluation_criteria').select('id').where('version', '=', 1).executeTakeFirstOrThrow();
  const evaluated = rows.find((r) => r.code === 'SSO-2024-011')!;
  await db
    .insertInto('project_evaluation')
    .values({
      project_id: evaluated.id,
      criteria_id: criteria.id,
      scores: JSON.stringify({
        relevance: { score: 5, comment: 'Шаарда жалгыз карылар көп / В городе много одиноких пожилых' },
        plan_fulfilment: { score: 4, comment: '11 айда 118 адам тамактанды / За 11 месяцев питание получили 118 человек' },
        result: { score: 4, comment: null },
        continuation: { score: 3, comment: 'Мэрия 2027-жылы каржылоону карап жатат / Мэрия рассматривает финансирование на 2027 год' },
        long_term_effect: { score: 3, comment: null },
      }),
      conclusion: 'Долбоор максатына жетти; улантууну сунуштайбыз. / Проект достиг цели; рекомендуем продолжить.',
      status: 'final',
      evaluated_by: officer.id,
      updated_at: new Date('2026-07-20T09:00:00Z'),
      finalised_at: new Date('2026-07-20T09:00:00Z'),
    })
    .execute();
}

/**
 * 30 responses to the beneficiary questionnaire on SSO-2025-001, half given in Kyrgyz and half in
 * Russian, with sex and age group (from the answers). Idempotent by respondent id.
 */
async function seedResponses(db: Kysely<Database>, projectId: string) {
  const version = await db
    .selectFrom('monitoring_questionnaire_version as v')
    .innerJoin('monitoring_questionnaire as q', 'q.id', 'v.questionnaire_id')
    .select('v.id')
    .where('q.form_id', '=', 'beneficiary_2026')
    .where('v.version_no', '=', 1)
    .executeTakeFirst();
  const unit = await db.selectFrom('project_territory').select('admin_unit_soate').where('project_id', '=', projectId).orderBy('admin_unit_soate').executeTakeFirst();
  const naryn = await db.selectFrom('app_user').select('id').where('email', '=', 'naryn@kamkor.kg').executeTakeFirst();
  if (!version || !unit || !naryn) return;
  const comments = [
    ['Кызмат убагында көрсөтүлөт, рахмат.', 'Услуги оказывают вовремя, спасибо.'],
    ['Үйгө келүү көбүрөөк болсо жакшы болмок.', 'Хотелось бы больше выездов на дом.'],
    ['Кызматкерлер сылык.', 'Сотрудники вежливые.'],
    ['', ''],
    ['Кышында жол жабылып калат.', 'Зимой дорогу заносит, трудно добраться.'],
  ];
  const rows = Array.from({ length: 30 }, (_, i) => {
    const lang = i % 2 === 0 ? 'ky' : 'ru';
    const sex = i % 3 === 0 ? 'm' : 'f';
    const age = 19 + ((i * 7) % 58);
    const received = i % 6 === 5 ? 'no' : 'yes';
    const answers: Record<string, string | number> = { sex, age, received };
    if (received === 'yes') answers.satisfaction = String(Math.min(5, 2 + ((i * 5) % 4)));
    const comment = comments[i % comments.length]![lang === 'ky' ? 0 : 1]!;
    if (comment) answers.comment = comment;
    const ageGroup = age < 30 ? '18_29' : age < 60 ? '30_59' : '60_plus';
    return {
      client_id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      questionnaire_version_id: version.id,
      project_id: projectId,
      visit_id: null,
      admin_unit_soate: unit.admin_unit_soate,
      respondent_sex: sex as 'f' | 'm',
      respondent_age_group: ageGroup as '18_29' | '30_59' | '60_plus',
      respondent_name: null,
      respondent_ref: `NRN-${String(i + 1).padStart(3, '0')}`,
      answers: JSON.stringify(answers),
      language: lang as 'ky' | 'ru',
      source: 'xlsx' as const,
      answered_at: new Date(Date.UTC(2026, 3, 16, 4 + (i % 6), (i * 11) % 60)),
      created_by: naryn.id,
    };
  });
  await db.insertInto('monitoring_response').values(rows).onConflict((oc) => oc.doNothing()).execute();
}
