import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ocdsProblems } from '@kamkor/domain/testing/ocds-validate';
import { bishkek, competitionBrowser, seatMember, startApplication, submitAndWaitForPost as submitAndWait } from './competition-fixture.ts';
import { expectTextOf } from './helpers.ts';

/**
 * The whole path of issue #9 in one story, as the people who do it click through it: announce from a
 * program line → two NGOs apply (a late submission refused) → eligibility → conflicts → scoring (one
 * member offline via xlsx) → close → protocol → signed → award → contract with a framework from the
 * application → the NGO reports on its project → public results → OCDS that validates.
 */

const { as, page: newPage } = competitionBrowser();

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Starts an application with its project text; returns its code and page. */
const apply = (page: Page, competitionUrl: string, a: { phone: string; title: string; goal: string; tasks: string; requested: string }) =>
  startApplication(page, competitionUrl, { ...a, description: 'Занятия со специалистами, консультации для родителей, отчёт о результатах.' });

/** The plan, budget and indicator a submission needs (competition-content.e2e.ts covers their rules). */
async function fillContent(page: Page, requested: string, indicator: string) {
  const cell = (id: string) => page.locator(`[id="field-${id}"]`);
  await cell('activities.0.name').fill('Занятия со специалистами');
  await cell('activities.0.startsOn').fill('2026-03-01');
  await cell('activities.0.endsOn').fill('2026-12-20');
  await cell('budget.0.item').fill('Зарплата специалистов');
  await cell('budget.0.requested').fill(requested);
  await cell('indicators.0.name').fill(indicator);
  await cell('indicators.0.unit').fill('чел.');
  await cell('indicators.0.baseline').fill('0');
  await cell('indicators.0.target').fill('30');
  await page.locator('button[value=content]').click();
  await page.locator('#content [role=status]', { hasText: 'сохранены' }).waitFor();
}

describe('issue #9 end to end in Chromium', () => {
  it('from a program line to a signed contract the NGO reports on, with the results public and in OCDS', async () => {
    // 1. The officer announces a competition from line 1 of the approved 2026 program and seats the commission.
    const officer = await as('officer@kamkor.kg');
    await officer.goto('/competitions/new');
    const line = await officer.locator('#field-lineId option', { hasText: 'позиция 1 (SRV-01)' }).first().getAttribute('value');
    await officer.locator('#field-lineId').selectOption(line!);
    await officer.locator('#field-title').fill('Реабилитация детей с ОВЗ в Нарыне, 2026');
    await officer.locator('#field-goal').fill('Дневная реабилитация детей с ОВЗ');
    await officer.locator('#field-lotBudget').fill('1 000 000');
    await officer.locator('#field-maxAmount').fill('800 000');
    await officer.locator('#field-projectStart').fill('2026-03-01');
    await officer.locator('#field-projectEnd').fill('2026-12-31');
    await officer.locator('#field-opensAt').fill(bishkek(-1));
    await officer.locator('#field-closesAt').fill(bishkek(48));
    await Promise.all([officer.waitForURL(/\/competitions\/[0-9a-f-]{36}$/), officer.locator('form.card button.primary').click()]);
    await officer.locator('button[name=to][value=announced]').waitFor();
    const competitionUrl = new URL(officer.url()).pathname;
    const competitionId = competitionUrl.split('/').pop()!;
    await submitAndWait(officer, 'button[name=to][value=announced]');
    await submitAndWait(officer, 'button[name=to][value=accepting]');
    await officer.locator('button[name=to][value=closed]').waitFor();
    await seatMember(officer, 'Нурлан Сыдыков', 'chair', 'state');
    await seatMember(officer, 'Эркин Мамбетов', 'secretary', 'state');
    await seatMember(officer, 'Чолпон Бейшеналиева', 'member', 'civil_society');

    // The public announcement while applications are accepted.
    const visitor = await newPage();
    await visitor.goto(`/public${competitionUrl}`);
    await visitor.locator('h1', { hasText: 'Реабилитация детей с ОВЗ в Нарыне, 2026' }).waitFor();

    // 2. Two NGOs fill content and apply in time; a third application (ngo-1's second, kept as a draft) is late.
    const ngo = await as('ngo@kamkor.kg');
    const winner = await apply(ngo, competitionUrl, { phone: '+996 555 11 22 33', title: 'Центр дневного пребывания «Шоола»', goal: 'Реабилитация 30 детей с ОВЗ за год', tasks: 'Набрать группу детей\nПровести занятия с логопедом', requested: '700 000' });
    await fillContent(ngo, '700 000', 'Дети, прошедшие курс реабилитации');
    await submitAndWait(ngo, 'button[value=submit]');
    await ngo.locator('.badge', { hasText: 'Подана' }).first().waitFor();

    const ngo2 = await as('ngo2@kamkor.kg');
    const other = await apply(ngo2, competitionUrl, { phone: '+996 700 44 55 66', title: 'Домашний визитёр для семей', goal: 'Помощь 20 семьям с детьми с ОВЗ', tasks: 'Визиты на дом', requested: '500 000' });
    await fillContent(ngo2, '500 000', 'Семьи, получившие помощь на дому');
    await submitAndWait(ngo2, 'button[value=submit]');
    await ngo2.locator('.badge', { hasText: 'Подана' }).first().waitFor();
    // Another NGO never sees ngo-1's application.
    expect((await ngo2.goto(winner.url))?.status()).toBe(404);

    const late = await apply(ngo, competitionUrl, { phone: '+996 555 11 22 33', title: 'Поздний проект', goal: 'Цель', tasks: 'Задача', requested: '300 000' });
    await fillContent(ngo, '300 000', 'Участники');
    await officer.goto(competitionUrl);
    await submitAndWait(officer, 'button[name=to][value=closed]');
    await ngo.goto(late.url);
    await submitAndWait(ngo, 'button[value=submit]');
    expect(await ngo.locator('.error-summary').textContent()).toMatch(/Заявки сейчас не принимаются: срок подачи — \d\d\.\d\d\.\d{4} \d\d:\d\d \(время Бишкека\)/);
    await expectTextOf(ngo, '.badge', 'Черновик');

    // 3. Eligibility by the secretary: both submitted applications admitted; the late draft is not on the list to check.
    const secretary = await as('secretary@kamkor.kg');
    await secretary.goto(competitionUrl);
    for (const code of [winner.code, other.code]) {
      const row = secretary.locator('tr', { hasText: code });
      await submitAndWait(secretary, `tr:has-text("${code}") button[name=decision][value=admit]`);
      await row.locator('.badge', { hasText: 'Допущена к оценке' }).waitFor();
    }
    expect(await secretary.locator('tr', { hasText: late.code }).count()).toBe(0);
    await officer.goto(competitionUrl);
    await submitAndWait(officer, 'button[name=to][value=evaluating]');
    await officer.locator('.badge', { hasText: /оцен/i }).first().waitFor();

    // 4. Conflicts: both reviewers declare (none), then see the two sheets by code only.
    const chair = await as('commission@kamkor.kg');
    const member = await as('commission2@kamkor.kg');
    for (const p of [chair, member]) {
      await p.goto(`${competitionUrl}/scoring`);
      await submitAndWait(p, 'button[value=declare]');
      await p.locator('article', { hasText: winner.code }).waitFor();
      // Loaded afresh (the page before declaring lists the applicant organisations, by design, not linked to codes).
      await p.goto(`${competitionUrl}/scoring`);
      await p.locator('article', { hasText: other.code }).waitFor();
      expect(await p.locator('article').count()).toBe(2);
      const html = await p.content();
      for (const identity of ['Умут-Надежда', 'Ак-Журок', '+996 555 11 22 33', '+996 700 44 55 66', 'Айгүл Мамытова', 'Elena Petrova']) expect(html).not.toContain(identity);
    }

    // 5. The chair scores online: 9 for ngo-1's project, 6 for ngo-2's.
    for (const [code, points] of [[winner.code, '9'], [other.code, '6']] as const) {
      const sheet = chair.locator('article', { hasText: code });
      const inputs = sheet.locator('input[type=number]');
      for (let k = 0; k < (await inputs.count()); k++) await inputs.nth(k).fill(points);
      await Promise.all([chair.waitForResponse((r) => r.request().method() === 'POST'), sheet.locator('button[value=score]').click()]);
      await chair.locator('article', { hasText: code }).locator('.badge.ok').waitFor();
    }

    // The member scores offline: downloads the sheet, fills every row, uploads it (dry run, then apply).
    const [download] = await Promise.all([member.waitForEvent('download'), member.locator(`a[href="${competitionUrl}/scoring/xlsx"]`).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Оценка')!;
    const codes = [String(ws.getCell('A3').value), String(ws.getCell('A4').value)].sort();
    expect(codes).toEqual([winner.code, other.code].sort());
    for (const r of [3, 4]) {
      const pts = ws.getCell(`A${r}`).value === winner.code ? 8 : 5;
      for (let i = 0; i < 5; i++) ws.getRow(r).getCell(2 + i).value = pts;
      ws.getRow(r).getCell(7).value = 'Оценено офлайн';
    }
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    await member.goto(`${competitionUrl}/scoring/upload`);
    await member.locator('#file').setInputFiles({ name: 'sheet.xlsx', mimeType: XLSX, buffer: filled });
    await submitAndWait(member, 'button[value=dry-run]');
    await member.locator('[data-count=updated]', { hasText: '2' }).waitFor();
    await submitAndWait(member, 'button[value=apply]');
    await member.locator('.flash', { hasText: 'изменено листов — 2' }).waitFor();
    // Sealed until closed: the member's results page has no ranking.
    await member.goto(`${competitionUrl}/results`);
    expect(await member.locator('#ranking').count()).toBe(0);

    // 6. The chair closes scoring: ngo-1's project first; ngo-2's does not fit the rest of the lot.
    await chair.goto(`${competitionUrl}/results`);
    await submitAndWait(chair, 'button[value=close]');
    await chair.locator('#ranking').waitFor();
    const ranking = chair.locator('#ranking tbody tr');
    expect(await ranking.first().textContent()).toContain(winner.code);

    // 7. The protocol print view (A4): every score, ranking and decision, by code only until signed.
    await chair.goto(`${competitionUrl}/protocol/print`);
    await chair.locator('#scores tbody tr').first().waitFor();
    expect(await chair.locator('#scores tbody tr').count()).toBe(4);
    expect(await chair.locator('#scores').textContent()).toContain('Оценено офлайн');
    await chair.locator('#decision', { hasText: 'Решение' }).waitFor();
    expect(await chair.content()).not.toContain('Умут-Надежда');

    // 8. The secretary records the protocol as signed: the winner is awarded, identities revealed, results published.
    await secretary.goto(`${competitionUrl}/results`);
    await submitAndWait(secretary, 'button[value=sign]');
    await secretary.locator('#ranking', { hasText: 'Победитель' }).waitFor();

    // 9. Award to contract: the officer creates the contract from the winner; its framework comes from the application.
    await officer.goto(`${competitionUrl}/protocol`);
    await officer.locator('h1', { hasText: 'Протокол' }).waitFor();
    const row = officer.locator('tr', { hasText: winner.code });
    await row.getByText('Победитель').waitFor();
    expect(await row.textContent()).toContain('Умут-Надежда');
    expect(await officer.locator('tr', { hasText: other.code }).textContent()).toContain('Не финансируется');
    await Promise.all([officer.waitForURL(/\/projects\/[0-9a-f-]{36}$/), row.locator('button[value=contract]').click()]);
    await officer.locator('h1', { hasText: `SSO-2026-${winner.code}` }).waitFor();
    const project = await officer.locator('main').textContent();
    expect(project).toContain('Реабилитация 30 детей с ОВЗ за год');
    expect(project).toContain('Набрать группу детей');
    expect(project).toContain('Дети, прошедшие курс реабилитации');
    // The officer completes and signs as today: the reporting schedule starts.
    await submitAndWait(officer, 'button[value=sign]');
    await officer.locator('button[value=sign]').waitFor({ state: 'detached' });
    await officer.locator('tr[data-period]').first().waitFor();

    // 10. The NGO finds its project in its projects and opens a report period.
    await ngo.goto('/projects');
    await Promise.all([ngo.waitForURL(/\/projects\/[0-9a-f-]{36}$/), ngo.locator('a', { hasText: `SSO-2026-${winner.code}` }).click()]);
    await ngo.locator('h2#reports').waitFor();
    await Promise.all([ngo.waitForURL(/\/reports\//), ngo.locator('tr[data-period] a').first().click()]);
    await ngo.locator('h1').waitFor();
    expect(await ngo.locator('main').textContent()).toContain('Дети, прошедшие курс реабилитации');

    // 11. The public results page shows the winner, its amount and total; the OCDS download validates.
    await visitor.goto(`/public${competitionUrl}`);
    const winners = visitor.getByRole('region', { name: 'Победители, суммы и итоговые баллы' });
    await winners.waitFor();
    const table = await winners.textContent();
    expect(table).toContain('Центр дневного пребывания «Шоола»');
    expect(table).toContain('700\u00a0000,00\u00a0сом');
    expect(table).not.toContain('Домашний визитёр для семей');
    const [json] = await Promise.all([visitor.waitForEvent('download'), visitor.locator(`a[href="/public/competitions/${competitionId}/ocds.json"]`).click()]);
    const pkg = JSON.parse(await readFile((await json.path())!, 'utf8'));
    expect(ocdsProblems(pkg)).toEqual([]);
    expect(pkg.releases).toHaveLength(1);
    const release = pkg.releases[0];
    expect(release.tender.id).toBe(competitionId);
    expect(release.awards.map((a: { value: { amount: number } }) => a.value.amount)).toEqual([700000]);
    expect(release.contracts).toHaveLength(1);
    expect(release.contracts[0].status).toBe('active');
    for (const p of [officer, visitor, ngo, ngo2, secretary, chair, member]) await p.context().close();
  }, 240_000);
});
