import type { CellError } from '@kamkor/domain';
import { applyClassifierDiff, diffClassifier, listAdminUnits, type ClassifierDiff, type Db } from '@kamkor/db';
import type { readClassifierWorkbook } from '@kamkor/excel';
import { checkImport, type ImportDefinition, type ImportRefusal, type ReadOptions } from './import-pipeline.ts';

/** Who imports the classifier and the date units missing from it are closed on. */
export interface ClassifierTarget {
  actorId?: string | null;
  closeOn?: string;
}

type ClassifierRead = Extract<Awaited<ReturnType<typeof readClassifierWorkbook>>, { ok: true }>;

/**
 * The statistics committee's SOATE classifier workbook on the import pipeline: compared with the
 * territory we hold (units added, renamed and closed), applied in the pipeline's transaction.
 */
export const classifierImport: ImportDefinition<ClassifierTarget, ClassifierRead, ClassifierDiff, ClassifierDiff, { added: number; renamed: number; closed: number }> = {
  fileName: 'classifier.xlsx',
  async reader(db) {
    const existing = await listAdminUnits(db, { includeClosed: true });
    return { kind: 'classifier', known: existing.map((u) => u.soate) };
  },
  validate: async (db, _ctx, read) => ({ ok: true, plan: await diffClassifier(db, read.units), errors: read.errors }),
  dryRun: async (_db, _ctx, diff) => diff,
  async apply(trx, { actorId, closeOn }, diff) {
    await applyClassifierDiff(trx, actorId ?? null, diff, closeOn ?? new Date().toISOString().slice(0, 10));
    return { added: diff.added.length, renamed: diff.renamed.length, closed: diff.closed.length };
  },
};

export type ClassifierImportCheck = ImportRefusal | { ok: true; diff: ClassifierDiff; errors: CellError[] };

/** Read and compare a classifier workbook (no write): the pipeline's first two steps. */
export async function checkClassifierImport(db: Db, bytes: Uint8Array, opts: ReadOptions = {}): Promise<ClassifierImportCheck> {
  const check = await checkImport(db, classifierImport, {}, bytes, opts);
  return check.ok ? { ok: true, diff: check.plan, errors: check.errors } : check;
}
