import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseURL, launchBrowser, login } from './helpers.ts';
import { rawHtmlProblems, watchConsole } from './page-checks.ts';

// An English-speaking browser, as most visitors' Chromium is: it has no ky-KG number data, so any
// formatting left to Intl would differ between the server's HTML and the hydrated page.
const LOCALE = 'en-US';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function kyContext(opts: { javaScriptEnabled?: boolean; storageState?: Awaited<ReturnType<BrowserContext['storageState']>> } = {}) {
  const context = await browser.newContext({ baseURL: baseURL(), locale: LOCALE, viewport: { width: 1280, height: 900 }, ...opts });
  await context.addCookies([{ name: 'kamkor_lang', value: 'ky', url: baseURL() }]);
  return context;
}

/** The text of <main> without the charts, which the server renders as a table and the browser as SVG. */
function mainText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const main = document.querySelector('main')!.cloneNode(true) as HTMLElement;
    main.querySelectorAll('figure.budget-chart').forEach((f) => f.remove());
    return main.textContent!.replace(/\s+/g, ' ').trim();
  });
}

async function firstLink(page: Page, from: string, pattern: RegExp): Promise<string> {
  await page.goto(from);
  const links = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  const hit = links.find((l) => pattern.test(l));
  if (!hit) throw new Error(`no link like ${pattern} on ${from}`);
  return hit;
}

describe('numbers, money, dates and charts in Kyrgyz are the same on the server and after hydration', () => {
  it('the server HTML and the hydrated page show the same text, with no hydration or console errors', { timeout: 240_000 }, async () => {
    const js = await kyContext();
    const page = await js.newPage();
    await login(page, 'officer@kamkor.kg');
    await js.addCookies([{ name: 'kamkor_lang', value: 'ky', url: baseURL() }]);
    const program = await firstLink(page, '/programs', /^\/programs\/[0-9a-f-]{36}$/);
    const publicProgram = await firstLink(page, '/public/programs', /^\/public\/programs\/[0-9a-f-]{36}$/);
    const project = await firstLink(page, '/projects', /^\/projects\/[0-9a-f-]{36}$/);
    const pages = [program, `${program}/summary`, publicProgram, `${publicProgram}/print`, project, `${project}/tracking`, `${project}/tranches`, '/projects/program-results'];

    // The same session without JavaScript: exactly what the server sent.
    const noJs = await kyContext({ javaScriptEnabled: false, storageState: await js.storageState() });
    const serverPage = await noJs.newPage();
    const errors = watchConsole(page);
    const problems: string[] = [];
    for (const href of pages) {
      await serverPage.goto(href);
      const server = await mainText(serverPage);
      await page.goto(href);
      await page.waitForLoadState('networkidle');
      const hydrated = await mainText(page);
      expect(await page.locator('html').getAttribute('lang')).toBe('ky');
      if (server !== hydrated) {
        const at = [...server].findIndex((c, i) => c !== hydrated[i]);
        problems.push(`${href}: server "${server.slice(at - 40, at + 40)}" ≠ browser "${hydrated.slice(at - 40, at + 40)}"`);
      }
      for (const e of errors.take()) problems.push(`${href}: ${e}`);
    }
    expect(problems).toEqual([]);
    // Kyrgyz money: no-break space groups and a decimal comma, never "2,600,000.00".
    await page.goto(program);
    const budget = (await page.locator('.totals-table td.num').last().textContent()) ?? '';
    expect(budget).toMatch(/^\d{1,3}(\u00a0\d{3})*,\d{2}\u00a0сом$/);
    await js.close();
    await noJs.close();
  });

  it('chart axis ticks use the Kyrgyz grouping', { timeout: 120_000 }, async () => {
    const context = await kyContext();
    const page = await context.newPage();
    // The charts are on approved programs' public pages: take the first public program that has one.
    await page.goto('/public/programs');
    const links = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    let found = false;
    for (const href of links.filter((l) => /^\/public\/programs\/[0-9a-f-]{36}$/.test(l))) {
      await page.goto(href);
      if ((await page.locator('figure.budget-chart').count()) > 0) {
        found = true;
        break;
      }
    }
    expect(found).toBe(true);
    await page.locator('.recharts-cartesian-axis-tick-value').first().waitFor();
    // The value axis (the other axis names the categories).
    const ticks = (await page.locator('.recharts-cartesian-axis-tick-value').allTextContents()).filter((tick) => /^\d/.test(tick));
    expect(ticks.length).toBeGreaterThan(1);
    for (const tick of ticks) expect(tick).toMatch(/^\d{1,3}(\u00a0\d{3})*$/);
    expect(ticks.some((tick) => tick.includes('\u00a0'))).toBe(true);
    await context.close();
  });

  it('a long Kyrgyz page arrives without NUL bytes or replacement characters', { timeout: 60_000 }, async () => {
    const context = await kyContext();
    const page = await context.newPage();
    await login(page, 'admin@kamkor.kg');
    await context.addCookies([{ name: 'kamkor_lang', value: 'ky', url: baseURL() }]);
    // The audit log is the longest page (80+ KB of Cyrillic): dozens of 2,048-byte boundaries.
    const res = await page.request.get('/admin/audit');
    expect((await res.body()).length).toBeGreaterThan(20_000);
    expect(await rawHtmlProblems(page, '/admin/audit')).toEqual([]);
    const program = await firstLink(page, '/programs', /^\/programs\/[0-9a-f-]{36}$/);
    expect(await rawHtmlProblems(page, program)).toEqual([]);
    await context.close();
  });

  it('the totals tables of the program page fit at 1,280 px (the Budget column is not cut off)', { timeout: 60_000 }, async () => {
    for (const lang of ['ky', 'ru', 'en']) {
      const context = await kyContext();
      const page = await context.newPage();
      await login(page, 'officer@kamkor.kg');
      await context.addCookies([{ name: 'kamkor_lang', value: lang, url: baseURL() }]);
      await page.goto(await firstLink(page, '/programs', /^\/programs\/[0-9a-f-]{36}$/));
      const overflow = await page.locator('.totals-table').evaluateAll((els) => els.map((el) => el.scrollWidth - el.clientWidth));
      expect(overflow.length).toBeGreaterThan(0);
      expect(overflow.every((o) => o <= 0), `${lang}: overflow ${overflow.join(', ')}`).toBe(true);
      await context.close();
    }
  });

  it('a download that is not there answers a translated page, not English JSON', { timeout: 60_000 }, async () => {
    const context = await kyContext();
    const page = await context.newPage();
    const res = await page.request.get('/public/programs/00000000-0000-0000-0000-000000000000/export');
    expect(res.status()).toBe(404);
    expect(res.headers()['content-type']).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<html lang="ky">');
    expect(html).not.toContain('Unexpected Server Error');
    const icon = await page.request.get('/favicon.ico');
    expect(icon.status()).toBe(200);
    await context.close();
  });
});
