import { Transform, type TransformCallback } from 'node:stream';

/**
 * A pass-through for the HTML stream that drops 0x00 bytes. React 18.3.1's renderToPipeableStream
 * leaves unwritten (zero) bytes in its 2,048-byte buffer when a multi-byte UTF-8 character straddles
 * the buffer's end, so Cyrillic pages carried stray NULs (fixed upstream in React 19). Dropping them
 * is safe: 0x00 never occurs inside a multi-byte UTF-8 sequence, and HTML has no use for it.
 * Remove when React is upgraded.
 */
export class StripNulBytes extends Transform {
  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (!bytes.includes(0)) return callback(null, bytes);
    const out = Buffer.allocUnsafe(bytes.length);
    let n = 0;
    for (const b of bytes) if (b !== 0) out[n++] = b;
    callback(null, out.subarray(0, n));
  }
}
