import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseURL, launchBrowser, login, newPage, switchLanguage } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Submits the form that holds `formHas` with its main button and waits for the action and for the
 * loaders' revalidation that follows it (the page then shows the new data).
 */
async function submit(page: Page, formHas: string, button = 'button[type=submit].primary') {
  const post = page.waitForResponse((r) => r.request().method() === 'POST');
  // Handled at once: after a refused action (4xx) no revalidation comes, and its timeout must not surface later.
  const revalidated = page.waitForResponse((r) => r.request().method() === 'GET' && r.url().includes('.data'), { timeout: 10_000 }).catch(() => undefined);
  await page.locator(`form:has(${formHas}) ${button}`).first().click();
  const res = await post;
  // A failed action (4xx) is not followed by revalidation.
  if (res.status() < 400) await revalidated;
  await page.waitForLoadState('networkidle');
}

/** Waits until the page shows `count` elements matching `selector` (after a revalidation). */
async function waitForCount(page: Page, selector: string, count: number) {
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel as string).length === n, [selector, count] as const);
}

async function nextStage(page: Page, id: string) {
  await page.goto(`/assessments/${id}`);
  await submit(page, 'button[name=intent][value=stage].primary', 'button[name=intent][value=stage].primary');
  await page.locator('p.flash').waitFor();
}

describe('needs assessment in Chromium', () => {
  it('runs an assessment from focus groups to a published ranking, a poster and a service plan', async () => {
    const page = await newPage(browser, { locale: 'ru-RU' });
    await login(page, 'municipal@kamkor.kg');
    // Other test files may have left this demo user in another language.
    await switchLanguage(page, 'ru');

    // Create the assessment for Aleksandrovka (the officer's municipality).
    await page.goto('/assessments');
    await page.locator('#field-year').fill('2026');
    await Promise.all([page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/), page.locator('form:has(#field-year) button[type=submit]').click()]);
    const id = page.url().split('/').pop()!;
    expect(await page.locator('.stage-bar li.current').textContent()).toContain('Запланировано');

    // Two focus groups, counted by sex and age (no names).
    await nextStage(page, id);
    await page.goto(`/assessments/${id}/focus-groups`);
    const groups = [
      { category: 'FG-01', village: 'Беш-Корук', facilitator: 'Айнура Жумабаева', women: '9' },
      { category: 'FG-02', village: 'Александровка', facilitator: 'Марат Исаков', women: '4' },
    ];
    for (const [i, g] of groups.entries()) {
      await page.locator('#field-categoryCode').selectOption(g.category);
      await page.locator('#field-villageSoate').selectOption({ label: g.village });
      await page.locator('#field-heldOn').fill('12.03.2026');
      await page.locator('#field-facilitator').fill(g.facilitator);
      await page.locator('#field-women_30_59').fill(g.women);
      await page.locator('#field-men_30_59').fill('3');
      await submit(page, '#field-facilitator');
      await waitForCount(page, 'table tbody tr', i + 1);
    }
    expect(await page.locator('table tbody tr').count()).toBe(2);
    expect(await page.locator('table').textContent()).toContain('Марат Исаков');

    // Four problems in the gallery.
    await nextStage(page, id);
    await page.goto(`/assessments/${id}/problems`);
    const problems = [
      { title: 'Нет детского сада', category: 'PC-02', village: 'Беш-Корук' },
      { title: 'Плохая питьевая вода', category: 'PC-01', village: 'Беш-Корук' },
      { title: 'Разбитые дороги', category: 'PC-04', village: 'Александровка' },
      { title: 'Не вывозят мусор', category: 'PC-05', village: 'Александровка' },
    ];
    for (const [i, p] of problems.entries()) {
      await page.locator('#field-title').fill(p.title);
      await page.locator('#field-categoryCode').selectOption(p.category);
      await page.locator('#field-villageSoates label', { hasText: p.village }).locator('input').check();
      await page.locator('#field-raisedBy input').first().check();
      await submit(page, '#field-title');
      await waitForCount(page, '.gallery > li', i + 1);
    }
    expect(await page.locator('.gallery > li').count()).toBe(4);

    // A cause-and-effect tree for the first problem, drawn as SVG on the server.
    await nextStage(page, id);
    await page.goto(`/assessments/${id}/problems`);
    await Promise.all([page.waitForURL(/\/problems\/[0-9a-f-]{36}$/), page.locator('.gallery a', { hasText: 'Нет детского сада' }).click()]);
    const addNode = async (kind: 'cause' | 'effect', text: string, parent?: string) => {
      await page.locator('#field-kind').selectOption(kind);
      if (parent) await page.locator('#field-parentId').selectOption({ label: parent });
      else await page.locator('#field-parentId').selectOption('');
      await page.locator('#field-text').fill(text);
      await submit(page, '#field-text');
      // The SVG wraps text into lines; compare without spaces.
      await page.waitForFunction((t) => (document.querySelector('svg.cause-tree')?.textContent ?? '').replace(/\s/g, '').includes(t.replace(/\s/g, '')), text);
    };
    await addNode('cause', 'Нет здания');
    await addNode('cause', 'Классы пустуют, но нужен ремонт', 'Причина: Нет здания');
    await addNode('effect', 'Мамы не могут работать');
    const svgText = (await page.locator('svg.cause-tree').textContent())!.replace(/\s/g, '');
    expect(svgText).toContain('Нетздания');
    expect(svgText).toContain('Мамынемогутработать');
    expect(await page.locator('svg.cause-tree line').count()).toBe(3);

    // A photo of the problem, kept through the storage interface and served back.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await page.locator('input[name=photo]').setInputFiles({ name: 'besh-koruk.png', mimeType: 'image/png', buffer: png });
    await page.locator('#field-caption').fill('Бывшее здание начальных классов');
    await submit(page, 'input[name=photo]', 'button[type=submit]');
    await page.locator('.photo-strip img').first().waitFor();
    expect(await page.locator('.photo-strip img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

    // Two village meetings: one tally typed in, one uploaded from the xlsx template.
    await nextStage(page, id);
    await page.goto(`/assessments/${id}/meetings`);
    for (const [i, [village, women, men]] of ([['Беш-Корук', '40', '25'], ['Александровка', '30', '35']] as const).entries()) {
      await page.locator('#field-kind').selectOption('village');
      await page.locator('#field-villageSoate').selectOption({ label: village });
      await page.locator('#field-heldOn').fill('05.04.2026');
      await page.locator('#field-women').fill(women);
      await page.locator('#field-men').fill(men);
      await submit(page, '#field-men');
      await waitForCount(page, 'table tbody tr', i + 1);
    }
    const meetingLinks = await page.locator('a[href*="/meetings/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(meetingLinks).toHaveLength(2);
    // Besh-Koruk typed in from the paper tally.
    await page.goto(meetingLinks[0]!);
    expect(await page.locator('h2').textContent()).toContain('Беш-Корук');
    const typed = { 'Нет детского сада': '40', 'Плохая питьевая вода': '15', 'Разбитые дороги': '5', 'Не вывозят мусор': '0' };
    for (const [title, votes] of Object.entries(typed)) {
      await page.locator('tr', { hasText: title }).locator('input').fill(votes);
    }
    await submit(page, 'input[name^=votes_]');
    expect(await page.locator('p.flash').textContent()).toContain('сохранён');

    // Aleksandrovka from Excel: download the sheet, fill it like the paper, upload, check, apply.
    await page.goto(meetingLinks[1]!);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[href$="/template"]').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const votes: Record<string, number> = { 'Нет детского сада': 12, 'Плохая питьевая вода': 20, 'Разбитые дороги': 22, 'Не вывозят мусор': 3 };
    const dir = mkdtempSync(join(tmpdir(), 'kamkor-tally-'));
    // First a sheet with a mistake: the dry run shows it by cell and nothing is saved.
    ws.eachRow((row, n) => {
      const title = String(row.getCell(2).value ?? '');
      if (n >= 8 && title in votes) row.getCell(3).value = title === 'Разбитые дороги' ? 'много' : votes[title]!;
    });
    const bad = join(dir, 'bad.xlsx');
    writeFileSync(bad, new Uint8Array(await wb.xlsx.writeBuffer()));
    await page.locator('input[name=file]').setInputFiles(bad);
    await submit(page, 'input[name=file]', 'button[value=dry-run]');
    expect(await page.locator('#dry-run-title + ul').textContent()).toContain('1');
    expect(await page.locator('section[aria-labelledby=dry-run-title] table').first().textContent()).toContain('C10');
    expect(await page.locator('button[value=apply]').count()).toBe(0);
    expect(await page.locator('a[href*="/error-copy?file="]').count()).toBe(1);
    // Then the corrected sheet: dry run, then apply.
    ws.eachRow((row, n) => {
      const title = String(row.getCell(2).value ?? '');
      if (n >= 8 && title in votes) row.getCell(3).value = votes[title]!;
    });
    const good = join(dir, 'good.xlsx');
    writeFileSync(good, new Uint8Array(await wb.xlsx.writeBuffer()));
    await page.locator('input[name=file]').setInputFiles(good);
    await submit(page, 'input[name=file]', 'button[value=dry-run]');
    expect(await page.locator('section[aria-labelledby=dry-run-title] table').textContent()).toContain('22');
    await submit(page, 'input[name=fileId]', 'button[value=apply]');
    expect(await page.locator('p.flash').textContent()).toContain('4');
    expect(await page.locator('tr', { hasText: 'Разбитые дороги' }).locator('input').inputValue()).toBe('22');

    // Ranking: 52, 35, 27, 3 votes.
    await page.goto(`/assessments/${id}/ranking`);
    const ranked = await page.locator('table.ranking tbody tr td:nth-child(2)').allTextContents();
    expect(ranked).toEqual(['1. Нет детского сада', '2. Плохая питьевая вода', '3. Разбитые дороги', '4. Не вывозят мусор']);
    expect(await page.locator('table.ranking tbody tr').first().locator('td').nth(3).textContent()).toBe('52');
    expect(await page.locator('p.hint').first().textContent()).toContain('При равенстве');

    // The whole assessment as one workbook.
    const [exported] = await Promise.all([page.waitForEvent('download'), page.locator(`a[href="/assessments/${id}/export"]`).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await exported.path())!) as unknown as ArrayBuffer);
    expect(book.worksheets).toHaveLength(7);
    const rankingSheet = book.worksheets[6]!;
    expect(rankingSheet.getRow(2).getCell(3).value).toBe('Нет детского сада');
    expect(rankingSheet.getRow(2).getCell(4).value).toBe(52);

    // Prioritise and publish.
    await nextStage(page, id);
    await nextStage(page, id);
    expect(await page.locator('.stage-bar li.current').textContent()).toContain('Опубликовано');

    // Residents (not logged in) see the public page and the poster with the top priorities.
    const resident = await newPage(browser, { locale: 'ru-RU' });
    await resident.goto('/public/assessments');
    await resident.locator(`a[href="/public/assessments/${id}"]`).click();
    await resident.waitForURL(`**/public/assessments/${id}`);
    const firstRow = await resident.locator('table.ranking tbody tr').first().textContent();
    expect(firstRow).toContain('Нет детского сада');
    await resident.goto(`/assessments/${id}/poster`);
    expect(await resident.locator('.poster-list li').count()).toBe(4);
    expect(await resident.locator('.poster-list li').first().textContent()).toContain('Нет детского сада');
    expect(await resident.locator('.poster-foot').textContent()).toContain('130');
    // …but not the officers' pages, nor an Excel export.
    const exportRes = await resident.request.get(`/assessments/${id}/export`, { maxRedirects: 0 });
    expect(exportRes.status()).toBe(404);
    await resident.context().close();

    // The first priority becomes a service improvement plan with its co-financing share.
    await page.goto(`/assessments/${id}/ranking`);
    await Promise.all([page.waitForURL(/\/service-plans\/new\?/), page.locator('.priority-actions li').first().locator('a').click()]);
    expect(await page.locator('#field-activity_title').inputValue()).toBe('Нет детского сада');
    await page.locator('#field-activity_responsible').fill('Айыл окмоту Александровка');
    await page.locator('#field-activity_startsOn').fill('01.06.2027');
    await page.locator('#field-activity_endsOn').fill('31.12.2027');
    await page.locator('#field-activity_own').fill('100 000');
    await page.locator('#field-activity_grant').fill('1 000 000');
    await Promise.all([page.waitForURL(/\/service-plans\/[0-9a-f-]{36}$/), page.locator('form:has(#field-activity_title) button[type=submit]').click()]);
    expect(await page.locator('[data-testid=co-financing]').textContent()).toBe('9,1\u00a0%');
    expect(await page.locator('.funding').textContent()).toContain('1\u00a0100\u00a0000,00\u00a0сом');
    expect(await page.locator('table').textContent()).toContain('Нет детского сада');
    // Progress of the activity.
    await page.locator('#field-status').selectOption('in_progress');
    await page.locator('#field-progressPct').fill('50');
    await page.locator('#field-note').fill('Ремонт начат');
    await submit(page, '#field-progressPct');
    await page.locator('ul.updates li').first().waitFor();
    expect(await page.locator('ul.updates').textContent()).toContain('Ремонт начат');
    expect(await page.locator('table tbody tr').first().textContent()).toContain('Выполняется');
    await page.context().close();
  });

  it("hides another municipality's unpublished assessment from an officer (404)", async () => {
    const page = await newPage(browser, { locale: 'ru-RU' });
    await login(page, 'analyst@kamkor.kg');
    await switchLanguage(page, 'ru');
    await page.goto('/assessments');
    const jazy = await page.locator('tr', { hasText: 'Жазы' }).locator('a').getAttribute('href');
    expect(jazy).toMatch(/^\/assessments\/[0-9a-f-]{36}$/);
    await page.context().close();
    const officer = await newPage(browser, { locale: 'ru-RU' });
    await login(officer, 'municipal@kamkor.kg');
    const res = await officer.goto(jazy!);
    expect(res?.status()).toBe(404);
    await officer.context().close();
  });

  it('works without JavaScript: a form error keeps the input, the tree is drawn on the server', async () => {
    const context = await browser.newContext({ baseURL: baseURL(), locale: 'ru-RU', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/login');
    await page.locator('#field-email').fill('municipal@kamkor.kg');
    await page.locator('#field-password').fill('kamkor-demo-2026');
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.locator('form.card button[type=submit]').click()]);
    await page.goto('/assessments');
    await page.locator('#field-year').fill('2025');
    await Promise.all([page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/), page.locator('form:has(#field-year) button[type=submit]').click()]);
    const id = page.url().split('/').pop()!;
    await Promise.all([page.waitForNavigation(), page.locator('button[name=intent][value=stage].primary').click()]);
    await page.goto(`/assessments/${id}/focus-groups`);
    await page.locator('#field-categoryCode').selectOption('FG-04');
    // Krupskoe, by its SOATE code (labels depend on the language this user last chose).
    await page.locator('#field-villageSoate').selectOption('41708217809030');
    await page.locator('#field-heldOn').fill('31.02.2025');
    await page.locator('#field-women_60_plus').fill('7');
    await Promise.all([page.waitForNavigation(), page.locator('form:has(#field-facilitator) button[type=submit]').click()]);
    expect(await page.locator('.error-summary').count()).toBe(1);
    expect(await page.locator('#field-facilitator-error').textContent()).toBeTruthy();
    expect(await page.locator('#field-heldOn').inputValue()).toBe('31.02.2025');
    expect(await page.locator('#field-women_60_plus').inputValue()).toBe('7');
    await page.locator('#field-heldOn').fill('28.02.2025');
    await page.locator('#field-facilitator').fill('Гүлзат Токтосунова');
    await Promise.all([page.waitForNavigation(), page.locator('form:has(#field-facilitator) button[type=submit]').click()]);
    expect(await page.locator('table tbody tr').count()).toBe(1);
    // The seeded, published Besh-Koruk tree is an SVG in the HTML itself.
    await page.goto('/public/assessments');
    await page.locator('a[href^="/public/assessments/"]', { hasText: '2015' }).click();
    await page.waitForLoadState('load');
    expect((await page.locator('svg.cause-tree').first().textContent())!.replace(/\s/g, '')).toContain('Балабакчаүчүнимаратжок');
    await context.close();
  });
});
