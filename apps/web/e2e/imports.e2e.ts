import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gotoHydrated, launchBrowser, login, newPage } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('imports: the bulk import error copy in Chromium', () => {
  it('a bulk sheet named Лист1 with a bad value: the dry run lists the error and the marked workbook downloads as xlsx with the cell commented', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Лист1');
    ws.addRow(['Код проекта', 'Код индикатора', 'Период', 'Значение']);
    ws.addRow(['PRJ-NONE', 'IND-NONE', '2025', 'много']);
    const file = join(mkdtempSync(join(tmpdir(), 'kamkor-imports-')), 'Лист.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

    const page = await newPage(browser, { locale: 'ru-RU' });
    await login(page, 'officer@kamkor.kg');
    await gotoHydrated(page, '/projects/import');
    await page.waitForLoadState('networkidle');
    await page.locator('#file').setInputFiles(file);
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('button[name=intent][value=dry-run]').click()]);
    // The dry run runs in the background; its page shows the result when it is done.
    const link = page.locator('a[href^="/projects/import/errors?file="]');
    await link.waitFor({ timeout: 60_000 });

    // The link answers with the file itself (the issue: it used to save the app's HTML page).
    const response = await page.request.get((await link.getAttribute('href'))!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers()['content-disposition']).toMatch(/^attachment;/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = readFileSync((await download.path())!);
    // A zip (xlsx), not the app's HTML page.
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const marked = new ExcelJS.Workbook();
    await marked.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = marked.getWorksheet('Лист1');
    expect(sheet).toBeTruthy();
    const note = sheet!.getCell('D2').note;
    const text = typeof note === 'string' ? note : JSON.stringify(note);
    expect(text).toContain('много');
    // The user's own values are kept.
    expect(sheet!.getCell('A2').value).toBe('PRJ-NONE');
  });

  it('a long sheet: the upload starts a background dry run whose page shows rows read while it runs, then the result and the error copy', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kamkor-imports-')), 'long.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const ws = wb.addWorksheet('data');
    ws.addRow(['project_code', 'indicator_code', 'period', 'value']).commit();
    const ROWS = 12_000;
    for (let i = 0; i < ROWS; i++) ws.addRow([`PRJ-NONE-${i % 5}`, 'IND-NONE', '2025', i]).commit();
    ws.commit();
    await wb.commit();

    const page = await newPage(browser, { locale: 'ru-RU' });
    await login(page, 'officer@kamkor.kg');
    await gotoHydrated(page, '/projects/import');
    await page.locator('#file').setInputFiles(file);
    await Promise.all([page.waitForURL(/\/projects\/import\/[0-9a-f-]{36}$/, { timeout: 60_000 }), page.locator('button[name=intent][value=dry-run]').click()]);
    // Watch the page (it revalidates itself every second) until the job is done.
    const statuses: string[] = [];
    const progress: string[] = [];
    const status = page.locator('[data-testid=import-status]');
    const end = Date.now() + 200_000;
    for (;;) {
      const s = (await status.getAttribute('data-status')) ?? '';
      if (statuses.at(-1) !== s) statuses.push(s);
      const live = page.locator('span[aria-live=polite]');
      if (await live.count()) progress.push((await live.textContent()) ?? '');
      if (s === 'done' || s === 'failed' || Date.now() > end) break;
      await page.waitForTimeout(200);
    }
    expect(statuses.at(-1), `statuses ${statuses.join(' → ')}, last progress ${progress.at(-1)}`).toBe('done');
    // It was seen waiting or running, with its progress in rows, before the result.
    expect(statuses[0]).toMatch(/^(queued|running)$/);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toContain('Прочитано строк');
    await page.locator('main', { hasText: `Показаны первые 1000 из ${ROWS} ошибок` }).waitFor();
    await page.locator('main', { hasText: 'Неизвестный код проекта «PRJ-NONE-0»' }).waitFor();
    // No apply for a file with errors: the marked copy instead.
    expect(await page.locator('button[name=intent][value=apply]').count()).toBe(0);
    const link = page.locator('a[href^="/projects/import/errors?file="]');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const marked = new ExcelJS.Workbook();
    await marked.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(JSON.stringify(marked.getWorksheet('data')!.getCell('A2').note)).toContain('PRJ-NONE-0');
  }, 240_000);
});
