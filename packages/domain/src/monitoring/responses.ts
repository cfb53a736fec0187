import { parseDate, parseNumber } from '../i18n/format.ts';
import type { Choice, Question, Questionnaire } from './questionnaire.ts';
import type { SurveySummarySection } from './annual-report.ts';

/**
 * Answers to a questionnaire version, and the rules a set of answers must keep: show-if conditions
 * (the subset of XLSForm `relevant` Kamkor evaluates), constraints (min/max, or an XLSForm `constraint`
 * of the same subset on `.`), required. Pure: the phone, the Excel import and the server use the same code.
 *
 * The subset: `${name}`, `.`, numbers, 'text' or "text", `= != < <= > >=`, `and`, `or`, `not(…)`,
 * `selected(${name}, 'code')`, `count-selected(${name})`, `true()`, `false()`, parentheses. Anything
 * else is refused when parsed (the form is not shown with a rule Kamkor would get wrong).
 */

export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue>;

/** The optional rules of a question (kept on the question's JSON; absent on imported forms that had none). */
export interface QuestionRules {
  relevant?: string | null;
  constraint?: string | null;
  min?: number | null;
  max?: number | null;
}
export type RuledQuestion = Question & QuestionRules;

export type ConditionExpr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'ref'; name: string }
  | { k: 'self' }
  | { k: 'cmp'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; l: ConditionExpr; r: ConditionExpr }
  | { k: 'and' | 'or'; a: ConditionExpr; b: ConditionExpr }
  | { k: 'not'; e: ConditionExpr }
  | { k: 'selected'; ref: ConditionExpr; v: ConditionExpr }
  | { k: 'count'; ref: ConditionExpr };

type Token = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'ref'; v: string } | { t: 'op'; v: string } | { t: 'word'; v: string } | { t: 'punct'; v: string };

const MAX_EXPR = 1000;

function tokenize(src: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let m: RegExpExecArray | null;
    const rest = src.slice(i);
    if ((m = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/.exec(rest))) out.push({ t: 'ref', v: m[1]! });
    else if ((m = /^-?\d+(\.\d+)?/.exec(rest)) && !(c === '-' && out.length && out[out.length - 1]!.t !== 'op' && out[out.length - 1]!.v !== '(' && out[out.length - 1]!.v !== ','))
      out.push({ t: 'num', v: Number(m[0]) });
    else if ((m = /^'([^']*)'/.exec(rest)) || (m = /^"([^"]*)"/.exec(rest))) out.push({ t: 'str', v: m[1]! });
    else if ((m = /^(!=|<=|>=|=|<|>)/.exec(rest))) out.push({ t: 'op', v: m[1]! });
    else if ((m = /^[A-Za-z][A-Za-z-]*/.exec(rest))) out.push({ t: 'word', v: m[0] });
    else if ((m = /^[(),.]/.exec(rest))) out.push({ t: 'punct', v: m[0] });
    else return null;
    i += m![0].length;
  }
  return out;
}

/** Parses a condition of the supported subset; `null` when it is outside it (or empty). */
export function parseCondition(src: string | null | undefined): ConditionExpr | null {
  if (src == null || src.trim() === '' || src.length > MAX_EXPR) return null;
  const tokens = tokenize(src);
  if (!tokens) return null;
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];
  const expect = (v: string) => {
    const t = take();
    if (!t || t.v !== v) throw new Error('syntax');
  };
  const orExpr = (): ConditionExpr => {
    let a = andExpr();
    while (peek()?.t === 'word' && peek()!.v === 'or') {
      take();
      a = { k: 'or', a, b: andExpr() };
    }
    return a;
  };
  const andExpr = (): ConditionExpr => {
    let a = cmpExpr();
    while (peek()?.t === 'word' && peek()!.v === 'and') {
      take();
      a = { k: 'and', a, b: cmpExpr() };
    }
    return a;
  };
  const cmpExpr = (): ConditionExpr => {
    const l = primary();
    const t = peek();
    if (t?.t === 'op') {
      take();
      return { k: 'cmp', op: t.v as Extract<ConditionExpr, { k: 'cmp' }>['op'], l, r: primary() };
    }
    return l;
  };
  const primary = (): ConditionExpr => {
    const t = take();
    if (!t) throw new Error('syntax');
    if (t.t === 'num') return { k: 'num', v: t.v };
    if (t.t === 'str') return { k: 'str', v: t.v };
    if (t.t === 'ref') return { k: 'ref', name: t.v };
    if (t.t === 'punct' && t.v === '.') return { k: 'self' };
    if (t.t === 'punct' && t.v === '(') {
      const e = orExpr();
      expect(')');
      return e;
    }
    if (t.t === 'word') {
      expect('(');
      switch (t.v) {
        case 'not': {
          const e = orExpr();
          expect(')');
          return { k: 'not', e };
        }
        case 'selected': {
          const ref = primary();
          expect(',');
          const v = primary();
          expect(')');
          return { k: 'selected', ref, v };
        }
        case 'count-selected': {
          const ref = primary();
          expect(')');
          return { k: 'count', ref };
        }
        case 'true':
        case 'false':
          expect(')');
          return { k: 'bool', v: t.v === 'true' };
      }
    }
    throw new Error('syntax');
  };
  try {
    const e = orExpr();
    if (pos !== tokens.length) return null;
    return e;
  } catch {
    return null;
  }
}

type Scalar = string | number | boolean;

function valueOf(e: ConditionExpr, answers: Answers, self: AnswerValue | undefined): Scalar | string[] {
  switch (e.k) {
    case 'num':
    case 'str':
    case 'bool':
      return e.v;
    case 'ref':
      return answers[e.name] ?? '';
    case 'self':
      return self ?? '';
    case 'count': {
      const v = valueOf(e.ref, answers, self);
      return Array.isArray(v) ? v.length : v === '' ? 0 : String(v).split(' ').length;
    }
    default:
      return evaluateCondition(e, answers, self);
  }
}

function scalar(v: Scalar | string[]): Scalar {
  return Array.isArray(v) ? v.join(' ') : v;
}

function compare(op: Extract<ConditionExpr, { k: 'cmp' }>['op'], l: Scalar, r: Scalar): boolean {
  const ln = typeof l === 'number' ? l : typeof l === 'string' && l !== '' ? Number(l) : NaN;
  const rn = typeof r === 'number' ? r : typeof r === 'string' && r !== '' ? Number(r) : NaN;
  // Numbers compare as numbers when both sides are numeric; otherwise as text (dates as ISO text).
  const numeric = !Number.isNaN(ln) && !Number.isNaN(rn) && (typeof l === 'number' || typeof r === 'number');
  const a: number | string = numeric ? ln : String(l);
  const b: number | string = numeric ? rn : String(r);
  if ((op === '<' || op === '<=' || op === '>' || op === '>=') && (a === '' || b === '')) return false;
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** Evaluates a parsed condition against the answers (`self` is the value of `.` in a constraint). */
export function evaluateCondition(e: ConditionExpr, answers: Answers, self?: AnswerValue): boolean {
  switch (e.k) {
    case 'and':
      return evaluateCondition(e.a, answers, self) && evaluateCondition(e.b, answers, self);
    case 'or':
      return evaluateCondition(e.a, answers, self) || evaluateCondition(e.b, answers, self);
    case 'not':
      return !evaluateCondition(e.e, answers, self);
    case 'cmp':
      return compare(e.op, scalar(valueOf(e.l, answers, self)), scalar(valueOf(e.r, answers, self)));
    case 'selected': {
      const v = valueOf(e.ref, answers, self);
      const list = Array.isArray(v) ? v : String(v).split(' ').filter(Boolean);
      return list.includes(String(scalar(valueOf(e.v, answers, self))));
    }
    case 'bool':
      return e.v;
    case 'num':
      return e.v !== 0;
    case 'str':
      return e.v !== '';
    case 'ref':
    case 'self': {
      const v = valueOf(e, answers, self);
      return Array.isArray(v) ? v.length > 0 : v !== '' && v !== 0;
    }
    case 'count':
      return (valueOf(e, answers, self) as number) > 0;
  }
}

/** Parses and evaluates; a condition outside the subset counts as true (shown), as `unsupportedRules` lists it. */
export function conditionHolds(src: string | null | undefined, answers: Answers, self?: AnswerValue): boolean {
  if (src == null || src.trim() === '') return true;
  const e = parseCondition(src);
  return e ? evaluateCondition(e, answers, self) : true;
}

/** The rules of a questionnaire Kamkor cannot evaluate (question name and the rule), for the form page. */
export function unsupportedRules(q: Questionnaire): { name: string; rule: 'relevant' | 'constraint'; expr: string }[] {
  const out: { name: string; rule: 'relevant' | 'constraint'; expr: string }[] = [];
  for (const question of q.questions as RuledQuestion[]) {
    for (const rule of ['relevant', 'constraint'] as const) {
      const expr = question[rule];
      if (expr && expr.trim() !== '' && !parseCondition(expr)) out.push({ name: question.name, rule, expr });
    }
  }
  return out;
}

/** Questions that take an answer (not groups or notes). */
export function answerableQuestions(q: Questionnaire): RuledQuestion[] {
  return (q.questions as RuledQuestion[]).filter((x) => x.type !== 'begin_group' && x.type !== 'end_group' && x.type !== 'note');
}

/** The choices of a select question, in order. */
export function choicesOf(q: Questionnaire, question: Question): Choice[] {
  return question.listName ? q.choices.filter((c) => c.listName === question.listName) : [];
}

/** A select_one whose choices are all numbers (1…5, 1…7): a Likert scale, summarised with a mean too. */
export function isLikert(q: Questionnaire, question: Question): boolean {
  if (question.type !== 'select_one') return false;
  const choices = choicesOf(q, question);
  return choices.length >= 3 && choices.length <= 11 && choices.every((c) => /^-?\d+$/.test(c.name));
}

/** A select_one between yes and no (shown as two buttons). */
export function isYesNo(q: Questionnaire, question: Question): boolean {
  if (question.type !== 'select_one') return false;
  const names = choicesOf(q, question).map((c) => c.name.toLowerCase());
  return names.length === 2 && names.includes('yes') && names.includes('no');
}

/** The questionnaire collects respondents' names (a question `respondent_name`): then names are kept apart. */
export function needsRespondentNames(q: Questionnaire): boolean {
  return q.questions.some((x) => x.name === 'respondent_name');
}

/** Which questions are shown for these answers: own condition and every enclosing group's. */
export function relevantQuestions(q: Questionnaire, answers: Answers): Set<string> {
  const shown = new Set<string>();
  const groups: boolean[] = [];
  for (const question of q.questions as RuledQuestion[]) {
    const parentShown = groups.every(Boolean);
    if (question.type === 'end_group') {
      groups.pop();
      continue;
    }
    const own = parentShown && conditionHolds(question.relevant, answers);
    if (question.type === 'begin_group') groups.push(own);
    if (own) shown.add(question.name);
  }
  return shown;
}

export interface AnswerError {
  name: string;
  messageKey: string;
  params?: Record<string, unknown>;
}

export const MAX_TEXT_ANSWER = 2000;

function isEmpty(v: unknown): boolean {
  return v == null || v === '' || (Array.isArray(v) && v.length === 0);
}

/**
 * One raw answer (typed on the phone or read from a cell) made into its stored form, or an error key.
 * Choices are accepted by code or by label in any language; numbers and dates as people type them.
 */
export function normaliseAnswer(q: Questionnaire, question: Question, raw: unknown): { ok: true; value: AnswerValue } | { ok: false; messageKey: string; params?: Record<string, unknown> } {
  switch (question.type) {
    case 'integer':
    case 'decimal': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseNumber(raw) : null;
      if (n == null || !Number.isFinite(n)) return { ok: false, messageKey: 'survey:errors.number' };
      if (question.type === 'integer' && !Number.isInteger(n)) return { ok: false, messageKey: 'survey:errors.integer' };
      return { ok: true, value: n };
    }
    case 'date': {
      const d = raw instanceof Date || typeof raw === 'number' || typeof raw === 'string' ? parseDate(raw as string | number | Date) : null;
      return d ? { ok: true, value: d } : { ok: false, messageKey: 'survey:errors.date' };
    }
    case 'select_one': {
      const code = matchChoice(q, question, String(raw));
      return code ? { ok: true, value: code } : { ok: false, messageKey: 'survey:errors.choice', params: { value: String(raw).slice(0, 100) } };
    }
    case 'select_multiple': {
      // Codes as XLSForm stores them ("a b"), or labels/codes separated by commas or semicolons.
      const tryAll = (parts: string[]) => {
        const codes = parts.map((p) => matchChoice(q, question, p));
        return codes.every(Boolean) ? [...new Set(codes as string[])] : null;
      };
      if (Array.isArray(raw)) {
        const codes = tryAll(raw.map(String));
        return codes ? { ok: true, value: codes } : { ok: false, messageKey: 'survey:errors.choice', params: { value: raw.join(', ').slice(0, 100) } };
      }
      const text = String(raw);
      const byComma = text.split(/[;,\n]/).map((s) => s.trim()).filter(Boolean);
      const codes = tryAll(byComma) ?? tryAll(text.split(/\s+/).filter(Boolean));
      if (codes) return { ok: true, value: codes };
      const bad = byComma.find((p) => !matchChoice(q, question, p)) ?? text;
      return { ok: false, messageKey: 'survey:errors.choice', params: { value: bad.slice(0, 100) } };
    }
    default: {
      const s = String(raw).trim();
      if (s.length > MAX_TEXT_ANSWER) return { ok: false, messageKey: 'errors.tooLong' };
      return { ok: true, value: s };
    }
  }
}

function matchChoice(q: Questionnaire, question: Question, raw: string): string | null {
  const s = raw.trim().toLowerCase();
  if (!s) return null;
  const list = choicesOf(q, question);
  const byCode = list.find((c) => c.name.toLowerCase() === s);
  if (byCode) return byCode.name;
  const byLabel = list.find((c) => Object.values(c.label).some((l) => l && l.trim().toLowerCase() === s));
  return byLabel?.name ?? null;
}

/**
 * Validates raw answers against a questionnaire version: normalises each, drops answers to questions
 * not shown (their show-if is false), then checks required and the constraints. The answers come back
 * cleaned when there is no error.
 */
export function validateAnswers(q: Questionnaire, raw: Record<string, unknown>): { ok: true; answers: Answers } | { ok: false; errors: AnswerError[]; answers: Answers } {
  const answers: Answers = {};
  const errors: AnswerError[] = [];
  const questions = answerableQuestions(q);
  const names = new Set(questions.map((x) => x.name));
  for (const name of Object.keys(raw)) {
    if (!names.has(name) && name !== 'respondent_name') errors.push({ name, messageKey: 'survey:errors.unknownQuestion', params: { name: name.slice(0, 100) } });
  }
  for (const question of questions) {
    const v = raw[question.name];
    if (isEmpty(v)) continue;
    const n = normaliseAnswer(q, question, v);
    if (n.ok) answers[question.name] = n.value;
    else errors.push({ name: question.name, messageKey: n.messageKey, params: n.params });
  }
  // Relevance from the normalised answers; hidden questions lose their answers.
  const shown = relevantQuestions(q, answers);
  for (const question of questions) {
    if (!shown.has(question.name)) {
      delete answers[question.name];
      continue;
    }
    const v = answers[question.name];
    const hadError = errors.some((e) => e.name === question.name);
    if (v === undefined) {
      if (question.required && !hadError) errors.push({ name: question.name, messageKey: 'errors.required' });
      continue;
    }
    if (typeof v === 'number') {
      if (question.min != null && v < question.min) errors.push({ name: question.name, messageKey: 'survey:errors.min', params: { min: question.min } });
      else if (question.max != null && v > question.max) errors.push({ name: question.name, messageKey: 'survey:errors.max', params: { max: question.max } });
    }
    if (question.constraint && !conditionHolds(question.constraint, answers, v)) errors.push({ name: question.name, messageKey: 'survey:errors.constraint' });
  }
  // Errors of hidden questions do not count.
  const kept = errors.filter((e) => !names.has(e.name) || shown.has(e.name));
  return kept.length ? { ok: false, errors: kept, answers } : { ok: true, answers };
}

/** Sex of a respondent (optional; asked to disaggregate the summaries). */
export const respondentSexes = ['f', 'm'] as const;
export type RespondentSex = (typeof respondentSexes)[number];
/** Age groups of respondents. */
export const respondentAgeGroups = ['0_17', '18_29', '30_59', '60_plus'] as const;
export type RespondentAgeGroup = (typeof respondentAgeGroups)[number];

export function ageGroupOf(age: number): RespondentAgeGroup | null {
  if (!Number.isFinite(age) || age < 0 || age > 130) return null;
  if (age < 18) return '0_17';
  if (age < 30) return '18_29';
  if (age < 60) return '30_59';
  return '60_plus';
}

/** Mean of numbers; null for none. */
export function meanOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Median (the mean of the middle two for an even count); null for none. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface QuestionSummary {
  name: string;
  type: Question['type'];
  /** Responses in the group (the base of the percentages). */
  responses: number;
  /** Responses that answered this question. */
  answered: number;
  /** Per choice (select questions): count and share of those who answered (multiple choice: may add to over 100 %). */
  choices: { code: string; count: number; percent: number | null }[];
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
}

/** The summary of one question over a set of answer sets (one per response). */
export function summariseQuestion(q: Questionnaire, question: Question, responses: readonly Answers[]): QuestionSummary {
  const values = responses.map((r) => r[question.name]).filter((v): v is AnswerValue => !isEmpty(v));
  const answered = values.length;
  const choices = choicesOf(q, question).map((c) => {
    const count = values.filter((v) => (Array.isArray(v) ? v.includes(c.name) : String(v) === c.name)).length;
    return { code: c.name, count, percent: answered ? (count / answered) * 100 : null };
  });
  const numeric =
    question.type === 'integer' || question.type === 'decimal'
      ? values.map(Number).filter(Number.isFinite)
      : isLikert(q, question)
        ? values.map((v) => Number(v)).filter(Number.isFinite)
        : [];
  return {
    name: question.name,
    type: question.type,
    responses: responses.length,
    answered,
    choices,
    mean: meanOf(numeric),
    median: medianOf(numeric),
    min: numeric.length ? Math.min(...numeric) : null,
    max: numeric.length ? Math.max(...numeric) : null,
  };
}

/**
 * One questionnaire's responses as the annual M&E report shows them: choice counts and shares, and the
 * mean and median of numbers and scales. Free-text and date answers are left out — the report may be
 * published, and typed text can name people.
 */
export function surveySection(q: Questionnaire, formId: string, responses: readonly Answers[]): SurveySummarySection {
  const questions = answerableQuestions(q).filter((x) => x.name !== 'respondent_name' && x.type !== 'text' && x.type !== 'date');
  return {
    title: q.title,
    formId,
    responses: responses.length,
    questions: questions.map((question) => {
      const s = summariseQuestion(q, question, responses);
      const labels = new Map(choicesOf(q, question).map((c) => [c.name, c.label]));
      return {
        name: question.name,
        label: question.label,
        rows: s.choices.map((c) => ({ label: labels.get(c.code) ?? c.code, count: c.count, percent: c.percent })),
        mean: s.mean,
        median: s.median,
      };
    }),
  };
}
