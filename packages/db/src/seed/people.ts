import { sql } from 'kysely';
import type { Role } from '@kamkor/domain';
import type { Db } from '../queries/audit.ts';
import { hashPassword } from '../queries/crypto.ts';

/** The password of every demo account; shown on the login page only in demo mode. */
export const DEMO_PASSWORD = 'kamkor-demo-2026';

export const demoAccounts: { email: string; role: Role; org: string; full_name: string }[] = [
  { email: 'admin@kamkor.kg', role: 'admin', org: 'ministry', full_name: 'Айбек Осмонов' },
  { email: 'officer@kamkor.kg', role: 'program_officer', org: 'ministry', full_name: 'Гүлнара Токтосунова' },
  { email: 'naryn@kamkor.kg', role: 'territorial_officer', org: 'td-naryn', full_name: 'Бакыт Жумабеков' },
  // A second territorial division, second municipality: the route matrix checks that officers of
  // one organisation cannot reach another's records (apps/web/e2e/route-matrix.ts).
  { email: 'osh@kamkor.kg', role: 'territorial_officer', org: 'td-osh', full_name: 'Мирлан Ташиев' },
  { email: 'commission@kamkor.kg', role: 'commission_member', org: 'ministry', full_name: 'Нурлан Сыдыков' },
  { email: 'ngo@kamkor.kg', role: 'ngo_staff', org: 'ngo-1', full_name: 'Айгүл Мамытова' },
  { email: 'ngo2@kamkor.kg', role: 'ngo_staff', org: 'ngo-2', full_name: 'Elena Petrova' },
  { email: 'municipal@kamkor.kg', role: 'municipal_officer', org: 'mun-1', full_name: 'Жаныбек Абдыкадыров' },
  { email: 'jazy@kamkor.kg', role: 'municipal_officer', org: 'mun-2', full_name: 'Асель Жээнбекова' },
  { email: 'analyst@kamkor.kg', role: 'analyst', org: 'ministry', full_name: 'Динара Асанова' },
  // The rest of the demo commission (issue #9): a civil-society member and the secretary.
  { email: 'commission2@kamkor.kg', role: 'commission_member', org: 'ministry', full_name: 'Чолпон Бейшеналиева' },
  { email: 'secretary@kamkor.kg', role: 'commission_member', org: 'ministry', full_name: 'Эркин Мамбетов' },
];

interface DemoOrg {
  key: string;
  kind: string;
  name_ky: string;
  name_ru: string;
  name_en: string;
  inn?: string;
  registration_no?: string;
  address?: string;
  contacts?: string;
  /** Exact SOATE, or a name pattern to find the unit in the shipped territory file. */
  soate?: string;
  unitName?: string;
}

const demoOrgs: DemoOrg[] = [
  {
    key: 'ministry',
    kind: 'ministry',
    name_ky: 'Кыргыз Республикасынын Эмгек жана социалдык өнүгүү министрлиги',
    name_ru: 'Министерство труда и социального развития Кыргызской Республики',
    name_en: 'Ministry of Labour and Social Development of the Kyrgyz Republic',
    address: 'Бишкек ш., Тыныстанов к., 215',
    contacts: '+996 312 62 14 85',
    soate: '41700000000000',
  },
  {
    key: 'td-naryn',
    kind: 'territorial_division',
    name_ky: 'Нарын облустук социалдык өнүгүү башкармалыгы',
    name_ru: 'Нарынское областное управление социального развития',
    name_en: 'Naryn Oblast Social Development Department',
    address: 'Нарын ш., Ленин к., 40',
    contacts: '+996 3522 5 02 11',
    soate: '41704000000000',
  },
  {
    key: 'td-osh',
    kind: 'territorial_division',
    name_ky: 'Ош облустук социалдык өнүгүү башкармалыгы',
    name_ru: 'Ошское областное управление социального развития',
    name_en: 'Osh Oblast Social Development Department',
    address: 'Ош ш., Ленин к., 221',
    contacts: '+996 3222 5 44 30',
    soate: '41706000000000',
  },
  {
    key: 'ngo-1',
    kind: 'ngo',
    name_ky: '«Үмүт-Надежда» коомдук бирикмеси',
    name_ru: 'Общественное объединение «Умут-Надежда»',
    name_en: 'Umut-Nadezhda Public Association',
    inn: '02104200910123',
    registration_no: '12345-3301-ОО',
    address: 'Нарын ш., Сагынбай Орозбаков к., 12',
    contacts: '+996 555 11 22 33, umut@example.kg',
    soate: '41704000000000',
  },
  {
    key: 'ngo-2',
    kind: 'ngo',
    name_ky: '«Ак-Жүрөк» коомдук фонду',
    name_ru: 'Общественный фонд «Ак-Журок»',
    name_en: 'Ak-Zhurok Public Foundation',
    inn: '02205201510456',
    registration_no: '23456-3300-ОФ',
    address: 'Ош ш., Курманжан Датка к., 180',
    contacts: '+996 777 44 55 66, akjurok@example.kg',
    soate: '41706000000000',
  },
  {
    key: 'ngo-3',
    kind: 'ngo',
    name_ky: '«Кайрымдуулук» бейөкмөт уюму',
    name_ru: 'НКО «Кайрымдуулук»',
    name_en: 'Kairymduuluk NGO',
    inn: '01503201210789',
    registration_no: '34567-3301-У',
    address: 'Бишкек ш., Чүй пр., 120',
    contacts: '+996 312 90 12 34',
    soate: '41711000000000',
  },
  {
    key: 'ngo-4',
    kind: 'ngo',
    name_ky: '«Аялдар демилгеси» коомдук бирикмеси',
    name_ru: 'Общественное объединение «Женская инициатива»',
    name_en: "Women's Initiative Public Association",
    inn: '02011200810321',
    registration_no: '45678-3301-ОО',
    address: 'Каракол ш., Абдрахманов к., 95',
    contacts: '+996 700 12 34 56',
    soate: '41702000000000',
  },
  {
    key: 'ngo-5',
    kind: 'ngo',
    name_ky: '«Мээрим булагы» коомдук фонду',
    name_ru: 'Общественный фонд «Мээрим булагы»',
    name_en: 'Meerim Bulagy Public Foundation',
    inn: '01807201410654',
    registration_no: '56789-3300-ОФ',
    address: 'Жалал-Абад ш., Токтогул к., 7',
    contacts: '+996 550 98 76 54',
    soate: '41703000000000',
  },
  { key: 'mun-1', kind: 'municipality', name_ky: 'Александровка айыл өкмөтү', name_ru: 'Айыл окмоту Александровка', name_en: 'Aleksandrovka Aiyl Okmotu', unitName: 'aleksandrovka' },
  { key: 'mun-2', kind: 'municipality', name_ky: 'Жазы айыл өкмөтү', name_ru: 'Айыл окмоту Жазы', name_en: 'Jazy Aiyl Okmotu', unitName: 'jazy' },
  { key: 'mun-3', kind: 'municipality', name_ky: 'Токтогул айыл өкмөтү', name_ru: 'Айыл окмоту Токтогул', name_en: 'Toktogul Aiyl Okmotu', unitName: 'toktogul' },
  { key: 'mun-4', kind: 'municipality', name_ky: 'Каракол шаарынын мэриясы', name_ru: 'Мэрия города Каракол', name_en: 'Karakol City Hall', unitName: 'karakol' },
];

async function findUnitByName(db: Db, pattern: string): Promise<string | null> {
  const row = await db
    .selectFrom('admin_unit')
    .select('soate')
    .where(sql`lower(name_en)`, 'like', `%${pattern}%`)
    .where('level', 'in', ['aiyl_aimak', 'city'])
    .where('valid_to', 'is', null)
    .orderBy('soate')
    .executeTakeFirst();
  return row?.soate ?? null;
}

/** Seeds demo organisations and one account per role; returns organisation ids by key. */
export async function seedPeople(db: Db): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const { key, unitName, soate, ...org } of demoOrgs) {
    const unit = soate ?? (unitName ? await findUnitByName(db, unitName) : null);
    const exists = await db.selectFrom('organisation').select('id').where('name_en', '=', org.name_en).executeTakeFirst();
    if (exists) {
      ids[key] = exists.id;
      continue;
    }
    const row = await db
      .insertInto('organisation')
      .values({ ...org, admin_unit_soate: unit, inn: org.inn ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of demoAccounts) {
    let user = await db.selectFrom('app_user').select('id').where('email', '=', account.email).executeTakeFirst();
    if (!user) {
      user = await db
        .insertInto('app_user')
        .values({ email: account.email, full_name: account.full_name, password_hash: passwordHash, password_changed_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    await db
      .insertInto('membership')
      .values({ user_id: user.id, organisation_id: ids[account.org]!, role: account.role })
      .onConflict((oc) => oc.constraint('membership_unique').doNothing())
      .execute();
  }
  return ids;
}
