import type { Kysely } from 'kysely';
import { parseSom, type Actor, type MeetingInput } from '@kamkor/domain';
import type { Database } from '../schema/index.ts';
import { addCauseNode } from '../queries/assessment-cause-trees.ts';
import { addFocusGroup } from '../queries/assessment-focus-groups.ts';
import { addMeeting, saveTally } from '../queries/assessment-meetings.ts';
import { addProblem } from '../queries/assessment-problems.ts';
import { createAssessment, listAssessmentVillages } from '../queries/assessment.ts';
import { moveAssessmentStage } from '../queries/assessment-ranking.ts';
import { addProgressUpdate, addServiceActivity, createServicePlan } from '../queries/service-plan.ts';
import type { SeedContext } from './context.ts';
import { findActor } from '../queries/people.ts';
import { systemActor } from './system-actor.ts';

const som = (s: string) => parseSom(s)!;
const counts = (w: [number, number, number], m: [number, number, number]) => ({
  women_14_29: w[0], women_30_59: w[1], women_60_plus: w[2], men_14_29: m[0], men_30_59: m[1], men_60_plus: m[2],
});

/** Moves an assessment forward until it reaches `stage`. */
async function advance(db: Kysely<Database>, actor: Actor, id: string, stages: string[]) {
  for (const s of stages) await moveAssessmentStage(db, actor, id, s);
}

/**
 * Demo needs assessments and service plans from the 2018 journal (reference lines 2090-2140,
 * 3270-3360): Aleksandrovka (Besh-Koruk residents put "no kindergarten" first; 1 000 000 som grant
 * plus 100 000 som local), Jazy (under way, at the meetings) and Toktogul with its plan of
 * 4 884 000 som of which 1 450 000 own contribution. Vote counts and attendance are illustrative.
 */
export async function seedAssessments(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  const officer = await db.selectFrom('app_user').select('id').where('email', '=', 'municipal@kamkor.kg').executeTakeFirst();
  const mun1 = ctx.orgIds['mun-1'];
  const mun2 = ctx.orgIds['mun-2'];
  const mun3 = ctx.orgIds['mun-3'];
  // Aleksandrovka is written as its seeded municipal officer (the query functions check the policy
  // for them as for any request); the others as the seed's system actor (audited with no user).
  const officerActor = officer ? await findActor(db, officer.id) : null;
  if (mun1) await seedAleksandrovka(db, officerActor ?? systemActor(mun1), mun1);
  if (mun2) await seedJazy(db, mun2);
  if (mun3) await seedToktogul(db, mun3);
}

async function seedAleksandrovka(db: Kysely<Database>, actor: Actor, mun: string) {
  const a = await createAssessment(db, actor, { municipalityId: mun, year: 2015, rankingMethod: 'points', points: '3-2-1' });
  const villages = await listAssessmentVillages(db, a.admin_unit_soate);
  const v = (name: string) => villages.find((x) => x.name_en === name)?.soate ?? villages[0]!.soate;
  const [alek, besh, krup] = [v('Aleksandrovka'), v('Besh-Koruk'), v('Krupskoe')];
  await advance(db, actor, a.id, ['focus_groups']);
  await addFocusGroup(db, actor, a.id, { categoryCode: 'FG-01', villageSoate: besh, heldOn: '2015-09-08', facilitator: 'Айнура Жумабаева', ...counts([6, 5, 0], [0, 0, 0]), problemsRaised: 'Бала бакча жок, аялдар жумушка чыга албайт; ичүүчү суу начар.' });
  await addFocusGroup(db, actor, a.id, { categoryCode: 'FG-02', villageSoate: alek, heldOn: '2015-09-09', facilitator: 'Айнура Жумабаева', ...counts([0, 1, 7], [0, 0, 5]), problemsRaised: 'Көчөлөр караңгы, жолдор бузук, таштанды чыгарылбайт.' });
  await addFocusGroup(db, actor, a.id, { categoryCode: 'FG-03', villageSoate: krup, heldOn: '2015-09-10', facilitator: 'Марат Исаков', ...counts([3, 4, 0], [1, 1, 0]), problemsRaised: 'Бала бакча, ичүүчү суу.' });
  await addFocusGroup(db, actor, a.id, { categoryCode: 'FG-08', villageSoate: alek, heldOn: '2015-09-11', facilitator: 'Марат Исаков', ...counts([4, 0, 0], [6, 0, 0]), problemsRaised: 'Спорт аянтчасы жок, көчө жарыгы жок.' });
  await advance(db, actor, a.id, ['problem_gallery']);
  const kg = await addProblem(db, actor, a.id, { title: 'Бала бакчанын жоктугу', description: 'Беш-Корук айылында мектепке чейинки мекеме жок; мектептин даярдоо тайпалары толуп калган, ата-энелер жумушка чыга албай үйдө отурууга мажбур.', categoryCode: 'PC-02', villageSoates: [besh, krup], raisedBy: ['FG-01', 'FG-03'] });
  const water = await addProblem(db, actor, a.id, { title: 'Ичүүчү суунун сапаты начар', description: 'Суу түтүктөрү эскирген, жайында суу үзгүлтүккө учурайт.', categoryCode: 'PC-01', villageSoates: [besh, krup], raisedBy: ['FG-01', 'FG-03'] });
  const roads = await addProblem(db, actor, a.id, { title: 'Ички жолдордун абалы', description: 'Айыл ичиндеги жолдор асфальтталбаган, жаан-чачында өтүү кыйын.', categoryCode: 'PC-04', villageSoates: [alek], raisedBy: ['FG-02'] });
  const light = await addProblem(db, actor, a.id, { title: 'Көчөлөрдө жарык жок', description: null, categoryCode: 'PC-11', villageSoates: [alek, krup], raisedBy: ['FG-02', 'FG-08'] });
  await addProblem(db, actor, a.id, { title: 'Таштанды чыгарылбайт', description: null, categoryCode: 'PC-05', villageSoates: [alek], raisedBy: ['FG-02'] });
  await advance(db, actor, a.id, ['analysis']);
  const building = await addCauseNode(db, actor, a.id, kg.id, { kind: 'cause', text: 'Бала бакча үчүн имарат жок', parentId: null });
  await addCauseNode(db, actor, a.id, kg.id, { kind: 'cause', text: 'Башталгыч класстардын имараты бош турат, бирок ремонтко муктаж', parentId: building.id });
  await addCauseNode(db, actor, a.id, kg.id, { kind: 'cause', text: 'Жергиликтүү бюджетте каражат жетишсиз', parentId: null });
  await addCauseNode(db, actor, a.id, kg.id, { kind: 'effect', text: 'Энелер жумушка чыга албайт', parentId: null });
  await addCauseNode(db, actor, a.id, kg.id, { kind: 'effect', text: 'Балдар мектепке даярдыксыз барат', parentId: null });
  await addCauseNode(db, actor, a.id, water.id, { kind: 'cause', text: 'Суу түтүктөрү 1970-жылдары салынган', parentId: null });
  await advance(db, actor, a.id, ['meetings']);
  const meeting = async (input: MeetingInput, votes: [string, number][]) => {
    const m = await addMeeting(db, actor, a.id, input);
    await saveTally(db, actor, a.id, m.id, votes.map(([problemId, n]) => ({ problemId, votes: n })));
  };
  await meeting({ kind: 'village', villageSoate: besh, heldOn: '2015-10-05', women: 48, men: 31, notes: null }, [[kg.id, 52], [water.id, 18], [light.id, 6], [roads.id, 3]]);
  await meeting({ kind: 'village', villageSoate: alek, heldOn: '2015-10-06', women: 62, men: 55, notes: null }, [[roads.id, 41], [kg.id, 37], [light.id, 25], [water.id, 14]]);
  await meeting({ kind: 'village', villageSoate: krup, heldOn: '2015-10-07', women: 29, men: 22, notes: null }, [[kg.id, 24], [water.id, 21], [light.id, 6]]);
  await addMeeting(db, actor, a.id, { kind: 'aiyl_aimak', villageSoate: null, heldOn: '2015-10-20', women: 71, men: 64, notes: 'Айылдык кеңештин жыйынында артыкчылыктар бекитилди.' });
  await advance(db, actor, a.id, ['prioritised', 'published']);

  const plan = await createServicePlan(db, actor, { municipalityId: mun, title: 'Беш-Корук айылында бала бакча ачуу', yearFrom: 2016, yearTo: 2017, assessmentId: a.id });
  const repair = await addServiceActivity(db, actor, plan.id, { title: 'Башталгыч класстардын имаратын капиталдык ремонттоо (чатыр, терезелер, жылытуу, канализация, электр)', problemId: kg.id, responsible: 'Александровка айыл өкмөтү', startsOn: '2016-03-01', endsOn: '2016-08-31', indicator: 'Ремонттолгон имарат', target: '1 имарат', own: som('455 200'), grant: som('1 808 600'), other: 0 });
  const equip = await addServiceActivity(db, actor, plan.id, { title: 'Бала бакчаны эмерек, жабдуу жана шаймандар менен жабдуу («Балдардын ынтымагы – улуттун күчү»)', problemId: kg.id, responsible: 'Демилгелүү топ, айыл өкмөтүнүн финансы бөлүмү', startsOn: '2016-09-01', endsOn: '2017-02-28', indicator: 'Бала бакчага барган балдардын саны', target: '60 бала', own: som('100 000'), grant: som('1 000 000'), other: 0 });
  await addProgressUpdate(db, actor, plan.id, repair.id, { status: 'done', progressPct: 100, note: 'Ремонт бүттү: чатыр, терезе, эшиктер, жылытуу системасы алмаштырылды.' });
  await addProgressUpdate(db, actor, plan.id, equip.id, { status: 'done', progressPct: 100, note: 'Бала бакча толугу менен жабдылып, ачылды.' });
}

async function seedJazy(db: Kysely<Database>, mun: string) {
  const sys = systemActor(mun);
  const a = await createAssessment(db, sys, { municipalityId: mun, year: 2026, rankingMethod: 'votes' });
  const villages = await listAssessmentVillages(db, a.admin_unit_soate);
  const [v1, v2] = [villages[0]!.soate, villages[1]?.soate ?? villages[0]!.soate];
  await advance(db, sys, a.id, ['focus_groups']);
  await addFocusGroup(db, sys, a.id, { categoryCode: 'FG-05', villageSoate: v1, heldOn: '2026-09-14', facilitator: 'Гүлмира Токтобаева', ...counts([2, 5, 1], [1, 2, 1]), problemsRaised: 'Майыптыгы бар балдар үчүн күндүзгү борбор жок.' });
  await addFocusGroup(db, sys, a.id, { categoryCode: 'FG-02', villageSoate: v2, heldOn: '2026-09-15', facilitator: 'Гүлмира Токтобаева', ...counts([0, 0, 9], [0, 0, 6]), problemsRaised: 'Жалгыз карыларга үйдө кам көрүү кызматы жок.' });
  await advance(db, sys, a.id, ['problem_gallery']);
  const p1 = await addProblem(db, sys, a.id, { title: 'Майыптыгы бар балдар үчүн күндүзгү борбор жок', description: null, categoryCode: 'PC-06', villageSoates: [v1], raisedBy: ['FG-05'] });
  const p2 = await addProblem(db, sys, a.id, { title: 'Жалгыз карыларга үйдө кам көрүү жок', description: null, categoryCode: 'PC-06', villageSoates: [v2], raisedBy: ['FG-02'] });
  const p3 = await addProblem(db, sys, a.id, { title: 'Ичүүчү суу жетишсиз', description: null, categoryCode: 'PC-01', villageSoates: [v1, v2], raisedBy: ['FG-02', 'FG-05'] });
  await advance(db, sys, a.id, ['analysis', 'meetings']);
  const m = await addMeeting(db, sys, a.id, { kind: 'village', villageSoate: v1, heldOn: '2026-10-12', women: 38, men: 27, notes: null });
  await saveTally(db, sys, a.id, m.id, [{ problemId: p1.id, votes: 29 }, { problemId: p3.id, votes: 25 }, { problemId: p2.id, votes: 11 }]);
}

async function seedToktogul(db: Kysely<Database>, mun: string) {
  const sys = systemActor(mun);
  const a = await createAssessment(db, sys, { municipalityId: mun, year: 2017, rankingMethod: 'votes' });
  const villages = await listAssessmentVillages(db, a.admin_unit_soate);
  const town = villages[0]!.soate;
  await advance(db, sys, a.id, ['focus_groups']);
  await addFocusGroup(db, sys, a.id, { categoryCode: 'FG-06', villageSoate: town, heldOn: '2017-03-02', facilitator: 'Асель Садыкова', ...counts([3, 6, 1], [2, 6, 2]), problemsRaised: 'Кышында жолдор тазаланбайт; таштанды тарифи түшүнүксүз.' });
  await addFocusGroup(db, sys, a.id, { categoryCode: 'FG-09', villageSoate: town, heldOn: '2017-03-03', facilitator: 'Асель Садыкова', ...counts([8, 0, 0], [7, 0, 0]), problemsRaised: 'Балдардын чыгармачыл үйү эски.' });
  await advance(db, sys, a.id, ['problem_gallery']);
  const roads = await addProblem(db, sys, a.id, { title: 'Кышында жолдор тазаланбайт, тайгак', description: 'Муниципалдык ишкананын атайын техникасы жок.', categoryCode: 'PC-04', villageSoates: [town], raisedBy: ['FG-06'] });
  const waste = await addProblem(db, sys, a.id, { title: 'Таштанды чыгаруу тарифи негизсиз', description: null, categoryCode: 'PC-05', villageSoates: [town], raisedBy: ['FG-06'] });
  const kids = await addProblem(db, sys, a.id, { title: 'Балдардын чыгармачыл үйү начар абалда', description: null, categoryCode: 'PC-10', villageSoates: [town], raisedBy: ['FG-09'] });
  await advance(db, sys, a.id, ['analysis', 'meetings']);
  const m = await addMeeting(db, sys, a.id, { kind: 'village', villageSoate: town, heldOn: '2017-04-11', women: 84, men: 77, notes: null });
  await saveTally(db, sys, a.id, m.id, [{ problemId: roads.id, votes: 96 }, { problemId: kids.id, votes: 41 }, { problemId: waste.id, votes: 24 }]);
  await advance(db, sys, a.id, ['prioritised', 'published']);

  // The journal gives the plan's total, own contribution and the enterprise's grant; the split of the
  // own contribution between activities is illustrative.
  const plan = await createServicePlan(db, sys, { municipalityId: mun, title: 'Токтогул шаарынын кызмат көрсөтүүлөрдү жакшыртуу боюнча иш-аракеттер планы', yearFrom: 2017, yearTo: 2018, assessmentId: a.id });
  await addServiceActivity(db, sys, plan.id, { title: '«Ыңгайлуу шарт» муниципалдык ишканасына атайын техника сатып алуу (кар тазалоо, кум себүү, жолдорду тазалоо жана сугаруу)', problemId: roads.id, responsible: '«Ыңгайлуу шарт» МИ', startsOn: '2017-06-01', endsOn: '2017-12-31', indicator: 'Кышында тазаланган көчөлөрдүн үлүшү', target: '90 %', own: som('1 100 000'), grant: som('3 434 000'), other: 0 });
  await addServiceActivity(db, sys, plan.id, { title: 'Таштанды чыгаруу тарифин кайра эсептөө жана коомдук угуу', problemId: waste.id, responsible: 'Шаардын мэриясы', startsOn: '2017-05-01', endsOn: '2017-09-30', indicator: 'Бир адамга айлык тариф', target: '18 сом', own: som('50 000'), grant: 0, other: 0 });
  await addServiceActivity(db, sys, plan.id, { title: 'Балдардын муниципалдык чыгармачыл үйүн оңдоо жана жабдуу', problemId: kids.id, responsible: 'Шаардын мэриясы, билим берүү бөлүмү', startsOn: '2017-06-01', endsOn: '2018-03-31', indicator: 'Ийримдерге катышкан балдар', target: '250 бала', own: som('300 000'), grant: 0, other: 0 });
}
