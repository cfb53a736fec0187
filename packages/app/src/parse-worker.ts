/**
 * The worker side of the import pool (see parse-pool.ts): reads a workbook off the request thread.
 * Runs in a piscina worker thread; only plain data goes in and out (bytes, limits; rows or a refusal).
 * Built on its own for production (apps/web/scripts/build-server.mjs → build/server/parse-worker.js).
 */
import type { MessagePort } from 'node:worker_threads';
import type { CellError } from '@kamkor/domain';
import {
  readClassifierWorkbook,
  readScoreSheet,
  readResponseSheet,
  readProgramTemplate,
  readReportUpload,
  readTallyWorkbook,
  streamBulkSheet,
  type BulkRow,
  type BulkSheetReader,
  type ExpectedScoreSheet,
  type ExpectedTemplate,
  type Refusal,
  type XlsxLimits,
} from '@kamkor/excel';

export interface ParseBulkTask {
  kind: 'bulk';
  bytes: Uint8Array;
  limits?: XlsxLimits;
}

export type ParsedBulkSheet = { ok: true; rows: BulkRow[]; sheet: string; rowsRead: number } | (Refusal & { rowsRead?: number });

/** Reads the whole long sheet (bounded by its row and cell limits) into plain rows. */
export async function parseBulk(task: ParseBulkTask): Promise<ParsedBulkSheet> {
  const rows: BulkRow[] = [];
  const res = await streamBulkSheet(task.bytes, async (batch) => void rows.push(...batch), { limits: task.limits });
  if (!res.ok) return res;
  return { ok: true, rows, sheet: res.sheet, rowsRead: res.rowsRead };
}

/** The bulk sheet streamed in batches through `port` (see `streamBulkSheetInPool`). */
export interface StreamBulkTask {
  kind: 'bulk-stream';
  bytes: Uint8Array;
  limits?: XlsxLimits;
  /** The lean reader by default (exceljs for what it does not handle); `exceljs` for the bench. */
  reader?: BulkSheetReader;
  port: MessagePort;
}

/**
 * One batch of read rows, column by column (plain arrays clone across threads far cheaper than
 * objects): the rows read without a problem, and the problems of the others with their row numbers.
 */
export interface BulkBatch {
  line: number[];
  project_code: string[];
  indicator_code: string[];
  period: string[];
  sex: string[];
  age_group: string[];
  disability: string[];
  territory: string[];
  value: (number | null)[];
  numerator: (number | null)[];
  denominator: (number | null)[];
  errors: (CellError & { row: number })[];
}

export type StreamedBulkSheet = { ok: true; sheet: string; rowsRead: number; rows: number; reader: BulkSheetReader } | (Refusal & { rowsRead?: number });

/** Plain rows to a column batch. */
export function toBulkBatch(rows: readonly BulkRow[]): BulkBatch {
  const b: BulkBatch = { line: [], project_code: [], indicator_code: [], period: [], sex: [], age_group: [], disability: [], territory: [], value: [], numerator: [], denominator: [], errors: [] };
  for (const r of rows) {
    if (r.errors.length) {
      for (const e of r.errors) b.errors.push({ ...e, row: r.row });
      continue;
    }
    b.line.push(r.row);
    b.project_code.push(r.projectCode);
    b.indicator_code.push(r.indicatorCode);
    b.period.push(r.period);
    b.sex.push(r.sex);
    b.age_group.push(r.age_group);
    b.disability.push(r.disability);
    b.territory.push(r.territory);
    b.value.push(r.value);
    b.numerator.push(r.numerator);
    b.denominator.push(r.denominator);
  }
  return b;
}

/** Batches posted and not yet acknowledged before the reader waits: reading overlaps staging, memory stays flat. */
const IN_FLIGHT = 2;

/**
 * Streams the long sheet, posting each batch to `port`; the other side acknowledges each batch once
 * it is staged, and the reader waits while `IN_FLIGHT` batches are unacknowledged, so memory stays
 * flat whatever the file's length. Returns once every batch is acknowledged.
 */
export async function streamBulk(task: StreamBulkTask): Promise<StreamedBulkSheet> {
  const { port } = task;
  let pending = 0;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    pending--;
    wake?.();
  });
  const until = async (ok: () => boolean) => {
    while (!ok()) await new Promise<void>((resolve) => (wake = resolve));
  };
  try {
    const res = await streamBulkSheet(
      task.bytes,
      async (rows) => {
        await until(() => pending < IN_FLIGHT);
        pending++;
        port.postMessage(toBulkBatch(rows));
      },
      { limits: task.limits, reader: task.reader },
    );
    await until(() => pending === 0);
    return res;
  } finally {
    port.close();
  }
}

/**
 * The other imports: each reader of @kamkor/excel, by kind, bounded by `limits` (the default limits
 * when not given; the same `excel.errors.tooManyRows` refusal for every import, with `rowsRead`).
 */
export type ReadTask = (
  | { kind: 'report'; bytes: Uint8Array; expected: ExpectedTemplate }
  | { kind: 'program'; bytes: Uint8Array; expected: { programId: string } }
  | { kind: 'tally'; bytes: Uint8Array; expected: { meetingId: string; problemNumbers: number[]; attendees?: number } }
  | { kind: 'classifier'; bytes: Uint8Array; known: string[] }
  | { kind: 'score_sheet'; bytes: Uint8Array; expected: ExpectedScoreSheet }
  | { kind: 'responses'; bytes: Uint8Array }
) & { limits?: XlsxLimits };

export type ReadResult<T extends ReadTask> = T extends { kind: 'report' }
  ? Awaited<ReturnType<typeof readReportUpload>>
  : T extends { kind: 'program' }
    ? Awaited<ReturnType<typeof readProgramTemplate>>
    : T extends { kind: 'tally' }
      ? Awaited<ReturnType<typeof readTallyWorkbook>>
      : T extends { kind: 'score_sheet' }
        ? Awaited<ReturnType<typeof readScoreSheet>>
      : T extends { kind: 'responses' }
        ? Awaited<ReturnType<typeof readResponseSheet>>
        : Awaited<ReturnType<typeof readClassifierWorkbook>>;

export function readWorkbook(task: ReadTask): Promise<unknown> {
  switch (task.kind) {
    case 'report':
      return readReportUpload(task.bytes, task.expected, task.limits);
    case 'program':
      return readProgramTemplate(task.bytes, task.expected, task.limits);
    case 'tally':
      return readTallyWorkbook(task.bytes, task.expected, task.limits);
    case 'classifier':
      return readClassifierWorkbook(task.bytes, task.known, task.limits);
    case 'score_sheet':
      return readScoreSheet(task.bytes, task.expected, task.limits);
    case 'responses':
      return readResponseSheet(task.bytes, task.limits);
  }
}

export default function run(task: ParseBulkTask | StreamBulkTask | ReadTask): Promise<unknown> {
  if (task.kind === 'bulk') return parseBulk(task);
  if (task.kind === 'bulk-stream') return streamBulk(task);
  return readWorkbook(task);
}
