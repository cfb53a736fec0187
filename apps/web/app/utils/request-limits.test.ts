import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUploadPath, uploadRoutes } from './request-limits.ts';

/** Remix flat-route file name → URL path (`projects.$id.reports.$period_.upload.tsx` → `/projects/:id/reports/:period/upload`). */
function routePath(file: string): string {
  const segments = file
    .replace(/\.tsx?$/, '')
    .split('.')
    .filter((s) => s !== '_index')
    .map((s) => s.replace(/_$/, '').replace(/^\$(.+)$/, ':$1'));
  return '/' + segments.join('/');
}

describe('upload routes', () => {
  it('lists exactly the routes whose actions read an upload', () => {
    const dir = join(import.meta.dirname, '../routes');
    const readers = readdirSync(dir)
      .filter((f) => readFileSync(join(dir, f), 'utf8').match(/readUpload(Streamed)?\(/))
      .map(routePath)
      .sort();
    expect(readers).toEqual([...uploadRoutes].sort());
  });

  it('matches paths and single-fetch data requests, nothing else', () => {
    expect(isUploadPath('/programs/abc/import')).toBe(true);
    expect(isUploadPath('/programs/abc/import.data')).toBe(true);
    expect(isUploadPath('/projects/p1/reports/2026-Q1/upload')).toBe(true);
    expect(isUploadPath('/login')).toBe(false);
    expect(isUploadPath('/programs/abc/import/x')).toBe(false);
    expect(isUploadPath('/programs/a/b/import')).toBe(false);
  });
});
