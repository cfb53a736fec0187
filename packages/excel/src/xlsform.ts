import ExcelJS from 'exceljs';
import {
  labelLanguages,
  parseConstraint,
  parseRelevant,
  parseXlsFormHeader,
  parseXlsFormType,
  xlsFormBoolean,
  xlsFormLanguage,
  type Choice,
  type LabelLanguage,
  type Labels,
  type Question,
  type Questionnaire,
  type XlsFormIssue,
} from '@kamkor/domain';
import { valueText, setSafeValue } from './cells.ts';
import type { ReadSheet, ReadWorkbook } from './streamed-workbook.ts';

/** Columns of each sheet that Kamkor reads; every other column with content is listed as not supported. */
const SURVEY_COLUMNS = new Set(['type', 'name', 'label', 'hint', 'required', 'relevant', 'constraint']);
const CHOICE_COLUMNS = new Set(['list_name', 'name', 'label']);
const SETTINGS_COLUMNS = new Set(['form_title', 'form_id', 'version', 'default_language']);
/** Sheets of the spec Kamkor reads. */
const SHEETS = ['survey', 'choices', 'settings'] as const;
/** Most rows read from one sheet (a questionnaire is a few hundred rows at most). */
const MAX_ROWS = 5000;
const MAX_TEXT = 2000;

type Table = { sheet: string; headers: { raw: string; base: string; language: string | null }[]; rows: { row: number; cells: string[] }[] };

/** A cell as text; a formula without a cached result reads as its formula, so it is seen and listed, not lost. */
function cellString(v: unknown): string {
  if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v) && (v as { result?: unknown }).result == null) {
    const f = (v as { formula?: string; sharedFormula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula ?? '';
    return `=${f}`;
  }
  if (v && typeof v === 'object' && !('richText' in v) && !('result' in v) && !('text' in v) && !(v instanceof Date)) return '';
  return valueText(v);
}

function readTable(ws: ReadSheet): Table {
  const headerRow = ws.getRow(1);
  const headers: Table['headers'] = [];
  for (let c = 1; c <= Math.min(ws.columnCount, 200); c++) {
    const raw = cellString(headerRow.getCell(c).value);
    headers.push({ raw, ...parseXlsFormHeader(raw) });
  }
  const rows: Table['rows'] = [];
  const last = Math.min(ws.rowCount, MAX_ROWS + 1);
  for (let r = 2; r <= last; r++) {
    const row = ws.getRow(r);
    const cells = headers.map((_, i) => cellString(row.getCell(i + 1).value).slice(0, MAX_TEXT));
    if (cells.every((c) => c === '')) continue;
    rows.push({ row: r, cells });
  }
  return { sheet: ws.name, headers, rows };
}

/** Columns with content that Kamkor does not read, and label/hint columns in languages it does not speak. */
function unsupportedColumns(t: Table, known: Set<string>, issues: XlsFormIssue[]) {
  t.headers.forEach((h, i) => {
    if (!h.raw) return;
    const used = t.rows.filter((r) => r.cells[i] !== '');
    if (used.length === 0) return;
    if (!known.has(h.base)) {
      const kind = h.base === 'choice_filter' ? 'choice_filter' : h.base === 'calculation' ? 'calculation' : 'column';
      issues.push({ sheet: t.sheet, row: 0, kind, detail: `${h.raw} (${used.length})` });
    } else if ((h.base === 'label' || h.base === 'hint') && xlsFormLanguage(h.language) === null) {
      issues.push({ sheet: t.sheet, row: 0, kind: 'language', detail: `${h.raw} (${used.length})` });
    }
  });
}

function labelsOf(t: Table, cells: string[], base: 'label' | 'hint'): Labels {
  const out: Labels = {};
  t.headers.forEach((h, i) => {
    if (h.base !== base || !cells[i]) return;
    const lang = xlsFormLanguage(h.language);
    if (lang && out[lang] === undefined) out[lang] = cells[i];
  });
  return out;
}

const col = (t: Table, base: string) => t.headers.findIndex((h) => h.base === base && !h.language);

export type XlsFormRead = { ok: true; questionnaire: Questionnaire; issues: XlsFormIssue[] } | { ok: false; messageKey: string; issues: XlsFormIssue[] };

/**
 * Reads an XLSForm (read through `readWorkbookStreamed`): sheets and headers in any case, `label::Kyrgyz (ky)`,
 * `label:ky` or `label` alike, `list name` or `list_name`. What Kamkor does not support (question types,
 * repeats, calculations, choice_filter and other columns, other sheets, other languages) is returned in
 * `issues`, row by row, and left out; nothing is dropped without an issue and no input makes it throw.
 */
export function readXlsForm(workbook: ReadWorkbook): XlsFormRead {
  const issues: XlsFormIssue[] = [];
  const byName = new Map<string, ReadSheet>();
  for (const ws of workbook.worksheets) {
    const key = ws.name.trim().toLowerCase();
    if ((SHEETS as readonly string[]).includes(key) && !byName.has(key)) byName.set(key, ws);
    else issues.push({ sheet: ws.name, row: 0, kind: 'sheet', detail: ws.name });
  }
  const surveyWs = byName.get('survey');
  if (!surveyWs) return { ok: false, messageKey: 'monitoring:xlsform.errors.noSurvey', issues };

  // Settings: title, id, version, default language.
  let title = '';
  let formId = '';
  let version: string | null = null;
  let defaultLanguage: LabelLanguage | null = null;
  const settingsWs = byName.get('settings');
  if (settingsWs) {
    const s = readTable(settingsWs);
    unsupportedColumns(s, SETTINGS_COLUMNS, issues);
    const first = s.rows[0]?.cells ?? [];
    const get = (base: string) => (col(s, base) >= 0 ? (first[col(s, base)] ?? '') : '');
    title = get('form_title');
    formId = get('form_id');
    version = get('version') || null;
    const dl = get('default_language');
    if (dl) {
      const lang = xlsFormLanguage(dl);
      if (lang && lang !== 'und') defaultLanguage = lang;
      else issues.push({ sheet: s.sheet, row: s.rows[0]!.row, kind: 'language', detail: `default_language: ${dl}` });
    }
    for (const extra of s.rows.slice(1)) issues.push({ sheet: s.sheet, row: extra.row, kind: 'invalid', detail: 'settings' });
  }

  // Choices.
  const choices: Choice[] = [];
  const choicesWs = byName.get('choices');
  if (choicesWs) {
    const c = readTable(choicesWs);
    unsupportedColumns(c, CHOICE_COLUMNS, issues);
    const li = col(c, 'list_name');
    const ni = col(c, 'name');
    const seen = new Set<string>();
    for (const r of c.rows) {
      const listName = li >= 0 ? r.cells[li]! : '';
      const name = ni >= 0 ? r.cells[ni]! : '';
      if (!listName || !name) {
        issues.push({ sheet: c.sheet, row: r.row, kind: 'invalid', detail: listName || name || 'choice' });
        continue;
      }
      if (seen.has(`${listName}\u0000${name}`)) {
        issues.push({ sheet: c.sheet, row: r.row, kind: 'invalid', detail: `${listName}/${name}` });
        continue;
      }
      seen.add(`${listName}\u0000${name}`);
      choices.push({ listName, name, label: labelsOf(c, r.cells, 'label') });
    }
  }
  const lists = new Set(choices.map((c) => c.listName));

  // Survey.
  const s = readTable(surveyWs);
  unsupportedColumns(s, SURVEY_COLUMNS, issues);
  const ti = col(s, 'type');
  const ni = col(s, 'name');
  const ri = col(s, 'required');
  const reli = col(s, 'relevant');
  const coni = col(s, 'constraint');
  /** `relevant` and `constraint` in the simple forms Kamkor understands; anything else is listed for that row. */
  const conditions = (r: { row: number; cells: string[] }, name: string) => {
    const out: { relevant?: string; constraint?: string } = {};
    const rel = reli >= 0 ? r.cells[reli]!.trim() : '';
    const con = coni >= 0 ? r.cells[coni]!.trim() : '';
    if (rel && parseRelevant(rel)) out.relevant = rel;
    else if (rel) issues.push({ sheet: s.sheet, row: r.row, kind: 'feature', detail: `relevant: ${rel}`, name });
    if (con && parseConstraint(con)) out.constraint = con;
    else if (con) issues.push({ sheet: s.sheet, row: r.row, kind: 'feature', detail: `constraint: ${con}`, name });
    return out;
  };
  if (ti < 0) return { ok: false, messageKey: 'monitoring:xlsform.errors.noType', issues };
  const questions: Question[] = [];
  const names = new Set<string>();
  let repeatDepth = 0;
  let groupDepth = 0;
  for (const r of s.rows) {
    const rawType = r.cells[ti]!;
    const name = ni >= 0 ? r.cells[ni]! : '';
    const parsed = parseXlsFormType(rawType);
    if (parsed.repeat === 'begin') {
      repeatDepth++;
      issues.push({ sheet: s.sheet, row: r.row, kind: 'repeat', detail: rawType, name });
      continue;
    }
    if (parsed.repeat === 'end') {
      if (repeatDepth > 0) repeatDepth--;
      issues.push({ sheet: s.sheet, row: r.row, kind: repeatDepth >= 0 ? 'repeat' : 'invalid', detail: rawType, name });
      continue;
    }
    if (repeatDepth > 0) {
      issues.push({ sheet: s.sheet, row: r.row, kind: 'repeat', detail: rawType, name });
      continue;
    }
    if (!parsed.type) {
      const kind = /^calculate$/i.test(rawType.trim()) ? 'calculation' : 'type';
      issues.push({ sheet: s.sheet, row: r.row, kind, detail: rawType || '—', name });
      continue;
    }
    if (parsed.type === 'end_group') {
      if (groupDepth === 0) {
        issues.push({ sheet: s.sheet, row: r.row, kind: 'invalid', detail: rawType });
        continue;
      }
      groupDepth--;
      questions.push({ type: 'end_group', name: '', listName: null, label: {}, hint: {}, required: false });
      continue;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) || names.has(name)) {
      issues.push({ sheet: s.sheet, row: r.row, kind: 'invalid', detail: `${rawType}: ${name || '—'}`, name });
      // A group we refuse still gets its end: count it so its end group is matched and dropped.
      if (parsed.type === 'begin_group') {
        groupDepth++;
        questions.push({ type: 'begin_group', name: `group_${r.row}`, listName: null, label: {}, hint: {}, required: false });
      }
      continue;
    }
    if ((parsed.type === 'select_one' || parsed.type === 'select_multiple') && !lists.has(parsed.listName!)) {
      issues.push({ sheet: s.sheet, row: r.row, kind: 'invalid', detail: rawType, name });
      continue;
    }
    names.add(name);
    if (parsed.type === 'begin_group') groupDepth++;
    questions.push({
      type: parsed.type,
      name,
      listName: parsed.listName,
      label: labelsOf(s, r.cells, 'label'),
      hint: labelsOf(s, r.cells, 'hint'),
      required: ri >= 0 ? xlsFormBoolean(r.cells[ri]!) : false,
      ...conditions(r, name),
    });
  }
  for (; groupDepth > 0; groupDepth--) questions.push({ type: 'end_group', name: '', listName: null, label: {}, hint: {}, required: false });
  if (repeatDepth > 0) issues.push({ sheet: s.sheet, row: 0, kind: 'invalid', detail: 'end repeat' });
  if (!questions.some((q) => q.type !== 'begin_group' && q.type !== 'end_group')) {
    return { ok: false, messageKey: 'monitoring:xlsform.errors.noQuestions', issues };
  }
  return { ok: true, questionnaire: { title: title || formId || 'questionnaire', formId: formId || 'questionnaire', version, defaultLanguage, questions, choices }, issues };
}

const LANGUAGE_HEADER: Record<LabelLanguage, string> = { ky: 'Kyrgyz (ky)', ru: 'Russian (ru)', en: 'English (en)', und: '' };
const headerFor = (base: string, lang: LabelLanguage) => (lang === 'und' ? base : `${base}::${LANGUAGE_HEADER[lang]}`);

/**
 * Writes a questionnaire as an XLSForm (survey, choices, settings) that KoboToolbox and ODK open and
 * that `readXlsForm` reads back to the same questionnaire. Typed text is written with setSafeValue.
 */
export async function writeXlsForm(q: Questionnaire): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const used = (items: { label: Labels; hint?: Labels }[], key: 'label' | 'hint') =>
    labelLanguages.filter((l) => items.some((i) => (i[key] as Labels | undefined)?.[l] !== undefined));
  const qLabel = used(q.questions, 'label');
  const qHint = used(q.questions, 'hint');
  const survey = wb.addWorksheet('survey');
  const withRelevant = q.questions.some((i) => i.relevant);
  const withConstraint = q.questions.some((i) => i.constraint);
  const surveyHeader = [
    'type',
    'name',
    ...qLabel.map((l) => headerFor('label', l)),
    ...qHint.map((l) => headerFor('hint', l)),
    'required',
    ...(withRelevant ? ['relevant'] : []),
    ...(withConstraint ? ['constraint'] : []),
  ];
  survey.addRow(surveyHeader);
  for (const item of q.questions) {
    const type = item.type === 'select_one' || item.type === 'select_multiple' ? `${item.type} ${item.listName}` : item.type;
    const values = [
      type,
      item.name,
      ...qLabel.map((l) => item.label[l] ?? null),
      ...qHint.map((l) => item.hint[l] ?? null),
      item.required ? 'yes' : null,
      ...(withRelevant ? [item.relevant ?? null] : []),
      ...(withConstraint ? [item.constraint ?? null] : []),
    ];
    const row = survey.addRow([]);
    values.forEach((v, i) => v !== null && v !== '' && setSafeValue(row.getCell(i + 1), v));
  }
  const choices = wb.addWorksheet('choices');
  const cLabel = used(q.choices, 'label');
  choices.addRow(['list_name', 'name', ...cLabel.map((l) => headerFor('label', l))]);
  for (const c of q.choices) {
    const row = choices.addRow([]);
    [c.listName, c.name, ...cLabel.map((l) => c.label[l] ?? null)].forEach((v, i) => v !== null && v !== '' && setSafeValue(row.getCell(i + 1), v));
  }
  const settings = wb.addWorksheet('settings');
  settings.addRow(['form_title', 'form_id', 'version', 'default_language']);
  const srow = settings.addRow([]);
  [q.title, q.formId, q.version, q.defaultLanguage ? LANGUAGE_HEADER[q.defaultLanguage] : null].forEach((v, i) => v && setSafeValue(srow.getCell(i + 1), v));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
