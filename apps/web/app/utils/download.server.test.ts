import { describe, expect, it } from 'vitest';
import { contentDisposition, fileResponse, sniffContentType, XLSX_TYPE } from './download.server.ts';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('download headers', () => {
  it('finds the content type from the bytes, from an allow-list only', () => {
    const zip = bytes([0x50, 0x4b, 0x03, 0x04], 'rest');
    expect(sniffContentType(zip, 'report.xlsx')).toBe(XLSX_TYPE);
    expect(sniffContentType(zip, 'bundle.zip')).toBe('application/zip');
    expect(sniffContentType(bytes('%PDF-1.7'), 'x.pdf')).toBe('application/pdf');
    expect(sniffContentType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]), 'p')).toBe('image/png');
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe0]), 'p')).toBe('image/jpeg');
    expect(sniffContentType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'p')).toBe('image/webp');
    expect(sniffContentType(bytes('GIF89a'), 'p')).toBe('image/gif');
    // Whatever the name or the uploader's declared type says, HTML and SVG are not served as such.
    expect(sniffContentType(bytes('<html><script>alert(1)</script>'), 'page.html')).toBe('application/octet-stream');
    expect(sniffContentType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.svg')).toBe('application/octet-stream');
    expect(sniffContentType(new Uint8Array(), 'empty.xlsx')).toBe('application/octet-stream');
  });

  it('makes an attachment with a safe ASCII name and the exact UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('report.xlsx')).toBe(`attachment; filename="report.xlsx"; filename*=UTF-8''report.xlsx`);
    expect(contentDisposition('Нарын отчёт.xlsx')).toBe(
      `attachment; filename="_____ _____.xlsx"; filename*=UTF-8''%D0%9D%D0%B0%D1%80%D1%8B%D0%BD%20%D0%BE%D1%82%D1%87%D1%91%D1%82.xlsx`,
    );
    const evil = contentDisposition('../../etc/"passwd";\r\nSet-Cookie: x=1\\a\'(b).txt');
    expect(evil).not.toMatch(/[\r\n]/);
    expect(evil).toMatch(/^attachment; filename="[^"\\]*"; filename\*=UTF-8''[A-Za-z0-9%._~-]*$/);
    expect(contentDisposition('')).toContain('filename="download"');
  });

  it('answers every download with nosniff, the sniffed type and attachment, whole or streamed', async () => {
    const pdf = bytes('%PDF-1.4 hello');
    const whole = fileResponse(pdf, 'evidence.html');
    expect(whole.headers.get('Content-Type')).toBe('application/pdf');
    expect(whole.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(whole.headers.get('Content-Disposition')).toMatch(/^attachment;/);
    expect(whole.headers.get('Content-Length')).toBe(String(pdf.byteLength));
    const streamed = fileResponse(
      { head: pdf.subarray(0, 8), sizeBytes: pdf.byteLength, stream: new ReadableStream({ start: (c) => (c.enqueue(pdf), c.close()) }) },
      'x.pdf',
    );
    expect(streamed.headers.get('Content-Type')).toBe('application/pdf');
    expect(new Uint8Array(await streamed.arrayBuffer())).toEqual(pdf);
  });
});
