/**
 * Checks an upload before exceljs touches it: that it is a zip holding an xlsx workbook, and that its
 * compressed and uncompressed sizes are within limits (a zip bomb is refused from its central directory,
 * without inflating anything).
 */
export interface XlsxLimits {
  maxCompressedBytes: number;
  maxUncompressedBytes: number;
  maxEntries: number;
}

export const defaultLimits: XlsxLimits = {
  maxCompressedBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxEntries: 2000,
};

export type GuardResult = { ok: true } | { ok: false; messageKey: string; params?: Record<string, unknown> };

export function inspectXlsx(data: Uint8Array, limits: XlsxLimits = defaultLimits): GuardResult {
  if (data.byteLength === 0) return { ok: false, messageKey: 'excel.errors.empty' };
  if (data.byteLength > limits.maxCompressedBytes)
    return { ok: false, messageKey: 'excel.errors.tooLarge', params: { mb: Math.round(limits.maxCompressedBytes / 1048576) } };
  if (!(data[0] === 0x50 && data[1] === 0x4b)) return { ok: false, messageKey: 'excel.errors.notXlsx' };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = data.byteLength - 22; i >= Math.max(0, data.byteLength - 65557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, messageKey: 'excel.errors.notXlsx' };
  const entries = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (entries > limits.maxEntries) return { ok: false, messageKey: 'excel.errors.tooComplex' };
  let pos = cdOffset;
  let total = 0;
  const names = new Set<string>();
  const decoder = new TextDecoder();
  for (let n = 0; n < entries; n++) {
    if (pos + 46 > data.byteLength || view.getUint32(pos, true) !== 0x02014b50) return { ok: false, messageKey: 'excel.errors.notXlsx' };
    const uncompressed = view.getUint32(pos + 24, true);
    const nameLen = view.getUint16(pos + 28, true);
    const extraLen = view.getUint16(pos + 30, true);
    const commentLen = view.getUint16(pos + 32, true);
    // 0xFFFFFFFF means a zip64 size we do not accept: real xlsx files are far smaller.
    if (uncompressed === 0xffffffff) return { ok: false, messageKey: 'excel.errors.tooLarge', params: { mb: Math.round(limits.maxUncompressedBytes / 1048576) } };
    total += uncompressed;
    names.add(decoder.decode(data.subarray(pos + 46, pos + 46 + nameLen)));
    pos += 46 + nameLen + extraLen + commentLen;
  }
  if (total > limits.maxUncompressedBytes)
    return { ok: false, messageKey: 'excel.errors.tooLarge', params: { mb: Math.round(limits.maxUncompressedBytes / 1048576) } };
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) return { ok: false, messageKey: 'excel.errors.notXlsx' };
  return { ok: true };
}
