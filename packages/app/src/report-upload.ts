import type { Kysely } from 'kysely';
import { TOTAL_CELL, cellLabel, localName, type Actor, type CellError, type DisaggregationDimension, type Language } from '@kamkor/domain';
import { getReportForActor, listReportFlags, loadReport, previewReportValues, saveReportValues, type Database } from '@kamkor/db';
import type { TemplateRow, readReportUpload } from '@kamkor/excel';
import { importBytes, type ImportDefinition, type ImportRefusal, type ReadOptions } from './import-pipeline.ts';

type Loaded = Awaited<ReturnType<typeof loadReport>>;

/** The rows of a report template: each indicator's total, then its disaggregation cells, with current values. */
export function reportTemplateRows(data: Loaded, lang: Language, totalLabel: string): TemplateRow[] {
  const names = (d: DisaggregationDimension, code: string) => {
    const c = data.categories[d]?.find((x) => x.code === code);
    return c ? localName(c, lang) : code;
  };
  const value = (indicatorId: string, key: string) => data.values.find((v) => v.indicatorId === indicatorId && v.cellKey === key);
  const rows: TemplateRow[] = [];
  for (const ind of data.indicators) {
    const base = { indicatorId: ind.id, indicatorCode: ind.code, indicatorName: localName(ind, lang), unit: ind.unit, type: ind.type };
    for (const key of [TOTAL_CELL, ...(data.grids.get(ind.id) ?? []).map((g) => g.key)]) {
      const v = value(ind.id, key);
      rows.push({
        ...base,
        cellKey: key,
        cellLabel: key ? cellLabel(key, names) : totalLabel,
        value: v?.value ?? null,
        numerator: v?.numerator ?? null,
        denominator: v?.denominator ?? null,
        explanation: key ? undefined : data.states.get(ind.id)?.explanation ?? null,
      });
    }
  }
  return rows;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export type ReportFlagsView = { indicatorCode: string; flags: string[] }[];

export type UploadOutcome =
  | ImportRefusal
  | { ok: true; applied: boolean; counts: ImportCounts; errors: CellError[]; errorCount: number; flags?: ReportFlagsView };

/** The report a template is uploaded into, by whom, and the yes / no words of every language. */
export interface ReportUploadTarget {
  actor: Actor;
  reportId: string;
  yesWords: string[];
  noWords: string[];
}

type ReportRead = Extract<Awaited<ReturnType<typeof readReportUpload>>, { ok: true }>;
type ReportPlan = { values: ReportRead['values']; explanations: ReportRead['explanations'] };

/**
 * The filled report template on the import pipeline. Refused before reading for a locked or
 * in-review period; the dry run counts created / updated / unchanged and lists the data-quality flags
 * the report would carry (`previewReportValues`: read only, the values laid over the stored ones in
 * an unlogged stage), so negative or impossible values are questioned before the apply.
 */
export const reportUploadImport: ImportDefinition<ReportUploadTarget, ReportRead, ReportPlan, { counts: ImportCounts; flags: ReportFlagsView }, { counts: ImportCounts; flags: ReportFlagsView }> = {
  fileName: 'report.xlsx',
  async reader(db, { actor, reportId, yesWords, noWords }) {
    const { report } = await getReportForActor(db, actor, reportId, 'report');
    if (report.status === 'approved') return { ok: false, messageKey: 'results:errors.locked' };
    if (report.status !== 'draft' && report.status !== 'returned') return { ok: false, messageKey: 'results:errors.inReview' };
    const data = await loadReport(db, reportId);
    return {
      kind: 'report',
      expected: { projectId: data.project.id, projectCode: data.project.code, periodKey: report.period_key, rows: reportTemplateRows(data, 'en', ''), yesWords, noWords },
    };
  },
  validate: async (_db, _ctx, read) => ({ ok: true, plan: { values: read.values, explanations: read.explanations }, errors: read.errors }),
  dryRun: (db, { actor, reportId }, plan) => previewReportValues(db, actor, reportId, plan),
  async apply(trx, { actor, reportId }, plan) {
    const counts = await saveReportValues(trx, actor, reportId, plan);
    const flags = (await listReportFlags(trx, [reportId])).map((f) => ({ indicatorCode: f.indicatorCode, flags: f.flags }));
    return { counts, flags };
  },
};

/**
 * Upload of a filled report template without storage (tests, benches): a dry run, or when there are no
 * errors and `dryRun` is false, the apply in one transaction. Routes use `runImport(reportUploadImport)`.
 */
export async function importReportUpload(
  db: Kysely<Database>,
  actor: Actor,
  reportId: string,
  bytes: Uint8Array,
  opts: { dryRun: boolean; yesWords: string[]; noWords: string[] } & ReadOptions,
): Promise<UploadOutcome> {
  const { dryRun, yesWords, noWords, ...read } = opts;
  const out = await importBytes(db, reportUploadImport, { actor, reportId, yesWords, noWords }, bytes, { ...read, apply: !dryRun });
  if (!out.ok) return out;
  const r = out.applied ? out.done : out.preview;
  return { ok: true, applied: out.applied, counts: r.counts, errors: out.errors, errorCount: out.errors.length, flags: r.flags };
}
