import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, login, newPage, switchLanguage } from './helpers.ts';
import { axeViolations, seriousOrCritical, watchConsole } from './page-checks.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);

async function workbookOf(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  return wb;
}

describe('questionnaire builder, evaluation and the annual M&E report in Chromium', () => {
  it('an officer builds a small questionnaire with a show-if condition and downloads it as XLSForm', { timeout: 120_000 }, async () => {
    const page = await newPage(browser);
    await login(page, 'officer@kamkor.kg');
    await switchLanguage(page, 'ru');
    await page.goto('/monitoring/questionnaires');
    await Promise.all([page.waitForURL(/\/questionnaires\/new$/), page.locator('a', { hasText: 'Создать анкету' }).click()]);
    await page.waitForLoadState('networkidle');
    await byId(page, 'b-title').fill('Опрос о столовой');
    // The builder is hydrated: what is typed reaches the posted definition.
    await page.waitForFunction(() => (document.querySelector('input[name=definition]') as HTMLInputElement).value.includes('Опрос о столовой'));
    await byId(page, 'b-formId').fill('canteen_2026');
    await byId(page, 'b-items.0.type').selectOption('yes_no');
    await byId(page, 'b-items.0.label.ru').fill('Вы получаете горячее питание?');
    await byId(page, 'b-items.0.label.ky').fill('Ысык тамак аласызбы?');
    await page.locator('button', { hasText: 'Добавить вопрос' }).last().click();
    await byId(page, 'b-items.1.type').selectOption('text');
    await byId(page, 'b-items.1-showif').selectOption('q1');
    await byId(page, 'b-items.1-showif-value').selectOption('no');
    // No label on the second question: refused with the message in Russian, the form kept.
    await page.locator('button', { hasText: 'Сохранить как новую версию' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('Укажите подпись хотя бы на одном языке.');
    expect(await byId(page, 'b-items.0.label.ru').inputValue()).toBe('Вы получаете горячее питание?');
    await byId(page, 'b-items.1.label.ru').fill('Почему нет?');
    await Promise.all([page.waitForURL(/\/monitoring\/questionnaires\/canteen_2026\?version=1/), page.locator('button', { hasText: 'Сохранить как новую версию' }).click()]);
    await page.locator('main', { hasText: 'Почему нет?' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a', { hasText: 'Скачать как XLSForm' }).click()]);
    expect(download.suggestedFilename()).toBe('canteen_2026-v1.xlsx');
    const wb = await workbookOf((await download.path())!);
    const survey = wb.getWorksheet('survey')!;
    const header = (survey.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(survey.getRow(2).getCell(col('type')).value).toBe('select_one yes_no');
    expect(survey.getRow(3).getCell(col('relevant')).value).toBe("${q1} = 'no'");
    expect(survey.getRow(3).getCell(col('label::Russian (ru)')).value).toBe('Почему нет?');
    const choices = wb.getWorksheet('choices')!;
    expect((choices.getRow(2).values as unknown[]).slice(1, 3)).toEqual(['yes_no', 'yes']);
    await page.context().close();
  });

  it('the ministry evaluates a finished project: finalising needs every score; the sheet is then frozen', async () => {
    const page = await newPage(browser);
    await login(page, 'officer@kamkor.kg');
    await switchLanguage(page, 'ru');
    await page.goto('/projects');
    const href = await page.locator('a', { hasText: 'SSO-2024-012' }).first().getAttribute('href');
    await page.goto(`${href}`);
    await page.waitForLoadState('networkidle');
    await Promise.all([page.waitForURL(/\/evaluation$/), page.locator('a[href$="/evaluation"]').click()]);
    await page.locator('h1', { hasText: 'Итоговая оценка проекта' }).waitFor();
    await byId(page, 'field-score.relevance').fill('4');
    await page.locator('button[value=finalise]').click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('main').textContent()).toContain('Чтобы утвердить, оцените каждый критерий.');
    expect(await byId(page, 'field-score.relevance').inputValue()).toBe('4');
    for (const [key, v] of [['plan_fulfilment', '4'], ['result', '3'], ['continuation', '3'], ['long_term_effect', '2']]) await byId(page, `field-score.${key}`).fill(v!);
    await page.locator('#field-conclusion').fill('Проект выполнен; трудоустроены 14 из 20 участников.');
    await page.locator('button[value=finalise]').click();
    await page.locator('[data-testid=evaluation-total]').waitFor();
    expect(await page.locator('[data-testid=evaluation-total]').textContent()).toContain('16 из 25 баллов (64,0\u00a0%)');
    expect(await page.locator('main').textContent()).toContain('Оценка утверждена');
    expect(await page.locator('button[value=finalise]').count()).toBe(0);
    await page.context().close();
  });

  it('the ministry generates the annual report, prints it, downloads the xlsx and publishes it for the public', { timeout: 120_000 }, async () => {
    const page = await newPage(browser);
    await login(page, 'officer@kamkor.kg');
    await switchLanguage(page, 'ru');

    // A ministry decision on SSO-2025-001, recorded on its monitoring page: a follow-up due before the
    // decision is refused with what was typed kept; corrected, it is listed next to the seeded one.
    await page.goto('/projects');
    const projectHref = await page.locator('a', { hasText: 'SSO-2025-001' }).first().getAttribute('href');
    await page.goto(`${projectHref}/visits`);
    expect(await page.locator('tr[data-decision=adjust]').textContent()).toContain('15.07.2026');
    await page.locator('#field-decisionKind').selectOption('suspend');
    await page.locator('#field-basis').fill('E2E: приостановить до восстановления реестра');
    await page.locator('#field-decidedOn').fill('20.11.2026');
    await page.locator('#field-followUpDue').fill('01.11.2026');
    await page.locator('button[value=decision]').click();
    await page.locator('#field-followUpDue-error').waitFor();
    expect(await page.locator('#field-basis').inputValue()).toBe('E2E: приостановить до восстановления реестра');
    expect(await page.locator('#field-decisionKind').inputValue()).toBe('suspend');
    await page.locator('#field-followUpDue').fill('10.12.2026');
    await page.locator('button[value=decision]').click();
    await page.locator('tr[data-decision=suspend]').waitFor();
    expect(await page.locator('tr[data-decision=suspend]').textContent()).toContain('20.11.2026');

    await page.goto('/monitoring/reports');
    const row = page.locator('tr', { hasText: 'Программа государственного социального заказа на 2026 год' });
    await Promise.all([page.waitForURL(/\/monitoring\/reports\/[0-9a-f-]+\/2026$/), row.locator('a', { hasText: '2026' }).click()]);
    const url = new URL(page.url());
    // The URL changes before the new page has rendered.
    await page.locator('h1', { hasText: 'Годовой отчёт' }).waitFor();
    expect(await page.locator('h1').textContent()).toBe('Годовой отчёт по мониторингу и оценке за 2026 год');
    expect(await page.locator('[data-figure=overdue] dd').textContent()).toBe('1');
    expect(await page.locator('tr[data-project="SSO-2024-011"]').textContent()).toContain('76,0\u00a0%');
    expect(await page.locator('main').textContent()).toContain('Установить пандус');
    // The ministry decisions of the year: the seeded one and the one just recorded.
    expect(await page.locator('table.report-ministry-decisions tr[data-decision=adjust]').textContent()).toContain('Скорректировать договор');
    expect(await page.locator('table.report-ministry-decisions tr[data-decision=suspend]').textContent()).toContain('E2E: приостановить до восстановления реестра');

    // A4 print view: the site's chrome is hidden when printed.
    await page.goto(`${url.pathname}/print`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.site-header').isVisible()).toBe(false);
    expect(await page.locator('nav.main-nav').isVisible()).toBe(false);
    expect(await page.locator('article.print-page h1').textContent()).toContain('2026');
    expect(await page.locator('table.report-ministry-decisions').textContent()).toContain('E2E: приостановить до восстановления реестра');
    await page.emulateMedia({ media: 'screen' });

    // The xlsx: numbers as numbers, the overdue count and the evaluation as on the page.
    await page.goto(url.pathname);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a', { hasText: 'Скачать xlsx' }).click()]);
    const wb = await workbookOf((await download.path())!);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Сводка', 'Результаты', 'Визиты', 'Рекомендации', 'Оценки', 'Решения', 'Опросы']);
    const decisionTexts: string[] = [];
    wb.getWorksheet('Решения')!.eachRow((r) => decisionTexts.push(String(r.getCell(4).value)));
    expect(decisionTexts).toContain('E2E: приостановить до восстановления реестра');
    // The beneficiary survey of the year is summarised on the page and in its own sheet.
    expect(await page.locator('section.report-surveys h3').first().textContent()).toContain('(30)');
    expect(wb.getWorksheet('Опросы')!.rowCount).toBeGreaterThan(5);
    const summary = wb.getWorksheet('Сводка')!;
    let overdue: unknown = null;
    summary.eachRow((r) => {
      if (r.getCell(1).value === 'Просрочено рекомендаций') overdue = r.getCell(2).value;
    });
    expect(overdue).toBe(1);
    const evaluations = wb.getWorksheet('Оценки')!;
    let percent: unknown = null;
    evaluations.eachRow((r) => {
      if (r.getCell(1).value === 'SSO-2024-011') percent = r.getCell(6).value;
    });
    expect(percent).toBe(76);

    // Before publishing the public page is a 404; after, anyone reads it, without officers' names.
    const visitor = await newPage(browser);
    const publicPath = `/public/monitoring-reports/${url.pathname.split('/')[3]}/2026`;
    expect((await visitor.goto(publicPath))!.status()).toBe(404);
    await Promise.all([page.waitForLoadState('load'), page.locator('button[value=publish]').click()]);
    await page.locator('button[value=withdraw]').waitFor();
    const response = await visitor.goto(publicPath);
    expect(response!.status()).toBe(200);
    const text = (await visitor.locator('main').textContent()) ?? '';
    expect(text).toContain('Годовой отчёт по мониторингу и оценке за 2026 год');
    expect(text).toContain('Установить пандус');
    expect(text).not.toContain('Бакыт Жумабеков');
    expect(text).not.toContain('Пандус заказан');
    // Ministry decisions stay internal: the public projection has none.
    expect(text).not.toContain('E2E: приостановить до восстановления реестра');
    await visitor.context().close();
    await page.context().close();
  });

  it('the new pages are clean in Kyrgyz: no console errors, no serious axe violations', { timeout: 180_000 }, async () => {
    const page = await newPage(browser, { locale: 'ky-KG' });
    await login(page, 'officer@kamkor.kg');
    await switchLanguage(page, 'ky');
    const console = watchConsole(page);
    await page.goto('/projects');
    const evaluated = await page.locator('a', { hasText: 'SSO-2024-011' }).first().getAttribute('href');
    const monitored = await page.locator('a', { hasText: 'SSO-2025-001' }).first().getAttribute('href');
    const reportHref = await (async () => {
      await page.goto('/monitoring/reports');
      return page.locator('a[href$="/2026"]').first().getAttribute('href');
    })();
    const publicHref = reportHref!.replace('/monitoring/reports/', '/public/monitoring-reports/');
    const problems: string[] = [];
    for (const href of [
      '/monitoring/questionnaires/new',
      '/monitoring/questionnaires/beneficiary_2026/edit',
      `${evaluated}/evaluation`,
      `${evaluated}`,
      `${monitored}/visits`,
      '/monitoring',
      '/monitoring/reports',
      '/admin/evaluation-criteria',
      reportHref!,
      `${reportHref}/print`,
      '/public/monitoring-reports',
      publicHref,
    ]) {
      const res = await page.goto(href);
      expect(res!.status(), href).toBe(200);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ky');
      for (const f of seriousOrCritical(await axeViolations(page))) problems.push(`${href}: ${f.rule} (${f.impact}) ${f.targets.join(', ')}`);
      for (const e of console.take()) problems.push(`${href}: ${e}`);
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
