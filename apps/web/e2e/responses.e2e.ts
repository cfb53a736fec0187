import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, login, newPage, switchLanguage, reloadOffline } from './helpers.ts';
import { axeViolations, seriousOrCritical, watchConsole } from './page-checks.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function fitsWidth(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

async function enterResponse(page: Page, a: { sex: 'f' | 'm'; age: string; received: 'yes' | 'no'; satisfaction?: string; comment?: string }) {
  await page.locator(`input[name=sex][value=${a.sex}]`).check();
  await page.locator('#q-age-input').fill(a.age);
  await page.locator(`input[name=received][value=${a.received}]`).check();
  if (a.satisfaction) await page.locator(`input[name=satisfaction][value="${a.satisfaction}"]`).check();
  if (a.comment) await page.locator('#q-comment-input').fill(a.comment);
  await page.locator('#field-form button[type=submit]').click();
  await page.locator('.flash[role=status]').waitFor();
}

async function summaryCount(page: Page): Promise<number> {
  await page.goto('/monitoring/questionnaires/beneficiary_2026/summary');
  return Number((await page.locator('[data-testid=summary-responses]').textContent())!.replace(/\D/g, ''));
}

describe('questionnaire responses on a phone, offline, then from Excel', () => {
  it('two responses entered offline are kept, sent once when the connection returns; twenty more come from xlsx; the summary charts them', async () => {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await login(page, 'naryn@kamkor.kg');
    await switchLanguage(page, 'ru');
    const before = await summaryCount(page);
    expect(before).toBe(30);

    await page.goto('/field/beneficiary_2026');
    await page.locator('.field-page[data-ready=true]').waitFor();
    expect(await page.locator('h1').textContent()).toContain('Опрос получателей услуг');
    // Sent requests are recorded to replay one later (a resend must not duplicate).
    const bodies: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/field/beneficiary_2026/responses')) bodies.push(r.postData() ?? '');
    });

    // The service worker has kept this page and its assets before the connection goes.
    await page.locator('[data-testid=field-kept][data-kept=kept]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid=field-kept]').textContent()).toBe('Страница сохранена на телефоне: она откроется и без связи');
    await page.context().setOffline(true);
    await page.waitForFunction(() => !navigator.onLine);
    // A required answer missing: the form says so and nothing is queued.
    await page.locator('input[name=sex][value=f]').check();
    await page.locator('#field-form button[type=submit]').click();
    await page.locator('#field-errors').waitFor();
    expect(await page.locator('#field-errors').textContent()).toContain('Ваш возраст');
    await enterResponse(page, { sex: 'f', age: '34', received: 'yes', satisfaction: '5', comment: 'Спасибо за помощь' });
    await enterResponse(page, { sex: 'm', age: '67', received: 'no' });
    expect(await page.locator('[data-testid=field-waiting]').textContent()).toContain('Ожидают отправки: 2');
    await fitsWidth(page, 390);

    // Still offline, the page is opened again: the service worker serves the kept form, the queue is still there.
    await reloadOffline(page);
    await page.locator('.field-page[data-ready=true]').waitFor();
    expect(await page.locator('[data-testid=field-waiting]').textContent()).toContain('Ожидают отправки: 2');

    await page.context().setOffline(false);
    await page.locator('[data-testid=field-sent]', { hasText: 'Отправлено: 2' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid=field-waiting]').textContent()).toContain('Ожидают отправки: 0');

    // The phone sends the same response again (it never heard the answer): nothing is duplicated.
    const sent = bodies.filter(Boolean);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    const again = await page.evaluate(async (body) => {
      const r = await fetch('/field/beneficiary_2026/responses', { method: 'POST', body: new URLSearchParams(body), credentials: 'same-origin' });
      return r.json();
    }, sent[0]!);
    expect(again).toEqual({ status: 'already' });
    expect(await summaryCount(page)).toBe(before + 2);

    // Twenty more from the training workbook: labels as headers, choices as labels in ky or ru.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Лист1');
    ws.addRow(['respondent_id', 'Ваш пол', 'Жашыңыз', 'Вы получили услугу?', 'Насколько вы довольны услугой?', 'Сунуштарыңыз']);
    for (let i = 1; i <= 20; i++) ws.addRow([`XL-${i}`, i % 2 ? 'Аял' : 'Мужской', 20 + i * 2, i % 5 ? 'Ооба' : 'Нет', i % 5 ? String((i % 5) + 1) : null, i % 4 ? null : 'Жакшы']);
    const file = join(mkdtempSync(join(tmpdir(), 'kamkor-responses-')), 'ответы.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

    await page.goto('/monitoring/questionnaires/beneficiary_2026/responses-import');
    await page.waitForLoadState('networkidle');
    await page.locator('#i-language').selectOption('ru');
    await page.locator('#file').setInputFiles(file);
    await page.locator('button[name=intent][value=dry-run]').click();
    await page.locator('[data-testid=import-new]').waitFor();
    expect(await page.locator('[data-testid=import-new]').textContent()).toBe('20');
    // The dry run wrote nothing (checked in a second tab, the dry run stays on this one).
    const other = await page.context().newPage();
    expect(await summaryCount(other)).toBe(before + 2);
    await other.close();
    await page.locator('button[name=intent][value=apply]').click();
    await page.locator('.flash[role=status]').waitFor();
    expect(await page.locator('.flash[role=status]').textContent()).toContain('новых — 20');

    expect(await summaryCount(page)).toBe(before + 22);
    const satisfaction = page.locator('section.survey-question', { hasText: 'Насколько вы довольны услугой?' });
    await satisfaction.locator('[data-testid=survey-chart] svg').waitFor();
    expect(await satisfaction.locator('table').textContent()).toContain('%');
    expect(await satisfaction.textContent()).toMatch(/Среднее: \d,\d\d/);
    await fitsWidth(page, 390);

    // Signing out clears the device: the field caches and the IndexedDB queue are gone.
    await Promise.all([page.waitForURL(/\/login\?loggedOut=1/), page.locator('.user-menu form button').click()]);
    await page.waitForFunction(
      async () => (await caches.keys()).filter((k) => k.startsWith('kamkor-field-')).length === 0 && !(await indexedDB.databases()).some((d) => d.name === 'kamkor-field'),
      undefined,
      { polling: 250, timeout: 10_000 },
    );
    await page.context().close();
  });

  it('the phone form and the summary are clean in Kyrgyz: no console errors, no serious axe violations', async () => {
    const page = await newPage(browser, { locale: 'ky-KG' });
    const console = watchConsole(page);
    await login(page, 'officer@kamkor.kg');
    await switchLanguage(page, 'ky');
    for (const path of ['/field/beneficiary_2026', '/monitoring/questionnaires/beneficiary_2026/summary?by=age_group', '/monitoring/questionnaires/beneficiary_2026/responses-import']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      expect(seriousOrCritical(await axeViolations(page)), path).toEqual([]);
      expect(console.take(), path).toEqual([]);
    }
    await page.context().close();
  });
});
