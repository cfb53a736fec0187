import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { launchBrowser, login, newPage, switchLanguage } from './helpers.ts';
import { axeViolations, seriousOrCritical, watchConsole } from './page-checks.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const rowsOf = (page: Page) => page.locator('[data-testid=explorer-table] tbody th[scope=row]').allTextContents();
const submit = async (page: Page, urlPart: RegExp, caption: string) => {
  await Promise.all([page.waitForURL(urlPart), page.locator('.explorer-form button[type=submit]').click()]);
  await page.waitForLoadState('networkidle');
  // The URL changes before the new view is rendered: wait for the caption it asked for.
  await page.locator('[data-testid=explorer-table] caption', { hasText: caption }).waitFor();
};

describe('explorer: disaggregation, old and new units, dashboards and open data in Chromium', () => {
  it('analyst pivots by sex, filters by a category, toggles old/new units and opens a dashboard number', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    await login(page, 'analyst@kamkor.kg');
    await switchLanguage(page, 'en');
    await page.goto('/analytics/explorer?rows=oblast');

    // The new dimension: values by sex, read from the disaggregated cells.
    await page.locator('#f-rows').selectOption('sex');
    await submit(page, /rows=sex/, 'Actual by Sex');
    const sexes = await rowsOf(page);
    expect(sexes.length).toBeGreaterThanOrEqual(2);
    for (const s of sexes) expect(s.length).toBeGreaterThan(1); // names, not the codes
    const firstSexTotal = (await page.locator('[data-testid=explorer-table] tbody tr').first().locator('td').first().textContent())!.trim();
    expect(firstSexTotal).toMatch(/\d/);

    // Filter by that category and lay out by oblast: the grand total is that category's total.
    await page.locator('#f-rows').selectOption('oblast');
    const categoryOption = page.locator('#f-category option', { hasText: sexes[0]! });
    await page.locator('#f-category').selectOption((await categoryOption.first().getAttribute('value'))!);
    await submit(page, /category=sex/, 'Actual by Oblast');
    expect((await page.locator('[data-testid=grand-total-actual]').textContent())!.trim()).toBe(firstSexTotal);

    // Old and new units: a project recorded in Kum-Dobo (merged into Kochkor in 2024-25).
    await page.goto('/analytics/explorer?rows=municipality');
    await page.locator('[data-testid=explorer-table] caption', { hasText: 'Actual by Aiyl aimak / town' }).waitFor();
    const newUnits = await rowsOf(page);
    expect(newUnits).toContain('Kochkor aiyl aimak');
    expect(newUnits).not.toContain('Kum-Dobo aiyl aimak');
    const total = (await page.locator('[data-testid=grand-total-actual]').textContent())!.trim();
    await page.locator('#f-territoryMode').selectOption('old');
    await Promise.all([page.waitForURL(/territoryMode=old/), page.locator('.explorer-form button[type=submit]').click()]);
    await page.waitForLoadState('networkidle');
    await page.locator('[data-testid=explorer-table] tbody th[scope=row]', { hasText: 'Kum-Dobo aiyl aimak' }).waitFor();
    expect(await rowsOf(page)).not.toContain('Kochkor aiyl aimak');
    expect((await page.locator('[data-testid=grand-total-actual]').textContent())!.trim()).toBe(total);

    // The ministry dashboard: a budget number opens the program lines it adds up.
    await page.goto('/analytics');
    const panel = page.locator('[data-panel=budget-by-area]');
    await panel.waitFor();
    const link = panel.locator('tbody tr').first().locator('td a');
    const number = (await link.textContent())!.trim();
    expect(number).toMatch(/\d/);
    await Promise.all([page.waitForURL(/dataset=budgets/), link.click()]);
    await page.waitForLoadState('networkidle');
    await page.locator('[data-testid=explorer-table] caption', { hasText: 'Amount, som by Program line' }).waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get('rows')).toBe('line');
    expect(url.searchParams.get('area')).toBeTruthy();
    expect((await rowsOf(page)).length).toBeGreaterThan(0);
    expect((await page.locator('[data-testid=grand-total-amount]').textContent())!.trim()).toBe(number);
    // Competitions by status are on the same dashboard, named in English.
    await page.goto('/analytics');
    expect((await page.locator('[data-panel=competitions-by-status] tbody th[scope=row]').allTextContents()).length).toBeGreaterThan(0);
  });

  it('a visitor finds the open data and downloads the approved budgets as xlsx', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    await page.goto('/');
    await switchLanguage(page, 'en');
    await page.goto('/public/open-data');
    const card = page.locator('[data-dataset=program-budgets]');
    await card.waitFor();
    expect(await card.locator('tbody th[scope=row]').allTextContents()).toContain('budget_som');
    const [file] = await Promise.all([page.waitForEvent('download'), card.locator('a[href*="format=xlsx"]').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
    expect(String(wb.worksheets[0]!.getCell('A1').value)).toBe('Budgets of approved programs');
    const header = wb.worksheets[1]!.getRow(1).values as unknown[];
    expect(header).toContain('Budget, som');
    expect(wb.worksheets[1]!.rowCount).toBeGreaterThan(1);
    // The published figures page shows budgets without logging in.
    await page.goto('/public/analytics');
    await page.locator('[data-testid=public-table]').waitFor();
    expect((await page.locator('[data-testid=public-total-amount]').textContent())!.trim()).toMatch(/\d/);
  });

  it('the new pages are clean in Kyrgyz: no console errors, no serious axe violations', async () => {
    const check = async (page: Page, paths: string[]) => {
      const errors = watchConsole(page);
      for (const path of paths) {
        await page.goto(path);
        await page.waitForLoadState('networkidle');
        expect(errors.take(), path).toEqual([]);
        expect(seriousOrCritical(await axeViolations(page)), path).toEqual([]);
      }
    };
    const visitor = await newPage(browser, { locale: 'ky-KG' });
    await visitor.goto('/');
    await switchLanguage(visitor, 'ky');
    await check(visitor, ['/public/analytics', '/public/analytics?dataset=values&rows=indicator&cols=period&measure=achieved', '/public/open-data']);
    const analyst = await newPage(browser, { locale: 'ky-KG' });
    await login(analyst, 'analyst@kamkor.kg');
    await switchLanguage(analyst, 'ky');
    await check(analyst, ['/analytics', '/analytics/explorer?dataset=reports&rows=period&cols=status&measure=count', '/analytics/explorer?rows=sex&cols=age_group', '/analytics/explorer?dataset=budgets&rows=municipality&territoryMode=old']);
    const ngo = await newPage(browser, { locale: 'ky-KG' });
    await login(ngo, 'ngo@kamkor.kg');
    await switchLanguage(ngo, 'ky');
    await check(ngo, ['/analytics']);
  });
});
