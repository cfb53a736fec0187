/**
 * A questionnaire as Kamkor keeps it, and as XLSForm (`survey`, `choices`, `settings`) carries it.
 * Labels are kept per language code: `ky`, `ru`, `en`, or `und` for a label column without a language.
 */
export const questionTypes = ['text', 'integer', 'decimal', 'date', 'select_one', 'select_multiple', 'note', 'begin_group', 'end_group'] as const;
export type QuestionType = (typeof questionTypes)[number];
export const labelLanguages = ['ky', 'ru', 'en', 'und'] as const;
export type LabelLanguage = (typeof labelLanguages)[number];
export type Labels = Partial<Record<LabelLanguage, string>>;

export interface Question {
  type: QuestionType;
  name: string;
  /** The choice list of a select question. */
  listName: string | null;
  label: Labels;
  hint: Labels;
  required: boolean;
  /** XLSForm `relevant` in a form Kamkor understands (see parseRelevant): "show if question X = value". */
  relevant?: string;
  /** XLSForm `constraint` in a form Kamkor understands (see parseConstraint): min and/or max of a number. */
  constraint?: string;
}

export interface Choice {
  listName: string;
  name: string;
  label: Labels;
}

export interface Questionnaire {
  title: string;
  formId: string;
  version: string | null;
  defaultLanguage: LabelLanguage | null;
  questions: Question[];
  choices: Choice[];
}

/** Something in an XLSForm that Kamkor does not take over; shown on the import page, never dropped silently. */
export interface XlsFormIssue {
  sheet: string;
  /** 1-based row in the sheet, 0 for the sheet or its header. */
  row: number;
  kind: 'sheet' | 'column' | 'type' | 'repeat' | 'choice_filter' | 'calculation' | 'language' | 'feature' | 'invalid';
  /** The thing itself: a type, a column header, a sheet name. */
  detail: string;
  /** The question it concerns, when there is one. */
  name?: string;
}

const languageNames: Record<string, LabelLanguage> = {
  ky: 'ky',
  kyrgyz: 'ky',
  kirghiz: 'ky',
  кыргызча: 'ky',
  ru: 'ru',
  russian: 'ru',
  русский: 'ru',
  en: 'en',
  english: 'en',
};

/**
 * The language of an XLSForm column suffix, as the spec writes it: `English (en)`, `en`, `english`,
 * any case. `null` for a language Kamkor does not speak (the column is listed, not imported).
 */
export function xlsFormLanguage(suffix: string | null | undefined): LabelLanguage | null {
  if (suffix == null || suffix.trim() === '') return 'und';
  const s = suffix.trim().toLowerCase();
  const code = /\(([a-z]{2,3})(?:[-_][a-z0-9]+)?\)\s*$/.exec(s)?.[1];
  if (code) return languageNames[code] ?? null;
  return languageNames[s] ?? null;
}

/**
 * Splits an XLSForm column header into its base and language: `label::Kyrgyz (ky)`, `label:ky`,
 * `LABEL::EN`, `list name`, `hint`. Headers are case-insensitive and spaces equal underscores.
 */
export function parseXlsFormHeader(header: string): { base: string; language: string | null } {
  const h = header.trim();
  const m = /^([^:]+?)\s*::?\s*(.+)$/.exec(h);
  const rawBase = (m ? m[1]! : h).trim().toLowerCase().replace(/\s+/g, '_');
  return { base: rawBase, language: m ? m[2]!.trim() : null };
}

/**
 * The type cell of a survey row: `select_one list`, `select one from list` (older syntax),
 * `begin group`, `integer`… with whether Kamkor supports it.
 */
export function parseXlsFormType(raw: string): { type: QuestionType | null; listName: string | null; given: string; repeat?: 'begin' | 'end' } {
  const t = raw.trim().replace(/\s+/g, ' ');
  const lower = t.toLowerCase();
  let m = /^(select_one|select one|select_multiple|select multiple|select_all_that_apply|select all that apply)\s+(?:from\s+)?(\S+)(\s+or_other)?$/.exec(lower);
  if (m) {
    if (m[3]) return { type: null, listName: null, given: t };
    const type = m[1]!.startsWith('select_one') || m[1] === 'select one' ? 'select_one' : 'select_multiple';
    return { type, listName: t.split(' ').pop()!, given: t };
  }
  m = /^(begin|end)[ _](group|repeat)$/.exec(lower);
  if (m) {
    if (m[2] === 'repeat') return { type: null, listName: null, given: t, repeat: m[1] as 'begin' | 'end' };
    return { type: m[1] === 'begin' ? 'begin_group' : 'end_group', listName: null, given: t };
  }
  const simple: Record<string, QuestionType> = { text: 'text', string: 'text', integer: 'integer', int: 'integer', decimal: 'decimal', date: 'date', note: 'note' };
  return { type: simple[lower] ?? null, listName: null, given: t };
}

/** XLSForm's yes/true/TRUE()/1 as required. */
export function xlsFormBoolean(raw: string): boolean {
  return /^(yes|true|true\(\)|1)$/i.test(raw.trim());
}

/** A show-if condition Kamkor understands: `${q} = 'v'` (one choice) or `selected(${q}, 'v')` (several). */
export interface ShowIf {
  question: string;
  value: string;
}

/**
 * Reads an XLSForm `relevant` of the simple forms the builder writes: `${q} = 'v'` (also "v" and spaces)
 * and `selected(${q}, 'v')`; `null` for anything else (it is listed on import, not evaluated).
 */
export function parseRelevant(expr: string): (ShowIf & { op: 'eq' | 'selected' }) | null {
  const e = expr.trim();
  let m = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}\s*=\s*(?:'([^']*)'|"([^"]*)")$/.exec(e);
  if (m) return { question: m[1]!, value: m[2] ?? m[3]!, op: 'eq' };
  m = /^selected\s*\(\s*\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}\s*,\s*(?:'([^']*)'|"([^"]*)")\s*\)$/.exec(e);
  if (m) return { question: m[1]!, value: m[2] ?? m[3]!, op: 'selected' };
  return null;
}

/** The `relevant` the builder writes for "show if X = value". */
export function relevantFor(showIf: ShowIf, multiple: boolean): string {
  const v = showIf.value.replace(/'/g, '');
  return multiple ? `selected(\${${showIf.question}}, '${v}')` : `\${${showIf.question}} = '${v}'`;
}

/**
 * Reads an XLSForm `constraint` of the simple forms the builder writes: `. >= 1`, `. <= 10`,
 * `. >= 1 and . <= 10` (either order); `null` for anything else.
 */
export function parseConstraint(expr: string): { min: number | null; max: number | null } | null {
  const parts = expr.trim().split(/\s+and\s+/i);
  if (parts.length === 0 || parts.length > 2) return null;
  const out: { min: number | null; max: number | null } = { min: null, max: null };
  for (const part of parts) {
    const m = /^\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)$/.exec(part.trim());
    if (!m) return null;
    const key = m[1] === '>=' ? 'min' : 'max';
    if (out[key] !== null) return null;
    out[key] = Number(m[2]);
  }
  return out;
}

/** The `constraint` the builder writes for a min and/or max; `null` when neither is given. */
export function constraintFor(min: number | null, max: number | null): string | null {
  const parts = [min !== null ? `. >= ${min}` : null, max !== null ? `. <= ${max}` : null].filter(Boolean);
  return parts.length ? parts.join(' and ') : null;
}
