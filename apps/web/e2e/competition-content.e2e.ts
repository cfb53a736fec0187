import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { baseURL, expectTextOf } from './helpers.ts';
import { bishkek, competitionBrowser, seatMember, startApplication, submitAndWait } from './competition-fixture.ts';

const { as } = competitionBrowser();

const NBSP = '\u00a0';

/** A DOCX whose document properties name the NGO and its staff member, as Word writes them. */
async function docxNaming(org: string, person: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('word/document.xml', '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Смета проекта</w:t></w:r></w:p></w:body></w:document>');
  zip.file('docProps/core.xml', `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${person}</dc:creator><cp:lastModifiedBy>${person}</cp:lastModifiedBy></cp:coreProperties>`);
  zip.file('docProps/app.xml', `<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>${org}</Company></Properties>`);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const cell = (page: Page, id: string) => page.locator(`[id="field-${id}"]`);

describe('competition content in Chromium', () => {
  it('a lot from two lines → an NGO fills plan, budget, indicators and attaches a DOCX → reviewers get it stripped → the contract gets a framework', async () => {
    // 1. The officer opens one lot over lines 1 and 3 of the approved 2026 program; too much for both together is refused.
    const officer = await as('officer@kamkor.kg');
    await officer.goto('/competitions/new');
    const line1 = await officer.locator('#field-lineId option', { hasText: 'позиция 1 (SRV-01)' }).first().getAttribute('value');
    await officer.locator('#field-lineId').selectOption(line1!);
    await officer.locator('label.checkbox', { hasText: 'позиция 3 (SRV-09)' }).first().locator('input').check();
    await officer.locator('#field-title').fill('Реабилитация и кризисная помощь');
    await officer.locator('#field-goal').fill('Услуги для детей с ОВЗ и пострадавших от насилия');
    await officer.locator('#field-tasks').fill('Дневная реабилитация\nКризисное убежище');
    await officer.locator('#field-lotBudget').fill('7 000 000');
    await officer.locator('#field-maxAmount').fill('1 000 000');
    await officer.locator('#field-projectStart').fill('2026-03-01');
    await officer.locator('#field-projectEnd').fill('2026-12-31');
    await officer.locator('#field-minCofundingPct').fill('10');
    await officer.locator('#field-eligibility').fill('Зарегистрированная некоммерческая организация\nОпыт работы не менее 2 лет');
    await officer.locator('#field-requiredDocuments').fill('Устав\nСмета проекта');
    await officer.locator('#field-opensAt').fill(bishkek(-1));
    await officer.locator('#field-closesAt').fill(bishkek(48));
    await submitAndWait(officer, 'form.card button.primary');
    const refusal = await officer.locator('.error-summary').textContent();
    expect(refusal).toContain(`бюджет позиции 6${NBSP}100${NBSP}000,00${NBSP}сом`);
    expect(refusal).toContain(`доступно 4${NBSP}100${NBSP}000,00${NBSP}сом`);
    // More than either line alone, within both together.
    await officer.locator('#field-lotBudget').fill('3 000 000');
    await Promise.all([officer.waitForURL(/\/competitions\/[0-9a-f-]{36}$/), officer.locator('form.card button.primary').click()]);
    await officer.locator('button[name=to][value=announced]').waitFor();
    const competitionUrl = new URL(officer.url()).pathname;
    const lotTable = await officer.locator('table', { hasText: 'SRV-09' }).textContent();
    expect(lotTable).toContain('SRV-01');
    expect(lotTable).toContain('TG-05');
    const facts = await officer.locator('main').textContent();
    expect(facts).toContain(`10${NBSP}%`);
    expect(facts).toContain('Опыт работы не менее 2 лет');
    expect(facts).toContain('01.03.2026 — 31.12.2026');
    await submitAndWait(officer, 'button[name=to][value=announced]');
    await submitAndWait(officer, 'button[name=to][value=accepting]');
    await seatMember(officer, 'Нурлан Сыдыков', 'chair');
    await seatMember(officer, 'Эркин Мамбетов', 'secretary');

    // 2. ngo-1 applies: text, then plan, budget with co-funding, indicators; the co-funding rule refuses 5.88 %.
    const ngo = await as('ngo@kamkor.kg');
    const { code, url: applicationUrl } = await startApplication(ngo, competitionUrl, {
      phone: '+996 555 11 22 33',
      title: 'Центр дневного пребывания',
      goal: 'Реабилитация 30 детей с ОВЗ за год',
      tasks: 'Набрать группу детей\nПровести занятия с логопедом',
      description: 'Занятия с логопедом и реабилитологом.',
      requested: '800 000',
    });
    // The applicant is told what reviewers see.
    expect(await ngo.locator('main').textContent()).toContain('Всё в этом разделе видят эксперты');
    await cell(ngo, 'activities.0.name').fill('Набор детей');
    await cell(ngo, 'activities.0.startsOn').fill('2026-03-01');
    await cell(ngo, 'activities.0.endsOn').fill('2026-03-31');
    await cell(ngo, 'activities.1.name').fill('Занятия с логопедом');
    await cell(ngo, 'activities.1.startsOn').fill('2026-04-01');
    await cell(ngo, 'activities.1.endsOn').fill('2026-12-20');
    await cell(ngo, 'budget.0.item').fill('Зарплата специалистов');
    await cell(ngo, 'budget.0.requested').fill('600 000');
    await cell(ngo, 'budget.0.own').fill('50 000');
    await cell(ngo, 'budget.1.item').fill('Аренда помещения');
    await cell(ngo, 'budget.1.requested').fill('200 000');
    await cell(ngo, 'indicators.0.name').fill('Дети, прошедшие курс реабилитации');
    await cell(ngo, 'indicators.0.unit').fill('чел.');
    await cell(ngo, 'indicators.0.baseline').fill('0');
    await cell(ngo, 'indicators.0.target').fill('30');
    const catalogueOption = await cell(ngo, 'indicators.1.programIndicatorId').locator('option').nth(1).getAttribute('value');
    await cell(ngo, 'indicators.1.programIndicatorId').selectOption(catalogueOption!);
    await cell(ngo, 'indicators.1.baseline').fill('10');
    await cell(ngo, 'indicators.1.target').fill('40');
    await submitAndWait(ngo, 'button[value=content]');
    expect(await ngo.locator('.error-summary').first().textContent()).toContain(`Софинансирование — 5,88${NBSP}%`);
    // What was typed is kept; add other sources to reach the lot's 10 %.
    expect(await cell(ngo, 'budget.1.item').inputValue()).toBe('Аренда помещения');
    await cell(ngo, 'budget.1.other').fill('50 000');
    await ngo.locator('button[value=content]').click();
    await ngo.locator('#content [role=status]').waitFor();
    expect(await ngo.locator('.error-summary').allTextContents()).toEqual([]);
    expect(await ngo.locator('#content [role=status]').textContent()).toBe('План, бюджет и индикаторы сохранены.');
    expect(await ngo.locator('#content').textContent()).toContain(`Запрошено 800${NBSP}000,00${NBSP}сом, софинансирование 100${NBSP}000,00${NBSP}сом (11,11${NBSP}% бюджета)`);

    // The DOCX names the NGO in its properties; a file that is not a document is refused.
    const org = 'Умут-Надежда';
    await ngo.locator('#attach-file').setInputFiles({ name: 'virus.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('MZ not a document') });
    await ngo.locator('button[value=attach]').click();
    await ngo.locator('section[aria-labelledby=attachments] [role=status]', { hasText: 'тип проверяется' }).waitFor();
    expect(await ngo.locator('section[aria-labelledby=attachments]').textContent()).toContain('тип проверяется по содержимому файла');
    await ngo.locator('#attach-file').setInputFiles({ name: `Смета ${org}.docx`, mimeType: 'application/octet-stream', buffer: await docxNaming(`ОФ «${org}»`, 'Айгүл Мамытова') });
    await ngo.locator('button[value=attach]').click();
    await ngo.locator('section[aria-labelledby=attachments] a[download]').first().waitFor();
    const attachments = await ngo.locator('section[aria-labelledby=attachments]').textContent();
    expect(attachments).toContain('Файл прикреплён.');
    expect(attachments).toContain(`Смета ${org}.docx`);
    expect(attachments).toContain('эксперты получат копию без метаданных');
    await ngo.locator('button[value=submit]').click();
    await ngo.locator('.badge:has-text("Подана"), .error-summary').first().waitFor();
    await expectTextOf(ngo, '.badge', 'Подана');

    // ngo-2 never reaches it or its attachment.
    const ngo2 = await as('ngo2@kamkor.kg');
    expect((await ngo2.goto(applicationUrl))?.status()).toBe(404);
    const originalHref = await ngo.locator('section[aria-labelledby=attachments] a[download]').first().getAttribute('href');
    expect((await ngo2.request.get(`${baseURL()}${originalHref}`)).status()).toBe(404);

    // 3. Eligibility and evaluation; the member reads the content and gets the stripped copy named by the code.
    await officer.goto(competitionUrl);
    await submitAndWait(officer, 'button[name=to][value=closed]');
    // Eligibility is the commission secretary's.
    const secretary = await as('secretary@kamkor.kg');
    await secretary.goto(competitionUrl);
    await submitAndWait(secretary, 'button[name=decision][value=admit]');
    await secretary.locator('.badge', { hasText: 'Допущена к оценке' }).waitFor();
    await officer.goto(competitionUrl);
    await submitAndWait(officer, 'button[name=to][value=evaluating]');
    const member = await as('commission@kamkor.kg');
    await member.goto(`${competitionUrl}/scoring`);
    await submitAndWait(member, 'button[value=declare]');
    const sheet = await member.locator('article').first().textContent();
    expect(sheet).toContain('Занятия с логопедом');
    expect(sheet).toContain('Дети, прошедшие курс реабилитации');
    expect(sheet).not.toContain(org);
    const link = member.locator('article a[download]').first();
    expect(await link.textContent()).toBe(`${code}-1.docx`);
    const res = await member.request.get(`${baseURL()}${await link.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    const stripped = await JSZip.loadAsync(await res.body());
    for (const name of Object.keys(stripped.files).filter((n) => !stripped.files[n]!.dir)) {
      const body = await stripped.file(name)!.async('string');
      expect(body, name).not.toContain(org);
      expect(body, name).not.toContain('Айгүл Мамытова');
    }
    expect(res.headers()['content-disposition']).toContain(`${code}-1.docx`);
    // The original stays out of the member's reach.
    expect((await member.request.get(`${baseURL()}${originalHref}`)).status()).toBe(404);
    const inputs = member.locator('input[type=number]');
    for (let i = 0; i < (await inputs.count()); i++) await inputs.nth(i).fill('8');
    await submitAndWait(member, 'button[value=score]');
    await member.locator('article .badge.ok').first().waitFor();

    // 4. The chair closes scoring, the secretary signs → contract: the framework comes from the application's goal, tasks and indicators.
    await member.goto(`${competitionUrl}/results`);
    await submitAndWait(member, 'button[value=close]');
    await member.locator('#ranking').waitFor();
    await secretary.goto(`${competitionUrl}/results`);
    await submitAndWait(secretary, 'button[value=sign]');
    await secretary.locator('#ranking', { hasText: 'Победитель' }).waitFor();
    await officer.goto(`${competitionUrl}/protocol`);
    await officer.locator('button[value=contract]').waitFor();
    await Promise.all([officer.waitForURL(/\/projects\/[0-9a-f-]{36}$/), officer.locator('button[value=contract]').click()]);
    // The URL changes before the project page renders: wait for the project's own section.
    await officer.locator('main', { hasText: 'Набрать группу детей' }).waitFor({ timeout: 20_000 }).catch(() => undefined);
    const project = await officer.locator('main').textContent();
    expect(project).toContain('Реабилитация 30 детей с ОВЗ за год');
    expect(project).toContain('Набрать группу детей');
    expect(project).toContain('Дети, прошедшие курс реабилитации');
    for (const p of [officer, ngo, ngo2, member, secretary]) await p.context().close();
  });
});
