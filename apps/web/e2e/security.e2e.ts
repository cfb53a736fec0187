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

/** Collects CSP violations and console errors of a page (the app has no favicon: its 404 is not one). */
async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.location()?.url?.endsWith('/favicon.ico')) return;
    if (m.type() === 'error') problems.push(`${new URL(page.url()).pathname}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${new URL(page.url()).pathname}: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return problems;
}

describe('Content-Security-Policy in Chromium', () => {
  it('hydrates pages under the CSP without a single violation', async () => {
    const page = await newPage(browser);
    const problems = await watch(page);
    const res = await page.goto('/login');
    const csp = (await res?.allHeaders())?.['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    await login(page, 'admin@kamkor.kg');
    for (const path of ['/', '/programs', '/projects', '/assessments', '/public/programs', '/admin/users']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => !!(window as unknown as { __remixRouter?: unknown }).__remixRouter), path).toBe(true);
    }
    expect(problems).toEqual([]);
    // An inline script without the nonce is blocked: the policy is really enforced.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.body.append(s);
    });
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    expect(problems.some((p) => p.includes('CSP violation'))).toBe(true);
    await page.context().close();
  });

  it('answers an over-sized form with 413 and a page in the visitor’s language', async () => {
    const res = await fetch(`${baseURL()}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'en' },
      body: 'email=a%40b.kg&password=' + 'a'.repeat(2 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('The request is too large');
  });
});
