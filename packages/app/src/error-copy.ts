import type { CellError } from '@kamkor/domain';
import { writeErrorCopy, writeStreamedErrorCopy, type XlsxLimits } from '@kamkor/excel';

/**
 * The user's workbook with each error cell marked and its message in their language: the last step
 * of every import, from the same stored bytes as the dry run (so through the same guard). A long data
 * sheet (`streamed`, the bulk import's) is copied row by row, so memory stays flat; a template keeps
 * everything it holds (its other sheets, protection lifted on the marked ones, formatting).
 */
export function writeTranslatedErrorCopy(
  bytes: Uint8Array,
  errors: readonly CellError[],
  message: (e: CellError) => string,
  limits?: XlsxLimits,
  opts: { streamed?: boolean } = {},
): Promise<Uint8Array> {
  const marked = errors.map((e) => ({ sheet: e.sheet, cell: e.cell, text: message(e) }));
  return opts.streamed ? writeStreamedErrorCopy(bytes, marked, limits) : writeErrorCopy(bytes, marked, limits);
}
