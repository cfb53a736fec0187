import { describe, expect, it } from 'vitest';
import type { Questionnaire } from './questionnaire.ts';
import {
  ageGroupOf,
  conditionHolds,
  isLikert,
  isYesNo,
  medianOf,
  meanOf,
  parseCondition,
  relevantQuestions,
  summariseQuestion,
  unsupportedRules,
  validateAnswers,
  type Answers,
  type RuledQuestion,
} from './responses.ts';

const q = (questions: Partial<RuledQuestion>[]): Questionnaire => ({
  title: 't',
  formId: 'f',
  version: null,
  defaultLanguage: 'ky',
  questions: questions.map((x) => ({ type: 'text', name: 'x', listName: null, label: {}, hint: {}, required: false, ...x }) as RuledQuestion),
  choices: [
    { listName: 'yn', name: 'yes', label: { ky: 'Ооба', ru: 'Да' } },
    { listName: 'yn', name: 'no', label: { ky: 'Жок', ru: 'Нет' } },
    ...[1, 2, 3, 4, 5].map((n) => ({ listName: 'l5', name: String(n), label: { ky: String(n) } })),
    { listName: 'svc', name: 'med', label: { ky: 'Медициналык', ru: 'Медицинская помощь' } },
    { listName: 'svc', name: 'food', label: { ky: 'Тамак', ru: 'Питание' } },
    { listName: 'svc', name: 'edu', label: { ky: 'Билим', ru: 'Обучение' } },
  ],
});

describe('show-if conditions (XLSForm relevant subset)', () => {
  it('compares answers as numbers or text, with and/or/not and selected()', () => {
    const a = { received: 'yes', age: 34, services: ['med', 'food'] };
    expect(conditionHolds("${received} = 'yes'", a)).toBe(true);
    expect(conditionHolds("${received} != 'yes'", a)).toBe(false);
    expect(conditionHolds('${age} >= 18 and ${age} < 60', a)).toBe(true);
    expect(conditionHolds('${age} > 100 or ${age} <= 34', a)).toBe(true);
    expect(conditionHolds('not(${age} > 18)', a)).toBe(false);
    expect(conditionHolds("selected(${services}, 'food')", a)).toBe(true);
    expect(conditionHolds("selected(${services}, 'edu')", a)).toBe(false);
    expect(conditionHolds('count-selected(${services}) >= 2', a)).toBe(true);
    expect(conditionHolds("(${received} = 'no' or ${age} = 34) and true()", a)).toBe(true);
    // "10" > "9" as numbers, not as text.
    expect(conditionHolds('${n} > 9', { n: 10 })).toBe(true);
  });

  it('treats an unanswered question as empty: never greater or smaller, unequal to a value', () => {
    expect(conditionHolds('${age} > 5', {})).toBe(false);
    expect(conditionHolds('${age} < 5', {})).toBe(false);
    expect(conditionHolds("${received} != ''", {})).toBe(false);
    expect(conditionHolds("${received} = 'yes'", {})).toBe(false);
  });

  it('refuses what is outside the subset and lists it instead of guessing', () => {
    for (const bad of ['${a} + 1 > 2', "regex(., '^[0-9]+$')", '${a} =', "if(${a}='1', 2, 3)", 'string-length(.) > 3'])
      expect(parseCondition(bad), bad).toBeNull();
    const form = q([
      { name: 'a', relevant: "regex(${b}, 'x')" },
      { name: 'b', constraint: '. > 3' },
    ]);
    expect(unsupportedRules(form)).toEqual([{ name: 'a', rule: 'relevant', expr: "regex(${b}, 'x')" }]);
  });

  it('hides a question inside a group whose condition is false', () => {
    const form = q([
      { name: 'received', type: 'select_one', listName: 'yn', required: true },
      { name: 'g', type: 'begin_group', relevant: "${received} = 'yes'" },
      { name: 'satisfaction', type: 'select_one', listName: 'l5', required: true },
      { name: 'g', type: 'end_group' },
      { name: 'comment' },
    ]);
    expect([...relevantQuestions(form, { received: 'no' })]).toEqual(['received', 'comment']);
    expect(relevantQuestions(form, { received: 'yes' }).has('satisfaction')).toBe(true);
  });
});

describe('validating an answer set against a questionnaire version', () => {
  const form = q([
    { name: 'received', type: 'select_one', listName: 'yn', required: true },
    { name: 'satisfaction', type: 'select_one', listName: 'l5', required: true, relevant: "${received} = 'yes'" },
    { name: 'age', type: 'integer', required: true, min: 14, max: 110 },
    { name: 'children', type: 'integer', constraint: '. >= 0 and . <= 20' },
    { name: 'visited', type: 'date' },
    { name: 'services', type: 'select_multiple', listName: 'svc' },
    { name: 'note', type: 'note' },
  ]);

  it('accepts codes or labels in either language, numbers and dates as people type them', () => {
    const r = validateAnswers(form, { received: 'Ооба', satisfaction: '4', age: '34', children: ' 2 ', visited: '05.03.2026', services: 'Медицинская помощь; Тамак' });
    expect(r).toEqual({ ok: true, answers: { received: 'yes', satisfaction: '4', age: 34, children: 2, visited: '2026-03-05', services: ['med', 'food'] } });
    expect(validateAnswers(form, { received: 'no', age: 70, services: 'med edu' })).toEqual({ ok: true, answers: { received: 'no', age: 70, services: ['med', 'edu'] } });
  });

  it('requires a shown question and drops the answer of a hidden one', () => {
    const missing = validateAnswers(form, { received: 'yes', age: 30 });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors).toEqual([{ name: 'satisfaction', messageKey: 'errors.required' }]);
    const hidden = validateAnswers(form, { received: 'no', satisfaction: '5', age: 30 });
    expect(hidden).toEqual({ ok: true, answers: { received: 'no', age: 30 } });
  });

  it('checks min/max and constraints with the value in the message', () => {
    const r = validateAnswers(form, { received: 'no', age: 12, children: 21 });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        { name: 'age', messageKey: 'survey:errors.min', params: { min: 14 } },
        { name: 'children', messageKey: 'survey:errors.constraint' },
      ]);
    const high = validateAnswers(form, { received: 'no', age: 111 });
    if (!high.ok) expect(high.errors[0]).toMatchObject({ name: 'age', messageKey: 'survey:errors.max' });
    else expect.fail('111 is over the max');
  });

  it('refuses an unknown choice, a fraction for an integer, a bad date and an unknown question', () => {
    const r = validateAnswers(form, { received: 'maybe', age: '3,5', visited: '31.02.2026', services: 'med, swimming', extra: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => [e.name, e.messageKey])).toEqual([
        ['extra', 'survey:errors.unknownQuestion'],
        ['received', 'survey:errors.choice'],
        ['age', 'survey:errors.integer'],
        ['visited', 'survey:errors.date'],
        ['services', 'survey:errors.choice'],
      ]);
  });
});

describe('summaries', () => {
  const form = q([
    { name: 'satisfaction', type: 'select_one', listName: 'l5' },
    { name: 'received', type: 'select_one', listName: 'yn' },
    { name: 'services', type: 'select_multiple', listName: 'svc' },
    { name: 'age', type: 'integer' },
  ]);
  const [satisfaction, received, services, age] = form.questions;

  it('computes the mean and the median (middle pair averaged)', () => {
    expect(meanOf([])).toBeNull();
    expect(medianOf([])).toBeNull();
    expect(meanOf([1, 2, 6])).toBe(3);
    expect(medianOf([5, 1, 3])).toBe(3);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });

  it('counts choices with the share of those who answered, and means a Likert scale', () => {
    const rows: Answers[] = [{ satisfaction: '5', received: 'yes' }, { satisfaction: '4', received: 'yes' }, { satisfaction: '4', received: 'no' }, { received: 'yes' }];
    const s = summariseQuestion(form, satisfaction!, rows);
    expect(isLikert(form, satisfaction!)).toBe(true);
    expect(s.responses).toBe(4);
    expect(s.answered).toBe(3);
    expect(s.choices.find((c) => c.code === '4')).toEqual({ code: '4', count: 2, percent: (2 / 3) * 100 });
    expect(s.mean).toBeCloseTo(13 / 3);
    expect(s.median).toBe(4);
    const yn = summariseQuestion(form, received!, rows);
    expect(isYesNo(form, received!)).toBe(true);
    expect(yn.choices).toEqual([
      { code: 'yes', count: 3, percent: 75 },
      { code: 'no', count: 1, percent: 25 },
    ]);
    expect(yn.mean).toBeNull();
  });

  it('lets multiple-choice shares add to more than 100 % and summarises numbers', () => {
    const m = summariseQuestion(form, services!, [{ services: ['med', 'food'] }, { services: ['med'] }]);
    expect(m.choices.map((c) => c.percent)).toEqual([100, 50, 0]);
    const a = summariseQuestion(form, age!, [{ age: 20 }, { age: 40 }, { age: 90 }, {}]);
    expect([a.answered, a.mean, a.median, a.min, a.max]).toEqual([3, 50, 40, 20, 90]);
  });

  it('puts ages in groups', () => {
    expect([5, 17, 18, 29, 30, 59, 60, 99].map(ageGroupOf)).toEqual(['0_17', '0_17', '18_29', '18_29', '30_59', '30_59', '60_plus', '60_plus']);
    expect(ageGroupOf(-1)).toBeNull();
  });
});
