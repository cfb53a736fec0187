import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resources } from '../i18n/resources.ts';

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (f === 'node_modules') return [];
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx)$/.test(f) && !f.endsWith('.test.ts') ? [p] : [];
  });
}

describe('program translations', () => {
  const en = keys(resources.en.program!).sort();

  it('have the same keys in ky, ru and en, none empty', () => {
    expect(keys(resources.ky.program!).sort()).toEqual(en);
    expect(keys(resources.ru.program!).sort()).toEqual(en);
    for (const lang of ['ky', 'ru', 'en'] as const) {
      for (const k of en) expect(k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], resources[lang].program), `${lang} ${k}`).toBeTruthy();
    }
  });

  it('cover every literal program: key used in the code', () => {
    const root = join(import.meta.dirname, '../../../..');
    const files = [...sources(join(root, 'apps/web/app')), ...sources(join(root, 'packages/db/src')), ...sources(join(root, 'packages/excel/src')), ...sources(join(root, 'packages/domain/src'))];
    const used = new Set<string>();
    for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/['"`]program:([A-Za-z_.]+)['"`]/g)) used.add(m[1]!);
    const missing = [...used].filter((k) => !en.includes(k));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(100);
  });
});
