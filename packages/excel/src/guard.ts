import { PassThrough } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';

/**
 * Checks an upload before exceljs touches it: that it is a zip holding an xlsx workbook and that it
 * really inflates within limits. The sizes a zip declares are only a first, cheap filter: every entry
 * is inflated (to nowhere) with a running count of the real bytes, and the file is refused the moment
 * an entry or the whole passes its limit, or an entry is packed more tightly than any real workbook,
 * whatever the central directory says. See docs/decisions/010-application-layer.md.
 */
export interface XlsxLimits {
  /** Size of the upload itself. */
  maxCompressedBytes: number;
  /** Real inflated bytes of all entries together. */
  maxUncompressedBytes: number;
  /** Real inflated bytes of one entry (one sheet's XML, the shared strings…). */
  maxEntryBytes: number;
  maxEntries: number;
  /** Inflated ÷ compressed bytes of one entry, checked once the entry is past `ratioGraceBytes`. */
  maxRatio: number;
  ratioGraceBytes: number;
  /** Rows of all worksheets together, counted while the sheets are streamed; reading stops past it. */
  maxRows: number;
  /** Cells (with a value) of all worksheets together, counted the same way. */
  maxCells: number;
}

export const defaultLimits: XlsxLimits = {
  maxCompressedBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxEntryBytes: 150 * 1024 * 1024,
  maxEntries: 2000,
  // A 100,000-row bulk sheet packs 8.7:1, very repetitive sheets a few tens; a deflate bomb ~1,000:1.
  maxRatio: 200,
  ratioGraceBytes: 4 * 1024 * 1024,
  // The templates and classifiers are read whole once the streamed count passed, so they stay small.
  maxRows: 50_000,
  maxCells: 1_000_000,
};

/** The long bulk sheet is only ever streamed: more rows, the same byte limits. */
export const bulkLimits: XlsxLimits = { ...defaultLimits, maxRows: 200_000, maxCells: 2_500_000 };

/** The one refusal of a workbook past its row or cell limit, the same on every import. */
export function tooManyRows(limits: XlsxLimits): Refusal {
  return { ok: false, messageKey: 'excel.errors.tooManyRows', params: { max: limits.maxRows, cells: limits.maxCells } };
}

/** Why a workbook was refused: an i18n key and its parameters. */
export type Refusal = { ok: false; messageKey: string; params?: Record<string, unknown> };
export type GuardResult = { ok: true } | Refusal;

const mb = (bytes: number) => Math.round(bytes / 1048576);

function bombRefusal(limits: XlsxLimits): Refusal {
  return { ok: false, messageKey: 'excel.errors.inflatedTooLarge', params: { mb: mb(limits.maxUncompressedBytes) } };
}

const notXlsx: Refusal = { ok: false, messageKey: 'excel.errors.notXlsx' };
const unreadable: Refusal = { ok: false, messageKey: 'excel.errors.unreadable' };

function openZip(buffer: Buffer): Promise<yauzl.ZipFile | null> {
  return new Promise((resolve) => {
    // validateEntrySizes off: we count the real bytes ourselves and refuse with our own message.
    yauzl.fromBuffer(buffer, { lazyEntries: true, autoClose: false, validateEntrySizes: false, decodeStrings: true }, (err, zip) => resolve(err ? null : zip));
  });
}

function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[] | null> {
  return new Promise((resolve) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', () => resolve(null));
    zip.readEntry();
  });
}

/**
 * The local entries must tile the file from its first byte, in central-directory order, with nothing
 * hidden between them: exceljs's streaming reader walks local headers, not the central directory, so
 * an entry the directory does not list would otherwise be inflated unchecked.
 */
function tiled(buffer: Buffer, entries: yauzl.Entry[]): boolean {
  const sorted = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  let expected = 0;
  for (const e of sorted) {
    const at = e.relativeOffsetOfLocalHeader;
    if (at !== expected || at + 30 > buffer.length || buffer.readUInt32LE(at) !== 0x04034b50) return false;
    let end = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28) + e.compressedSize;
    if (e.generalPurposeBitFlag & 0x8) {
      // Data descriptor: optional signature, CRC, then 32- or 64-bit sizes.
      const signed = end + 4 <= buffer.length && buffer.readUInt32LE(end) === 0x08074b50;
      const next = (n: number) => end + n === buffer.length || (end + n + 4 <= buffer.length && [0x04034b50, 0x02014b50].includes(buffer.readUInt32LE(end + n)));
      const size = [signed ? 16 : 12, signed ? 24 : 20].find(next);
      if (size === undefined) return false;
      end += size;
    }
    expected = end;
  }
  return expected <= buffer.length && (expected + 4 > buffer.length || [0x02014b50, 0x06054b50, 0x06064b50].includes(buffer.readUInt32LE(expected)));
}

/**
 * Inflates one entry to nowhere, counting the compressed bytes fed in and the real bytes that come
 * out; stops at the first limit passed (the ratio is a running one, so a bomb is stopped early).
 */
function inflateCounting(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: number, limits: XlsxLimits): Promise<{ ok: true; bytes: number } | Refusal> {
  return new Promise((resolve) => {
    // Raw bytes for deflated entries (inflated here, so both sides are counted); stored ones as they are.
    const options = { decompress: entry.compressionMethod === 8 ? false : null, decrypt: null, start: null, end: null };
    zip.openReadStream(entry, options, (err, raw) => {
      if (err || !raw) return resolve(unreadable);
      const inflate = entry.compressionMethod === 8 ? createInflateRaw() : new PassThrough();
      let compressed = 0;
      let bytes = 0;
      let done = false;
      const finish = (r: { ok: true; bytes: number } | Refusal) => {
        if (done) return;
        done = true;
        raw.unpipe(inflate);
        raw.destroy();
        inflate.destroy();
        resolve(r);
      };
      raw.on('data', (chunk: Buffer) => (compressed += chunk.length));
      inflate.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        const ratioBad = bytes > limits.ratioGraceBytes && bytes > limits.maxRatio * Math.max(1, compressed);
        if (bytes > limits.maxEntryBytes || bytes > budget || ratioBad) finish(bombRefusal(limits));
      });
      raw.once('error', () => finish(unreadable));
      inflate.once('error', () => finish(unreadable));
      inflate.once('end', () => finish({ ok: true, bytes }));
      raw.pipe(inflate);
    });
  });
}

/**
 * Checks a workbook upload by inflating it, never trusting the sizes it declares. Returns the first
 * refusal met: empty, too large, not an xlsx, too many parts, a bomb (real bytes past a limit or a
 * ratio no workbook has), or a zip whose entries do not add up.
 */
export async function checkXlsx(data: Uint8Array, limits: XlsxLimits = defaultLimits): Promise<GuardResult> {
  if (data.byteLength === 0) return { ok: false, messageKey: 'excel.errors.empty' };
  if (data.byteLength > limits.maxCompressedBytes) return { ok: false, messageKey: 'excel.errors.tooLarge', params: { mb: mb(limits.maxCompressedBytes) } };
  if (!(data[0] === 0x50 && data[1] === 0x4b)) return notXlsx;
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const zip = await openZip(buffer);
  if (!zip) return notXlsx;
  try {
    if (zip.entryCount > limits.maxEntries) return { ok: false, messageKey: 'excel.errors.tooComplex' };
    const entries = await readEntries(zip);
    if (!entries) return notXlsx;
    const names = new Set(entries.map((e) => e.fileName));
    if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) return notXlsx;
    // The cheap filter first: a zip that admits to being too large is refused without inflating.
    const declared = entries.reduce((s, e) => s + e.uncompressedSize, 0);
    if (declared > limits.maxUncompressedBytes || entries.some((e) => e.uncompressedSize > limits.maxEntryBytes)) return bombRefusal(limits);
    if (entries.some((e) => e.isEncrypted() || (e.compressionMethod !== 0 && e.compressionMethod !== 8))) return unreadable;
    if (!tiled(buffer, entries)) return unreadable;
    let total = 0;
    for (const e of entries) {
      if (e.fileName.endsWith('/')) continue;
      const r = await inflateCounting(zip, e, limits.maxUncompressedBytes - total, limits);
      if (!r.ok) return r;
      // An entry that inflates to other than it declares is a lying or damaged zip: exceljs's readers
      // trust the declared sizes in places, so it is not handed over.
      if (r.bytes !== e.uncompressedSize) return unreadable;
      total += r.bytes;
    }
    return { ok: true };
  } finally {
    zip.close();
  }
}
