import type { Kysely } from 'kysely';
import { defaultCriteria } from '@kamkor/domain';
import type { Database } from '../schema/index.ts';
import type { SeedContext } from './context.ts';

/**
 * Fixed ids of the demo competitions and applications, so the route matrix (apps/web/e2e/route-matrix.ts)
 * can name their URLs without looking them up.
 */
export const demoCompetitionIds = {
  /** Accepting applications now, on line 3 of the approved 2026 program; ngo-1 has a draft in it. */
  accepting: 'c0000000-0000-4000-8000-000000000001',
  /** Under evaluation, on line 2: applications of ngo-1 and ngo-2 admitted; commission@ chairs its commission, commission2@ a member, secretary@ its secretary. */
  evaluating: 'c0000000-0000-4000-8000-000000000002',
  /** ngo-1's draft application in the accepting competition. */
  draftApplication: 'a0000000-0000-4000-8000-000000000001',
  /** ngo-1's admitted application in the competition under evaluation. */
  admittedApplication: 'a0000000-0000-4000-8000-000000000002',
} as const;

const DAY = 86400_000;

/** Demo competitions: one accepting applications, one under evaluation with submitted and admitted applications. */
export async function seedCompetitions(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  const program = await db.selectFrom('program').select(['id', 'customer_id']).where('title', '=', 'Программа государственного социального заказа на 2026 год').executeTakeFirst();
  if (!program) return;
  const lines = await db.selectFrom('program_line').select(['id', 'line_no']).where('program_id', '=', program.id).orderBy('line_no').execute();
  const users = await db.selectFrom('app_user').select(['id', 'email']).where('email', 'in', ['officer@kamkor.kg', 'ngo@kamkor.kg', 'ngo2@kamkor.kg', 'commission@kamkor.kg', 'commission2@kamkor.kg', 'secretary@kamkor.kg']).execute();
  const userId = (email: string) => users.find((u) => u.email === email)?.id ?? null;
  const orgs = await db.selectFrom('organisation').select(['id', 'inn']).where('id', 'in', [ctx.orgIds['ngo-1']!, ctx.orgIds['ngo-2']!]).execute();
  const innOf = (id: string) => orgs.find((o) => o.id === id)?.inn ?? '00000000000000';
  const now = Date.now();
  const ngo1 = ctx.orgIds['ngo-1']!;
  const ngo2 = ctx.orgIds['ngo-2']!;

  const competitions = [
    {
      id: demoCompetitionIds.accepting,
      line: lines[2]!,
      title: 'Кризисное убежище для пострадавших от насилия в Чуйской области, 2026',
      goal: 'Безопасное временное жильё, психологическая и юридическая помощь женщинам и детям, пострадавшим от насилия.',
      status: 'accepting',
      opens_at: new Date(now - 7 * DAY),
      closes_at: new Date(now + 30 * DAY),
    },
    {
      id: demoCompetitionIds.evaluating,
      line: lines[1]!,
      title: 'Надомный уход за одинокими пожилыми людьми в Ошской области, 2026',
      goal: 'Регулярный надомный уход и социальное сопровождение одиноких пожилых людей в двух районах.',
      status: 'evaluating',
      opens_at: new Date(now - 60 * DAY),
      closes_at: new Date(now - 20 * DAY),
    },
  ];
  for (const c of competitions) {
    await db
      .insertInto('competition')
      .values({
        id: c.id,
        program_id: program.id,
        program_line_id: c.line.id,
        customer_id: program.customer_id,
        title: c.title,
        goal: c.goal,
        lot_budget_tyiyn: 2_000_000_00,
        max_amount_tyiyn: 1_000_000_00,
        opens_at: c.opens_at,
        closes_at: c.closes_at,
        status: c.status,
        created_by: userId('officer@kamkor.kg'),
      })
      .execute();
    await db
      .insertInto('competition_criterion')
      .values(defaultCriteria.map((k, i) => ({ competition_id: c.id, position: i + 1, code: k.code, weight: k.weight, max_points: k.maxPoints })))
      .execute();
  }
  const commissionUser = userId('commission@kamkor.kg');
  // The commission of the competition under evaluation: commission@ chairs it (state), commission2@
  // is a civil-society member, secretary@ is its secretary (eligibility, protocol; does not score).
  if (commissionUser) await db.insertInto('commission_member').values({ competition_id: demoCompetitionIds.evaluating, user_id: commissionUser, role: 'chair', sector: 'state' }).execute();
  const seats = [
    { email: 'commission2@kamkor.kg', role: 'member', sector: 'civil_society' },
    { email: 'secretary@kamkor.kg', role: 'secretary', sector: 'state' },
  ];
  for (const seat of seats) {
    const id = userId(seat.email);
    if (id) await db.insertInto('commission_member').values({ competition_id: demoCompetitionIds.evaluating, user_id: id, role: seat.role, sector: seat.sector }).execute();
  }

  const applications = [
    {
      id: demoCompetitionIds.draftApplication,
      competition_id: demoCompetitionIds.accepting,
      code: 'A-7K2Q',
      organisation_id: ngo1,
      contact_name: 'Айгүл Мамытова',
      contact_phone: '+996 555 11 22 33',
      title: 'Убежище «Тынчтык»: 12 мест и круглосуточная линия',
      goal: 'Дать 60 женщинам и детям безопасное жильё и помощь за год.',
      description: 'Аренда и оснащение дома на 12 мест, дежурство психолога, юридические консультации, сопровождение в суд.',
      requested: 950_000_00,
      status: 'draft',
      created_by: userId('ngo@kamkor.kg'),
      submitted_at: null,
    },
    {
      id: demoCompetitionIds.admittedApplication,
      competition_id: demoCompetitionIds.evaluating,
      code: 'A-4MHR',
      organisation_id: ngo1,
      contact_name: 'Айгүл Мамытова',
      contact_phone: '+996 555 11 22 33',
      title: 'Уход на дому в Кара-Суйском районе',
      goal: 'Ежедневный уход за 40 одинокими пожилыми людьми.',
      description: 'Шесть социальных работников, график посещений, доставка продуктов и лекарств, ежеквартальный опрос удовлетворённости.',
      requested: 980_000_00,
      status: 'admitted',
      created_by: userId('ngo@kamkor.kg'),
      submitted_at: new Date(now - 25 * DAY),
    },
    {
      id: 'a0000000-0000-4000-8000-000000000003',
      competition_id: demoCompetitionIds.evaluating,
      code: 'A-P9TX',
      organisation_id: ngo2,
      contact_name: 'Elena Petrova',
      contact_phone: '+996 700 44 55 66',
      title: 'Соседская помощь пожилым в Ноокатском районе',
      goal: 'Сеть волонтёров-соседей и два соцработника для 35 пожилых людей.',
      description: 'Обучение 20 волонтёров, патронаж, горячая линия, ремонт жилья по мелочам, отчёт перед айыл өкмөтү.',
      requested: 760_000_00,
      status: 'admitted',
      created_by: userId('ngo2@kamkor.kg'),
      submitted_at: new Date(now - 22 * DAY),
    },
  ];
  for (const a of applications) {
    const { requested, ...rest } = a;
    await db.insertInto('competition_application').values({ ...rest, inn: innOf(a.organisation_id), requested_tyiyn: requested }).execute();
  }
}
