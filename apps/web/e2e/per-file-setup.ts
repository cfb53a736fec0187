import { basename } from 'node:path';
import { afterAll, beforeAll, expect, inject } from 'vitest';

declare global {
  var __kamkorE2eBaseURL: string | undefined;
}

/**
 * Every browser test file gets its own app server on its own copy of the seeded database (from the
 * pool of global-setup.ts), so no file sees what another one changed: the order of files does not
 * matter, and a file may change data freely.
 */
beforeAll(async () => {
  const file = basename(expect.getState().testPath ?? 'unknown');
  const res = await fetch(`${inject('e2ePool')}/acquire?file=${encodeURIComponent(file)}`);
  const text = await res.text();
  if (!res.ok) throw new Error(`no app server for ${file}:\n${text}`);
  globalThis.__kamkorE2eBaseURL = text;
});

afterAll(async () => {
  const url = globalThis.__kamkorE2eBaseURL;
  globalThis.__kamkorE2eBaseURL = undefined;
  if (url) await fetch(`${inject('e2ePool')}/release?url=${encodeURIComponent(url)}`);
});
