import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { neutraliseFormula, startsLikeFormula } from './formula.ts';

describe('neutraliseFormula', () => {
  it('turns text that would start a formula into text', () => {
    expect(neutraliseFormula('=1+1')).toBe("'=1+1");
    expect(neutraliseFormula('=HYPERLINK("http://evil.example","Open")')).toBe(`'=HYPERLINK("http://evil.example","Open")`);
    expect(neutraliseFormula("=cmd|' /C calc'!A0")).toBe(`'=cmd|' /C calc'!A0`);
    expect(neutraliseFormula('+996 555 123 456')).toBe("'+996 555 123 456");
    expect(neutraliseFormula('-2+3')).toBe("'-2+3");
    expect(neutraliseFormula('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(neutraliseFormula('\t=1+1')).toBe("'\t=1+1");
    expect(neutraliseFormula('\r=1+1')).toBe("'\r=1+1");
    expect(neutraliseFormula('＝1+1')).toBe("'＝1+1");
  });

  it('leaves other text, empty values and missing values alone', () => {
    for (const text of ['Жаңы мектеп', 'Школа №5', 'a=b', ' 12', '', "'=already text", '1-2']) expect(neutraliseFormula(text)).toBe(text);
    expect(neutraliseFormula(null)).toBeNull();
    expect(neutraliseFormula(undefined)).toBeUndefined();
  });

  it('never returns text a spreadsheet reads as a formula, keeps the typed text, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const safe = neutraliseFormula(text);
        expect(startsLikeFormula(safe)).toBe(false);
        expect(safe.endsWith(text)).toBe(true);
        expect(safe.length - text.length).toBeLessThanOrEqual(1);
        expect(neutraliseFormula(safe)).toBe(safe);
      }),
    );
  });
});
