import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const DEMO_PASSWORD = 'kamkor-demo-2026';

/** The app under test: this test file's own server and database (started by per-file-setup.ts). */
export function baseURL(): string {
  const url = globalThis.__kamkorE2eBaseURL;
  if (!url) throw new Error('The app server of this test file has not started (see e2e/per-file-setup.ts).');
  return url;
}

/** Debian's Chromium, never a downloaded browser. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
  });
}

/** A fresh browser context (own cookies) with a page pointed at the app. */
export async function newPage(browser: Browser, opts: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: opts.locale ?? 'ru-RU', acceptDownloads: true });
  return context.newPage();
}

/** Logs in through the real form, as a person would. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  // Let hydration and route discovery settle so the click is not raced by a late navigation.
  await page.waitForLoadState('networkidle');
  await page.locator('#field-email').fill(email);
  await page.locator('#field-password').fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.locator('form.card button[type=submit]').click()]);
  // The URL changes before the logged-in page has rendered: wait for the logout button of the header.
  await page.locator('.user-menu form button').waitFor();
  await page.waitForLoadState('networkidle');
}

/** Switches the interface language with the header buttons. */
export async function switchLanguage(page: Page, lang: 'ky' | 'ru' | 'en'): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.locator(`.lang-switcher button[value=${lang}]`).click()]);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Opens a page and waits until React has hydrated it (root.tsx marks `<html data-hydrated>`). */
export async function gotoHydrated(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator('html[data-hydrated=true]').waitFor({ state: 'attached' });
}

/**
 * Waits until the first element matching `selector` reads exactly `text` — a status badge changes only
 * after the action's revalidation has rendered — and fails with what it reads when it never does.
 */
export async function expectTextOf(page: Page, selector: string, text: string, timeout = 15_000): Promise<void> {
  const reads = ([s, t]: [string, string]) => document.querySelector(s)?.textContent === t;
  const shown = await page.waitForFunction(reads, [selector, text] as [string, string], { timeout }).then(() => true, () => false);
  if (!shown) expect(await page.locator(selector).first().textContent()).toBe(text);
}

/**
 * Reloads a field page while the context is offline, so the service worker must answer from its cache.
 * On an overloaded CI host Chromium has failed such a navigation (net::ERR_FAILED) while it was still
 * restarting the stopped worker; alone the same test passes every time. It is tried a few times, a
 * second apart: a page that never comes from the worker still fails the test.
 */
export async function reloadOffline(page: Page, tries = 4): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await page.reload();
      return;
    } catch (e) {
      if (i >= tries) throw e;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}
