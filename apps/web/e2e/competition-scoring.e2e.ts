import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { competitionBrowser, submitAndWaitForPost as submitAndWait } from './competition-fixture.ts';
import { expectTextOf } from './helpers.ts';

const { as, page: newPage } = competitionBrowser();

/** The demo competition under evaluation: commission@ chairs, commission2@ is a member, secretary@ the secretary. */
const C2 = '/competitions/c0000000-0000-4000-8000-000000000002';
const identities = ['Умут-Надежда', 'Ак-Журок', 'Ак-Жүрөк', 'Айгүл Мамытова', 'Elena Petrova', '+996 555 11 22 33', '+996 700 44 55 66'];

describe('commission scoring in Chromium', () => {
  it('conflicts declared → two members score (one offline via xlsx) → the chair closes → protocol print view → signed', async () => {
    // 1. Conflicts: the chair declares none; the member ticks ngo-2 (so is excluded from its application, without being told which).
    const chair = await as('commission@kamkor.kg');
    await chair.goto(`${C2}/scoring`);
    await submitAndWait(chair, 'button[value=declare]');
    const member = await as('commission2@kamkor.kg');
    await member.goto(`${C2}/scoring`);
    await member.locator('label.checkbox', { hasText: 'Ак-Журок' }).locator('input').check();
    await submitAndWait(member, 'button[value=declare]');
    await member.locator('article').first().waitFor();
    expect(await member.locator('article').count()).toBe(1);

    // 2. The chair scores online: both applications.
    await chair.locator('article').first().waitFor();
    expect(await chair.locator('article').count()).toBe(2);
    for (const [i, points] of [[0, '9'], [1, '6']] as const) {
      const sheet = chair.locator('article').nth(i);
      const inputs = sheet.locator('input[type=number]');
      for (let k = 0; k < (await inputs.count()); k++) await inputs.nth(k).fill(points);
      await sheet.locator('textarea').fill(i === 0 ? 'Сильная команда' : '');
      await submitAndWait(chair, `article >> nth=${i} >> button[value=score]`);
      await chair.locator('article').nth(i).locator('.badge.ok').waitFor();
    }
    expect(await chair.locator('article .badge.ok').count()).toBe(2);

    // Sealed: the member sees none of the chair's points or comments; the chair cannot close with the member's sheet missing.
    await member.goto(`${C2}/scoring`);
    expect(await member.content()).not.toContain('Сильная команда');
    expect(await member.locator('input[type=number]').first().inputValue()).toBe('');
    await member.goto(`${C2}/results`);
    expect(await member.locator('#ranking').count()).toBe(0);
    await chair.goto(`${C2}/results`);
    expect(await chair.locator('#missing').textContent()).toContain('Чолпон Бейшеналиева');
    await submitAndWait(chair, 'button[value=close]');
    expect(await chair.locator('.error-summary').textContent()).toContain('Закрыть оценку нельзя');
    expect(await chair.locator('.error-summary').textContent()).toContain('Чолпон Бейшеналиева (1)');

    // 3. The member scores offline: downloads the sheet (codes only), fills it, uploads it (dry run with an error, fix, apply, re-upload unchanged).
    await member.goto(`${C2}/scoring`);
    const [download] = await Promise.all([member.waitForEvent('download'), member.locator(`a[href="${C2}/scoring/xlsx"]`).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Оценка')!;
    const all: string[] = [];
    for (const sheet of wb.worksheets) sheet.eachRow((row) => row.eachCell((c) => void all.push(String(c.value))));
    for (const id of identities) expect(all.join(' ')).not.toContain(id);
    expect(ws.getCell('A3').value).toMatch(/^A-[2-9A-Z]{4}$/);
    expect(ws.getCell('A4').value ?? null).toBeNull();
    [4, 4, 4, 4, 11].forEach((p, i) => (ws.getRow(3).getCell(2 + i).value = p));
    ws.getRow(3).getCell(7).value = 'Бюджет завышен';
    const withError = Buffer.from(await wb.xlsx.writeBuffer());
    await member.goto(`${C2}/scoring/upload`);
    await member.locator('#file').setInputFiles({ name: 'sheet.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: withError });
    await submitAndWait(member, 'button[value=dry-run]');
    expect(await member.locator('table.cell-errors').textContent()).toContain('F3');
    const [errorCopy] = await Promise.all([member.waitForEvent('download'), member.locator(`a[href^="${C2}/scoring/errors?file="]`).click()]);
    const marked = new ExcelJS.Workbook();
    await marked.xlsx.load(readFileSync((await errorCopy.path())!) as unknown as ArrayBuffer);
    expect(String(marked.getWorksheet('Оценка')!.getCell('F3').note)).toMatch(/0.+10/);
    ws.getRow(3).getCell(6).value = 3;
    const fixed = Buffer.from(await wb.xlsx.writeBuffer());
    await member.locator('#file').setInputFiles({ name: 'sheet.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: fixed });
    await submitAndWait(member, 'button[value=dry-run]');
    await expectTextOf(member, '[data-count=updated]', '1');
    await submitAndWait(member, 'button[value=apply]');
    expect(await member.locator('.flash').textContent()).toContain('изменено листов — 1');
    await member.locator('#file').setInputFiles({ name: 'sheet.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: fixed });
    await submitAndWait(member, 'button[value=dry-run]');
    await expectTextOf(member, '[data-count=updated]', '0');
    await expectTextOf(member, '[data-count=unchanged]', '1');

    // 4. The chair closes scoring: totals, ranking with the tie-break rule stated, the disagreement flag (90 vs 37).
    await chair.goto(`${C2}/results`);
    await submitAndWait(chair, 'button[value=close]');
    await chair.locator('#ranking').waitFor();
    expect(await chair.locator('#tie-break').textContent()).toContain('при равенстве');
    const ranking = await chair.locator('#ranking').textContent();
    expect(ranking).toContain('расхождение');
    expect(ranking).toContain('Чолпон Бейшеналиева');
    for (const id of identities) expect(await chair.content()).not.toContain(id);

    // 5. The protocol on A4: every score, totals, ranking, decision; the site's chrome is hidden in print.
    await chair.goto(`${C2}/protocol/print`);
    expect(await chair.locator('#scores tbody tr').count()).toBe(3);
    expect(await chair.locator('#scores').textContent()).toContain('Бюджет завышен');
    expect(await chair.locator('#decision').textContent()).toContain('Решение');
    for (const id of identities) expect(await chair.content()).not.toContain(id);
    await chair.emulateMedia({ media: 'print' });
    expect(await chair.locator('.site-header').isVisible()).toBe(false);
    expect(await chair.locator('#ranking').isVisible()).toBe(true);
    await chair.emulateMedia({ media: 'screen' });

    // 6. The secretary records the protocol as signed: winners, identities revealed to the commission, results published.
    const secretary = await as('secretary@kamkor.kg');
    await secretary.goto(`${C2}/results`);
    await submitAndWait(secretary, 'button[value=sign]');
    await secretary.locator('#ranking', { hasText: 'Победитель' }).waitFor();
    await chair.goto(`${C2}/protocol/print`);
    expect(await chair.locator('#ranking').textContent()).toMatch(/Умут-Надежда|Ак-Журок/);
    // The protocol as xlsx, opened with exceljs: the ranking with the organisations now, and every score.
    const [protocolFile] = await Promise.all([chair.waitForEvent('download'), chair.goto(`${C2}/protocol/xlsx`).catch(() => null)]);
    const protocol = new ExcelJS.Workbook();
    await protocol.xlsx.load(readFileSync((await protocolFile.path())!) as unknown as ArrayBuffer);
    expect(protocol.worksheets.map((w) => w.name)).toEqual(['Рейтинг', 'Оценки']);
    const rankingText: string[] = [];
    protocol.getWorksheet('Рейтинг')!.eachRow((row) => row.eachCell((c) => void rankingText.push(String(c.value))));
    expect(rankingText.join(' ')).toMatch(/Умут-Надежда|Ак-Журок/);
    expect(rankingText.join(' ')).toContain('при равенстве');
    expect(protocol.getWorksheet('Оценки')!.rowCount).toBe(1 + 1 + 1 + 3);
    const publicPage = await newPage();
    await publicPage.goto(`/public${C2}`);
    expect(await publicPage.locator('main').textContent()).toMatch(/Умут-Надежда|Ак-Журок|Ак-Жүрөк|Umut/);
    for (const p of [chair, member, secretary, publicPage]) await p.context().close();
  });
});
