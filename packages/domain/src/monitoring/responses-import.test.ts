import { describe, expect, it } from 'vitest';
import type { Questionnaire } from './questionnaire.ts';
import { columnLetter, mapResponseHeaders, parseRespondentAgeGroup, parseRespondentSex, readResponseRows } from './responses-import.ts';

const q: Questionnaire = {
  title: 't',
  formId: 'f',
  version: null,
  defaultLanguage: 'ky',
  questions: [
    { type: 'text', name: 'respondent_name', listName: null, label: { ky: 'Аты-жөнү', ru: 'ФИО' }, hint: {}, required: false },
    { type: 'select_one', name: 'received', listName: 'yn', label: { ky: 'Кызматты алдыңызбы?', ru: 'Вы получили услугу?' }, hint: {}, required: true },
    { type: 'date', name: 'visited', listName: null, label: { ru: 'Дата посещения' }, hint: {}, required: false },
  ],
  choices: [
    { listName: 'yn', name: 'yes', label: { ky: 'Ооба', ru: 'Да' } },
    { listName: 'yn', name: 'no', label: { ky: 'Жок', ru: 'Нет' } },
  ],
};

describe('responses in the training sheet', () => {
  it('maps headers by name or label in any language, case and spaces aside; lists the rest', () => {
    expect(mapResponseHeaders(q, ['Respondent ID', '  вы получили УСЛУГУ? ', 'visited', 'ФИО', 'Пол', '№', ''])).toEqual([
      { kind: 'respondent_id' },
      { kind: 'question', name: 'received' },
      { kind: 'question', name: 'visited' },
      { kind: 'question', name: 'respondent_name' },
      { kind: 'ignored', header: 'Пол' },
      { kind: 'ignored', header: '№' },
      { kind: 'ignored', header: '' },
    ]);
  });

  it('reads dates as typed or as Excel dates, sex and age groups as people write them', () => {
    const r = readResponseRows(q, 'Лист1', ['respondent_id', 'received', 'visited', 'respondent_sex', 'age group'], [
      { rowNumber: 2, cells: ['A', 'Да', '05.03.2026', 'Ж', '18-29'] },
      { rowNumber: 3, cells: ['B', 'no', new Date(Date.UTC(2026, 2, 6)), 'эркек', '60+'] },
      { rowNumber: 4, cells: [null, null, null, null, null] },
      { rowNumber: 5, cells: ['C', 'Ооба', '2026-13-01', 'x', 'old'] },
    ]);
    expect(r.responses.map((x) => [x.respondentRef, x.answers, x.sex, x.ageGroup])).toEqual([
      ['A', { received: 'yes', visited: '2026-03-05' }, 'f', '18_29'],
      ['B', { received: 'no', visited: '2026-03-06' }, 'm', '60_plus'],
    ]);
    expect(r.errors.map((e) => [e.cell, e.messageKey])).toEqual([
      ['C5', 'survey:errors.date'],
      ['D5', 'survey:import.badSex'],
      ['E5', 'survey:import.badAgeGroup'],
    ]);
  });

  it('keeps a name asked as a question out of the answers', () => {
    const r = readResponseRows(q, 'S', ['respondent_id', 'ФИО', 'received'], [{ rowNumber: 2, cells: ['R1', 'Токтогулов Бакыт', 'Да'] }]);
    expect(r.responses.map((x) => [x.name, x.answers])).toEqual([['Токтогулов Бакыт', { received: 'yes' }]]);
  });

  it('refuses a sheet without a respondent id column and a missing required answer on its cell', () => {
    expect(readResponseRows(q, 'S', ['received'], [{ rowNumber: 2, cells: ['yes'] }]).errors).toEqual([{ sheet: 'S', cell: 'A1', messageKey: 'survey:import.noRespondentId' }]);
    expect(readResponseRows(q, 'S', ['received', 'respondent_id'], [{ rowNumber: 2, cells: [null, 'R1'] }]).errors).toEqual([{ sheet: 'S', cell: 'A2', messageKey: 'errors.required' }]);
  });

  it('knows column letters and the small vocabularies', () => {
    expect([0, 25, 26, 51, 701].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ']);
    expect(['Аял', 'female', 'Мужской', '?'].map(parseRespondentSex)).toEqual(['f', 'f', 'm', null]);
    expect(['0_17', '30–59', '45', 70, 'adult'].map(parseRespondentAgeGroup)).toEqual(['0_17', '30_59', '30_59', '60_plus', null]);
  });
});
