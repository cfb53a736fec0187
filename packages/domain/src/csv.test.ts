import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads header comments, quoted fields with commas, quotes and newlines', () => {
    const { comments, rows } = parseCsv('# version: 1\n# source: test\ncode,name\nA,"Hello, ""world"""\nB,"two\nlines"\r\n');
    expect(comments).toEqual(['version: 1', 'source: test']);
    expect(rows).toEqual([
      { code: 'A', name: 'Hello, "world"' },
      { code: 'B', name: 'two\nlines' },
    ]);
  });
});
