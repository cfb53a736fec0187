import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const DEMO_PASSWORD = 'kamkor-demo-2026';

/** The app under test (started once by global-setup.ts). */
export function baseURL(): string {
  return inject('baseURL');
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
