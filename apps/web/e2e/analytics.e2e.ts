import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { launchBrowser, login, newPage, switchLanguage } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('analytics: the dataset explorer in Chromium', () => {
  it('analyst pivots by NGO × period from the home page, saves the view, downloads it; an NGO sees only itself', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    await login(page, 'analyst@kamkor.kg');
    await switchLanguage(page, 'en');
    await page.goto('/');
    await Promise.all([page.waitForURL(/\/analytics\/explorer/), page.locator('a[href="/analytics/explorer"]').first().click()]);
    await page.waitForLoadState('networkidle');

    // The GET form: the whole state ends up in the URL.
    await page.locator('#f-rows').selectOption('ngo');
    await page.locator('#f-cols').selectOption('period');
    await page.locator('#f-basis').selectOption('reported');
    await Promise.all([page.waitForURL(/rows=ngo/), page.locator('.explorer-form button[type=submit]').click()]);
    await page.waitForLoadState('networkidle');
    const url = new URL(page.url());
    expect(url.searchParams.get('rows')).toBe('ngo');
    expect(url.searchParams.get('cols')).toBe('period');
    expect(url.searchParams.get('basis')).toBe('reported');
    const table = page.locator('[data-testid=explorer-table]');
    // The URL changes before the new table is rendered: wait for the pivot the form asked for.
    await table.locator('caption', { hasText: 'Actual by NGO and Period' }).waitFor();
    expect(await table.locator('caption').textContent()).toBe('Actual by NGO and Period');
    const ngoRows = await table.locator('tbody th[scope=row]').allTextContents();
    expect(ngoRows.length).toBeGreaterThan(1);
    expect((await page.locator('[data-testid=grand-total]').textContent())?.trim()).toMatch(/\d/);
    // The chart follows the table (drawn in the browser).
    await page.locator('[data-testid=explorer-chart] svg').first().waitFor();

    // A bookmark opens the same view.
    const again = await newPage(browser, { locale: 'en-GB' });
    await login(again, 'analyst@kamkor.kg');
    await switchLanguage(again, 'en');
    await again.goto(url.pathname + url.search);
    expect(await again.locator('[data-testid=explorer-table] tbody th[scope=row]').allTextContents()).toEqual(ngoRows);

    // Save the view with a name.
    await page.locator('#field-name').fill('NGOs by quarter');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('form:has(input[name=intent][value=save]) button[type=submit]').click()]);
    await page.waitForLoadState('networkidle');
    await page.locator('.saved-views a', { hasText: 'NGOs by quarter' }).waitFor();
    expect(await page.locator('.saved-views a', { hasText: 'NGOs by quarter' }).getAttribute('href')).toContain('rows=ngo');

    // Download xlsx: the first sheet says who and with which filters; the data headers are in English.
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator('a[href*="format=xlsx"]').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.name).toBe('About');
    expect(String(wb.worksheets[0]!.getCell('B2').value)).toContain('analyst@kamkor.kg');
    expect(wb.worksheets[1]!.getRow(1).values).toEqual([undefined, 'NGO', 'Period', 'Actual', 'Target', '% achieved', 'Projects']);

    // A row total opens the rows behind it: that NGO's projects, and no other NGO's.
    const firstNgo = ngoRows[0]!;
    await Promise.all([page.waitForURL(/rows=project/), page.locator('[data-testid=explorer-table] tbody tr').first().locator('td').last().locator('a').click()]);
    await page.waitForLoadState('networkidle');
    // The URL changes before the new view has rendered: wait for its caption.
    await page.locator('[data-testid=explorer-table] caption', { hasText: 'Actual by Project' }).waitFor();
    const drilled = new URL(page.url());
    expect(drilled.searchParams.get('ngo')).toMatch(/^[0-9a-f-]{36}$/);
    expect(drilled.searchParams.get('cols')).toBeNull();
    expect(await page.locator('#f-ngo option:checked').textContent()).toBe(firstNgo);
    expect(await page.locator('[data-testid=explorer-table] tbody th[scope=row]').count()).toBeGreaterThan(0);

    // An NGO explores only its own projects: one NGO row, its own.
    const ngo = await newPage(browser, { locale: 'en-GB' });
    await login(ngo, 'ngo@kamkor.kg');
    await switchLanguage(ngo, 'en');
    await ngo.goto('/analytics/explorer?rows=ngo&basis=reported');
    const own = await ngo.locator('[data-testid=explorer-table] tbody th[scope=row]').allTextContents();
    expect(own).toHaveLength(1);
    expect(ngoRows).toContain(own[0]);
  });

  it('territorial officer: dashboard numbers open the explorer with the rows behind them', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    await login(page, 'naryn@kamkor.kg');
    await switchLanguage(page, 'en');
    await page.goto('/analytics');
    const panel = page.locator('[data-panel=by-project]');
    await panel.waitFor();
    const projects = await panel.locator('tbody th[scope=row]').allTextContents();
    expect(projects.length).toBeGreaterThan(0);
    for (const p of projects) expect(['SSO-2025-001', 'SSO-2025-002']).toContain(p);
    await Promise.all([page.waitForURL(/\/analytics\/explorer\?/), panel.locator('tbody tr').first().locator('td a').click()]);
    await page.waitForLoadState('networkidle');
    await page.locator('[data-testid=explorer-table] caption', { hasText: '% achieved by Period' }).waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get('project')).toMatch(/^[0-9a-f-]{36}$/);
    expect(url.searchParams.get('rows')).toBe('period');
    expect(await page.locator('#f-project option:checked').textContent()).toBe(projects[0]);
  });

  it('municipal officer: assessments by stage and plan progress, each number opening its list', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    await login(page, 'municipal@kamkor.kg');
    await switchLanguage(page, 'en');
    await page.goto('/analytics');
    const panel = page.locator('[data-panel=municipal-assessments]');
    await panel.waitFor();
    expect(await panel.locator('h2').textContent()).toBe('Needs assessments of my municipalities, by stage');
    const total = Number(await panel.locator('tfoot td a').textContent());
    expect(total).toBeGreaterThan(0);
    // The first stage with assessments: its number opens the list of exactly those rows.
    const rows = panel.locator('tbody tr');
    let opened = false;
    for (let i = 0; i < (await rows.count()) && !opened; i++) {
      const link = rows.nth(i).locator('td a');
      const n = Number(await link.textContent());
      if (!n) continue;
      await Promise.all([page.waitForURL(/\/assessments\?mine=1&stage=/), link.click()]);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('main table tbody tr').count()).toBe(n);
      opened = true;
    }
    expect(opened).toBe(true);
    await page.goto('/analytics');
    const plans = page.locator('[data-panel=municipal-plans]');
    await plans.waitFor();
    expect(await plans.locator('tbody th[scope=row]').allTextContents()).toEqual(['Planned', 'In progress', 'Done', 'Cancelled']);
    await Promise.all([page.waitForURL(/\/service-plans$/), plans.locator('dd a').first().click()]);
  });
});
