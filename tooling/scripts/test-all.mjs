#!/usr/bin/env node
// Runs the whole suite the way CI does: typecheck, lint, unit + integration tests (PGlite, and
// PostgreSQL when TEST_DATABASE_URL is set), then the browser tests against the built app.
// Ends with one summary line "N passed, N failed" counted from every package's vitest JSON report.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const reports = ['packages/domain', 'packages/db', 'packages/excel', 'packages/app', 'apps/web'].map((p) => join(root, p, 'test-results.json'));
for (const r of reports) rmSync(r, { force: true });

if (!process.env.TEST_DATABASE_URL) {
  console.log('TEST_DATABASE_URL is not set: integration and browser tests run on PGlite only (CI runs PostgreSQL too).');
}

function run(args) {
  const res = spawnSync(join(root, 'node_modules/.bin/turbo'), args, { stdio: 'inherit', cwd: root, env: process.env });
  return res.status ?? 1;
}

let failedSteps = 0;
failedSteps += run(['run', 'typecheck', 'lint', '--continue', '--output-logs=errors-only']) === 0 ? 0 : 1;
failedSteps += run(['run', 'test', '--continue', '--output-logs=full']) === 0 ? 0 : 1;
// test:e2e writes apps/web/test-results.json after the unit run has written its own: keep both.
const webUnit = join(root, 'apps/web/test-results.json');
const unitWeb = existsSync(webUnit) ? readFileSync(webUnit, 'utf8') : null;
failedSteps += run(['run', 'test:e2e', '--output-logs=full']) === 0 ? 0 : 1;

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const count = (json, name) => {
  const r = JSON.parse(json);
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  for (const file of r.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status !== 'failed') continue;
      const why = String((t.failureMessages ?? [])[0] ?? '').split('\n')[0].slice(0, 300);
      failures.push(`${name}: ${file.name.replace(root, '')} — ${t.fullName ?? t.title}: ${why}`);
    }
    if ((file.assertionResults ?? []).length === 0 && file.status === 'failed') failures.push(`${name}: ${file.name.replace(root, '')} — ${String(file.message ?? '').slice(0, 300)}`);
  }
};
for (const r of reports) {
  const name = r.replace(root, '').replace('/test-results.json', '');
  if (existsSync(r)) count(readFileSync(r, 'utf8'), name === 'apps/web' ? 'apps/web (browser)' : name);
  else failures.push(`${name}: no report written (the runner did not finish)`);
}
if (unitWeb) count(unitWeb, 'apps/web (unit)');
// The end of the log is what a CI summary shows: name what failed there.
if (failures.length > 0) {
  console.log('');
  console.log('what failed:');
  for (const f of failures.slice(0, 40)) console.log(`  ${f}`);
}

if (failedSteps > 0 && failed === 0) failed = failedSteps; // typecheck or lint failed, or a runner crashed
console.log('');
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps > 0 || failed > 0 ? 1 : 0);
