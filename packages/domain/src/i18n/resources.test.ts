import { describe, expect, it } from 'vitest';
import { languages } from './format.ts';
import { resources } from './resources.ts';
import { auditActionKey, auditActions, auditEntities, auditEntityKey } from '../audit.ts';

function flatten(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('translations', () => {
  const namespaces = new Set(languages.flatMap((l) => Object.keys(resources[l])));
  for (const ns of namespaces) {
    it(`namespace "${ns}" has the same keys in ky, ru and en, none empty`, () => {
      const keySets = languages.map((l) => new Set(flatten(resources[l][ns] ?? {})));
      const all = new Set(keySets.flatMap((s) => [...s]));
      for (const [i, lang] of languages.entries()) {
        const missing = [...all].filter((k) => !keySets[i]!.has(k));
        expect(missing, `missing in ${lang}`).toEqual([]);
        const empty = flatten(resources[lang][ns] ?? {}).filter((k) => {
          const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], resources[lang][ns]);
          return typeof v !== 'string' || v.trim() === '';
        });
        expect(empty, `empty in ${lang}`).toEqual([]);
      }
    });
  }
  it('Kyrgyz uses Kyrgyz letters, not only Russian ones', () => {
    const text = JSON.stringify(resources.ky);
    expect(text).toMatch(/[үөң]/);
  });
});

describe('the audit log in words', () => {
  it('names every audit action and record type in ky, ru and en', () => {
    for (const lang of languages) {
      const common = resources[lang].common as Record<string, unknown>;
      const lookup = (key: string) => key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], common);
      expect(auditActions.filter((a) => typeof lookup(auditActionKey(a)) !== 'string'), `actions in ${lang}`).toEqual([]);
      expect(auditEntities.filter((e) => typeof lookup(auditEntityKey(e)) !== 'string'), `entities in ${lang}`).toEqual([]);
    }
  });
});
