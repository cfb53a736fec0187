import { z } from 'zod';
import { constraintFor, parseConstraint, parseRelevant, relevantFor, type Choice, type Labels, type Question, type Questionnaire } from './questionnaire.ts';

/**
 * The questionnaire builder's model: what an officer edits on `/monitoring/questionnaires/new`. It
 * becomes a `Questionnaire` (builderToQuestionnaire), which the XLSForm writer exports; an existing
 * version comes back into the builder through questionnaireToBuilder when it uses nothing else.
 */
export const builderTypes = ['text', 'integer', 'decimal', 'date', 'select_one', 'select_multiple', 'yes_no', 'likert'] as const;
export type BuilderType = (typeof builderTypes)[number];
export const builderLanguages = ['ky', 'ru', 'en'] as const;

/** Limits checked before any work: questions in a form, choices of a question, text lengths. */
export const BUILDER_LIMITS = { questions: 200, groups: 30, choices: 50, label: 500, hint: 500, name: 40, title: 200, body: 400_000 } as const;

export interface BuilderLabels {
  ky: string;
  ru: string;
  en: string;
}
export interface BuilderChoice {
  name: string;
  label: BuilderLabels;
}
export interface BuilderQuestion {
  kind: 'question';
  type: BuilderType;
  name: string;
  label: BuilderLabels;
  hint: BuilderLabels;
  required: boolean;
  /** Number limits of integer and decimal questions, as typed ('' = none). */
  min: string;
  max: string;
  /** Show this question only when an earlier choice question has this answer. */
  showIf: { question: string; value: string } | null;
  /** The choices of select_one / select_multiple (yes/no and Likert have fixed ones). */
  choices: BuilderChoice[];
}
export interface BuilderGroup {
  kind: 'group';
  name: string;
  label: BuilderLabels;
  showIf: { question: string; value: string } | null;
  items: BuilderQuestion[];
}
export type BuilderItem = BuilderQuestion | BuilderGroup;
export interface BuilderForm {
  title: string;
  formId: string;
  defaultLanguage: 'ky' | 'ru' | 'en';
  items: BuilderItem[];
}

/** The fixed choice lists of yes/no and Likert questions (shared by every such question of a form). */
export const YES_NO_LIST = 'yes_no';
export const LIKERT_LIST = 'likert5';
export const yesNoChoices: Choice[] = [
  { listName: YES_NO_LIST, name: 'yes', label: { ky: 'Ооба', ru: 'Да', en: 'Yes' } },
  { listName: YES_NO_LIST, name: 'no', label: { ky: 'Жок', ru: 'Нет', en: 'No' } },
];
export const likertChoices: Choice[] = [
  { ky: 'Такыр макул эмесмин', ru: 'Совершенно не согласен', en: 'Strongly disagree' },
  { ky: 'Макул эмесмин', ru: 'Не согласен', en: 'Disagree' },
  { ky: 'Бейтарапмын', ru: 'Затрудняюсь ответить', en: 'Neutral' },
  { ky: 'Макулмун', ru: 'Согласен', en: 'Agree' },
  { ky: 'Толук макулмун', ru: 'Полностью согласен', en: 'Strongly agree' },
].map((label, i) => ({ listName: LIKERT_LIST, name: String(i + 1), label }));

const E = 'monitoring:builder.errors.';
const nameRe = /^[A-Za-z_][A-Za-z0-9_]*$/;
const labelText = (max: number) => z.string({ error: 'errors.invalid' }).trim().max(max, { error: 'errors.tooLong' });
const labels = (max: number) => z.object({ ky: labelText(max), ru: labelText(max), en: labelText(max) });
const itemName = z
  .string({ error: 'errors.required' })
  .trim()
  .min(1, { error: 'errors.required' })
  .max(BUILDER_LIMITS.name, { error: 'errors.tooLong' })
  .regex(nameRe, { error: `${E}name` });
const showIf = z.object({ question: z.string().trim().max(BUILDER_LIMITS.name, { error: 'errors.tooLong' }), value: z.string().trim().max(BUILDER_LIMITS.name, { error: 'errors.tooLong' }) }).nullable();
const numberText = z.string().trim().max(20, { error: 'errors.tooLong' });
const question = z.object({
  kind: z.literal('question'),
  type: z.enum(builderTypes, { error: 'errors.required' }),
  name: itemName,
  label: labels(BUILDER_LIMITS.label),
  hint: labels(BUILDER_LIMITS.hint),
  required: z.boolean(),
  min: numberText,
  max: numberText,
  showIf,
  choices: z.array(z.object({ name: itemName, label: labels(BUILDER_LIMITS.label) })).max(BUILDER_LIMITS.choices, { error: `${E}tooManyChoices` }),
});
const group = z.object({
  kind: z.literal('group'),
  name: itemName,
  label: labels(BUILDER_LIMITS.label),
  showIf,
  items: z.array(question).max(BUILDER_LIMITS.questions, { error: `${E}tooManyQuestions` }),
});

/** The builder form as posted (JSON), checked field by field; cross-field rules in builderSchema's refinement. */
export const builderSchema = z
  .object({
    title: z.string({ error: 'errors.required' }).trim().min(1, { error: 'errors.required' }).max(BUILDER_LIMITS.title, { error: 'errors.tooLong' }),
    formId: z
      .string({ error: 'errors.required' })
      .trim()
      .min(1, { error: 'errors.required' })
      .max(BUILDER_LIMITS.name, { error: 'errors.tooLong' })
      .regex(nameRe, { error: `${E}name` })
      .refine((v) => v !== 'new', { error: `${E}name` }),
    defaultLanguage: z.enum(builderLanguages, { error: 'errors.required' }),
    items: z.array(z.discriminatedUnion('kind', [question, group])).max(BUILDER_LIMITS.questions, { error: `${E}tooManyQuestions` }),
  })
  .superRefine((form, ctx) => {
    const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const total = form.items.reduce((n, i) => n + (i.kind === 'group' ? i.items.length : 1), 0);
    if (total === 0) add(['items'], `${E}noQuestions`);
    if (total > BUILDER_LIMITS.questions) add(['items'], `${E}tooManyQuestions`);
    if (form.items.filter((i) => i.kind === 'group').length > BUILDER_LIMITS.groups) add(['items'], `${E}tooManyGroups`);
    const seen = new Map<string, BuilderQuestion>();
    const groupNames = new Set<string>();
    const checkLabel = (l: BuilderLabels, path: (string | number)[]) => {
      if (!l.ky && !l.ru && !l.en) add([...path, 'label'], `${E}label`);
    };
    const checkShowIf = (s: { question: string; value: string } | null, path: (string | number)[]) => {
      if (!s) return;
      const target = seen.get(s.question);
      if (!target) return add([...path, 'showIf'], `${E}showIfQuestion`);
      if (!builderChoicesOf(target).some((c) => c.name === s.value)) add([...path, 'showIf'], `${E}showIfValue`);
    };
    const checkQuestion = (q: BuilderQuestion, path: (string | number)[]) => {
      if (seen.has(q.name) || groupNames.has(q.name)) add([...path, 'name'], `${E}duplicate`);
      checkLabel(q.label, path);
      checkShowIf(q.showIf, path);
      if (q.type === 'select_one' || q.type === 'select_multiple') {
        if (q.choices.length < 2) add([...path, 'choices'], `${E}fewChoices`);
        const names = new Set<string>();
        q.choices.forEach((c, ci) => {
          if (names.has(c.name)) add([...path, 'choices', ci, 'name'], `${E}duplicate`);
          names.add(c.name);
          checkLabel(c.label, [...path, 'choices', ci]);
        });
      }
      const numeric = q.type === 'integer' || q.type === 'decimal';
      const bound = (raw: string, key: 'min' | 'max') => {
        if (!raw) return null;
        const n = Number(raw.replace(',', '.'));
        if (!numeric || !Number.isFinite(n) || (q.type === 'integer' && !Number.isInteger(n))) {
          add([...path, key], `${E}bound`);
          return null;
        }
        return n;
      };
      const min = bound(q.min, 'min');
      const max = bound(q.max, 'max');
      if (min !== null && max !== null && min > max) add([...path, 'max'], `${E}minMax`);
      seen.set(q.name, q);
    };
    form.items.forEach((item, i) => {
      if (item.kind === 'group') {
        if (seen.has(item.name) || groupNames.has(item.name)) add(['items', i, 'name'], `${E}duplicate`);
        groupNames.add(item.name);
        checkLabel(item.label, ['items', i]);
        checkShowIf(item.showIf, ['items', i]);
        if (item.items.length === 0) add(['items', i, 'items'], `${E}emptyGroup`);
        item.items.forEach((q, j) => checkQuestion(q, ['items', i, 'items', j]));
      } else checkQuestion(item, ['items', i]);
    });
  });

/** The choices a question offers (its own, or the fixed yes/no and Likert lists). */
export function builderChoicesOf(q: Pick<BuilderQuestion, 'type' | 'choices'>): { name: string }[] {
  if (q.type === 'yes_no') return yesNoChoices;
  if (q.type === 'likert') return likertChoices;
  if (q.type === 'select_one' || q.type === 'select_multiple') return q.choices;
  return [];
}

const toLabels = (l: BuilderLabels): Labels => {
  const out: Labels = {};
  for (const lang of builderLanguages) if (l[lang]) out[lang] = l[lang];
  return out;
};
const num = (raw: string) => (raw ? Number(raw.replace(',', '.')) : null);

/** A checked builder form as a questionnaire: yes/no and Likert share fixed lists, other selects get a list named after the question. */
export function builderToQuestionnaire(form: BuilderForm): Questionnaire {
  const questions: Question[] = [];
  const choices: Choice[] = [];
  const typeOf = new Map<string, BuilderType>();
  let yesNo = false;
  let likert = false;
  const relevant = (s: BuilderItem['showIf']) => (s ? { relevant: relevantFor(s, typeOf.get(s.question) === 'select_multiple') } : {});
  const addQuestion = (q: BuilderQuestion) => {
    let type: Question['type'];
    let listName: string | null = null;
    if (q.type === 'yes_no') {
      type = 'select_one';
      listName = YES_NO_LIST;
      yesNo = true;
    } else if (q.type === 'likert') {
      type = 'select_one';
      listName = LIKERT_LIST;
      likert = true;
    } else if (q.type === 'select_one' || q.type === 'select_multiple') {
      type = q.type;
      listName = q.name;
      for (const c of q.choices) choices.push({ listName: q.name, name: c.name, label: toLabels(c.label) });
    } else type = q.type;
    const constraint = q.type === 'integer' || q.type === 'decimal' ? constraintFor(num(q.min), num(q.max)) : null;
    questions.push({
      type,
      name: q.name,
      listName,
      label: toLabels(q.label),
      hint: toLabels(q.hint),
      required: q.required,
      ...relevant(q.showIf),
      ...(constraint ? { constraint } : {}),
    });
    typeOf.set(q.name, q.type);
  };
  for (const item of form.items) {
    if (item.kind === 'group') {
      questions.push({ type: 'begin_group', name: item.name, listName: null, label: toLabels(item.label), hint: {}, required: false, ...relevant(item.showIf) });
      item.items.forEach(addQuestion);
      questions.push({ type: 'end_group', name: '', listName: null, label: {}, hint: {}, required: false });
    } else addQuestion(item);
  }
  if (yesNo) choices.push(...yesNoChoices);
  if (likert) choices.push(...likertChoices);
  return { title: form.title, formId: form.formId, version: null, defaultLanguage: form.defaultLanguage, questions, choices };
}

const emptyLabels = (): BuilderLabels => ({ ky: '', ru: '', en: '' });
const fromLabels = (l: Labels): BuilderLabels => ({ ky: l.ky ?? '', ru: l.ru ?? '', en: l.en ?? l.und ?? '' });
const sameChoices = (a: Choice[], b: Choice[]) => a.length === b.length && a.every((c, i) => c.name === b[i]!.name);

/**
 * A questionnaire version back in the builder, or the names of what the builder cannot edit (notes,
 * nested groups, conditions and constraints it does not write): then it is edited as an XLSForm.
 */
export function questionnaireToBuilder(q: Questionnaire): { ok: true; form: BuilderForm } | { ok: false; unsupported: string[] } {
  const unsupported: string[] = [];
  const items: BuilderItem[] = [];
  let current: BuilderGroup | null = null;
  const listOf = (name: string | null) => q.choices.filter((c) => c.listName === name);
  const condition = (item: Question) => {
    if (!item.relevant) return null;
    const p = parseRelevant(item.relevant);
    if (!p) unsupported.push(item.name);
    return p ? { question: p.question, value: p.value } : null;
  };
  for (const item of q.questions) {
    if (item.type === 'begin_group') {
      if (current) {
        unsupported.push(item.name);
        continue;
      }
      current = { kind: 'group', name: item.name, label: fromLabels(item.label), showIf: condition(item), items: [] };
      items.push(current);
      continue;
    }
    if (item.type === 'end_group') {
      current = null;
      continue;
    }
    if (item.type === 'note') {
      unsupported.push(item.name);
      continue;
    }
    let type: BuilderType = item.type;
    let choices: BuilderChoice[] = [];
    if (item.type === 'select_one' || item.type === 'select_multiple') {
      const list = listOf(item.listName);
      if (item.type === 'select_one' && item.listName === YES_NO_LIST && sameChoices(list, yesNoChoices)) type = 'yes_no';
      else if (item.type === 'select_one' && item.listName === LIKERT_LIST && sameChoices(list, likertChoices)) type = 'likert';
      else choices = list.map((c) => ({ name: c.name, label: fromLabels(c.label) }));
    }
    const bounds = item.constraint ? parseConstraint(item.constraint) : null;
    if (item.constraint && !bounds) unsupported.push(item.name);
    const question: BuilderQuestion = {
      kind: 'question',
      type,
      name: item.name,
      label: fromLabels(item.label),
      hint: fromLabels(item.hint),
      required: item.required,
      min: bounds?.min != null ? String(bounds.min) : '',
      max: bounds?.max != null ? String(bounds.max) : '',
      showIf: condition(item),
      choices,
    };
    (current ? current.items : items).push(question);
  }
  if (unsupported.length) return { ok: false, unsupported };
  const defaultLanguage = q.defaultLanguage === 'ru' || q.defaultLanguage === 'en' ? q.defaultLanguage : 'ky';
  return { ok: true, form: { title: q.title, formId: q.formId, defaultLanguage, items } };
}

/** A new question as the builder adds it. */
export function newBuilderQuestion(name: string, type: BuilderType = 'text'): BuilderQuestion {
  return { kind: 'question', type, name, label: emptyLabels(), hint: emptyLabels(), required: false, min: '', max: '', showIf: null, choices: [] };
}
export function newBuilderGroup(name: string): BuilderGroup {
  return { kind: 'group', name, label: emptyLabels(), showIf: null, items: [] };
}

/** Parses the posted JSON body of the builder (size checked first); errors as i18n keys by path. */
export function parseBuilderBody(raw: unknown): { ok: true; form: BuilderForm } | { ok: false; errors: { path: string; messageKey: string }[] } {
  if (typeof raw !== 'string' || raw.length === 0) return { ok: false, errors: [{ path: '_form', messageKey: 'errors.required' }] };
  if (raw.length > BUILDER_LIMITS.body) return { ok: false, errors: [{ path: '_form', messageKey: `${E}tooLarge` }] };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, errors: [{ path: '_form', messageKey: 'errors.invalid' }] };
  }
  const r = builderSchema.safeParse(json);
  if (r.success) return { ok: true, form: r.data as BuilderForm };
  const errors: { path: string; messageKey: string }[] = [];
  const seen = new Set<string>();
  for (const issue of r.error.issues) {
    const path = issue.path.join('.') || '_form';
    if (seen.has(path)) continue;
    seen.add(path);
    errors.push({ path, messageKey: /^([a-z]+:)?([a-zA-Z]+\.)*errors\./.test(issue.message) ? issue.message : 'errors.invalid' });
    if (errors.length >= 100) break;
  }
  return { ok: false, errors };
}
