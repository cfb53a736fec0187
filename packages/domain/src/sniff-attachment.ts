import { sniffImage } from './sniff-image.ts';

/** The attachment types an application accepts, found from the bytes. */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_ATTACHMENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ATTACHMENT_TYPES = ['application/pdf', DOCX_TYPE, XLSX_ATTACHMENT_TYPE, 'image/jpeg', 'image/png', 'image/webp'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
/** The largest attachment (bytes) and how many one application may carry. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
/** A zip whose entries would unpack to more than this is refused (a zip bomb), before anything is unpacked. */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
/** File name extension of each type (reviewers get files named by the application code, not the NGO's name). */
export const attachmentExtension: Record<AttachmentType, string> = {
  'application/pdf': 'pdf',
  [DOCX_TYPE]: 'docx',
  [XLSX_ATTACHMENT_TYPE]: 'xlsx',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
} as Record<AttachmentType, string>;

const u16 = (d: Uint8Array, i: number) => d[i]! | (d[i + 1]! << 8);
const u32 = (d: Uint8Array, i: number) => (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24)) >>> 0;

/**
 * The entries of a zip from its central directory (names and unpacked sizes), or null when the bytes
 * are not a well-formed zip. Reads only the directory; nothing is unpacked.
 */
export function zipEntries(data: Uint8Array): { name: string; size: number }[] | null {
  if (data.length < 22 || u32(data, 0) !== 0x04034b50) return null;
  // The end-of-central-directory record: within the last 22 + 65535 bytes (the comment).
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (u32(data, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = u16(data, eocd + 10);
  let p = u32(data, eocd + 16);
  const out: { name: string; size: number }[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (p + 46 > data.length || u32(data, p) !== 0x02014b50) return null;
    const size = u32(data, p + 24);
    const nameLen = u16(data, p + 28);
    const extraLen = u16(data, p + 30);
    const commentLen = u16(data, p + 32);
    if (p + 46 + nameLen > data.length) return null;
    out.push({ name: decoder.decode(data.subarray(p + 46, p + 46 + nameLen)), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/**
 * The type of an attachment from its bytes (the browser's type and the file name are not trusted):
 * PDF by its header; DOCX and XLSX as zips whose directory holds `[Content_Types].xml` and the main
 * part (`word/document.xml`, `xl/workbook.xml`); JPEG, PNG, WebP by their signatures. Anything else,
 * a zip that would unpack to more than MAX_UNPACKED_BYTES included, is null.
 */
export function sniffAttachment(data: Uint8Array): AttachmentType | null {
  if (data.length >= 5 && String.fromCharCode(...data.subarray(0, 5)) === '%PDF-') return 'application/pdf';
  const image = sniffImage(data);
  if (image) return image;
  const entries = zipEntries(data);
  if (!entries) return null;
  if (entries.reduce((s, e) => s + e.size, 0) > MAX_UNPACKED_BYTES) return null;
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml')) return null;
  if (names.has('word/document.xml')) return DOCX_TYPE;
  if (names.has('xl/workbook.xml')) return XLSX_ATTACHMENT_TYPE;
  return null;
}

/** DOCX, XLSX and PDF carry document metadata that can be removed; images only by the secretary's check. */
export const strippableTypes: readonly string[] = ['application/pdf', DOCX_TYPE, XLSX_ATTACHMENT_TYPE];
