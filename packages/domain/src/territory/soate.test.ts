import { describe, expect, it } from 'vitest';
import { isSoate, isWithin, soateAncestors, soateDepth, soatePrefix } from './soate.ts';

describe('SOATE codes', () => {
  it('accepts only 14-digit codes of the Kyrgyz Republic', () => {
    expect(isSoate('41704000000000')).toBe(true);
    expect(isSoate('4170400000000')).toBe(false);
    expect(isSoate('51704000000000')).toBe(false);
  });
  it('finds the meaningful prefix and depth', () => {
    expect(soatePrefix('41700000000000')).toBe('417');
    expect(soatePrefix('41704000000000')).toBe('41704');
    expect(soatePrefix('41704210000000')).toBe('41704210');
    expect(soatePrefix('41704210805000')).toBe('41704210805');
    expect(soateDepth('41704000000000')).toBe(1);
    expect(soateDepth('41704210805000')).toBe(3);
  });
  it('rolls a unit up to its oblast and country', () => {
    expect(soateAncestors('41704210805000')).toEqual(['41700000000000', '41704000000000', '41704210000000']);
    expect(isWithin('41704210805000', '41704000000000')).toBe(true);
    expect(isWithin('41706210805000', '41704000000000')).toBe(false);
    expect(isWithin('41704000000000', '41704000000000')).toBe(true);
  });
});
