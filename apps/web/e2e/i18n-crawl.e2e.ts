import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseURL, launchBrowser, login, newPage } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
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

describe('every page of every role speaks ky, ru and en', () => {
  it.each(accounts)('%s: each page in the navigation, in three languages, has no untranslated text', async (email) => {
    const page = await newPage(browser);
    if (email) await login(page, email);
    else await page.goto('/');
    const links = await page.locator('nav.main-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    const problems: string[] = [];
    for (const lang of ['ky', 'ru', 'en'] as const) {
      // The language cookie, not the switcher: the switcher would also save the choice to the user's
      // profile and change what other tests see (the switcher has its own test).
      await page.context().addCookies([{ name: 'kamkor_lang', value: lang, url: baseURL() }]);
      for (const href of links) {
        const res = await page.goto(href);
        if (!res || res.status() >= 400) problems.push(`${lang} ${href}: HTTP ${res?.status()}`);
        for (const text of await untranslated(page)) problems.push(`${lang} ${href}: "${text}"`);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      }
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
