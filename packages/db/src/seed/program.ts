import type { Kysely } from 'kysely';
import { bishkekToday } from '@kamkor/domain';
import type { Database } from '../schema/index.ts';
import { currentSnapshot } from '../queries/program-versions.ts';

import type { SeedContext } from './context.ts';

type SeedLine = [service: string, area: string, groups: string[], soates: string[], beneficiaries: number, som: number, results: string, indicators: string[]];

const indicators = [
  { code: 'IND-01', name_ky: 'Кызмат алган бенефициарлардын саны', name_ru: 'Число получателей услуг', name_en: 'Number of beneficiaries served', unit: 'чел.', target: 1200 },
  { code: 'IND-02', name_ky: 'Кызматка канааттанган бенефициарлардын үлүшү', name_ru: 'Доля получателей, удовлетворённых услугой', name_en: 'Share of beneficiaries satisfied', unit: '%', target: 85 },
  { code: 'IND-03', name_ky: 'Мекемелерден үй-бүлөгө кайтарылган балдардын саны', name_ru: 'Число детей, возвращённых из учреждений в семьи', name_en: 'Children returned from institutions to families', unit: 'детей', target: 30 },
  { code: 'IND-04', name_ky: 'Жумушка орношкон катышуучулардын саны', name_ru: 'Число трудоустроенных участников', name_en: 'Participants placed in jobs', unit: 'чел.', target: 25 },
];

// The 12 program-line ideas of data/demo-organisations.md (2027 draft of the ministry).
const lines2027: SeedLine[] = [
  ['SRV-01', 'PA-02', ['TG-01'], ['41704400000010'], 40, 2_400_000, 'Ежедневная реабилитация 40 детей с ОВЗ в г. Нарын; родители обучены навыкам ухода.', ['IND-01', 'IND-02']],
  ['SRV-07', 'PA-03', ['TG-03'], ['41706226000000'], 60, 1_800_000, 'Надомный уход за 60 одинокими пожилыми людьми Кара-Сууского района.', ['IND-01', 'IND-02']],
  ['SRV-09', 'PA-04', ['TG-05'], ['41708000000000'], 120, 4_500_000, 'Убежище и кризисная помощь 120 женщинам и детям Чуйской области.', ['IND-01']],
  ['SRV-19', 'PA-05', ['TG-06'], ['41711000000000'], 35, 2_000_000, 'Ресоциализация 35 женщин, освободившихся из мест лишения свободы.', ['IND-01', 'IND-04']],
  ['SRV-14', 'PA-01', ['TG-04'], ['41703225000000'], 80, 1_500_000, 'Социальное сопровождение 80 семей в трудной жизненной ситуации.', ['IND-01']],
  ['SRV-03', 'PA-02', ['TG-01'], ['41702210830000'], 50, 900_000, 'Тьюторское сопровождение 50 детей с ОВЗ в школах Джети-Огуза.', ['IND-01']],
  ['SRV-04', 'PA-02', ['TG-16'], ['41708217809000'], 25, 700_000, 'Временный уход: передышка для 25 семей, воспитывающих людей с инвалидностью.', ['IND-01', 'IND-02']],
  ['SRV-16', 'PA-01', ['TG-07'], ['41721000000000'], 30, 3_200_000, 'Устройство 30 детей, оставшихся без попечения родителей, в семьи.', ['IND-03']],
  ['SRV-06', 'PA-02', ['TG-02'], ['41702410000010'], 150, 1_200_000, 'Социальное такси для 150 взрослых с инвалидностью в г. Каракол.', ['IND-01']],
  ['SRV-10', 'PA-04', ['TG-05'], ['41706255824000'], 100, 600_000, 'Психологические консультации для 100 пострадавших от насилия.', ['IND-01', 'IND-02']],
  ['SRV-20', 'PA-05', ['TG-09'], ['41704235816000'], 45, 1_100_000, 'Профобучение 45 молодых людей группы риска и помощь в трудоустройстве.', ['IND-04']],
  // Left without an indicator on purpose: the draft shows the warning officers must clear.
  ['SRV-18', 'PA-01', ['TG-14', 'TG-15'], ['41706255000000'], 200, 2_800_000, 'Поддержка 200 детей из семей трудовых мигрантов Узгенского района.', []],
];

const lines2026: SeedLine[] = [
  ['SRV-01', 'PA-02', ['TG-01'], ['41704400000010'], 35, 2_100_000, 'Дневная реабилитация детей с ОВЗ в г. Нарын.', ['IND-01']],
  ['SRV-07', 'PA-03', ['TG-03'], ['41706226000000', '41706255000000'], 80, 2_300_000, 'Надомный уход за одинокими пожилыми в Ошской области.', ['IND-01', 'IND-02']],
  ['SRV-09', 'PA-04', ['TG-05'], ['41708000000000'], 100, 4_000_000, 'Кризисное убежище в Чуйской области.', ['IND-01']],
  ['SRV-15', 'PA-01', ['TG-07'], ['41702000000000'], 25, 2_600_000, 'Возвращение детей из интернатов в семьи Иссык-Кульской области.', ['IND-03']],
  ['SRV-12', 'PA-04', ['TG-05'], ['41700000000000'], 3000, 1_500_000, 'Республиканский телефон доверия.', ['IND-01']],
  ['SRV-20', 'PA-05', ['TG-09'], ['41705000000000'], 40, 1_000_000, 'Профобучение молодёжи группы риска в Баткенской области.', ['IND-04']],
];

const localLines: SeedLine[] = [
  ['SRV-04', 'PA-02', ['TG-16'], ['41708217809000'], 25, 700_000, 'Временный уход для семей Александровского айылного аймака.', ['IND-01']],
  ['SRV-22', 'PA-06', ['TG-08', 'TG-11'], ['41708217809020'], 120, 400_000, 'Мобилизация жителей Беш-Корука для открытия детского сада.', ['IND-01']],
];

async function insertProgram(
  db: Kysely<Database>,
  p: { customerId: string; title: string; year: number; source: 'republican' | 'local'; ceilingSom: number; createdBy: string | null; lines: SeedLine[]; yearForDates: number },
) {
  const program = await db
    .insertInto('program')
    .values({
      customer_id: p.customerId,
      title: p.title,
      year_from: p.year,
      year_to: p.year,
      funding_source: p.source,
      ceiling_tyiyn: p.ceilingSom * 100,
      created_by: p.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ind = await db
    .insertInto('program_indicator')
    .values(indicators.map((i) => ({ ...i, program_id: program.id })))
    .returning(['id', 'code'])
    .execute();
  const indId = new Map(ind.map((i) => [i.code, i.id]));
  let no = 0;
  for (const [service, area, groups, soates, ben, som, results, inds] of p.lines) {
    no++;
    const line = await db
      .insertInto('program_line')
      .values({
        program_id: program.id,
        line_no: no,
        priority_area_code: area,
        service_code: service,
        planned_beneficiaries: ben,
        budget_tyiyn: som * 100,
        period_start: `${p.yearForDates}-02-01`,
        period_end: `${p.yearForDates}-12-31`,
        expected_results: results,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('program_line_target_group').values(groups.map((g) => ({ line_id: line.id, target_group_code: g }))).execute();
    await db.insertInto('program_line_territory').values(soates.map((s) => ({ line_id: line.id, admin_unit_soate: s }))).execute();
    if (inds.length) await db.insertInto('program_line_indicator').values(inds.map((c) => ({ line_id: line.id, indicator_id: indId.get(c)! }))).execute();
  }
  return program.id;
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
}

/** Demo programs: the ministry's 2027 draft, its approved 2026 program with answered comments, and Aleksandrovka's local program in discussion. */
export async function seedPrograms(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  const officer = await db.selectFrom('app_user').select('id').where('email', '=', 'officer@kamkor.kg').executeTakeFirst();
  const municipal = await db.selectFrom('app_user').select('id').where('email', '=', 'municipal@kamkor.kg').executeTakeFirst();
  const ministry = ctx.orgIds.ministry!;

  await insertProgram(db, {
    customerId: ministry,
    title: 'Программа государственного социального заказа на 2027 год',
    year: 2027,
    source: 'republican',
    ceilingSom: 25_000_000,
    createdBy: officer?.id ?? null,
    lines: lines2027,
    yearForDates: 2027,
  });

  const approvedId = await insertProgram(db, {
    customerId: ministry,
    title: 'Программа государственного социального заказа на 2026 год',
    year: 2026,
    source: 'republican',
    ceilingSom: 14_000_000,
    createdBy: officer?.id ?? null,
    lines: lines2026,
    yearForDates: 2026,
  });
  await db.updateTable('program').set({ status: 'approved', discussion_start: '2026-01-26', discussion_end: '2026-02-15' }).where('id', '=', approvedId).execute();
  const firstLine = await db.selectFrom('program_line').select(['id', 'line_no']).where('program_id', '=', approvedId).orderBy('line_no').execute();
  const comments = [
    { name: 'Айнура Бекова', org: 'ОФ «Үмүт нуру»', line: 0, body: 'Предлагаем увеличить число детей на реабилитации в Нарыне до 40: очередь в городе — 52 ребёнка.', kind: 'partly', answer: 'Число увеличено до 35 в пределах потолка; остальное — в программе 2027 года.' },
    { name: 'Марат Усенов', org: null, line: 1, body: 'Включите Узгенский район в надомный уход: там много одиноких пожилых в сёлах.', kind: 'accepted', answer: 'Принято: Узгенский район добавлен в позицию 2.' },
    { name: 'Чолпон Асанова', org: 'ОО «Бирге»', line: null, body: 'Нужна отдельная позиция для семей трудовых мигрантов.', kind: 'rejected', answer: 'Не принято в 2026 году из-за потолка; позиция включена в проект программы 2027 года.' },
    { name: 'Бакыт К.', org: null, line: 4, body: 'Телефон доверия должен работать круглосуточно на кыргызском и русском языках.', kind: 'accepted', answer: 'Принято: требование внесено в описание услуги.' },
  ];
  for (const [i, c] of comments.entries()) {
    const line = c.line === null ? null : firstLine[c.line]!;
    await db
      .insertInto('program_comment')
      .values({
        program_id: approvedId,
        version_no: 1,
        line_id: line?.id ?? null,
        line_no: line?.line_no ?? null,
        author_name: c.name,
        author_org: c.org,
        body: c.body,
        status: 'published',
        moderated_by: officer?.id ?? null,
        moderated_at: new Date('2026-02-16T04:00:00Z'),
        response_kind: c.kind,
        response_text: c.answer,
        responded_by: officer?.id ?? null,
        responded_at: new Date('2026-02-20T04:00:00Z'),
        created_at: new Date(Date.parse('2026-02-01T06:00:00Z') + i * 86400_000),
      })
      .execute();
  }
  await db
    .insertInto('program_comment')
    .values({
      program_id: approvedId,
      version_no: 1,
      author_name: 'xx',
      author_org: null,
      body: 'Реклама: купите кредит онлайн!',
      status: 'rejected',
      rejection_reason: 'Не относится к программе (реклама).',
      moderated_by: officer?.id ?? null,
      moderated_at: new Date('2026-02-16T04:00:00Z'),
      created_at: new Date('2026-02-03T06:00:00Z'),
    })
    .execute();
  const snapshot = await currentSnapshot(db, approvedId);
  await db
    .insertInto('program_version')
    .values({
      program_id: approvedId,
      version_no: 1,
      approval_doc_no: '45-п',
      approval_date: '2026-03-02',
      approving_body: 'Министерство труда и социального развития Кыргызской Республики (приказ)',
      approved_by: officer?.id ?? null,
      snapshot: JSON.stringify(snapshot),
    })
    .execute();

  // Aleksandrovka's local program, in public discussion around the day the demo is set up.
  const localId = await insertProgram(db, {
    customerId: ctx.orgIds['mun-1']!,
    title: 'Александровка айыл аймагынын 2027-жылга жергиликтүү социалдык заказынын программасы',
    year: 2027,
    source: 'local',
    ceilingSom: 1_500_000,
    createdBy: municipal?.id ?? null,
    lines: localLines,
    yearForDates: 2027,
  });
  const today = bishkekToday();
  await db.updateTable('program').set({ status: 'public_discussion', discussion_start: addDays(today, -7), discussion_end: addDays(today, 30) }).where('id', '=', localId).execute();
  await db
    .insertInto('program_comment')
    .values({ program_id: localId, version_no: 1, author_name: 'Гүлмира Токтогулова', author_org: 'Беш-Корук айылынын аялдар кеңеши', body: 'Детский сад в Беш-Коруке — первая проблема по итогам ЖМБА. Просим предусмотреть и подвоз детей.' })
    .execute();
}

