import type { CellError } from '../cell-error.ts';
import type { Questionnaire } from './questionnaire.ts';
import {
  ageGroupOf,
  answerableQuestions,
  needsRespondentNames,
  respondentAgeGroups,
  respondentSexes,
  validateAnswers,
  type Answers,
  type RespondentAgeGroup,
  type RespondentSex,
} from './responses.ts';

/**
 * Responses from Excel in the shape used in training: one row per respondent, one column per question
 * (header = the question's name or its label in ky, ru or en), plus a respondent id column (the
 * idempotency key) and optionally sex, age group, name and territory. Pure: the workbook is read by
 * @kamkor/excel, the rows are written by @kamkor/db.
 */
export type ResponseColumn =
  | { kind: 'question'; name: string }
  | { kind: 'respondent_id' }
  | { kind: 'sex' }
  | { kind: 'age_group' }
  | { kind: 'name' }
  | { kind: 'territory' }
  | { kind: 'ignored'; header: string };

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

const specialHeaders: Record<string, Exclude<ResponseColumn['kind'], 'question' | 'ignored'>> = {
  respondent_id: 'respondent_id',
  'respondent id': 'respondent_id',
  'id респондента': 'respondent_id',
  'респондент id': 'respondent_id',
  'респонденттин id': 'respondent_id',
  respondent_sex: 'sex',
  respondent_age_group: 'age_group',
  'age group': 'age_group',
  'возрастная группа': 'age_group',
  'курак тобу': 'age_group',
  respondent_name: 'name',
  territory: 'territory',
  soate: 'territory',
  соате: 'territory',
  'территория (соате)': 'territory',
  'аймак (соате)': 'territory',
};

/** Maps each header cell to a question or a respondent field; unknown headers are ignored (and listed). */
export function mapResponseHeaders(q: Questionnaire, headers: readonly string[]): ResponseColumn[] {
  const questions = answerableQuestions(q);
  const used = new Set<string>();
  return headers.map((raw) => {
    const h = norm(raw ?? '');
    if (!h) return { kind: 'ignored', header: '' };
    const special = specialHeaders[h];
    // A question called respondent_name keeps its special meaning (the name column).
    if (special && !(special !== 'name' && questions.some((x) => x.name.toLowerCase() === h))) return { kind: special };
    const byName = questions.find((x) => x.name.toLowerCase() === h);
    const byLabel = byName ?? questions.find((x) => Object.values(x.label).some((l) => l && norm(l) === h));
    if (byLabel && !used.has(byLabel.name)) {
      used.add(byLabel.name);
      return { kind: 'question', name: byLabel.name };
    }
    return { kind: 'ignored', header: raw.trim() };
  });
}

export type ResponseCellValue = string | number | boolean | Date | null;

export interface ImportedResponse {
  rowNumber: number;
  respondentRef: string;
  answers: Answers;
  sex: RespondentSex | null;
  ageGroup: RespondentAgeGroup | null;
  name: string | null;
  territory: string | null;
}

/** Column letters of a 0-based index (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Sex from a code or a word in ky/ru/en. */
export function parseRespondentSex(raw: string): RespondentSex | null {
  const s = norm(raw);
  if (['f', 'female', 'woman', 'аял', 'а', 'ж', 'жен', 'женский', 'женщина', 'кыз'].includes(s)) return 'f';
  if (['m', 'male', 'man', 'эркек', 'э', 'м', 'муж', 'мужской', 'мужчина'].includes(s)) return 'm';
  return null;
}

/** An age group from its code (`18_29`), a range as typed (`18-29`, `60+`) or an age. */
export function parseRespondentAgeGroup(raw: string | number): RespondentAgeGroup | null {
  if (typeof raw === 'number') return Number.isInteger(raw) ? ageGroupOf(raw) : null;
  const s = norm(raw).replace(/[\s–—-]+/g, '_').replace(/\+$/, '_plus');
  if ((respondentAgeGroups as readonly string[]).includes(s)) return s as RespondentAgeGroup;
  if (/^\d{1,3}$/.test(s)) return ageGroupOf(Number(s));
  return null;
}

/**
 * Sex and age group taken from the answers when the questionnaire asks them (a `sex` question with
 * f/m codes, an integer `age` question), so the summaries disaggregate without asking twice.
 */
export function respondentFromAnswers(answers: Answers): { sex: RespondentSex | null; ageGroup: RespondentAgeGroup | null } {
  const sex = typeof answers.sex === 'string' && (respondentSexes as readonly string[]).includes(answers.sex) ? (answers.sex as RespondentSex) : null;
  const ageGroup = typeof answers.age === 'number' ? ageGroupOf(answers.age) : null;
  return { sex, ageGroup };
}

const MAX_REF = 100;
const MAX_NAME = 200;

/**
 * Reads the rows of the training sheet against a questionnaire version: each row validated like an
 * answer set from the phone; each error on its cell (the respondent id cell for row-level errors).
 */
export function readResponseRows(
  q: Questionnaire,
  sheet: string,
  headers: readonly string[],
  rows: readonly { rowNumber: number; cells: readonly ResponseCellValue[] }[],
): { columns: ResponseColumn[]; responses: ImportedResponse[]; errors: CellError[]; ignored: string[] } {
  const columns = mapResponseHeaders(q, headers);
  const errors: CellError[] = [];
  const responses: ImportedResponse[] = [];
  const idCol = columns.findIndex((c) => c.kind === 'respondent_id');
  const ignored = columns.filter((c): c is Extract<ResponseColumn, { kind: 'ignored' }> => c.kind === 'ignored' && c.header !== '').map((c) => c.header);
  if (idCol < 0) {
    errors.push({ sheet, cell: 'A1', messageKey: 'survey:import.noRespondentId' });
    return { columns, responses, errors, ignored };
  }
  const questionCol = new Map<string, number>();
  columns.forEach((c, i) => c.kind === 'question' && questionCol.set(c.name, i));
  const withNames = needsRespondentNames(q);
  const seen = new Map<string, number>();
  for (const row of rows) {
    const cell = (i: number) => `${columnLetter(i)}${row.rowNumber}`;
    const raw = (i: number): ResponseCellValue => row.cells[i] ?? null;
    const text = (i: number) => {
      const v = raw(i);
      return v == null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
    };
    if (row.cells.every((v) => v == null || String(v).trim() === '')) continue;
    const ref = text(idCol);
    const rowErrors: CellError[] = [];
    if (!ref) rowErrors.push({ sheet, cell: cell(idCol), messageKey: 'errors.required' });
    else if (ref.length > MAX_REF) rowErrors.push({ sheet, cell: cell(idCol), messageKey: 'errors.tooLong' });
    else if (seen.has(ref)) rowErrors.push({ sheet, cell: cell(idCol), messageKey: 'survey:import.duplicateRespondent', params: { row: seen.get(ref) } });
    else seen.set(ref, row.rowNumber);
    const given: Record<string, unknown> = {};
    for (const [name, i] of questionCol) {
      const v = raw(i);
      if (v != null && !(typeof v === 'string' && v.trim() === '')) given[name] = typeof v === 'boolean' ? (v ? 'yes' : 'no') : v;
    }
    const checked = validateAnswers(q, given);
    if (!checked.ok)
      for (const e of checked.errors) rowErrors.push({ sheet, cell: cell(questionCol.get(e.name) ?? idCol), messageKey: e.messageKey, params: e.params });
    let sex: RespondentSex | null = null;
    let ageGroup: RespondentAgeGroup | null = null;
    let name: string | null = null;
    let territory: string | null = null;
    columns.forEach((c, i) => {
      const t = text(i);
      if (!t) return;
      if (c.kind === 'sex') {
        sex = parseRespondentSex(t);
        if (!sex) rowErrors.push({ sheet, cell: cell(i), messageKey: 'survey:import.badSex', params: { value: t.slice(0, 50) } });
      } else if (c.kind === 'age_group') {
        const v = raw(i);
        ageGroup = parseRespondentAgeGroup(typeof v === 'number' ? v : t);
        if (!ageGroup) rowErrors.push({ sheet, cell: cell(i), messageKey: 'survey:import.badAgeGroup', params: { value: t.slice(0, 50) } });
      } else if (c.kind === 'name' && withNames) {
        if (t.length > MAX_NAME) rowErrors.push({ sheet, cell: cell(i), messageKey: 'errors.tooLong' });
        else name = t;
      } else if (c.kind === 'territory') territory = t.replace(/\s/g, '');
    });
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const answers = checked.ok ? checked.answers : {};
    // A name asked as a question goes to its own column, never among the answers.
    if (typeof answers.respondent_name === 'string') {
      if (withNames && !name) name = answers.respondent_name.slice(0, MAX_NAME);
      delete answers.respondent_name;
    }
    const derived = respondentFromAnswers(answers);
    responses.push({ rowNumber: row.rowNumber, respondentRef: ref, answers, sex: sex ?? derived.sex, ageGroup: ageGroup ?? derived.ageGroup, name, territory });
  }
  return { columns, responses, errors, ignored };
}
