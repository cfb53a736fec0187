import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gotoHydrated, launchBrowser, login, newPage, switchLanguage, expectTextOf } from './helpers.ts';

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

async function rowsOf(bytes: Uint8Array, sheet = 0): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[sheet]!;
  const rows: unknown[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

async function submit(page: Page, button: string) {
  // Wait for the form's POST, then for the loaders' revalidation (none follows a refused form).
  const reload = page.waitForResponse((r) => r.request().method() === 'GET' && r.url().includes('.data'), { timeout: 1500 }).catch(() => null);
  const post = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator(button).first().click()]);
  if (post[0].status() < 400) await reload;
  await page.waitForTimeout(100);
}

describe('SSO program in Chromium', () => {
  it('drafts, discusses, approves, publishes, exports and imports a program', async () => {
    const officer = await newPage(browser, { locale: 'ru-RU' });
    await login(officer, 'officer@kamkor.kg');
    // Another test file may have left the officer's saved language elsewhere.
    await switchLanguage(officer, 'ru');

    // Draft a program.
    await officer.goto('/programs/new');
    await officer.locator('#field-title').fill('Программа ГСЗ на 2029 год (e2e)');
    await officer.locator('#field-yearFrom').fill('2029');
    await officer.locator('#field-yearTo').fill('2029');
    await officer.locator('#field-ceiling').fill('5 000 000');
    await Promise.all([officer.waitForURL(/\/programs\/[0-9a-f-]{36}$/), officer.locator('form.card button[type=submit]').click()]);
    await officer.locator('h1', { hasText: 'Программа ГСЗ на 2029 год (e2e)' }).waitFor();
    const programUrl = new URL(officer.url()).pathname;
    const id = programUrl.split('/').pop()!;

    // A program-level indicator, then a line that uses it.
    await officer.goto(`${programUrl}/indicators`);
    await officer.locator('#field-name_ky').fill('Кызмат алган балдардын саны');
    await officer.locator('#field-name_ru').fill('Число детей, получивших услугу');
    await officer.locator('#field-name_en').fill('Children served');
    await officer.locator('#field-unit').fill('детей');
    await officer.locator('#field-target').fill('40');
    await submit(officer, 'form.card button[type=submit]');
    expect(await officer.locator('table').textContent()).toContain('Число детей, получивших услугу');

    await officer.goto(`${programUrl}/lines/new`);
    await officer.locator('#field-priorityAreaCode').selectOption('PA-02');
    await officer.locator('#field-serviceCode').selectOption('SRV-01');
    await officer.locator('input[name=targetGroupCodes][value=TG-01]').check();
    await officer.locator('#field-territorySoates').selectOption(['41704400000010']);
    await officer.locator('#field-plannedBeneficiaries').fill('40');
    await officer.locator('#field-budget').fill('2 400 000');
    await officer.locator('#field-expectedResults').fill('Реабилитация 40 детей с ОВЗ в г. Нарын');
    await officer.locator('input[name=indicatorIds]').first().check();
    await Promise.all([officer.waitForURL((u) => u.pathname === programUrl), officer.locator('button[value=save]').click()]);
    await officer.locator('[data-testid=lines-total]').waitFor();
    expect(await officer.locator('[data-testid=lines-total]').textContent()).toContain('2\u00a0400\u00a0000,00\u00a0сом');

    // A line over the ceiling is refused with the amounts.
    await officer.goto(`${programUrl}/lines/new`);
    await officer.locator('#field-priorityAreaCode').selectOption('PA-03');
    await officer.locator('#field-serviceCode').selectOption('SRV-07');
    await officer.locator('input[name=targetGroupCodes][value=TG-03]').check();
    await officer.locator('#field-territorySoates').selectOption(['41706226000000']);
    await officer.locator('#field-budget').fill('3 000 000');
    await submit(officer, 'button[value=save]');
    expect(await officer.locator('.error-summary').first().textContent()).toContain('больше предела 5\u00a0000\u00a0000,00\u00a0сом на 400\u00a0000,00\u00a0сом');

    // Keep the draft's template: once version 1 is approved it must be refused.
    await gotoHydrated(officer, `${programUrl}/import`);
    const dir = mkdtempSync(join(tmpdir(), 'kamkor-program-'));
    const v1Template = join(dir, 'v1.xlsx');
    writeFileSync(v1Template, await download(officer, 'a[href$="/template"]'));

    // Open the discussion (the form proposes today → +30 days).
    await officer.goto(programUrl);
    await submit(officer, 'button[value=open_discussion]');
    await expectTextOf(officer, '.page-head .badge', 'Общественное обсуждение');

    // A visitor comments on the line; the honeypot stays empty.
    const visitor = await newPage(browser, { locale: 'ru-RU' });
    await visitor.goto('/public/programs');
    await Promise.all([visitor.waitForURL(`**/public/programs/${id}`), visitor.locator(`a[href="/public/programs/${id}"]`).click()]);
    await visitor.locator('#field-authorName').fill('Айгүл Садыкова');
    await visitor.locator('#field-authorOrg').fill('Родители детей с ОВЗ г. Нарын');
    await visitor.locator('#field-lineId').selectOption({ index: 1 });
    await visitor.locator('#field-body').fill('Просим добавить подвоз детей на реабилитацию из сёл.');
    await submit(visitor, '#comment-form button[type=submit]');
    expect(await visitor.locator('#comment-form .flash').textContent()).toContain('появится после модерации');
    expect(await visitor.locator('#comments-title + .empty-state').count()).toBe(1); // not published before moderation

    // Moderate and answer.
    await officer.goto(`${programUrl}/discussion`);
    expect(await officer.locator('.comment').first().textContent()).toContain('Просим добавить подвоз');
    await submit(officer, '.comment button[value=published]');
    await officer.locator('.comment select[name=responseKind]').selectOption('partly');
    await officer.locator('.comment textarea[name=responseText]').fill('Подвоз включён в описание услуги для сёл в радиусе 30 км.');
    await submit(officer, '.comment details button[type=submit]');
    expect(await officer.locator('.comment .response').textContent()).toContain('Принято частично');

    // The summary table for the approval file, as xlsx.
    await officer.goto(`${programUrl}/summary`);
    const summary = await rowsOf(await download(officer, 'a[href$="/summary-xlsx"]'));
    expect(summary.some((r) => r.includes('Принято частично') && String(r[3]).includes('подвоз'))).toBe(true);

    // Close the discussion and approve.
    await officer.goto(programUrl);
    await submit(officer, 'button[value=close_discussion]');
    await expectTextOf(officer, '.page-head .badge', 'Доработка');
    await officer.locator('#field-approvalDocNo').fill('77-п');
    await officer.locator('#field-approvingBody').fill('Министерство труда и социального развития');
    await submit(officer, 'button[value=approve]');
    await expectTextOf(officer, '.page-head .badge', 'Утверждена');

    // The public page shows the approved program with its chart and the answered comment.
    await visitor.goto(`/public/programs/${id}`);
    expect(await visitor.locator('[data-testid=approval]').textContent()).toContain('№ 77-п');
    await visitor.locator('[data-testid=chart-by-area] svg.recharts-surface').waitFor();
    expect(await visitor.locator('[data-testid=chart-by-area] .recharts-bar-rectangle').count()).toBe(1);
    expect(await visitor.locator('.comment .response').textContent()).toContain('Подвоз включён');
    expect(await visitor.locator('#comment-form').count()).toBe(0);

    // The A4 view for signing carries the approval.
    await visitor.goto(`/public/programs/${id}/print`);
    expect(await visitor.locator('.print-approval').textContent()).toContain('№ 77-п');
    await visitor.goto(`/public/programs/${id}`);

    // The official table: title, the line, a total row with money as a number.
    const table = await rowsOf(await download(visitor, `a[href="/public/programs/${id}/export"]`));
    expect(table[0]![0]).toBe('Программа ГСЗ на 2029 год (e2e)');
    const header = table.find((r) => r[0] === '№')!;
    expect(header[6]).toBe('Бюджет, сом');
    expect(table.find((r) => r[1] === 'Итого по программе')![6]).toBe(2_400_000);

    // The approved version is frozen: its old template is refused with a reason, nothing written.
    await gotoHydrated(officer, `${programUrl}/import`);
    await officer.locator('#file').setInputFiles(v1Template);
    await submit(officer, 'button[value=dry-run]');
    expect(await officer.locator('.error-summary').textContent()).toContain('позиции заморожены');

    // Amend: download the template, change the budget of line 1 and add line 2, upload it.
    await officer.goto(programUrl);
    await submit(officer, 'button[value=start_amendment]');
    await gotoHydrated(officer, `${programUrl}/import`);
    await officer.locator('#file').setInputFiles(v1Template);
    await submit(officer, 'button[value=dry-run]');
    expect(await officer.locator('.error-summary').textContent()).toContain('относится к версии 1, которая уже утверждена');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(officer, `a[href$="/template"]`)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Lines')!;
    expect(ws.getCell('A2').value).toBe(1);
    ws.getCell('G2').value = 2_000_000;
    ws.getRow(3).values = [2, 'PA-03', 'SRV-07', 'TG-03', '41706226000000', 60, 1_800_000, '01.02.2029', '31.12.2029', 'Надомный уход', 'IND-01'];
    const file = join(dir, 'lines.xlsx');
    writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));
    await officer.locator('#file').setInputFiles(file);
    await submit(officer, 'button[value=dry-run]');
    await expectTextOf(officer, '[data-testid=count-add]', '1');
    await expectTextOf(officer, '[data-testid=count-change]', '1');
    await expectTextOf(officer, '[data-testid=count-errors]', '0');
    await submit(officer, 'button[value=apply]');
    expect(await officer.locator('.flash').textContent()).toContain('добавлено 1, изменено 1');

    // Importing the same file again changes nothing.
    await officer.locator('#file').setInputFiles(file);
    await submit(officer, 'button[value=dry-run]');
    await expectTextOf(officer, '[data-testid=count-add]', '0');
    await expectTextOf(officer, '[data-testid=count-change]', '0');
    await expectTextOf(officer, '[data-testid=count-leave]', '2');

    await officer.goto(programUrl);
    expect(await officer.locator('[data-testid=lines-total]').textContent()).toContain('3\u00a0800\u00a0000,00\u00a0сом');
    // Versions: the amendment draft against version 1, and the history of steps.
    await officer.goto(`${programUrl}/versions`);
    const diff = await officer.locator('.diff').textContent();
    expect(diff).toContain('Проект версии 2');
    expect(await officer.locator('.diff-added').count()).toBe(1);
    expect(await officer.locator('.diff-changed td').first().textContent()).toContain('бюджет');
    expect(await officer.locator('.diff-changed td.num').textContent()).toBe('−400\u00a0000,00\u00a0сом');
    const history = await officer.locator('[data-testid=history]').textContent();
    expect(history).toContain('Версия утверждена');
    expect(history).toContain('77-п');
    expect(history).toContain('Начато внесение изменений');

    // The approved version stays public during the amendment.
    await visitor.goto(`/public/programs/${id}`);
    expect(await visitor.locator('table.program-lines tbody tr').count()).toBe(1);
    await officer.context().close();
    await visitor.context().close();
  }, 180_000);

  it('refuses a workbook that is not the template and hides drafts from other users', async () => {
    const officer = await newPage(browser, { locale: 'ru-RU' });
    await login(officer, 'officer@kamkor.kg');
    // Another test file may have left the officer's saved language elsewhere.
    await switchLanguage(officer, 'ru');
    await officer.goto('/programs');
    // The ministry's 2027 draft (Aleksandrovka's local 2027 program, in discussion, sorts beside it).
    const draftHref = await officer.locator('table a', { hasText: 'Программа государственного социального заказа на 2027 год' }).first().getAttribute('href');
    await officer.goto(`${draftHref}/import`);
    const dir = mkdtempSync(join(tmpdir(), 'kamkor-program-'));
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Лист1').addRow(['№', 'Услуга']);
    const foreign = join(dir, 'foreign.xlsx');
    writeFileSync(foreign, new Uint8Array(await other.xlsx.writeBuffer()));
    await officer.locator('#file').setInputFiles(foreign);
    await submit(officer, 'button[value=dry-run]');
    expect(await officer.locator('.error-summary').textContent()).toContain('Это не шаблон позиций программы Kamkor');

    // A template with mistakes: errors by sheet and cell, and the user's own file marked up to download.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(officer, 'a[href$="/template"]')) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Lines')!;
    ws.getCell('E3').value = '41799999999999';
    ws.getCell('C4').value = 'SRV-99';
    const broken = join(dir, 'broken.xlsx');
    writeFileSync(broken, new Uint8Array(await wb.xlsx.writeBuffer()));
    await officer.locator('#file').setInputFiles(broken);
    await submit(officer, 'button[value=dry-run]');
    await expectTextOf(officer, '[data-testid=count-errors]', '2');
    const errorRows = await officer.locator('[data-testid=dry-run] table tbody tr').allTextContents();
    expect(errorRows).toEqual([expect.stringContaining('E3'), expect.stringContaining('C4')]);
    expect(errorRows[0]).toContain('Lines');
    expect(await officer.locator('button[value=apply]').count()).toBe(0);
    const marked = new ExcelJS.Workbook();
    await marked.xlsx.load((await download(officer, 'a[href*="/import-errors?file="]')) as unknown as ArrayBuffer);
    const bad = marked.getWorksheet('Lines')!.getCell('E3');
    expect(JSON.stringify(bad.note)).toContain('Код территории отсутствует в классификаторе');
    expect((bad.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(marked.getWorksheet('Lines')!.getCell('C4').note).toBeTruthy();

    // An NGO user and a visitor get a 404 for the ministry's draft.
    const ngo = await newPage(browser, { locale: 'ru-RU' });
    await login(ngo, 'ngo@kamkor.kg');
    expect((await ngo.goto(draftHref!))!.status()).toBe(404);
    expect((await ngo.goto(`/public${draftHref}`))!.status()).toBe(404);
    const municipal = await newPage(browser, { locale: 'ru-RU' });
    await login(municipal, 'municipal@kamkor.kg');
    expect((await municipal.goto(`${draftHref}/lines/new`))!.status()).toBe(404);
    await officer.context().close();
    await ngo.context().close();
    await municipal.context().close();
  }, 120_000);

  it('guards public comments: honeypot, rate limit, and a clear message after the window', async () => {
    const visitor = await newPage(browser, { locale: 'ru-RU' });
    await visitor.goto('/public/programs');
    const localHref = await visitor.locator('.cards a', { hasText: 'Александровка' }).first().getAttribute('href');
    const post = (ip: string, form: Record<string, string>) =>
      visitor.request.post(localHref!, { form, headers: { 'X-Forwarded-For': ip, 'Accept-Language': 'ru' }, maxRedirects: 0 });

    // A bot fills the hidden field: it is thanked like a person, and nothing is stored.
    const bot = await post('10.0.0.1', { authorName: 'Bot', body: 'Cheap loans here', website: 'http://spam.example' });
    expect(bot.status()).toBeLessThan(400);
    const municipal = await newPage(browser, { locale: 'ru-RU' });
    await login(municipal, 'municipal@kamkor.kg');
    await switchLanguage(municipal, 'ru');
    await municipal.goto(`${localHref!.replace('/public', '')}/discussion`);
    expect(await municipal.locator('main').textContent()).not.toContain('Cheap loans');

    // Five comments from one address in ten minutes are fine; the sixth is refused with a message.
    for (let i = 1; i <= 5; i++) expect((await post('10.0.0.2', { authorName: `Житель ${i}`, body: `Предложение ${i}` })).status()).toBeLessThan(400);
    const sixth = await post('10.0.0.2', { authorName: 'Житель 6', body: 'Предложение 6' });
    expect(sixth.status()).toBe(429);
    expect(await sixth.text()).toContain('Подождите 10 минут');
    await municipal.goto(`${localHref!.replace('/public', '')}/discussion`);
    expect(await municipal.locator('#h-pending + .comment, #h-pending ~ .comment').count()).toBeGreaterThanOrEqual(5);

    // A discussion whose window is over: the page says so and a comment is refused.
    await municipal.goto('/programs/new');
    await municipal.locator('#field-title').fill('Жергиликтүү программа (e2e)');
    await municipal.locator('#field-ceiling').fill('100 000');
    await Promise.all([municipal.waitForURL(/\/programs\/[0-9a-f-]{36}$/), municipal.locator('form.card button[type=submit]').click()]);
    await municipal.locator('button[value=open_discussion]').waitFor();
    await municipal.locator('#field-discussionStart').fill('05.01.2026');
    await municipal.locator('#field-discussionEnd').fill('20.01.2026');
    await submit(municipal, 'button[value=open_discussion]');
    const closedId = new URL(municipal.url()).pathname.split('/')[2];
    await visitor.goto(`/public/programs/${closedId}`);
    expect(await visitor.locator('#comment-form').textContent()).toContain('Общественное обсуждение завершилось 20.01.2026');
    expect(await visitor.locator('#comment-form form').count()).toBe(0);
    const late = await visitor.request.post(`/public/programs/${closedId}`, {
      form: { authorName: 'Опоздавший', body: 'Ещё одно предложение' },
      headers: { 'X-Forwarded-For': '10.0.0.3', 'Accept-Language': 'ru' },
      maxRedirects: 0,
    });
    expect(late.status()).toBe(409);
    expect(await late.text()).toContain('Замечания больше не принимаются');
    await visitor.context().close();
    await municipal.context().close();
  });
});
