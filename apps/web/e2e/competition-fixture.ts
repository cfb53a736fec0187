import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, login, newPage, switchLanguage } from './helpers.ts';

/**
 * What the competition browser tests share: one Chromium for the file, people logged in through the real form
 * (interface in Russian), submits that wait for the server, seating a commission and starting an application.
 */
export function competitionBrowser() {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    /** A fresh page with its own cookies, not logged in. */
    page: (opts?: { locale?: string }): Promise<Page> => newPage(browser, opts),
    /** A fresh page logged in as `email`, interface in Russian. */
    as: async (email: string): Promise<Page> => {
      const page = await newPage(browser);
      await login(page, email);
      await switchLanguage(page, 'ru');
      return page;
    },
  };
}

/** A datetime-local value in Bishkek time (UTC+6), `hours` from now. */
export const bishkek = (hours: number) => new Date(Date.now() + (6 + hours) * 3600_000).toISOString().slice(0, 16);

/** Clicks a submit button and waits until the network is idle again (the POST and the page it leads to). */
export async function submitAndWait(page: Page, selector: string) {
  await Promise.all([page.waitForLoadState('networkidle'), page.locator(selector).click()]);
  await page.waitForLoadState('networkidle');
}

/** Clicks the first matching submit button and waits for the POST's answer and the page it leads to. */
export async function submitAndWaitForPost(page: Page, selector: string) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator(selector).first().click()]);
  await page.waitForLoadState('networkidle');
}

/** The officer, on the competition's page, seats a person on its commission (and its sector when given). */
export async function seatMember(officer: Page, name: string, role: string, sector?: string) {
  await officer.locator('#userId').selectOption({ label: name });
  await officer.locator('#role').selectOption(role);
  if (sector) await officer.locator('#sector').selectOption(sector);
  await submitAndWait(officer, 'button[value=addMember]');
  await officer.locator('section[aria-labelledby=commission] li', { hasText: name }).waitFor();
}

/** Starts an application with its project text (tasks only when given); returns its code and path. */
export async function startApplication(
  page: Page,
  competitionUrl: string,
  a: { phone: string; title: string; goal: string; tasks?: string; description: string; requested: string },
) {
  await page.goto(`${competitionUrl}/apply`);
  await page.locator('#field-contactPhone').fill(a.phone);
  await page.locator('#field-title').fill(a.title);
  await page.locator('#field-goal').fill(a.goal);
  if (a.tasks !== undefined) await page.locator('#field-tasks').fill(a.tasks);
  await page.locator('#field-description').fill(a.description);
  await page.locator('#field-requested').fill(a.requested);
  await Promise.all([page.waitForURL(/applications\//), page.locator('form.card button.primary').click()]);
  await page.locator('h1', { hasText: 'Заявка A-' }).waitFor();
  return { code: (await page.locator('h1').textContent())!.match(/A-[2-9A-Z]{4}/)![0], url: new URL(page.url()).pathname };
}
