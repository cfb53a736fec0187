import type { Kysely } from 'kysely';
import { defaultCriteria } from '@kamkor/domain';
import type { Database } from '../schema/index.ts';
import { writeAudit } from '../queries/audit.ts';
import { findActor } from '../queries/people.ts';
import { createProject } from '../queries/results-projects.ts';
import type { SeedContext } from './context.ts';


/** Fixed ids of the demo round with published results (route matrix, anonymity and browser tests). */
export const demoResultsIds = {
  /** The ministry's 2027 competition on line 4 of the approved program (Issyk-Kul): scored, protocol signed, awarded. */
  awarded: 'c0000000-0000-4000-8000-000000000003',
  /** ngo-3's winning application (its contract is signed, the advance tranche paid). */
  winner1: 'a0000000-0000-4000-8000-000000000011',
  /** ngo-4's winning application (its contract is created, not signed yet). */
  winner2: 'a0000000-0000-4000-8000-000000000012',
  /** ngo-2's application: ranked third, not awarded; its complaint was answered (rejected). */
  notAwarded: 'a0000000-0000-4000-8000-000000000013',
  /** ngo-1's application: refused at eligibility (ngo@ may still complain while the period runs). */
  ineligible: 'a0000000-0000-4000-8000-000000000014',
  /** ngo-5's draft: its submission came after the deadline and was refused. */
  late: 'a0000000-0000-4000-8000-000000000015',
  /** A planned competition (a working draft of the ministry) on line 5: no public page, no open data. */
  planned: 'c0000000-0000-4000-8000-000000000004',
  /** ngo-2's answered complaint. */
  complaint: 'b0000000-0000-4000-8000-000000000001',
} as const;

const DAY = 86400_000;

/**
 * A full 2027 round with published results: five applications from the demo NGOs (two winners, one
 * ranked below the lot's budget, one ineligible, one late draft). The winners are ngo-3 and ngo-4, which have no
 * demo accounts, so the projects of ngo@ and ngo2@ stay the 2025 ones, a commission member's score sheets,
 * the signed protocol, the third NGO's complaint answered, and the winners' contracts (one signed, with
 * its advance tranche paid). Plain inserts plus createProject, so seeding stays fast.
 */
export async function seedCompetitionResults(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  const program = await db.selectFrom('program').select(['id', 'customer_id']).where('title', '=', 'Программа государственного социального заказа на 2026 год').executeTakeFirst();
  if (!program) return;
  const line = await db.selectFrom('program_line').select(['id']).where('program_id', '=', program.id).where('line_no', '=', 4).executeTakeFirst();
  const line5 = await db.selectFrom('program_line').select(['id']).where('program_id', '=', program.id).where('line_no', '=', 5).executeTakeFirst();
  const users = await db.selectFrom('app_user').select(['id', 'email']).where('email', 'in', ['officer@kamkor.kg', 'ngo@kamkor.kg', 'ngo2@kamkor.kg', 'commission@kamkor.kg', 'secretary@kamkor.kg']).execute();
  const userId = (email: string) => users.find((u) => u.email === email)?.id ?? null;
  const officerId = userId('officer@kamkor.kg');
  const commissionId = userId('commission@kamkor.kg');
  if (!line || !line5 || !officerId || !commissionId) return;
  const orgs = await db.selectFrom('organisation').select(['id', 'inn']).where('id', 'in', ['ngo-1', 'ngo-2', 'ngo-3', 'ngo-4', 'ngo-5'].map((k) => ctx.orgIds[k]!)).execute();
  const innOf = (key: string) => orgs.find((o) => o.id === ctx.orgIds[key])?.inn ?? '00000000000000';
  const now = Date.now();
  const signedAt = new Date(now - 3 * DAY);
  const c = demoResultsIds.awarded;

  await db
    .insertInto('competition')
    .values({
      id: c,
      program_id: program.id,
      program_line_id: line.id,
      customer_id: program.customer_id,
      title: 'Возвращение детей из интернатов в семьи Иссык-Кульской области, 2027',
      goal: 'Сопровождение семей, чтобы дети из интернатных учреждений Иссык-Кульской области вернулись домой или в замещающие семьи в 2027 году.',
      lot_budget_tyiyn: 2_000_000_00,
      max_amount_tyiyn: 1_000_000_00,
      opens_at: new Date(now - 75 * DAY),
      closes_at: new Date(now - 45 * DAY),
      status: 'awarded',
      protocol_signed_at: signedAt,
      complaint_days: 10,
      created_by: officerId,
      created_at: new Date(now - 80 * DAY),
      updated_at: signedAt,
    })
    .execute();
  await db
    .insertInto('competition')
    .values({
      id: demoResultsIds.planned,
      program_id: program.id,
      program_line_id: line5.id,
      customer_id: program.customer_id,
      title: 'Республиканский телефон доверия для детей и подростков, 2027',
      goal: 'Круглосуточная бесплатная линия психологической помощи детям и подросткам на кыргызском и русском языках.',
      lot_budget_tyiyn: 1_000_000_00,
      max_amount_tyiyn: 1_000_000_00,
      opens_at: new Date(now + 20 * DAY),
      closes_at: new Date(now + 50 * DAY),
      status: 'planned',
      created_by: officerId,
    })
    .execute();
  await db
    .insertInto('competition_criterion')
    .values(defaultCriteria.map((k, i) => ({ competition_id: demoResultsIds.planned, position: i + 1, code: k.code, weight: k.weight, max_points: k.maxPoints })))
    .execute();
  const criteria = await db
    .insertInto('competition_criterion')
    .values(defaultCriteria.map((k, i) => ({ competition_id: c, position: i + 1, code: k.code, weight: k.weight, max_points: k.maxPoints })))
    .returning(['id', 'position'])
    .execute();
  criteria.sort((a, b) => a.position - b.position);
  // commission@ chairs this commission; secretary@ is its secretary (they answer complaints, issue #9).
  await db.insertInto('commission_member').values({ competition_id: c, user_id: commissionId, role: 'chair', conflicts_declared_at: new Date(now - 40 * DAY) }).execute();
  const secretaryId = userId('secretary@kamkor.kg');
  if (secretaryId) await db.insertInto('commission_member').values({ competition_id: c, user_id: secretaryId, role: 'secretary', conflicts_declared_at: new Date(now - 40 * DAY) }).execute();

  const apps = [
    { id: demoResultsIds.winner1, code: 'A-N7RK', org: 'ngo-3', contact: ['Бакыт Осмонов', '+996 772 30 40 50'], title: 'Домой из интерната: сопровождение 20 семей в Караколе', goal: 'Вернуть в кровные семьи 20 детей из интернатов Каракола и удержать их дома.', description: 'Социальный работник на каждые пять семей, план реинтеграции ребёнка, помощь с документами и пособиями, группа родителей, ежеквартальная оценка благополучия семьи.', requested: 980_000_00, status: 'awarded', points: [9, 9, 8, 9, 8] },
    { id: demoResultsIds.winner2, code: 'A-D3FW', org: 'ngo-4', contact: ['Жыпар Токтогулова', '+996 559 70 80 90'], title: 'Замещающие семьи для детей Иссык-Кульского района', goal: 'Подготовить и сопровождать 12 замещающих семей для детей, которые не могут вернуться домой.', description: 'Отбор и обучение кандидатов, психолог для детей и семей, встречи поддержки, консультации по опеке.', requested: 900_000_00, status: 'awarded', points: [8, 8, 8, 8, 7] },
    { id: demoResultsIds.notAwarded, code: 'A-Q8MZ', org: 'ngo-2', contact: ['Elena Petrova', '+996 700 44 55 66'], title: 'Дневной центр для детей, вернувшихся в семьи Балыкчы', goal: 'Занятия после школы для 25 детей, вернувшихся из интернатов.', description: 'Педагог и психолог, помощь с уроками, горячее питание, летний лагерь, встречи с родителями.', requested: 950_000_00, status: 'not_awarded', points: [8, 7, 7, 8, 7] },
    { id: demoResultsIds.ineligible, code: 'A-H5TB', org: 'ngo-1', contact: ['Айгүл Мамытова', '+996 555 11 22 33'], title: 'Курсы для матерей, забирающих детей домой', goal: 'Обучение 40 матерей навыкам ухода и воспитания.', description: 'Восемь модулей по два дня, раздаточные материалы, консультации специалистов.', requested: 600_000_00, status: 'rejected', points: null },
    { id: demoResultsIds.late, code: 'A-W6JC', org: 'ngo-5', contact: ['Гүлнара Асанова', '+996 703 12 13 14'], title: 'Кризисная помощь семьям в Чолпон-Ате', goal: 'Кризисная помощь 15 семьям, чтобы дети не попали в интернат.', description: 'Мобильная служба, продуктовые наборы, юридическая консультация, направление к специалистам.', requested: 700_000_00, status: 'draft', points: null },
  ] as const;
  for (const a of apps) {
    await db
      .insertInto('competition_application')
      .values({
        id: a.id,
        competition_id: c,
        code: a.code,
        organisation_id: ctx.orgIds[a.org]!,
        contact_name: a.contact[0],
        contact_phone: a.contact[1],
        inn: innOf(a.org),
        title: a.title,
        goal: a.goal,
        description: a.description,
        requested_tyiyn: a.requested,
        status: a.status,
        reject_reason: a.status === 'rejected' ? 'Устав организации не предусматривает услуги по семейному устройству детей; не приложена справка об отсутствии налоговой задолженности.' : null,
        submitted_at: a.status === 'draft' ? null : new Date(now - 50 * DAY),
        created_by: a.org === 'ngo-1' ? userId('ngo@kamkor.kg') : a.org === 'ngo-2' ? userId('ngo2@kamkor.kg') : null,
        created_at: new Date(now - 60 * DAY),
        // The late one was last touched when its submission, after the deadline, was refused.
        updated_at: a.status === 'draft' ? new Date(now - 45 * DAY + 2 * 3600_000) : signedAt,
      })
      .execute();
    if (a.points) {
      await db
        .insertInto('competition_score')
        .values(criteria.map((k, i) => ({ application_id: a.id, user_id: commissionId, criterion_id: k.id, points: a.points![i]!, comment: i === 0 ? 'Проект отвечает приоритету программы: деинституционализация.' : null })))
        .execute();
    }
  }
  await writeAudit(db, { actorId: officerId, action: 'competition.awarded', entity: 'competition', entityId: c, before: { status: 'evaluating' }, after: { status: 'awarded' } });

  await db
    .insertInto('competition_complaint')
    .values({
      id: demoResultsIds.complaint,
      competition_id: c,
      application_id: demoResultsIds.notAwarded,
      organisation_id: ctx.orgIds['ngo-2']!,
      text: 'Просим пересмотреть балл по критерию «бюджет»: в заявке указано софинансирование 15 % за счёт фонда, комиссия его не учла.',
      filed_by: userId('ngo2@kamkor.kg'),
      filed_at: new Date(now - 2 * DAY),
      status: 'rejected',
      reasons: 'Софинансирование учтено: балл 8 из 10 по критерию «бюджет». Заявка заняла третье место; остаток лота (120 000 сом) меньше запрошенной суммы.',
      answered_by: userId('secretary@kamkor.kg') ?? commissionId,
      answered_at: new Date(now - 1 * DAY),
    })
    .execute();

  // The winners' contracts: projects of the results module on the line, as createContractFromApplication makes them.
  const officer = await findActor(db, officerId);
  if (!officer) return;
  const territories = (await db.selectFrom('program_line_territory').select('admin_unit_soate').where('line_id', '=', line.id).execute()).map((t) => t.admin_unit_soate);
  for (const a of apps.filter((x) => x.status === 'awarded')) {
    const projectId = await createProject(db, officer, {
      code: `SSO-2027-${a.code}`,
      name_ky: a.title,
      name_ru: a.title,
      name_en: null,
      contractorId: ctx.orgIds[a.org]!,
      customerId: program.customer_id,
      amount: a.requested,
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      frequency: 'quarterly',
      territories,
      signed: a.id === demoResultsIds.winner1,
    });
    await db.updateTable('project').set({ program_line_id: line.id }).where('id', '=', projectId).execute();
    await db.updateTable('competition_application').set({ project_id: projectId }).where('id', '=', a.id).execute();
    if (a.id === demoResultsIds.winner1) {
      await db
        .insertInto('tranche')
        .values([
          { project_id: projectId, tranche_no: 1, amount_tyiyn: 490_000_00, planned_date: '2027-01-10', released_at: new Date(now - DAY), released_by: officerId },
          { project_id: projectId, tranche_no: 2, amount_tyiyn: 490_000_00, planned_date: '2027-07-10', released_at: null, released_by: null },
        ])
        .execute();
    }
  }
}
