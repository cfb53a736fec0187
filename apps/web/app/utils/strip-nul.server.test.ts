import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { StripNulBytes } from './strip-nul.server.ts';

describe('StripNulBytes', () => {
  it('drops the zero bytes React 18 leaves at a buffer boundary and keeps every Cyrillic byte', async () => {
    const word = Buffer.from('Программанын позициясы', 'utf8');
    // As React 18.3.1 sends it: the start of the text, an unwritten (zero) byte, then the rest.
    const chunks = [word.subarray(0, 5), Buffer.from([0]), word.subarray(5), Buffer.from('<p>\0ok</p>')];
    const out = await text(Readable.from(chunks).pipe(new StripNulBytes()));
    expect(out).toBe('Программанын позициясы<p>ok</p>');
    expect(out).not.toContain('\ufffd');
  });
  it('passes chunks without zero bytes through unchanged', async () => {
    const out = await text(Readable.from([Buffer.from('<html lang="ky">Кыргызча'), Buffer.from('</html>')]).pipe(new StripNulBytes()));
    expect(out).toBe('<html lang="ky">Кыргызча</html>');
  });
});
