import { describe, expect, it } from 'vitest';
import {
  builderToQuestionnaire,
  evaluationTotals,
  defaultEvaluationCriteria,
  parseBuilderBody,
  parseConstraint,
  parseEvaluationScores,
  parseRelevant,
  questionnaireToBuilder,
  newBuilderQuestion,
  newBuilderGroup,
  annualReportFigures,
  publicAnnualReport,
  type AnnualReport,
  type BuilderForm,
} from '../index.ts';

const L = (ky: string, ru = '', en = '') => ({ ky, ru, en });
export function sampleForm(): BuilderForm {
  const received = { ...newBuilderQuestion('received', 'yes_no'), label: L('Кызматты алдыңызбы?', 'Вы получили услугу?', 'Did you receive the service?'), required: true };
  const why = { ...newBuilderQuestion('why_not', 'select_multiple'), label: L('Эмне үчүн?', 'Почему?'), showIf: { question: 'received', value: 'no' }, choices: [{ name: 'far', label: L('Алыс', 'Далеко') }, { name: 'queue', label: L('Кезек', 'Очередь') }] };
  const age = { ...newBuilderQuestion('age', 'integer'), label: L('Жашыңыз', 'Ваш возраст'), min: '14', max: '100', required: true };
  const sat = { ...newBuilderQuestion('satisfaction', 'likert'), label: L('Канааттандыңызбы?', 'Довольны ли вы?'), showIf: { question: 'received', value: 'yes' } };
  const group = { ...newBuilderGroup('household'), label: L('Үй-бүлө', 'Семья'), items: [{ ...newBuilderQuestion('size', 'decimal'), label: L('Саны', 'Размер'), min: '1' }, { ...newBuilderQuestion('visit_day', 'date'), label: L('Күнү', 'Дата') }] };
  const reason = { ...newBuilderQuestion('reason', 'text'), label: L('Себеп', 'Причина'), showIf: { question: 'why_not', value: 'far' } };
  return { title: 'Сурамжылоо / Опрос', formId: 'survey_2026', defaultLanguage: 'ky', items: [received, why, age, sat, group, reason] };
}

describe('questionnaire builder', () => {
  it('turns the builder form into a questionnaire with XLSForm relevant and constraint', () => {
    const q = builderToQuestionnaire(sampleForm());
    const byName = Object.fromEntries(q.questions.map((x) => [x.name, x]));
    expect(byName.received).toMatchObject({ type: 'select_one', listName: 'yes_no', required: true });
    expect(byName.why_not).toMatchObject({ type: 'select_multiple', listName: 'why_not', relevant: "${received} = 'no'" });
    expect(byName.reason!.relevant).toBe("selected(${why_not}, 'far')");
    expect(byName.age!.constraint).toBe('. >= 14 and . <= 100');
    expect(byName.size!.constraint).toBe('. >= 1');
    expect(byName.satisfaction).toMatchObject({ type: 'select_one', listName: 'likert5' });
    expect(q.questions.map((x) => x.type)).toEqual(['select_one', 'select_multiple', 'integer', 'select_one', 'begin_group', 'decimal', 'date', 'end_group', 'text']);
    expect(q.choices.filter((c) => c.listName === 'likert5')).toHaveLength(5);
    expect(byName.received!.label).toEqual({ ky: 'Кызматты алдыңызбы?', ru: 'Вы получили услугу?', en: 'Did you receive the service?' });
    expect(byName.why_not!.label).toEqual({ ky: 'Эмне үчүн?', ru: 'Почему?' });
  });
  it('reads its own questionnaire back into the same builder form', () => {
    const form = sampleForm();
    expect(questionnaireToBuilder(builderToQuestionnaire(form))).toEqual({ ok: true, form });
  });
  it('refuses to edit a questionnaire with notes or conditions it does not write, naming them', () => {
    const q = builderToQuestionnaire(sampleForm());
    q.questions.push({ type: 'note', name: 'thanks', listName: null, label: { ru: 'Спасибо' }, hint: {}, required: false });
    q.questions[2]!.relevant = 'not(selected(${received}, "yes"))';
    expect(questionnaireToBuilder(q)).toEqual({ ok: false, unsupported: ['age', 'thanks'] });
  });
  it('validates the posted form with i18n keys by path', () => {
    const form = sampleForm();
    expect(parseBuilderBody(JSON.stringify(form))).toEqual({ ok: true, form });
    const bad = sampleForm();
    (bad.items[1] as { showIf: unknown }).showIf = { question: 'age', value: 'x' };
    (bad.items[2] as { min: string; max: string }).min = '50';
    (bad.items[2] as { min: string; max: string }).max = '20';
    (bad.items[3] as { name: string }).name = 'received';
    (bad.items[0] as { label: unknown }).label = L('');
    const r = parseBuilderBody(JSON.stringify(bad));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.messageKey]));
    expect(byPath).toMatchObject({
      'items.0.label': 'monitoring:builder.errors.label',
      'items.1.showIf': 'monitoring:builder.errors.showIfQuestion',
      'items.2.max': 'monitoring:builder.errors.minMax',
      'items.3.name': 'monitoring:builder.errors.duplicate',
    });
  });
  it('checks limits before work: body size, number of choices, label length, a condition on a later question', () => {
    expect(parseBuilderBody('x'.repeat(400_001))).toEqual({ ok: false, errors: [{ path: '_form', messageKey: 'monitoring:builder.errors.tooLarge' }] });
    const many = sampleForm();
    (many.items[1] as { choices: unknown[] }).choices = Array.from({ length: 51 }, (_, i) => ({ name: `c${i}`, label: L(`${i}`) }));
    (many.items[0] as { label: unknown }).label = L('x'.repeat(501));
    const r = parseBuilderBody(JSON.stringify(many));
    expect(!r.ok && Object.fromEntries(r.errors.map((e) => [e.path, e.messageKey]))).toMatchObject({ 'items.1.choices': 'monitoring:builder.errors.tooManyChoices', 'items.0.label.ky': 'errors.tooLong' });
    const later = sampleForm();
    (later.items[0] as { showIf: unknown }).showIf = { question: 'age', value: '1' };
    const r2 = parseBuilderBody(JSON.stringify(later));
    expect(!r2.ok && r2.errors[0]).toEqual({ path: 'items.0.showIf', messageKey: 'monitoring:builder.errors.showIfQuestion' });
    expect(parseBuilderBody(JSON.stringify({ ...sampleForm(), items: [] }))).toMatchObject({ ok: false, errors: [{ path: 'items', messageKey: 'monitoring:builder.errors.noQuestions' }] });
  });
  it('reads the simple relevant and constraint forms only', () => {
    expect(parseRelevant("${a} = 'x'")).toEqual({ question: 'a', value: 'x', op: 'eq' });
    expect(parseRelevant('${a}="x"')).toEqual({ question: 'a', value: 'x', op: 'eq' });
    expect(parseRelevant("selected( ${a} , 'y')")).toEqual({ question: 'a', value: 'y', op: 'selected' });
    expect(parseRelevant("not(selected(${skip_to_end}, 'yes'))")).toBeNull();
    expect(parseConstraint('. <= 10 and . >= 2')).toEqual({ min: 2, max: 10 });
    expect(parseConstraint('. <= ${a_integer}')).toBeNull();
    expect(parseConstraint('. >= 1 and . >= 2')).toBeNull();
  });
});

describe('evaluation sheet', () => {
  const c = defaultEvaluationCriteria;
  it('totals the points over five criteria of 5 points', () => {
    const r = parseEvaluationScores(c, { 'score.relevance': '5', 'score.plan_fulfilment': '4', 'score.result': '4', 'score.continuation': '3', 'score.long_term_effect': '2' }, { complete: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(evaluationTotals(c, r.scores)).toEqual({ total: 18, max: 25, percent: 72, complete: true });
  });
  it('keeps a draft partial and asks for every score when finalising; refuses scores outside 0…5', () => {
    const partial = parseEvaluationScores(c, { 'score.relevance': '3', 'comment.relevance': ' ok ' }, { complete: false });
    expect(partial.ok && evaluationTotals(c, partial.scores)).toEqual({ total: 3, max: 25, percent: 12, complete: false });
    expect(partial.ok && partial.scores.relevance).toEqual({ score: 3, comment: 'ok' });
    const final = parseEvaluationScores(c, { 'score.relevance': '3' }, { complete: true });
    expect(!final.ok && final.errors['score.result']).toBe('monitoring:evaluation.errors.scoreAll');
    const wrong = parseEvaluationScores(c, { 'score.relevance': '6', 'score.result': '2.5', 'score.continuation': '-1' }, { complete: false });
    expect(!wrong.ok && wrong.errors).toEqual({ 'score.relevance': 'monitoring:evaluation.errors.score', 'score.result': 'monitoring:evaluation.errors.score', 'score.continuation': 'monitoring:evaluation.errors.score' });
    expect(evaluationTotals(c, {})).toEqual({ total: 0, max: 25, percent: null, complete: false });
  });
});

describe('annual report', () => {
  const names = { ky: 'a', ru: 'б', en: 'c' };
  const report: AnnualReport = {
    program: { id: 'p', title: 'P', customer: names },
    year: 2026,
    generatedAt: '2026-11-29T00:00:00Z',
    projects: [],
    tracking: [],
    visits: [
      { projectCode: 'X', visitNo: 1, kind: 'scheduled', status: 'final', plannedDate: '2026-04-15', visitDate: '2026-04-16', officerName: 'Officer Name', summary: 'Notes naming a child' },
      { projectCode: 'X', visitNo: 2, kind: 'scheduled', status: 'planned', plannedDate: '2026-12-10', visitDate: null, officerName: 'Officer Name', summary: null },
    ],
    recommendations: [
      { projectCode: 'X', visitNo: 1, finding: 'f', recommendation: 'r', responsible: names, dueDate: '2026-06-30', decision: 'accepted', decisionReason: null, status: 'open', overdue: true, followUpNote: null },
      { projectCode: 'X', visitNo: 1, finding: 'f', recommendation: 'r', responsible: names, dueDate: '2026-12-31', decision: 'accepted', decisionReason: null, status: 'in_progress', overdue: false, followUpNote: 'note' },
      { projectCode: 'X', visitNo: 1, finding: 'f', recommendation: 'r', responsible: names, dueDate: '2026-01-31', decision: 'rejected', decisionReason: 'why', status: 'open', overdue: false, followUpNote: null },
    ],
    evaluations: [
      { projectCode: 'Y', name: names, contractor: names, total: 18, max: 25, percent: 72, conclusion: 'c', finalisedAt: '2026-10-01T00:00:00Z', scores: [] },
      { projectCode: 'Z', name: names, contractor: names, total: 10, max: 25, percent: 40, conclusion: 'draft', finalisedAt: null, scores: [] },
    ],
  };
  it('counts visits, recommendations by decision and status, overdue, and the mean evaluation', () => {
    expect(annualReportFigures(report)).toEqual({
      visitsPlanned: 2, visitsDone: 1, visitsFinal: 1, recommendations: 3, accepted: 2, rejected: 1, undecided: 0, open: 1, inProgress: 1, done: 0, overdue: 1, evaluations: 2, meanEvaluationPercent: 56,
    });
  });
  it('publishes no officer names, visit summaries, follow-up notes or draft evaluations', () => {
    const pub = publicAnnualReport(report);
    const text = JSON.stringify(pub);
    expect(text).not.toContain('Officer Name');
    expect(text).not.toContain('Notes naming a child');
    expect(text).not.toContain('note');
    expect(pub.evaluations.map((e) => e.projectCode)).toEqual(['Y']);
    expect(pub.surveys).toBeUndefined();
  });
});
