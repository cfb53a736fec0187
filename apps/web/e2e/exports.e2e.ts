import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, newPage, switchLanguage } from './helpers.ts';
import { axeViolations, seriousOrCritical, watchConsole } from './page-checks.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('background exports in Chromium', () => {
  it('an analyst exports every explorer row in the background, watches its progress and downloads it', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    const consoleErrors = watchConsole(page);
    await login(page, 'analyst@kamkor.kg');
    await switchLanguage(page, 'en');
    await page.goto('/analytics/explorer?rows=ngo&cols=period&basis=reported');
    await page.waitForLoadState('networkidle');

    // The explorer's pivot downloads straight away; every row behind it goes to a background job.
    await Promise.all([page.waitForURL(/\/exports\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Export every row in the background' }).click()]);
    const jobUrl = page.url();
    await page.getByRole('heading', { name: 'Export: Explorer rows' }).waitFor();
    const status = page.locator('[data-testid=export-status]');
    const seen = new Set<string>([(await status.getAttribute('data-status'))!]);
    // The page polls its job: the status moves on without a reload, and the progress counts rows.
    const deadline = Date.now() + 60_000;
    while ((await status.getAttribute('data-status')) !== 'done') {
      seen.add((await status.getAttribute('data-status'))!);
      expect(seen.has('failed')).toBe(false);
      if (Date.now() > deadline) throw new Error(`export stuck: ${[...seen].join(' → ')}`);
      await page.waitForTimeout(100);
    }
    expect(page.url()).toBe(jobUrl);
    const progress = (await page.locator('[aria-live=polite]').textContent())!;
    const m = /^([\d\u00a0 ]+) of ([\d\u00a0 ]+) rows written$/.exec(progress.trim());
    expect(m, progress).not.toBeNull();
    const rows = Number(m![1]!.replace(/\D/g, ''));
    expect(rows).toBeGreaterThan(0);
    expect(Number(m![2]!.replace(/\D/g, ''))).toBe(rows);
    expect(await page.locator('#export-progress').getAttribute('value')).toBe(String(rows));

    // Download: the About sheet says who exported, when and with which filters; numbers are numbers.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the file' }).click()]);
    expect(file.suggestedFilename()).toMatch(/^explorer-rows-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
    const [about, data] = wb.worksheets;
    expect(about!.name).toBe('About');
    expect(about!.getCell('A1').value).toBe('Explorer rows');
    const facts = new Map<string, string>();
    about!.eachRow((r, i) => i > 1 && facts.set(String(r.getCell(1).value), String(r.getCell(2).value)));
    expect(facts.get('Exported by')).toContain('analyst@kamkor.kg');
    expect(facts.get('Exported at')).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    expect(facts.get('Reports counted')).toBe('Submitted and approved reports');
    expect(facts.get('Link')).toContain('basis=reported');
    expect(data!.getRow(1).values).toEqual([undefined, 'Project', 'NGO', 'Program year', 'Priority area', 'Service', 'Oblast', 'Rayon', 'Program indicator', 'Period', 'Actual', 'Target']);
    expect(data!.rowCount).toBe(rows + 1);
    expect(String(data!.getCell('A2').value)).toMatch(/^SSO-/);
    expect(typeof data!.getCell('J2').value).toBe('number');

    // "My exports" lists it with its file; the page is clean in Kyrgyz too.
    await page.goto('/exports');
    await page.locator(`a[href="${new URL(jobUrl).pathname}/download"]`).waitFor();
    await switchLanguage(page, 'ky');
    await page.goto(new URL(jobUrl).pathname);
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    expect(consoleErrors.take()).toEqual([]);

    // Someone else gets the 404 of an unknown id, for the page and the file.
    const other = await newPage(browser, { locale: 'en-GB' });
    await login(other, 'officer@kamkor.kg');
    expect((await other.goto(new URL(jobUrl).pathname))!.status()).toBe(404);
    expect((await other.request.get(`${new URL(jobUrl).pathname}/download`)).status()).toBe(404);
  });

  it('a list downloads straight away as xlsx with the about sheet first', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    await login(page, 'officer@kamkor.kg');
    await switchLanguage(page, 'en');
    await page.goto('/projects');
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator('a[href^="/exports/tables/projects?format=xlsx"]').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell('A1').value).toBe('Public-benefit projects');
    expect(wb.worksheets[1]!.getCell('A1').value).toBe('Code');
    const amount = wb.worksheets[1]!.getCell('G2');
    expect(typeof amount.value).toBe('number');
    expect(amount.numFmt).toContain('сом');
  });
});
