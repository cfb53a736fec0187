import type { Kysely } from 'kysely';
import { AppError, type Actor, type CellError } from '@kamkor/domain';
import { listScoreSheets, saveScoreSheet, type Database } from '@kamkor/db';
import { writeScoreSheet, type readScoreSheet, type ScoreSheetCriterion } from '@kamkor/excel';
import { importBytes, type ImportDefinition, type ImportRefusal, type ReadOptions } from './import-pipeline.ts';

/** Header texts of the evaluation sheet in the member's language (the route translates). */
export interface ScoreSheetLabels {
  sheet: string;
  title: string;
  code: string;
  comment: string;
  criterionName: (code: string) => string;
  criterionHeader: (c: ScoreSheetCriterion) => string;
}

/**
 * The member's evaluation sheet as xlsx: their own sheets by application CODE, the criteria with max
 * points, and their own points so far — the anonymised projection of `listScoreSheets`, nothing else.
 * Only while they may score (declared, scoring open); 404 otherwise.
 */
export async function downloadScoreSheet(db: Kysely<Database>, actor: Actor, competitionId: string, labels: ScoreSheetLabels): Promise<Uint8Array> {
  const s = await listScoreSheets(db, actor, competitionId);
  if (!s.canScore) throw new AppError('NOT_FOUND', 'errors.notFound');
  const criteria = s.criteria.map((k) => ({ code: k.code, name: labels.criterionName(k.code), weight: k.weight, maxPoints: k.max_points }));
  return writeScoreSheet({
    competitionId,
    labels: { sheet: labels.sheet, title: labels.title, code: labels.code, comment: labels.comment, criterion: labels.criterionHeader },
    criteria,
    rows: s.sheets.map((sh) => ({
      code: sh.code,
      points: Object.fromEntries(s.criteria.map((k) => [k.code, sh.points[k.id]])),
      comment: sh.comment,
    })),
  });
}

export type ScoreSheetOutcome = ImportRefusal | { ok: true; applied: boolean; counts: { updated: number; unchanged: number }; errors: CellError[] };

/** The member who scores and the competition. */
export interface ScoreSheetTarget {
  actor: Actor;
  competitionId: string;
}

type ScoreRead = Extract<Awaited<ReturnType<typeof readScoreSheet>>, { ok: true }>;
type ScoreCounts = { updated: number; unchanged: number };

/**
 * A filled evaluation sheet on the import pipeline: only while the member may score (404 otherwise),
 * their own sheets by code; the dry run counts updated and unchanged sheets; the apply saves the
 * changed ones (audited) in the pipeline's transaction. Idempotent: a re-upload changes nothing.
 */
export const scoreSheetImport: ImportDefinition<ScoreSheetTarget, ScoreRead, ScoreRead['rows'], ScoreCounts, ScoreCounts> = {
  fileName: 'evaluation-sheet.xlsx',
  async reader(db, { actor, competitionId }) {
    const s = await listScoreSheets(db, actor, competitionId);
    if (!s.canScore) throw new AppError('NOT_FOUND', 'errors.notFound');
    return { kind: 'score_sheet', expected: { competitionId, criteria: s.criteria.map((k) => ({ code: k.code, maxPoints: k.max_points })), codes: s.sheets.map((sh) => sh.code) } };
  },
  validate: async (_db, _ctx, read) => ({ ok: true, plan: read.rows, errors: read.errors }),
  dryRun: (db, { actor, competitionId }, rows) => saveScoreSheet(db, actor, competitionId, rows, { dryRun: true }),
  apply: (trx, { actor, competitionId }, rows) => saveScoreSheet(trx, actor, competitionId, rows, { dryRun: false }),
};

/** Upload of an evaluation sheet without storage (tests): the dry run, or the apply when `dryRun` is false and there are no errors. */
export async function importScoreSheet(db: Kysely<Database>, actor: Actor, competitionId: string, bytes: Uint8Array, opts: { dryRun: boolean } & ReadOptions): Promise<ScoreSheetOutcome> {
  const { dryRun, ...read } = opts;
  const out = await importBytes(db, scoreSheetImport, { actor, competitionId }, bytes, { ...read, apply: !dryRun });
  if (!out.ok) return out;
  return { ok: true, applied: out.applied, counts: out.applied ? out.done : out.preview, errors: out.errors };
}
