import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseURL, launchBrowser, login, newPage } from './helpers.ts';
import { axeViolations, rawHtmlProblems, seriousOrCritical, watchConsole } from './page-checks.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
// Every axe violation seen (all impacts), per rule: the crawl's accessibility record.
const axeRecord: Record<string, { impact: string; pages: Set<string>; nodes: number }> = {};
const crawled = new Set<string>();
afterAll(async () => {
  await browser?.close();
  mkdirSync('e2e-artifacts', { recursive: true });
  const rules = Object.fromEntries(
    Object.entries(axeRecord).map(([rule, r]) => [rule, { impact: r.impact, pages: r.pages.size, nodes: r.nodes, where: [...r.pages].sort() }]),
  );
  writeFileSync('e2e-artifacts/axe-summary.json', JSON.stringify({ pages: [...crawled].sort(), rules }, null, 2));
});

const accounts = [
  null,
  'admin@kamkor.kg',
  'officer@kamkor.kg',
  'naryn@kamkor.kg',
  'commission@kamkor.kg',
  'ngo@kamkor.kg',
  'municipal@kamkor.kg',
  'analyst@kamkor.kg',
];

/** Text nodes that look like an i18n key ("nav.home", "program:lines.title") were never translated. */
async function untranslated(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const key = /^([a-z]+:)?[a-z][a-zA-Z]*(\.[a-zA-Z_]+)+$/;
    while (walker.nextNode()) {
      const text = walker.currentNode.textContent?.trim() ?? '';
      // <code> shows identifiers on purpose (SOATE codes, e-mails, audit action codes).
      if (walker.currentNode.parentElement?.closest('code, pre')) continue;
      if (key.test(text)) found.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label],[placeholder],[title]')) {
      for (const attr of ['aria-label', 'placeholder', 'title']) {
        const v = el.getAttribute(attr);
        if (v && key.test(v)) found.push(`${attr}=${v}`);
      }
    }
    return found;
  });
}

/**
 * Pages one click below the navigation that the crawl also visits: the first link of each kind
 * (detail pages, then their print views, tracking tables and reports). Downloads are left out.
 */
const id = '[0-9a-f-]{36}';
const detailPatterns = [
  new RegExp(`^/public/programs/${id}$`),
  new RegExp(`^/public/assessments/${id}$`),
  new RegExp(`^/programs/${id}$`),
  new RegExp(`^/projects/${id}$`),
  new RegExp(`^/assessments/${id}$`),
  new RegExp(`^/service-plans/${id}$`),
];
const subPatterns = [
  ...['print', 'summary', 'discussion', 'versions', 'indicators'].map((p) => new RegExp(`^/programs/${id}/${p}$`)),
  new RegExp(`^/public/programs/${id}/print$`),
  ...['tracking', 'tranches'].map((p) => new RegExp(`^/projects/${id}/${p}$`)),
  new RegExp(`^/projects/${id}/reports/[^/]+$`),
  ...['report', 'poster', 'ranking', 'meetings', 'problems', 'focus-groups'].map((p) => new RegExp(`^/assessments/${id}/${p}$`)),
];

async function firstLinks(page: Page, hrefs: string[], patterns: RegExp[]): Promise<string[]> {
  const found = new Map<RegExp, string>();
  for (const href of hrefs) {
    await page.goto(href);
    const links = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    for (const pattern of patterns) {
      const hit = links.find((l) => pattern.test(l.split(/[?#]/)[0]!) && !/\/(new|edit)$/.test(l));
      if (hit && !found.has(pattern)) found.set(pattern, hit.split('#')[0]!);
    }
  }
  return [...new Set(found.values())];
}

describe('every page of every role speaks ky, ru and en', () => {
  it.each(accounts)('%s: each page in the navigation and below it, in three languages, has no untranslated text, console error, stray byte or serious axe violation', { timeout: 900_000 }, async (email) => {
    const page = await newPage(browser);
    if (email) await login(page, email);
    else await page.goto('/');
    const nav = await page.locator('nav.main-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    const details = await firstLinks(page, nav, detailPatterns);
    const links = [...nav, ...details, ...(await firstLinks(page, details, subPatterns))];
    const consoleErrors = watchConsole(page);
    const problems: string[] = [];
    for (const lang of ['ky', 'ru', 'en'] as const) {
      // The language cookie, not the switcher: the switcher would also save the choice to the user's
      // profile and change what other tests see (the switcher has its own test).
      await page.context().addCookies([{ name: 'kamkor_lang', value: lang, url: baseURL() }]);
      for (const href of links) {
        const res = await page.goto(href);
        await page.waitForLoadState('networkidle');
        crawled.add(`${email ?? 'public'} ${href}`);
        if (!res || res.status() >= 400) problems.push(`${lang} ${href}: HTTP ${res?.status()}`);
        for (const text of await untranslated(page)) problems.push(`${lang} ${href}: "${text}"`);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        for (const e of consoleErrors.take()) problems.push(`${lang} ${href}: ${e}`);
        for (const p of await rawHtmlProblems(page, href)) problems.push(`${lang} ${href}: ${p}`);
        const findings = await axeViolations(page);
        for (const f of findings) {
          const r = (axeRecord[f.rule] ??= { impact: f.impact, pages: new Set(), nodes: 0 });
          r.pages.add(`${lang} ${href}`);
          r.nodes += f.nodes;
        }
        for (const f of seriousOrCritical(findings)) problems.push(`${lang} ${href}: axe ${f.impact} ${f.rule} (${f.nodes}): ${f.targets.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
