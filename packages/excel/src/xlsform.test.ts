import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openWorkbook } from './open-workbook.ts';
import { readWorkbookStreamed } from './streamed-workbook.ts';
import { readXlsForm, writeXlsForm } from './xlsform.ts';

// XLSForm files made by other tools (a copy of the project's shared reference, kept in the repository).
const DIR = fileURLToPath(new URL('../../../tooling/reference/xlsform', import.meta.url));
async function read(bytes: Uint8Array) {
  const opened = await readWorkbookStreamed(bytes);
  if (!opened.ok) throw new Error(opened.messageKey);
  return readXlsForm(opened.workbook);
}
const fixture = (name: string) => read(readFileSync(`${DIR}/${name}.xlsx`));

describe('XLSForm import of files made by other tools', () => {
  it('reads "list name", "label:english" and the old "select one from" syntax', async () => {
    const r = await fixture('yes_or_no_question');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.questionnaire.questions).toEqual([{ type: 'select_one', name: 'good_day', listName: 'yes_or_no', label: { en: 'have you had a good day today?' }, hint: {}, required: false }]);
    expect(r.questionnaire.choices.map((c) => [c.listName, c.name, c.label.en])).toEqual([['yes_or_no', 'yes', 'yes'], ['yes_or_no', 'no', 'no']]);
    expect(r.issues).toEqual([]);
  });
  it('reads text and integer questions', async () => {
    const r = await fixture('text_and_integer');
    expect(r.ok && r.questionnaire.questions.map((q) => [q.type, q.name])).toEqual([['text', 'your_name'], ['integer', 'your_age']]);
  });
  it('keeps groups and lists an unsupported type inside one ("label:English (en)")', async () => {
    const r = await fixture('group');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.questionnaire.questions.map((q) => q.type)).toEqual(['text', 'begin_group', 'integer', 'end_group']);
    expect(r.questionnaire.questions[1]!.label).toEqual({ en: 'Father' });
    expect(r.issues).toEqual([{ sheet: 'survey', row: 4, kind: 'type', detail: 'phone number', name: 'phone_number' }]);
  });
  it('reads upper-case sheets and headers and lists external selects, osm, choice_filter and extra sheets', async () => {
    const r = await fixture('case_insensitivity');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.questionnaire).toMatchObject({ title: 'Yes or no', formId: 'YesNo', defaultLanguage: 'en' });
    expect(r.questionnaire.questions.map((q) => q.name)).toEqual(['q1']);
    expect(r.questionnaire.questions[0]!.label).toEqual({ en: 'Are you good?' });
    const kinds = r.issues.map((i) => `${i.kind}:${i.detail}`);
    expect(kinds).toEqual(expect.arrayContaining(['sheet:EXTERNAL_CHOICES', 'sheet:ENTITIES', 'sheet:OSM', 'choice_filter:CHOICE_FILTER (1)', 'type:select_one_external c1', 'type:osm c1']));
  });
  it('reads the XLSForm spec test without crashing and lists what it leaves out', async () => {
    const r = await fixture('xlsform_spec_test');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.questionnaire.questions.length).toBeGreaterThan(5);
    const kinds = new Set(r.issues.map((i) => i.kind));
    for (const k of ['type', 'column', 'language', 'sheet', 'calculation']) expect(kinds).toContain(k);
    // Every survey row is either imported or listed.
    const opened = await openWorkbook(readFileSync(`${DIR}/xlsform_spec_test.xlsx`));
    if (!opened.ok) throw new Error();
    let rows = 0;
    opened.workbook.getWorksheet('survey')!.eachRow((row, i) => {
      if (i > 1 && (row.values as unknown[]).some((v) => v != null && String(v).trim() !== '')) rows++;
    });
    // A row imported without a condition it cannot evaluate is listed too ('feature'), but it is imported.
    const surveyIssues = r.issues.filter((i) => i.sheet === 'survey' && i.row > 0 && i.kind !== 'feature').length;
    expect(r.questionnaire.questions.length + surveyIssues).toBe(rows);
  });
  it('refuses a workbook without a survey sheet with a message, not a crash', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('choices').addRow(['list_name', 'name']);
    expect(await read(new Uint8Array(await wb.xlsx.writeBuffer()))).toMatchObject({ ok: false, messageKey: 'monitoring:xlsform.errors.noSurvey' });
  });
});

describe('XLSForm export', () => {
  for (const name of ['yes_or_no_question', 'text_and_integer', 'group', 'case_insensitivity', 'xlsform_spec_test']) {
    it(`re-imports ${name} identically`, async () => {
      const first = await fixture(name);
      if (!first.ok) throw new Error(first.messageKey);
      const again = await read(await writeXlsForm(first.questionnaire));
      expect(again).toEqual({ ok: true, questionnaire: first.questionnaire, issues: [] });
    });
  }
  it('writes formula-like labels as text', async () => {
    const q = { title: 't', formId: 'f', version: '1', defaultLanguage: 'ky' as const, questions: [{ type: 'text' as const, name: 'a', listName: null, label: { ky: '=1+1', ru: 'Вопрос' }, hint: {}, required: true }], choices: [] };
    const back = await read(await writeXlsForm(q));
    expect(back).toEqual({ ok: true, questionnaire: q, issues: [] });
  });
});

describe('XLSForm export of a questionnaire made in the builder', () => {
  it('re-imports it identically, conditions and constraints included, and it comes back into the builder', async () => {
    const { builderToQuestionnaire, questionnaireToBuilder, newBuilderQuestion, newBuilderGroup } = await import('@kamkor/domain');
    const L = (ky: string, ru = '', en = '') => ({ ky, ru, en });
    const form = {
      title: 'Опрос',
      formId: 'survey_b',
      defaultLanguage: 'ru' as const,
      items: [
        { ...newBuilderQuestion('received', 'yes_no'), label: L('Алдыңызбы?', 'Получили?', 'Received?'), required: true },
        { ...newBuilderQuestion('why_not', 'select_multiple'), label: L('Эмне үчүн?', 'Почему?'), showIf: { question: 'received', value: 'no' }, choices: [{ name: 'far', label: L('Алыс', 'Далеко', 'Far') }, { name: 'queue', label: L('Кезек', 'Очередь') }] },
        { ...newBuilderGroup('about'), label: L('Сиз жөнүндө', 'О вас'), showIf: { question: 'received', value: 'yes' }, items: [{ ...newBuilderQuestion('age', 'integer'), label: L('Жашы', 'Возраст'), min: '14', max: '99' }, { ...newBuilderQuestion('score', 'likert'), label: L('Баа', 'Оценка') }] },
        { ...newBuilderQuestion('day', 'date'), label: L('Күн', 'Дата') },
        { ...newBuilderQuestion('income', 'decimal'), label: L('Киреше', 'Доход'), max: '100000.5' },
        { ...newBuilderQuestion('note', 'text'), label: L('=1+1', 'Комментарий'), showIf: { question: 'why_not', value: 'far' } },
      ],
    };
    const q = builderToQuestionnaire(form);
    const back = await read(await writeXlsForm(q));
    expect(back).toEqual({ ok: true, questionnaire: q, issues: [] });
    if (!back.ok) return;
    expect(questionnaireToBuilder(back.questionnaire)).toEqual({ ok: true, form });
    // The sheet carries the XLSForm columns KoboToolbox reads.
    const opened = await openWorkbook(await writeXlsForm(q));
    if (!opened.ok) throw new Error();
    const survey = opened.workbook.getWorksheet('survey')!;
    const header = (survey.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['type', 'name', 'label::Kyrgyz (ky)', 'label::Russian (ru)', 'label::English (en)', 'required', 'relevant', 'constraint']);
    expect((survey.getRow(3).values as unknown[]).slice(1)).toContain("${received} = 'no'");
  });
  it('lists a relevant or constraint it cannot evaluate on its row, and still imports the question', async () => {
    const r = await fixture('xlsform_spec_test');
    if (!r.ok) throw new Error();
    const features = r.issues.filter((i) => i.kind === 'feature').map((i) => i.detail);
    expect(features).toEqual(expect.arrayContaining(["relevant: not(selected(${skip_to_end}, 'yes'))", 'constraint: . <= ${a_integer}']));
  });
});
