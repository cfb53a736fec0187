import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { gotoHydrated, launchBrowser, login, newPage, switchLanguage } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The page fits a phone: nothing wider than the viewport. */
async function fitsWidth(page: Page, width: number) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scroll).toBeLessThanOrEqual(width);
}

describe('monitoring visits in Chromium', () => {
  it('a territorial officer plans and records a visit on a phone; the ministry decides; the NGO follows up', async () => {
    const naryn = await newPage(browser);
    await naryn.setViewportSize({ width: 360, height: 740 });
    await login(naryn, 'naryn@kamkor.kg');
    await switchLanguage(naryn, 'ru');
    await naryn.goto('/projects');
    const href = await naryn.locator('a', { hasText: 'SSO-2025-001' }).first().getAttribute('href');
    await naryn.goto(`${href}/visits`);
    expect(await naryn.locator('table').first().textContent()).toContain('Запланирован');
    // Plan an unscheduled visit; a bad date comes back with the input kept.
    await naryn.locator('#field-plannedDate').fill('31.02.2026');
    await naryn.locator('#field-kind').selectOption('unscheduled');
    await naryn.locator('section.card form button.primary').click();
    await naryn.locator('#field-plannedDate-error').waitFor();
    expect(await naryn.locator('#field-plannedDate').inputValue()).toBe('31.02.2026');
    await naryn.locator('#field-plannedDate').fill('20.11.2026');
    await Promise.all([naryn.waitForURL(/\/visits\/3$/), naryn.locator('section.card form button.primary').click()]);

    // A photo attached through FileStorage, listed and downloadable.
    await naryn.locator('#visit-file').setInputFiles({ name: 'entrance.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000', 'hex') });
    await Promise.all([naryn.waitForURL(/file=added/), naryn.locator('button', { hasText: 'Прикрепить файл' }).click()]);
    await naryn.locator('ul.visit-files', { hasText: 'entrance.png' }).waitFor();

    // The checklist on a 360 px screen: finalising with an unanswered item is refused, typed text kept.
    await naryn.locator('#field-participants').fill('Асанова Г., директор');
    await naryn.locator('input[name="item.services_as_contracted"][value=yes]').check();
    await fitsWidth(naryn, 360);
    await naryn.locator('button[value=finalise]').click();
    await naryn.locator('.error-summary').waitFor();
    expect(await naryn.locator('fieldset.field-error').count()).toBe(2);
    expect(await naryn.locator('#field-participants').inputValue()).toBe('Асанова Г., директор');
    expect(await naryn.locator('input[name="item.services_as_contracted"][value=yes]').isChecked()).toBe(true);
    await naryn.locator('input[name="item.beneficiary_register"][value=no]').check();
    await naryn.locator('input[name="note.beneficiary_register"]').fill('Реестр не ведётся с сентября');
    await naryn.locator('input[name="item.premises_accessible"][value=na]').check();
    await naryn.locator('button[value=finalise]').click();
    await naryn.locator('ul.checklist').waitFor();
    expect(await naryn.locator('ul.checklist').textContent()).toContain('Реестр не ведётся с сентября');
    await fitsWidth(naryn, 360);

    // A finding and its recommendation, addressed to the contractor.
    await naryn.locator('#field-finding').fill('Реестр получателей не ведётся');
    await naryn.locator('#field-recommendation').fill('Восстановить реестр');
    const options = await naryn.locator('#field-responsibleOrgId option').allTextContents();
    await naryn.locator('#field-responsibleOrgId').selectOption({ label: options.find((o) => o.includes('Умут'))! });
    await naryn.locator('#field-dueDate').fill('01.11.2026');
    await naryn.locator('button[value=recommend]').click();
    await naryn.locator('article.card', { hasText: 'Восстановить реестр' }).waitFor();
    expect(await naryn.locator('article.card', { hasText: 'Восстановить реестр' }).textContent()).toContain('Просрочено');
    await naryn.context().close();

    // The ministry's program officer accepts it; it shows on the board as overdue.
    const officer = await newPage(browser);
    await login(officer, 'officer@kamkor.kg');
    await switchLanguage(officer, 'ru');
    await officer.goto(`${href}/visits/3`);
    const card = officer.locator('article.card', { hasText: 'Восстановить реестр' });
    await card.locator('select[name=decision]').selectOption('rejected');
    await card.locator('button[value=decide]').click();
    await officer.locator('.error-summary').waitFor();
    await officer.locator('article.card', { hasText: 'Восстановить реестр' }).locator('select[name=decision]').selectOption('accepted');
    await officer.locator('article.card', { hasText: 'Восстановить реестр' }).locator('button[value=decide]').click();
    await officer.locator('article.card', { hasText: 'Принята' }).first().waitFor();
    await officer.goto('/monitoring?year=2026');
    expect(await officer.locator('main').textContent()).toContain('Восстановить реестр');
    await officer.context().close();

    // The NGO sees the final visit, not the planned one, and reports the follow-up.
    const ngo = await newPage(browser);
    await login(ngo, 'ngo@kamkor.kg');
    await switchLanguage(ngo, 'ru');
    const planned = await ngo.goto(`${href}/visits/2`);
    expect(planned?.status()).toBe(404);
    await ngo.goto(`${href}/visits/3`);
    expect(await ngo.locator('#field-participants').count()).toBe(0);
    // The contractor sees the final visit's files but may not attach any.
    expect(await ngo.locator('ul.visit-files').textContent()).toContain('entrance.png');
    expect(await ngo.locator('#visit-file').count()).toBe(0);
    const fileHref = await ngo.locator('ul.visit-files a').first().getAttribute('href');
    expect((await ngo.request.get(fileHref!)).status()).toBe(200);
    const ngoCard = ngo.locator('article.card', { hasText: 'Восстановить реестр' });
    expect(await ngoCard.locator('button[value=decide]').count()).toBe(0);
    await ngoCard.locator('select[name=status]').selectOption('done');
    await ngoCard.locator('input[name=note]').fill('Реестр восстановлен');
    await ngoCard.locator('button[value=followUp]').click();
    await ngo.locator('article.card', { hasText: 'Реестр восстановлен' }).waitFor();
    expect(await ngo.locator('article.card', { hasText: 'Реестр восстановлен' }).textContent()).not.toContain('Просрочено');
    await ngo.context().close();
  });

  it('an officer imports an XLSForm made by another tool, sees what was left out, and downloads it back', async () => {
    const page = await newPage(browser);
    await login(page, 'officer@kamkor.kg');
    await switchLanguage(page, 'ru');
    await gotoHydrated(page, '/monitoring/questionnaires');
    await page.locator('#file').setInputFiles(fileURLToPath(new URL('../../../tooling/reference/xlsform/case_insensitivity.xlsx', import.meta.url)));
    await Promise.all([page.waitForURL(/\/monitoring\/questionnaires\/YesNo/), page.locator('section.card form button.primary').click()]);
    const issues = await page.locator('table.xlsform-issues').textContent();
    expect(issues).toContain('select_one_external c1');
    expect(issues).toContain('choice_filter (не поддерживается)');
    expect(issues).toContain('EXTERNAL_CHOICES');
    expect(await page.locator('main').textContent()).toContain('Are you good?');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a', { hasText: 'Скачать как XLSForm' }).click()]);
    expect(download.suggestedFilename()).toBe('YesNo-v1.xlsx');
    // Importing the download again gives version 2 with nothing left out.
    const path = await download.path();
    await gotoHydrated(page, '/monitoring/questionnaires');
    await page.locator('#file').setInputFiles(path!);
    await Promise.all([page.waitForURL(/version=2/), page.locator('section.card form button.primary').click()]);
    await page.locator('main', { hasText: 'Всё содержимое файла импортировано' }).waitFor();
    // A file that is not a workbook: a 400 with a message, no crash.
    await gotoHydrated(page, '/monitoring/questionnaires');
    await page.locator('#file').setInputFiles({ name: 'x.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a workbook') });
    await page.locator('section.card form button.primary').click();
    await page.locator('.error-summary').waitFor();
    await page.context().close();
  });

  it('an admin adds an item to the visit checklist as a new version; a duplicate key is refused with the input kept', async () => {
    const page = await newPage(browser);
    await login(page, 'admin@kamkor.kg');
    await switchLanguage(page, 'ru');
    await gotoHydrated(page, '/admin/checklists');
    await page.locator('p', { hasText: 'Текущая версия: 1' }).waitFor();
    const spare = (f: string) => page.locator(`[id="field-3.${f}"]`);
    await spare('key').fill('premises_accessible');
    await spare('ky').fill('Ажатканалар бар');
    await spare('ru').fill('Есть санузлы');
    await spare('en').fill('Toilets available');
    await page.locator('button.primary').click();
    await page.locator('.error-summary').waitFor();
    expect(await spare('ru').inputValue()).toBe('Есть санузлы');
    await spare('key').fill('toilets_available');
    await page.locator('button.primary').click();
    await page.locator('p', { hasText: 'Текущая версия: 2' }).waitFor();
    expect(await page.locator('[id="field-3.ru"]').inputValue()).toBe('Есть санузлы');
    // A territorial officer reads the checklist but may not change it.
    const naryn = await newPage(browser);
    await login(naryn, 'naryn@kamkor.kg');
    await naryn.goto('/admin/checklists');
    await naryn.locator('td', { hasText: 'toilets_available' }).waitFor();
    expect(await naryn.locator('button.primary').count()).toBe(0);
    await naryn.context().close();
    await page.context().close();
  });
});
