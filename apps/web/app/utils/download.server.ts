/**
 * The one way a route answers with a file. The content type is never taken from the upload or the
 * file name alone: it is found from the first bytes and must be on the allow-list, anything else is
 * `application/octet-stream`; the browser is told not to sniff (`nosniff`) and to save the file
 * (`attachment`) under a safe name.
 */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OCTET = 'application/octet-stream';

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The allow-listed content type of a file, from its bytes: xlsx (a zip whose name says .xlsx) or zip,
 * pdf, png, jpeg, gif, webp; anything else is application/octet-stream.
 */
export function sniffContentType(head: Uint8Array, fileName = ''): string {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return /\.xlsx$/i.test(fileName) ? XLSX_TYPE : 'application/zip';
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  return OCTET;
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback name (no quotes, backslashes, control or
 * path characters) and the exact UTF-8 name in RFC 5987 `filename*`.
 */
export function contentDisposition(fileName: string): string {
  // Keep the last path segment only, and no control characters, whatever the uploader sent.
  const base =
    fileName
      .split(/[\\/]/)
      .pop()!
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .trim()
      .slice(0, 200) || 'download';
  const fallback = base.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;%]/g, '_');
  // RFC 5987 attr-char: encodeURIComponent leaves ' ( ) * ! unescaped, which attr-char does not allow.
  const encoded = encodeURIComponent(base).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Headers of every download. */
export function downloadHeaders(head: Uint8Array, fileName: string, size?: number): Headers {
  const headers = new Headers({
    'Content-Type': sniffContentType(head, fileName),
    'Content-Disposition': contentDisposition(fileName),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
  if (size !== undefined) headers.set('Content-Length', String(size));
  return headers;
}

/**
 * A file download: whole bytes (a workbook just written) or a stored file opened as a stream
 * (`{ head, stream, sizeBytes }` from `FileStorage.open`).
 */
export function fileResponse(
  body: Uint8Array | { head: Uint8Array; stream: ReadableStream<Uint8Array>; sizeBytes: number },
  fileName: string,
): Response {
  if (body instanceof Uint8Array) return new Response(body as Uint8Array<ArrayBuffer>, { headers: downloadHeaders(body, fileName, body.byteLength) });
  return new Response(body.stream, { headers: downloadHeaders(body.head, fileName, body.sizeBytes) });
}

/**
 * A JSON document Kamkor generated itself (open data such as OCDS packages): saved as a file, typed
 * `application/json` (the bytes are ours, not an upload), never sniffed.
 */
export function generatedJsonResponse(value: unknown, fileName: string): Response {
  const body = new TextEncoder().encode(JSON.stringify(value));
  const headers = downloadHeaders(body, fileName, body.byteLength);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  return new Response(body as Uint8Array<ArrayBuffer>, { headers });
}
