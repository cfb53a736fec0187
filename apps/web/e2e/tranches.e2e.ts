import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, login, newPage, switchLanguage } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('tranches in Chromium', () => {
  it('an officer adds a tranche and releases it; the NGO sees it but cannot release', async () => {
    const page = await newPage(browser);
    await login(page, 'officer@kamkor.kg');
    await switchLanguage(page, 'ru');
    await page.goto('/projects');
    const href = await page.locator('a', { hasText: 'SSO-2025-001' }).first().getAttribute('href');
    await page.goto(`${href}/tranches`);
    await page.locator('#field-amount').fill('abc');
    await page.locator('section.card form button.primary').click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#field-amount-error').textContent()).toContain('Введите сумму');
    expect(await page.locator('#field-amount').inputValue()).toBe('abc');
    await page.locator('#field-amount').fill('250 000');
    await page.locator('#field-plannedDate').fill('15.01.2026');
    // A threshold without an indicator is refused; a tranche with no condition is ready at once.
    await page.locator('#field-threshold').fill('10');
    await page.locator('section.card form button.primary').click();
    await page.locator('#field-threshold-error').waitFor();
    expect(await page.locator('#field-plannedDate').inputValue()).toBe('15.01.2026');
    await page.locator('#field-threshold').fill('');
    await page.locator('section.card form button.primary').click();
    await page.locator('table tbody tr').first().waitFor();
    expect(await page.locator('table tbody tr').first().textContent()).toContain('250\u00a0000,00\u00a0сом');
    expect(await page.locator('table tbody tr').first().textContent()).toContain('Можно выплатить');
    await page.locator('button[value=release]').first().click();
    await page.locator('table tbody tr', { hasText: 'Выплачен' }).first().waitFor();
    await page.context().close();

    const ngo = await newPage(browser);
    await login(ngo, 'ngo@kamkor.kg');
    await switchLanguage(ngo, 'ru');
    await ngo.goto(`${href}/tranches`);
    expect(await ngo.locator('table').textContent()).toContain('Выплачен');
    expect(await ngo.locator('button[value=release]').count()).toBe(0);
    expect(await ngo.locator('#field-amount').count()).toBe(0);
    await ngo.context().close();
  });
});
