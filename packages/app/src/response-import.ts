import {
  answerableQuestions,
  choicesOf,
  columnLetter,
  readResponseRows,
  type Actor,
  type CellError,
  type ImportedResponse,
  type Labels,
  type Language,
} from '@kamkor/domain';
import { getQuestionnaireVersion, importResponses, listResponses, summariseResponses, type Db, type ResponseFilter, type SummaryDimension } from '@kamkor/db';
import { COUNT_FORMAT, PERCENT_FORMAT, writeResponsesWorkbook, type ExportSheet, type readResponseSheet } from '@kamkor/excel';
import { AppError } from '@kamkor/domain';
import type { Kysely } from 'kysely';
import type { Database } from '@kamkor/db';
import { checkImport, importBytes, type ImportDefinition, type ImportRefusal, type ReadOptions } from './import-pipeline.ts';

export interface ResponseImportTarget {
  formId: string;
  versionNo: number;
  projectId: string;
  visitNo?: number | null;
  language: Language;
  fileName?: string | null;
}

type ResponseRead = Extract<Awaited<ReturnType<typeof readResponseSheet>>, { ok: true }>;

/** The mapped rows of a response sheet and what the dry run found. */
export interface ResponsePlan {
  sheet: string;
  rows: ImportedResponse[];
  ignored: string[];
  added: number;
  already: number;
}

/** Who imports and into which questionnaire version, project and visit. */
export interface ResponseImportContext {
  actor: Actor;
  target: ResponseImportTarget;
}

/**
 * Responses from the training workbook on the import pipeline: each row checked against the
 * questionnaire version (errors by cell) and the project's territory, counted against what is stored
 * (read only), inserted in the pipeline's transaction; idempotent by respondent id.
 */
export const responseImport: ImportDefinition<ResponseImportContext, ResponseRead, ResponsePlan, ResponsePlan, { added: number; already: number }> = {
  fileName: 'responses.xlsx',
  async reader(db, { target }) {
    const version = await getQuestionnaireVersion(db, target.formId, target.versionNo);
    if (!version) throw new AppError('NOT_FOUND', 'errors.notFound');
    return { kind: 'responses' };
  },
  async validate(db, { actor, target }, read) {
    const version = await getQuestionnaireVersion(db, target.formId, target.versionNo);
    if (!version) throw new AppError('NOT_FOUND', 'errors.notFound');
    const parsed = readResponseRows(version.definition, read.sheet, read.headers, read.rows);
    const counted = await importResponses(db, actor, { ...target, rows: parsed.responses, dryRun: true });
    const territoryCol = parsed.columns.findIndex((c) => c.kind === 'territory');
    const errors = [
      ...parsed.errors,
      ...counted.territoryErrors.map((e) => ({ sheet: read.sheet, cell: `${columnLetter(Math.max(territoryCol, 0))}${e.rowNumber}`, messageKey: 'errors.soate', params: { value: e.territory } })),
    ];
    return { ok: true, plan: { sheet: read.sheet, rows: parsed.responses, ignored: parsed.ignored, added: counted.added, already: counted.already }, errors };
  },
  dryRun: async (_db, _ctx, plan) => plan,
  async apply(trx, { actor, target }, plan) {
    const done = await importResponses(trx, actor, { ...target, rows: plan.rows, dryRun: false });
    return { added: done.added, already: done.already };
  },
};

export type ResponseImportCheck = ImportRefusal | ({ ok: true; errors: CellError[] } & ResponsePlan);

/** Read and check a response sheet (no write): the pipeline's first two steps. */
export async function checkResponseImport(db: Db, actor: Actor, bytes: Uint8Array, target: ResponseImportTarget, opts: ReadOptions = {}): Promise<ResponseImportCheck> {
  const check = await checkImport(db, responseImport, { actor, target }, bytes, opts);
  return check.ok ? { ok: true, ...check.plan, errors: check.errors } : check;
}

/** Applies a file without errors in one transaction (no storage; routes use `runImport(responseImport)`). */
export async function applyResponseImport(db: Kysely<Database>, actor: Actor, bytes: Uint8Array, target: ResponseImportTarget, opts: ReadOptions = {}) {
  const out = await importBytes(db, responseImport, { actor, target }, bytes, { ...opts, apply: true });
  if (!out.ok) return out;
  if (!out.applied) return { ok: false as const, messageKey: 'excel.errors.fixFirst' };
  return { ok: true as const, added: out.done.added, already: out.done.already };
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

const labelIn = (labels: Labels, lang: Language) => labels[lang] || labels.ru || labels.ky || labels.en || labels.und || '';

/**
 * The responses an actor may read and their summaries per question as one workbook: an about sheet,
 * the responses (one row per respondent, one column per question, choice labels in the user's
 * language), and the summary (counts, %, mean, median), overall and by `by` when given.
 */
export async function exportResponsesWorkbook(db: Db, actor: Actor, filter: ResponseFilter & { by?: SummaryDimension | null }, opts: { lang: Language; t: Translate; exportedBy: string; exportedAt: string }): Promise<Uint8Array> {
  const { lang, t } = opts;
  const list = await listResponses(db, actor, filter, 'export');
  const summary = await summariseResponses(db, actor, filter);
  const q = list.version.definition;
  const questions = answerableQuestions(q).filter((x) => x.name !== 'respondent_name');
  const choiceLabel = (name: string, code: string) => {
    const question = questions.find((x) => x.name === name);
    const c = question ? choicesOf(q, question).find((x) => x.name === code) : undefined;
    return c ? labelIn(c.label, lang) || code : code;
  };
  const answerText = (name: string, v: unknown): string | number | null => {
    if (v == null) return null;
    if (Array.isArray(v)) return v.map((x) => choiceLabel(name, String(x))).join('; ');
    if (typeof v === 'number') return v;
    const question = questions.find((x) => x.name === name);
    return question?.listName ? choiceLabel(name, String(v)) : String(v);
  };
  const responseSheet: ExportSheet = {
    name: t('survey:export.responsesSheet'),
    columns: [
      { header: t('survey:export.respondent') },
      { header: t('survey:fields.project') },
      { header: t('survey:fields.territory') },
      { header: t('survey:fields.sex') },
      { header: t('survey:fields.ageGroup') },
      ...(list.namesAsked ? [{ header: t('survey:fields.name') }] : []),
      ...questions.map((x) => ({ header: labelIn(x.label, lang) || x.name })),
    ],
    rows: list.rows.map((r) => [
      r.respondent_ref ?? r.id.slice(0, 8),
      r.project_code,
      lang === 'ky' ? r.unit_ky : lang === 'en' ? r.unit_en || r.unit_ru : r.unit_ru,
      r.respondent_sex ? t(`survey:sex.${r.respondent_sex}`) : null,
      r.respondent_age_group ? t(`survey:ageGroups.${r.respondent_age_group}`) : null,
      ...(list.namesAsked ? [r.respondent_name] : []),
      ...questions.map((x) => answerText(x.name, r.answers[x.name])),
    ]),
  };
  const summaryRows = (groupLabel: string | null, qs: typeof summary.questions) =>
    qs.flatMap((s) => {
      const question = questions.find((x) => x.name === s.name)!;
      const label = labelIn(question.label, lang) || s.name;
      const base = [...(groupLabel !== null ? [groupLabel] : []), label];
      const lines: (string | number | null)[][] = s.choices.map((c) => [...base, choiceLabel(s.name, c.code), c.count, c.percent == null ? null : Number(c.percent.toFixed(1)), null, null]);
      if (s.mean != null || !s.choices.length) lines.push([...base, t('survey:summary.allAnswers'), s.answered, null, s.mean == null ? null : Number(s.mean.toFixed(2)), s.median]);
      return lines;
    });
  const byLabel = (key: string) =>
    filter.by === 'sex' ? (key ? t(`survey:sex.${key}`) : t('survey:summary.notGiven')) : filter.by === 'age_group' ? (key ? t(`survey:ageGroups.${key}`) : t('survey:summary.notGiven')) : key || t('survey:summary.notGiven');
  const summaryColumns = (grouped: boolean) => [
    ...(grouped ? [{ header: t(`survey:by.${filter.by}`) }] : []),
    { header: t('survey:summary.question') },
    { header: t('survey:summary.answer') },
    { header: t('survey:summary.count'), numFmt: COUNT_FORMAT },
    { header: t('survey:summary.percent'), numFmt: PERCENT_FORMAT },
    { header: t('survey:summary.mean'), numFmt: '0.00' },
    { header: t('survey:summary.median'), numFmt: '0.##' },
  ];
  const sheets: ExportSheet[] = [responseSheet, { name: t('survey:export.summarySheet'), columns: summaryColumns(false), rows: summaryRows(null, summary.questions) }];
  if (filter.by && summary.groups.length)
    sheets.push({ name: t(`survey:by.${filter.by}`), columns: summaryColumns(true), rows: summary.groups.flatMap((g) => summaryRows(byLabel(g.key), g.questions)) });
  return writeResponsesWorkbook({
    title: `${summary.title} — ${t('survey:export.title')}`,
    aboutSheet: t('survey:export.aboutSheet'),
    about: [
      [t('survey:export.form'), `${summary.formId} v${summary.versionNo}`],
      [t('survey:summary.responses'), String(summary.responses)],
      [t('survey:export.exportedBy'), opts.exportedBy],
      [t('survey:export.exportedAt'), opts.exportedAt],
    ],
    sheets,
  });
}
