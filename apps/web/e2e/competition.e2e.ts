import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { bishkek, competitionBrowser, seatMember, startApplication, submitAndWait } from './competition-fixture.ts';
import { expectTextOf } from './helpers.ts';

const { as, page: newPage } = competitionBrowser();

/** The plan, budget and indicator a submission needs (competition-content.e2e.ts covers their rules). */
async function fillContent(page: Page) {
  const cell = (id: string) => page.locator(`[id="field-${id}"]`);
  await cell('activities.0.name').fill('Занятия с логопедом');
  await cell('activities.0.startsOn').fill('2026-03-01');
  await cell('activities.0.endsOn').fill('2026-06-30');
  await cell('budget.0.item').fill('Зарплата специалистов');
  await cell('budget.0.requested').fill('700 000');
  await cell('indicators.0.name').fill('Дети, прошедшие реабилитацию');
  await cell('indicators.0.unit').fill('чел.');
  await cell('indicators.0.baseline').fill('0');
  await cell('indicators.0.target').fill('30');
  await page.locator('button[value=content]').click();
  await page.locator('#content [role=status]').waitFor();
}

describe('competitions in Chromium', () => {
  it('from a program line to a signed protocol, with anonymous scoring', async () => {
    // 1. The officer opens a competition on line 1 of the approved 2026 program; a lot over the line is refused with the amounts.
    const officer = await as('officer@kamkor.kg');
    await officer.goto('/competitions/new');
    const line = await officer.locator('#field-lineId option', { hasText: 'позиция 1 (SRV-01)' }).getAttribute('value');
    await officer.locator('#field-lineId').selectOption(line!);
    await officer.locator('#field-title').fill('Дневная реабилитация детей в Нарыне');
    await officer.locator('#field-goal').fill('Реабилитация детей с ОВЗ');
    await officer.locator('#field-lotBudget').fill('3 000 000');
    await officer.locator('#field-maxAmount').fill('800 000');
    await officer.locator('#field-opensAt').fill(bishkek(-1));
    await officer.locator('#field-closesAt').fill(bishkek(48));
    await submitAndWait(officer, 'form.card button.primary');
    const refusal = await officer.locator('.error-summary').textContent();
    expect(refusal).toContain('доступно 2\u00a0100\u00a0000,00\u00a0сом');
    expect(refusal).toContain('лот 3\u00a0000\u00a0000,00\u00a0сом');
    expect(await officer.locator('#field-title').inputValue()).toBe('Дневная реабилитация детей в Нарыне');
    await officer.locator('#field-lotBudget').fill('1 500 000');
    await Promise.all([officer.waitForURL(/\/competitions\/[0-9a-f-]{36}$/), officer.locator('form.card button.primary').click()]);
    await officer.locator('button[name=to][value=announced]').waitFor();
    const competitionUrl = new URL(officer.url()).pathname;
    await submitAndWait(officer, 'button[name=to][value=announced]');
    await submitAndWait(officer, 'button[name=to][value=accepting]');
    // The commission: Nurlan Sydykov chairs it, Erkin Mambetov is its secretary (eligibility, protocol).
    await seatMember(officer, 'Нурлан Сыдыков', 'chair');
    await seatMember(officer, 'Эркин Мамбетов', 'secretary');
    const seats = await officer.locator('#commission').locator('..').textContent();
    expect(seats).toContain('Нурлан Сыдыков — Председатель');
    expect(seats).toContain('Эркин Мамбетов — Секретарь');

    // The public announcement.
    const visitor = await newPage();
    await visitor.goto(`/public${competitionUrl}`);
    expect(await visitor.locator('h1').textContent()).toContain('Дневная реабилитация детей в Нарыне');
    await visitor.context().close();

    // 2. Two NGOs apply; ngo-2 keeps a draft and is refused after the deadline.
    const ngo = await as('ngo@kamkor.kg');
    const { code } = await startApplication(ngo, competitionUrl, {
      phone: '+996 555 11 22 33',
      title: 'Центр дневного пребывания «Шоола»',
      goal: 'Реабилитация 30 детей за год',
      description: 'Занятия с логопедом и реабилитологом, консультации для родителей.',
      requested: '700 000',
    });
    await fillContent(ngo);
    await submitAndWait(ngo, 'button[value=submit]');
    await expectTextOf(ngo, '.badge', 'Подана');

    const ngo2 = await as('ngo2@kamkor.kg');
    await startApplication(ngo2, competitionUrl, { phone: '+996 700 44 55 66', title: 'Поздний проект', goal: 'Цель', description: 'Описание', requested: '500 000' });
    const ngo2Application = ngo2.url();
    // Another NGO never sees ngo-1's application.
    const ngoApplication = ngo.url();
    const peek = await ngo2.goto(ngoApplication);
    expect(peek?.status()).toBe(404);

    await officer.goto(competitionUrl);
    await submitAndWait(officer, 'button[name=to][value=closed]');
    await ngo2.goto(ngo2Application);
    await submitAndWait(ngo2, 'button[value=submit]');
    expect(await ngo2.locator('.error-summary').textContent()).toMatch(/Заявки сейчас не принимаются: срок подачи — \d\d\.\d\d\.\d{4} \d\d:\d\d \(время Бишкека\)/);

    // 3. Eligibility by the commission's secretary (the officer has no such buttons), then evaluation.
    await officer.goto(competitionUrl);
    expect(await officer.locator('button[name=decision]').count()).toBe(0);
    const secretary = await as('secretary@kamkor.kg');
    await secretary.goto(competitionUrl);
    await submitAndWait(secretary, 'button[name=decision][value=admit]');
    await officer.goto(competitionUrl);
    await submitAndWait(officer, 'button[name=to][value=evaluating]');

    // 4. The commission member: home offers the competitions; conflicts first; sheets show no identity.
    const member = await as('commission@kamkor.kg');
    await member.goto('/');
    await Promise.all([member.waitForURL(/\/competitions$/), member.locator('a[href="/competitions"]').last().click()]);
    await Promise.all([member.waitForURL(/\/scoring$/), member.locator('a[href$="/scoring"]', { hasText: 'Дневная реабилитация детей в Нарыне' }).click()]);
    await submitAndWait(member, 'button[value=declare]');
    const html = await member.content();
    expect(html).toContain(code);
    for (const identity of ['Умут-Надежда', 'Үмүт-Надежда', 'Umut-Nadezhda', '02104200910123', 'Айгүл Мамытова', '+996 555 11 22 33']) expect(html).not.toContain(identity);
    const inputs = member.locator('input[type=number]');
    for (let i = 0; i < (await inputs.count()); i++) await inputs.nth(i).fill('8');
    await submitAndWait(member, 'button[value=score]');
    await member.locator('article .badge.ok, .error-summary').first().waitFor();
    expect(await member.locator('.error-summary').count()).toBe(0);
    expect(await member.locator('article .badge.ok').count()).toBe(1);
    // The competition page gives the member no applications list either.
    await member.goto(competitionUrl);
    expect(await member.content()).not.toContain('Умут-Надежда');

    // 5. The protocol is sealed until signed: the chair closes scoring, the secretary records it as signed,
    // which awards the winner and reveals the organisation.
    expect((await officer.goto(`${competitionUrl}/protocol`))?.status()).toBe(404);
    await member.goto(`${competitionUrl}/results`);
    await submitAndWait(member, 'button[value=close]');
    await member.locator('#ranking').waitFor();
    await secretary.goto(`${competitionUrl}/results`);
    await submitAndWait(secretary, 'button[value=sign]');
    await secretary.locator('#ranking', { hasText: 'Победитель' }).waitFor();
    await officer.goto(`${competitionUrl}/protocol`);
    await officer.locator('h1', { hasText: 'Протокол' }).waitFor();
    await officer.waitForLoadState('networkidle');
    const protocol = await officer.locator('table').textContent();
    expect(protocol).toContain(code);
    expect(protocol).toContain('Умут-Надежда');
    expect(protocol).toContain('Победитель');
    // 6. The contract: a project of the results module, which the NGO then finds in its projects.
    await Promise.all([officer.waitForURL(/\/projects\/[0-9a-f-]{36}$/), officer.locator('button[value=contract]').click()]);
    await officer.locator('h1').waitFor();
    await ngo.goto('/projects');
    expect(await ngo.locator('main').textContent()).toContain(`SSO-2026-${code}`);
    await member.goto(`${competitionUrl}/protocol`);
    expect(await member.locator('table').textContent()).toContain('Умут-Надежда');

    const publicPage = await newPage();
    await publicPage.goto(`/public${competitionUrl}`);
    expect(await publicPage.locator('main').textContent()).toContain('Центр дневного пребывания «Шоола»');
    for (const p of [officer, ngo, ngo2, member, secretary, publicPage]) await p.context().close();
  });
});
