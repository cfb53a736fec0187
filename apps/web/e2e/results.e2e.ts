import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, login, newPage, switchLanguage } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function download(page: Page, selector: string): Promise<Uint8Array> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(selector).first().click()]);
  return new Uint8Array(readFileSync((await file.path())!));
}

/** Clicks a submit button and waits for the POST and the navigation or revalidation after it. */
async function submit(page: Page, selector: string) {
  const reload = page.waitForResponse((r) => r.request().method() === 'GET', { timeout: 5000 }).catch(() => null);
  const [post] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator(selector).first().click()]);
  if (post.status() < 400) await reload;
  await page.waitForLoadState('networkidle');
}

/** Waits until the report page shows the status (a submission re-renders the page a moment after its POST). */
const expectStatus = (page: Page, status: string) => page.locator(`.page-head [data-status="${status}"]`).waitFor({ timeout: 10_000 });

describe('results: report round-trip in Chromium', () => {
  it('NGO fills the Excel template, officer returns, NGO fixes, officer approves, tracking shows the %', async () => {
    const ngo = await newPage(browser, { locale: 'ru-RU' });
    await login(ngo, 'ngo@kamkor.kg');
    await switchLanguage(ngo, 'ru');
    await ngo.goto('/projects');
    await ngo.locator('a', { hasText: 'SSO-2025-001' }).click();
    await ngo.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const projectUrl = new URL(ngo.url()).pathname;
    const reportUrl = `${projectUrl}/reports/2026-Q4`;
    await ngo.goto(reportUrl);
    await expectStatus(ngo, 'draft');

    // Download the template and fill it with exceljs as a person would in Excel.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(ngo, 'a[href$="/template"]')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A5').value).toBe('Код');
    expect(wb.getWorksheet('_kamkor')?.state).toBe('veryHidden');
    ws.eachRow((row, n) => {
      if (n < 6) return;
      const key = String(row.getCell(9).value ?? '');
      if (key.startsWith('1.1.1-BEN#') && key !== '1.1.1-BEN#') row.getCell(5).value = '6';
      if (key === '1.1.2-SAT#') {
        row.getCell(6).value = 30;
        row.getCell(7).value = '40';
      }
      if (key === '2.1.3-INST#') row.getCell(5).value = 18;
      if (key === '2.1.4-REG#') row.getCell(5).value = 'Да';
      if (key === '1.1.5-FUND#') row.getCell(5).value = '420 000';
    });
    const dir = mkdtempSync(join(tmpdir(), 'kamkor-results-'));
    const file = join(dir, 'report.xlsx');
    writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));

    // Upload: dry run first, then apply.
    await ngo.locator('a[href$="/upload"]').click();
    await ngo.waitForURL(/\/upload$/);
    await ngo.locator('#file').setInputFiles(file);
    await submit(ngo, 'button[value="dry-run"]');
    await ngo.locator('#dry-run-title').waitFor();
    expect(Number(await ngo.locator('[data-count="created"]').textContent())).toBe(13);
    expect(await ngo.locator('[data-count="errors"]').textContent()).toBe('0');
    await submit(ngo, 'button[value="apply"]');
    await ngo.locator('.flash', { hasText: 'Применено' }).waitFor();

    // The values are in the report; submit it.
    await ngo.goto(reportUrl);
    const ben = ngo.locator('fieldset[data-indicator="1.1.1-BEN"] input');
    expect(await ben.first().inputValue()).toBe('48');
    // Evidence: a 3 MB scan goes from the form to storage in chunks and downloads back byte for byte.
    const scan = Buffer.from(new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => (i * 7 + 3) % 256));
    await ngo.locator('#evidence-file').setInputFiles({ name: 'akt-priemki.pdf', mimeType: 'application/pdf', buffer: scan });
    await submit(ngo, 'section[aria-labelledby=evidence-title] button[type=submit]');
    const evidenceLink = ngo.locator('section[aria-labelledby=evidence-title] a', { hasText: 'akt-priemki.pdf' });
    await evidenceLink.waitFor();
    const back = await ngo.request.get((await evidenceLink.getAttribute('href'))!);
    expect(back.status()).toBe(200);
    expect(Buffer.compare(await back.body(), scan)).toBe(0);
    await submit(ngo, 'button[value="submit"]');
    await expectStatus(ngo, 'submitted');

    // The officer returns the BEN value with a comment.
    const officer = await newPage(browser, { locale: 'ru-RU' });
    await login(officer, 'officer@kamkor.kg');
    await switchLanguage(officer, 'ru');
    await officer.goto(reportUrl);
    const benId = await officer.locator('#return-indicator option', { hasText: '1.1.1-BEN' }).getAttribute('value');
    await officer.locator('#return-indicator').selectOption(benId!);
    await officer.locator('#return-comment').fill('Девочек 0–17 лет было 7, исправьте');
    await submit(officer, 'button[value="return"]');
    await expectStatus(officer, 'returned');

    // The NGO sees the comment, fixes the cell and resubmits (the total is recomputed from the cells).
    await ngo.goto(reportUrl);
    await ngo.locator('fieldset[data-indicator="1.1.1-BEN"] .results-comments', { hasText: 'Девочек 0–17 лет было 7' }).waitFor();
    await ben.nth(0).fill('');
    await ben.nth(1).fill('7');
    await submit(ngo, 'button[value="submit"]');
    await expectStatus(ngo, 'resubmitted');
    expect(await ben.count()).toBe(0);
    await ngo.goto(reportUrl);
    expect(await ngo.locator('fieldset[data-indicator="1.1.1-BEN"] tr.total td').textContent()).toBe('49');

    // The officer approves; the period is locked.
    await officer.goto(reportUrl);
    await submit(officer, 'button[value="approve"]');
    await expectStatus(officer, 'approved');
    await officer.locator('[data-locked="true"]').waitFor();

    // The NGO can no longer edit or upload.
    await ngo.goto(reportUrl);
    expect(await ngo.locator('#report-form input[name^="v:"]').count()).toBe(0);
    expect(await ngo.locator('a[href$="/upload"]').count()).toBe(0);

    // Tracking: BEN 2026-Q4 is 49 of the revised target 60 = 82 %.
    await officer.goto(`${projectUrl}/tracking`);
    const cell = officer.locator('tr[data-indicator="1.1.1-BEN"] td[data-period-percent="2026-Q4"] [data-percent]');
    expect(await cell.getAttribute('data-percent')).toBe('82');
    const sat = officer.locator('tr[data-indicator="1.1.2-SAT"] td[data-period-percent="2026-Q4"] [data-percent]');
    expect(await sat.getAttribute('data-percent')).toBe('94');
  });
});
