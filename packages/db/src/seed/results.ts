import { sql } from 'kysely';
import { TOTAL_CELL, disaggregationGrid, reportingPeriods, type Category, type DisaggregationDimension, type ReportStatus } from '@kamkor/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/index.ts';
import { listDisaggregationCategories } from '../queries/results-projects.ts';
import { recomputeFlags } from '../queries/results-reports.ts';
import { snapshotIndicators } from '../queries/results-framework.ts';
import type { SeedContext } from './context.ts';

interface DemoProject {
  code: string;
  ky: string;
  ru: string;
  en: string;
  contractor: string;
  customer: string;
  territories: string[];
  amountSom: number;
}

const demoProjects: DemoProject[] = [
  { code: 'SSO-2025-001', ky: 'Мүмкүнчүлүгү чектелген балдар үчүн күндүзгү реабилитация', ru: 'Дневная реабилитация детей с инвалидностью', en: 'Day-care rehabilitation for children with disabilities', contractor: 'ngo-1', customer: 'ministry', territories: ['41704245000000', '41704400000010'], amountSom: 1_000_000 },
  { code: 'SSO-2025-002', ky: 'Жалгыз кары адамдарга үйдө кам көрүү', ru: 'Уход на дому за одинокими пожилыми людьми', en: 'Home care for lonely elderly people', contractor: 'ngo-1', customer: 'td-naryn', territories: ['41704235825000'], amountSom: 650_000 },
  { code: 'SSO-2025-003', ky: 'Зомбулуктан жабыр тарткандар үчүн кризистик борбор', ru: 'Кризисный центр для пострадавших от насилия', en: 'Crisis shelter for survivors of violence', contractor: 'ngo-2', customer: 'ministry', territories: ['41706226000000'], amountSom: 1_200_000 },
  { code: 'SSO-2025-004', ky: 'Балдарды интернатка берүүнүн алдын алуу үчүн үй-бүлөлөрдү колдоо', ru: 'Поддержка семей для предотвращения помещения детей в интернаты', en: 'Family support to keep children out of institutions', contractor: 'ngo-2', customer: 'ministry', territories: ['41706211000000'], amountSom: 900_000 },
  { code: 'SSO-2025-005', ky: 'Эркиндиктен ажыратуу жайларынан бошотулган аялдарды реинтеграциялоо', ru: 'Реинтеграция женщин, освободившихся из мест лишения свободы', en: 'Reintegration of women released from prison', contractor: 'ngo-3', customer: 'ministry', territories: ['41711000000000'], amountSom: 800_000 },
  { code: 'SSO-2025-006', ky: 'Интернаттан чыккан жаштарды социалдык коштоо', ru: 'Социальное сопровождение выпускников интернатных учреждений', en: 'Social support for young people leaving institutions', contractor: 'ngo-3', customer: 'ministry', territories: ['41711000000000'], amountSom: 700_000 },
  { code: 'SSO-2025-007', ky: 'Бала бакчада инклюзивдик топтор', ru: 'Инклюзивные группы в детском саду', en: 'Inclusive kindergarten groups', contractor: 'ngo-4', customer: 'mun-4', territories: ['41702410000010'], amountSom: 400_000 },
  { code: 'SSO-2025-008', ky: 'Жалгыз бой ата-энелүү үй-бүлөлөрдү колдоо', ru: 'Поддержка семей с одним родителем', en: 'Support to single-parent families', contractor: 'ngo-4', customer: 'ministry', territories: ['41702210000000'], amountSom: 750_000 },
  { code: 'SSO-2025-009', ky: 'Жамааттык реабилитация борбору', ru: 'Общинный реабилитационный центр', en: 'Community rehabilitation centre', contractor: 'ngo-5', customer: 'ministry', territories: ['41703225000000'], amountSom: 1_000_000 },
  { code: 'SSO-2025-010', ky: 'Ишеним телефону жана психологиялык жардам', ru: 'Телефон доверия и психологическая помощь', en: 'Hotline and psychological support', contractor: 'ngo-5', customer: 'ministry', territories: ['41703410000010'], amountSom: 550_000 },
];

/** A small deterministic generator, so the demo looks the same on every fresh start. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Status of period `p` (0..7, 2025-Q1..2026-Q4) of project `i`: every status appears. */
function statusOf(i: number, p: number): ReportStatus {
  if (p <= 3) return 'approved';
  if (p === 4) return i === 5 ? 'returned' : 'approved';
  if (p === 5) return i === 2 ? 'resubmitted' : 'approved';
  if (p === 6) return (['submitted', 'returned', 'approved', 'resubmitted', 'submitted', 'draft', 'draft', 'approved', 'submitted', 'returned'] as const)[i]!;
  return 'draft';
}

/** Ten contracted projects with frameworks, indicators and two years of quarterly reports in every status. */
export async function seedResults(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  const exists = await db.selectFrom('project').select('id').where('code', '=', demoProjects[0]!.code).executeTakeFirst();
  if (exists) return;
  const users = await db.selectFrom('app_user').select(['id', 'email']).where('email', 'in', ['officer@kamkor.kg', 'ngo@kamkor.kg', 'naryn@kamkor.kg']).execute();
  const officer = users.find((u) => u.email === 'officer@kamkor.kg')?.id ?? null;
  const units = new Map((await db.selectFrom('admin_unit').select(['soate', 'name_ky', 'name_ru', 'name_en']).execute()).map((u) => [u.soate, u]));
  const cats = (await listDisaggregationCategories(db)) as Partial<Record<DisaggregationDimension, Category[]>>;

  const projects = await db
    .insertInto('project')
    .values(
      demoProjects.map((p) => ({
        code: p.code,
        name_ky: p.ky,
        name_ru: p.ru,
        name_en: p.en,
        contractor_id: ctx.orgIds[p.contractor]!,
        customer_id: ctx.orgIds[p.customer]!,
        amount_tyiyn: p.amountSom * 100,
        start_date: '2025-01-01',
        end_date: '2026-12-31',
        frequency: 'quarterly',
        program_line_id: null,
        signed_at: '2024-12-20T10:00:00Z',
        created_by: officer,
      })),
    )
    .returning(['id', 'code'])
    .execute();
  const pid = new Map(projects.map((p) => [p.code, p.id]));
  await db
    .insertInto('project_territory')
    .values(demoProjects.flatMap((p) => p.territories.filter((t) => units.has(t)).map((t) => ({ project_id: pid.get(p.code)!, admin_unit_soate: t }))))
    .execute();

  // Framework: 1 goal → 1.1 / 1.2 results → 1.1.1 / 1.2.1 outputs.
  const goals = await db
    .insertInto('framework_node')
    .values(demoProjects.map((p) => ({
      project_id: pid.get(p.code)!, program_id: null, parent_id: null, level: 'goal', sort: 1,
      name_ky: `${p.ky}: максаттуу топтун жашоо сапатын жакшыртуу`, name_ru: `${p.ru}: повышение качества жизни целевой группы`, name_en: `${p.en}: better quality of life for the target group`,
      assumptions: null,
    })))
    .returning(['id', 'project_id'])
    .execute();
  const results = await db
    .insertInto('framework_node')
    .values(goals.flatMap((g) => [
      { project_id: g.project_id, program_id: null, parent_id: g.id, level: 'result', sort: 1, name_ky: 'Кызмат көрсөтүүлөр жеткиликтүү', name_ru: 'Услуги доступны целевой группе', name_en: 'Services reach the target group', assumptions: 'Жергиликтүү бийлик жайды берет / Органы МСУ предоставляют помещение' },
      { project_id: g.project_id, program_id: null, parent_id: g.id, level: 'result', sort: 2, name_ky: 'Үй-бүлөлөр колдоо алышат', name_ru: 'Семьи получают поддержку', name_en: 'Families receive support', assumptions: null },
    ]))
    .returning(['id', 'project_id', 'sort'])
    .execute();
  const outputs = await db
    .insertInto('framework_node')
    .values(results.map((r) => ({
      project_id: r.project_id, program_id: null, parent_id: r.id, level: 'output', sort: 1,
      name_ky: r.sort === 1 ? 'Адистер даярдалды, кызмат ачылды' : 'Үй-бүлөлөргө консультациялар берилди',
      name_ru: r.sort === 1 ? 'Специалисты обучены, услуга открыта' : 'Семьям оказаны консультации',
      name_en: r.sort === 1 ? 'Staff trained, service opened' : 'Families counselled',
      assumptions: null,
    })))
    .returning(['id', 'project_id', 'parent_id'])
    .execute();
  const resultOf = new Map(results.map((r) => [r.id, r.sort]));
  const outputFor = (projectId: string, resultSort: number) => outputs.find((o) => o.project_id === projectId && resultOf.get(o.parent_id!) === resultSort)!.id;

  const periods = reportingPeriods('2025-01-01', '2026-12-31', 'quarterly');
  const specs = [
    { code: 'BEN', out: 1, type: 'number', direction: 'increase', mode: 'per_period', dis: ['sex', 'age_group'], unit: 'адам / чел. / people', ky: 'Кызмат алган бенефициарлардын саны', ru: 'Число бенефициаров, получивших услугу', en: 'Number of beneficiaries served', base: null as number | null, lop: 400, target: (_p: number) => 50, min: 0, max: 1000 },
    { code: 'SAT', out: 1, type: 'percentage', direction: 'increase', mode: 'per_period', dis: ['sex'], unit: '%', ky: 'Кызматтан канааттанган бенефициарлардын үлүшү', ru: 'Доля бенефициаров, удовлетворённых услугой', en: 'Share of beneficiaries satisfied with the service', base: 60, lop: 80, target: (_p: number) => 80, min: 0, max: 100 },
    { code: 'INST', out: 2, type: 'number', direction: 'decrease', mode: 'latest_value', dis: [], unit: 'бала / детей / children', ky: 'Интернаттагы балдардын саны', ru: 'Число детей в интернатных учреждениях', en: 'Children living in institutions', base: 40, lop: 20, target: (p: number) => 40 - (p + 1) * 2.5, min: 0, max: null },
    { code: 'REG', out: 2, type: 'yes_no', direction: 'increase', mode: 'latest_value', dis: [], unit: 'ооба/жок / да/нет / yes/no', ky: 'Бенефициарлардын реестри жүргүзүлөт', ru: 'Ведётся реестр бенефициаров', en: 'A beneficiary register is kept', base: 0, lop: 1, target: (p: number) => (p >= 1 ? 1 : 0), min: null, max: null },
    { code: 'FUND', out: 1, type: 'money', direction: 'increase', mode: 'running_total', dis: [], unit: 'сом', ky: 'Тартылган кошумча каражат (топтолгон)', ru: 'Привлечённое софинансирование (нарастающим итогом)', en: 'Co-funding raised (running total)', base: null, lop: 400_000, target: (p: number) => 50_000 * (p + 1), min: 0, max: null },
  ] as const;

  const indicatorRows = await db
    .insertInto('indicator')
    .values(projects.flatMap((p) => specs.map((s, k) => ({
      project_id: p.id,
      node_id: outputFor(p.id, s.out),
      program_indicator_id: null,
      code: `${s.out}.1.${k + 1}-${s.code}`,
      sort: k + 1,
      name_ky: s.ky,
      name_ru: s.ru,
      name_en: s.en,
      definition_ky: null,
      definition_ru: s.ru,
      definition_en: s.en,
      unit: s.unit,
      type: s.type,
      direction: s.direction,
      cumulative_mode: s.mode,
      disaggregations: [...s.dis],
      data_source: 'Каттоо журналы / Журнал регистрации / Registration log',
      verification: 'Тизмелер, анкеталар / Списки, анкеты / Lists, questionnaires',
      collection_method: 'Administrative records',
      frequency: 'quarterly',
      responsible: 'M&E officer of the NGO',
      baseline_na: s.base == null,
      baseline_value: s.base,
      baseline_date: s.base == null ? null : '2024-12-01',
      lop_target: s.lop,
      min_value: s.min,
      max_value: s.max,
    }))))
    .returning(['id', 'project_id', 'code'])
    .execute();
  await db
    .insertInto('indicator_target')
    .values(indicatorRows.flatMap((ind) => {
      const s = specs.find((x) => ind.code.endsWith(x.code))!;
      return periods.map((per, p) => ({ indicator_id: ind.id, period_key: per.key, target: s.target(p) }));
    }))
    .execute();
  // Program indicators (issue #3's seed) aggregate these project indicators: beneficiaries and satisfaction.
  // Those of the approved 2026 program (the 2027 draft has the same codes; ordering by a random id picked either).
  const programIndicators = await db
    .selectFrom('program_indicator')
    .innerJoin('program', 'program.id', 'program_indicator.program_id')
    .select(['program_indicator.id', 'program_indicator.code'])
    .where('program_indicator.code', 'in', ['IND-01', 'IND-02'])
    .orderBy(sql`program.year_from = 2026`, 'desc')
    .orderBy('program.year_from')
    .orderBy('program_indicator.id')
    .execute();
  for (const [suffix, code] of [['BEN', 'IND-01'], ['SAT', 'IND-02']] as const) {
    const pi = programIndicators.find((x) => x.code === code);
    if (pi) await db.updateTable('indicator').set({ program_indicator_id: pi.id }).where('id', 'in', indicatorRows.filter((x) => x.code.endsWith(suffix)).map((x) => x.id)).execute();
  }
  for (const p of projects) await snapshotIndicators(db, p.id, officer, null);

  // Reports: statuses, submission dates (most on time, some late).
  const reportValues = projects.flatMap((proj, i) => periods.map((per, p) => {
    const status = statusOf(i, p);
    const submitted = status === 'draft' ? null : new Date(`${per.due}T09:00:00Z`);
    if (submitted) submitted.setUTCDate(submitted.getUTCDate() + ((i + p) % 5 === 0 ? 6 : -3));
    return {
      project_id: proj.id,
      period_key: per.key,
      period_start: per.start,
      period_end: per.end,
      due_date: per.due,
      status,
      narrative: status === 'draft' ? null : 'Иш-чаралар пландын негизинде аткарылды. / Мероприятия выполнены по плану.',
      first_submitted_at: submitted,
      submitted_at: submitted,
      approved_at: status === 'approved' ? submitted : null,
      approved_by: status === 'approved' ? officer : null,
    };
  }));
  const reports = await db.insertInto('report').values(reportValues).returning(['id', 'project_id', 'period_key', 'status']).execute();

  const rand = rng(20250101);
  const values: { report_id: string; indicator_id: string; cell_key: string; value: number | null; numerator: number | null; denominator: number | null }[] = [];
  for (const [i, proj] of projects.entries()) {
    const inds = indicatorRows.filter((x) => x.project_id === proj.id);
    const territory = demoProjects[i]!.territories.map((t) => units.get(t)!).filter(Boolean).map((u) => ({ code: u.soate, name_ky: u.name_ky, name_ru: u.name_ru, name_en: u.name_en }));
    let fund = 0;
    for (const [p, per] of periods.entries()) {
      const rep = reports.find((r) => r.project_id === proj.id && r.period_key === per.key)!;
      // The current quarter is still open: some drafts have nothing yet.
      if (rep.status === 'draft' && p === 7 && i !== 4) continue;
      for (const ind of inds) {
        const s = specs.find((x) => ind.code.endsWith(x.code))!;
        const grid = disaggregationGrid([...s.dis], { ...cats, territory });
        const push = (cell: string, v: number | null, n: number | null = null, d: number | null = null) =>
          values.push({ report_id: rep.id, indicator_id: ind.id, cell_key: cell, value: v, numerator: n, denominator: d });
        if (s.type === 'number' && s.code === 'BEN') {
          // A summer camp in 2026-Q2 of project 2 makes an outlier (explained below).
          const total = i === 1 && p === 5 ? 400 : Math.round(38 + rand() * 24);
          let rest = total;
          grid.forEach((c, k) => {
            const part = k === grid.length - 1 ? rest : Math.min(rest, Math.round((total / grid.length) * (0.6 + rand() * 0.8)));
            rest -= part;
            push(c.key, part);
          });
          // Project 4's 2026-Q3 total does not match its cells (flagged, explained).
          push(TOTAL_CELL, i === 3 && p === 6 ? total + 5 : total);
        } else if (s.type === 'percentage') {
          let nSum = 0;
          let dSum = 0;
          for (const c of grid) {
            const d = Math.round(18 + rand() * 14);
            const n = Math.min(d, Math.round(d * (0.65 + rand() * 0.3)));
            nSum += n;
            dSum += d;
            push(c.key, null, n, d);
          }
          push(TOTAL_CELL, null, nSum, dSum);
        } else if (s.code === 'INST') {
          push(TOTAL_CELL, Math.max(0, Math.round(40 - (p + 1) * (1.5 + rand() * 2))));
        } else if (s.type === 'yes_no') {
          push(TOTAL_CELL, p >= 1 || i % 2 === 0 ? 1 : 0);
        } else {
          fund += Math.round(30_000 + rand() * 40_000);
          push(TOTAL_CELL, fund);
        }
      }
    }
  }
  for (let k = 0; k < values.length; k += 2000) await db.insertInto('report_value').values(values.slice(k, k + 2000)).execute();
  await recomputeFlags(db, reports.map((r) => r.id));

  // Explanations for flagged values in reports that went past draft; comments on returned reports.
  const flagged = await db
    .selectFrom('report_indicator')
    .innerJoin('report', 'report.id', 'report_indicator.report_id')
    .select(['report_indicator.report_id', 'report_indicator.indicator_id'])
    .where('report.status', '<>', 'draft')
    .where((eb) => eb.fn('cardinality', ['report_indicator.flags']), '>', 0)
    .execute();
  for (const f of flagged) {
    await db
      .updateTable('report_indicator')
      .set({ explanation: 'Жайкы лагерь өткөрүлдү / Проведён летний лагерь, охват выше обычного', follow_up: true })
      .where('report_id', '=', f.report_id)
      .where('indicator_id', '=', f.indicator_id)
      .execute();
  }
  const returned = reports.filter((r) => r.status === 'returned' || r.status === 'resubmitted');
  if (returned.length) {
    await db
      .insertInto('report_comment')
      .values(returned.map((r) => ({
        report_id: r.id,
        indicator_id: indicatorRows.find((x) => x.project_id === r.project_id && x.code.endsWith('BEN'))!.id,
        author_id: officer,
        body: 'Бенефициарлардын тизмесин тиркеңиз. / Приложите список бенефициаров за квартал.',
      })))
      .execute();
  }

  // A revised target after the mid-term review: "as approved" and "as revised" differ for SSO-2025-001 BEN.
  const ben = indicatorRows.find((x) => x.project_id === pid.get('SSO-2025-001') && x.code.endsWith('BEN'))!;
  await db.updateTable('indicator_target').set({ target: 60 }).where('indicator_id', '=', ben.id).where('period_key', 'in', ['2026-Q3', '2026-Q4']).execute();
  await db.updateTable('indicator').set({ revision: 1, lop_target: 420 }).where('id', '=', ben.id).execute();
  await snapshotIndicators(db, pid.get('SSO-2025-001')!, officer, 'Орто мөөнөттүү баалоодон кийин макулдашылды / Согласовано после промежуточной оценки', ben.id);
}
