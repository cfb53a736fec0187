import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gotoHydrated, launchBrowser, login, newPage, switchLanguage } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('administration in Chromium', () => {
  it('keeps what the admin typed and points at each wrong field when creating an organisation', async () => {
    const page = await newPage(browser, { locale: 'ru-RU' });
    await login(page, 'admin@kamkor.kg');
    await switchLanguage(page, 'ru');
    await page.goto('/admin/organisations/new');
    await page.locator('#field-kind').selectOption('ngo');
    await page.locator('#field-name_ky').fill('«Жаштар үнү» коомдук бирикмеси');
    await page.locator('#field-name_ru').fill('ОО «Голос молодёжи»');
    await page.locator('#field-name_en').fill('Youth Voice');
    await page.locator('#field-inn').fill('12345');
    await page.locator('form.card button[type=submit]').click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#field-inn-error').textContent()).toBe('ИНН состоит из 14 цифр.');
    expect(await page.locator('#field-name_ru').inputValue()).toBe('ОО «Голос молодёжи»');
    expect(await page.locator('#field-inn').inputValue()).toBe('12345');
    await page.locator('#field-inn').fill('02303201910555');
    await Promise.all([page.waitForURL(/\/organisations\/[0-9a-f-]{36}$/), page.locator('form.card button[type=submit]').click()]);
    await page.locator('h1', { hasText: 'ОО «Голос молодёжи»' }).waitFor();
    expect(await page.locator('h1').textContent()).toBe('ОО «Голос молодёжи»');
    const id = page.url().split('/').pop()!;
    await page.goto('/admin/audit');
    const row = page.locator('tr', { hasText: id });
    expect(await row.textContent()).toContain('Организация');
    expect(await row.textContent()).toContain('Создано');
    await page.context().close();
  });

  it('loads the statistics committee classifier: dry run first, then apply', async () => {
    const page = await newPage(browser, { locale: 'ru-RU' });
    await login(page, 'admin@kamkor.kg');
    await switchLanguage(page, 'ru');
    // The workbook lists every current unit of Batken oblast (as the committee's sheet would) plus one new rayon.
    await page.goto('/admin/territory?q=41705');
    const current = await page.locator('table tbody tr').evaluateAll((rows) =>
      rows.map((r) => [r.querySelector('code')!.textContent!, r.querySelectorAll('td')[1]!.textContent!]),
    );
    expect(current.length).toBeGreaterThan(5);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Баткен');
    ws.addRow(['СОАТЕ', 'Аталышы', 'Наименование']);
    for (const [code, name] of current) ws.addRow([code, name, name]);
    ws.addRow(['41705298000000', 'Сынак району', 'Тестовый район']);
    ws.addRow(['4170', 'Бузук код', 'Испорченный код']);
    const dir = mkdtempSync(join(tmpdir(), 'kamkor-classifier-'));
    const bad = join(dir, 'bad.xlsx');
    writeFileSync(bad, new Uint8Array(await wb.xlsx.writeBuffer()));
    ws.spliceRows(ws.rowCount, 1);
    const good = join(dir, 'good.xlsx');
    writeFileSync(good, new Uint8Array(await wb.xlsx.writeBuffer()));
    const notXlsx = join(dir, 'list.csv');
    writeFileSync(notXlsx, 'soate,name\n41705000000000,Batken\n');

    await gotoHydrated(page, '/admin/territory/import');
    await page.locator('#file').setInputFiles(notXlsx);
    await page.locator('button[value=dry-run]').click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('Это не файл Excel .xlsx');

    await page.locator('#file').setInputFiles(bad);
    await page.locator('button[value=dry-run]').click();
    await page.locator('#dry-run-title').waitFor();
    expect(await page.locator('section.card table').textContent()).toContain(`A${current.length + 3}`);
    expect(await page.locator('button[value=apply]').count()).toBe(0);

    await page.locator('#file').setInputFiles(good);
    await page.locator('#closeOn').fill('01.11.2026');
    await page.locator('button[value=dry-run]').click();
    await page.locator('button[value=apply]').waitFor();
    const counts = await page.locator('.counts').textContent();
    expect(counts).toMatch(/Будет добавлено:\s*1/);
    expect(counts).toMatch(/Будет упразднено:\s*0/);
    await page.locator('button[value=apply]').click();
    await page.locator('.flash').waitFor();
    expect(await page.locator('.flash').textContent()).toContain('добавлено 1');
    await page.goto('/admin/territory?q=41705298');
    expect(await page.locator('table').textContent()).toContain('Тестовый район');
    await page.context().close();
  });

  it('lets an admin add a target group to the catalogue, which others then see', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    await login(page, 'admin@kamkor.kg');
    await page.goto('/admin/catalogue?kind=target_group');
    await page.locator('#field-code').fill('TG-99');
    await page.locator('#field-name_ky').fill('Көчмө малчылардын үй-бүлөлөрү');
    await page.locator('#field-name_ru').fill('Семьи чабанов на отгонных пастбищах');
    await page.locator('#field-name_en').fill('Families of herders on remote pastures');
    await page.locator('#entry-form button[type=submit]').click();
    await page.locator('.flash').waitFor();
    await page.context().close();

    const officer = await newPage(browser, { locale: 'en-GB' });
    await login(officer, 'officer@kamkor.kg');
    await officer.goto('/admin/catalogue?kind=target_group');
    expect(await officer.locator('table').textContent()).toContain('TG-99');
    expect(await officer.locator('#entry-form').count()).toBe(0);
    await officer.context().close();
  });
});
