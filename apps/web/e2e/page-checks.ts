import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core from node_modules, injected into the page: no network, the version the lockfile pins.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  rule: string;
  impact: string;
  nodes: number;
  targets: string[];
}

/** Runs axe-core (WCAG 2.x A/AA and best practices) on the page and returns every violation. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  // Evaluated through the DevTools protocol, not as a <script> tag: the app's Content-Security-Policy
  // (rightly) blocks inline scripts without its nonce.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
}

/** Only the violations the crawl fails on. */
export function seriousOrCritical(findings: AxeFinding[]): AxeFinding[] {
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

/**
 * Collects console errors and uncaught page errors (React's hydration errors #418/#423/#425 arrive
 * as either) from the moment it is called; `take()` returns and clears them.
 */
export function watchConsole(page: Page): { take: () => string[] } {
  let errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return {
    take() {
      const out = errors;
      errors = [];
      return out;
    },
  };
}

/**
 * Fetches a page's raw bytes with the page's cookies and reports NUL bytes and invalid UTF-8 or
 * U+FFFD (React 18's stream used to leave `\0` where a multi-byte character straddled its buffer).
 */
export async function rawHtmlProblems(page: Page, href: string): Promise<string[]> {
  const res = await page.request.get(href);
  const bytes = await res.body();
  const problems: string[] = [];
  const nul = bytes.indexOf(0);
  if (nul >= 0) problems.push(`NUL byte at offset ${nul} of ${bytes.length}`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    problems.push('invalid UTF-8');
  }
  const bad = text.indexOf('\ufffd');
  if (bad >= 0) problems.push(`U+FFFD near "${text.slice(Math.max(0, bad - 40), bad + 5)}"`);
  return problems;
}
