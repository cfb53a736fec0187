import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, login, newPage, switchLanguage, expectTextOf, reloadOffline } from './helpers.ts';
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

async function projectHref(page: Page) {
  await page.goto('/projects');
  return (await page.locator('a', { hasText: 'SSO-2025-001' }).first().getAttribute('href'))!;
}

const radio = (key: string, answer: string) => `input[name="item.${key}"][value=${answer}]`;

describe('the visit checklist on a phone without a connection', () => {
  it('the phone checklist is clean in Kyrgyz: no console errors, no serious axe violations (before the visit is recorded)', async () => {
    const page = await newPage(browser, { locale: 'ky-KG' });
    await page.setViewportSize({ width: 390, height: 844 });
    const console = watchConsole(page);
    await login(page, 'naryn@kamkor.kg');
    await switchLanguage(page, 'ky');
    const project = await projectHref(page);
    const projectId = project.split('/').pop()!;
    for (const path of [`/field/visits/${projectId}/2`, `/field/visits/${projectId}/1`, `${project}/visits/2`]) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      expect(seriousOrCritical(await axeViolations(page)), path).toEqual([]);
      expect(console.take(), path).toEqual([]);
    }
    // An error summary in Kyrgyz is clean too.
    await page.goto(`/field/visits/${projectId}/2`);
    await page.locator('.field-page[data-ready=true]').waitFor();
    await page.locator('#v-participants-input').fill('');
    await page.locator('#visit-form button[type=submit]').click();
    await page.locator('#visit-errors').waitFor();
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    expect(console.take()).toEqual([]);
    await page.context().close();
  });
  it('a planned visit recorded offline is kept, survives a reload, is sent once; a visit finalised meanwhile is a conflict with the answers kept', async () => {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await login(page, 'naryn@kamkor.kg');
    await switchLanguage(page, 'ru');
    const project = await projectHref(page);
    const projectId = project.split('/').pop()!;
    await page.goto(`${project}/visits/2`);
    await Promise.all([page.waitForURL(/\/field\/visits\/[^/]+\/2$/), page.locator('a', { hasText: 'Заполнить на телефоне' }).click()]);
    await page.locator('.field-page[data-ready=true]').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Визит 2: контрольный список на телефоне');
    expect(await page.locator('.field-page').textContent()).toContain('Фото и файлы прикрепляются на странице визита');
    const bodies: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/field/visits/${projectId}/2/save`)) bodies.push(r.postData() ?? '');
    });
    // The service worker keeps this page before the connection goes.
    await page.locator('[data-testid=visit-kept][data-kept=kept]').waitFor({ timeout: 20_000 });

    await page.context().setOffline(true);
    await page.waitForFunction(() => !navigator.onLine);
    expect(await page.locator('.field-page > p.hint').first().textContent()).toContain('нет связи');
    // Participants are required: the form says so and nothing is queued.
    await page.locator('#v-participants-input').fill('');
    await page.locator('#visit-form button[type=submit]').click();
    await page.locator('#visit-errors').waitFor();
    expect(await page.locator('[data-testid=visit-waiting]').textContent()).toContain('Ожидают отправки: 0');

    await page.locator('#v-visitDate-input').fill('10.12.2026');
    await page.locator('#v-participants-input').fill('Токтосунова Айгүл, директор центра; Абдыкадыров Нурлан, соцработник');
    await page.locator(radio('services_as_contracted', 'yes')).check();
    await page.locator(radio('beneficiary_register', 'no')).check();
    await page.locator('#v-note-beneficiary_register').fill('Реестр ведётся в тетради, не в системе');
    await page.locator(radio('premises_accessible', 'yes')).check();
    await page.locator('#v-summary-input').fill('Услуги оказываются; реестр нужно перевести в электронный вид.');
    await page.locator('#visit-form button[type=submit]').click();
    await page.locator('.flash[role=status]').waitFor();
    expect(await page.locator('[data-testid=visit-waiting]').textContent()).toContain('Ожидают отправки: 1');
    expect(bodies.filter(Boolean)).toEqual([]);
    await fitsWidth(page, 390);

    // Still offline, the page is opened again: the service worker serves it, the saved record is still there.
    await reloadOffline(page);
    await page.locator('.field-page[data-ready=true]').waitFor();
    expect(await page.locator('[data-testid=visit-waiting]').textContent()).toContain('Ожидают отправки: 1');
    expect(await page.locator('#v-participants-input').inputValue()).toContain('Токтосунова Айгүл');
    expect(await page.locator(radio('beneficiary_register', 'no')).isChecked()).toBe(true);

    await page.context().setOffline(false);
    await page.locator('[data-testid=visit-sent]', { hasText: 'Отправлено: 1' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid=visit-waiting]').textContent()).toContain('Ожидают отправки: 0');
    const sent = bodies.filter(Boolean);
    expect(sent.length).toBe(1);
    // The phone sends the same save again (it never heard the answer): it is not applied twice.
    const again = await page.evaluate(
      async ([url, body]) => (await fetch(url!, { method: 'POST', body: new URLSearchParams(body!), credentials: 'same-origin' })).json(),
      [`/field/visits/${projectId}/2/save`, sent[0]!],
    );
    expect(again).toEqual({ status: 'already' });

    // The visit page shows the answers.
    await page.goto(`${project}/visits/2`);
    await expectTextOf(page, '.badge', 'Заполняется');
    expect(await page.locator('#field-participants').inputValue()).toBe('Токтосунова Айгүл, директор центра; Абдыкадыров Нурлан, соцработник');
    expect(await page.locator(radio('beneficiary_register', 'no')).isChecked()).toBe(true);
    expect(await page.locator('input[name="note.beneficiary_register"]').inputValue()).toBe('Реестр ведётся в тетради, не в системе');

    // Offline again, the officer changes an answer; meanwhile the program officer finalises the visit.
    await page.goto(`/field/visits/${projectId}/2`);
    await page.locator('.field-page[data-ready=true]').waitFor();
    await page.context().setOffline(true);
    await page.waitForFunction(() => !navigator.onLine);
    await page.locator(radio('beneficiary_register', 'yes')).check();
    await page.locator('#v-note-beneficiary_register').fill('Реестр перенесён в систему');
    await page.locator('#visit-form button[type=submit]').click();
    await page.locator('.flash[role=status]').waitFor();

    const officer = await newPage(browser);
    await login(officer, 'officer@kamkor.kg');
    await officer.goto(`${project}/visits/2`);
    await officer.waitForLoadState('networkidle');
    await Promise.all([officer.waitForURL(/\/visits\/2$/), officer.locator('button[value=finalise]').click()]);
    await officer.locator('ul.checklist').waitFor();
    await officer.context().close();

    await page.context().setOffline(false);
    const conflict = page.locator('[data-testid=visit-conflict]');
    await conflict.waitFor({ timeout: 20_000 });
    expect(await conflict.textContent()).toContain('Визит тем временем завершили');
    expect(await conflict.textContent()).toContain('Реестр перенесён в систему');
    // Nothing was written: the final visit keeps what was sent before.
    await page.goto(`${project}/visits/2`);
    expect(await page.locator('ul.checklist').textContent()).toContain('Реестр ведётся в тетради, не в системе');
    // The answers are still on the phone, shown on the field page (now closed).
    await page.goto(`/field/visits/${projectId}/2`);
    await page.locator('.field-page[data-ready=true]').waitFor();
    expect(await page.locator('.field-page').textContent()).toContain('Этот визит завершён');
    expect(await page.locator('[data-testid=visit-conflict]').textContent()).toContain('Реестр перенесён в систему');
    await fitsWidth(page, 390);

    // Signing out clears the device.
    await Promise.all([page.waitForURL(/\/login\?loggedOut=1/), page.locator('.user-menu form button').click()]);
    await page.waitForFunction(
      async () => (await caches.keys()).filter((k) => k.startsWith('kamkor-field-')).length === 0 && !(await indexedDB.databases()).some((d) => d.name === 'kamkor-field'),
      undefined,
      { polling: 250, timeout: 10_000 },
    );
    await page.context().close();
  });

});
