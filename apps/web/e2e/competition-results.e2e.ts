import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ocdsProblems } from '@kamkor/domain/testing/ocds-validate';
import { baseURL, DEMO_PASSWORD, login, switchLanguage } from './helpers.ts';
import { competitionBrowser, submitAndWait } from './competition-fixture.ts';
import { axeViolations, seriousOrCritical, watchConsole } from './page-checks.ts';

/** Demo records (packages/db/src/seed/competition.ts and competition-results.ts). */
const C2 = 'c0000000-0000-4000-8000-000000000002'; // under evaluation, commission@ on its commission
const C3 = 'c0000000-0000-4000-8000-000000000003'; // the 2027 round with published results
const A2 = 'a0000000-0000-4000-8000-000000000002'; // ngo-1's admitted application in C2
const A3 = 'a0000000-0000-4000-8000-000000000003'; // ngo-2's admitted application in C2

/**
 * Every identifying value of C2's applicants (ngo-1 and ngo-2, seed/people.ts and seed/competition.ts):
 * organisation names in three languages (and their distinctive cores), INNs, registration numbers,
 * addresses, contacts, the people who applied and the application's contact person and phone.
 */
const identities = [
  '«Үмүт-Надежда» коомдук бирикмеси', 'Общественное объединение «Умут-Надежда»', 'Umut-Nadezhda Public Association', 'Умут-Надежда', 'Үмүт-Надежда', 'Umut-Nadezhda',
  '«Ак-Жүрөк» коомдук фонду', 'Общественный фонд «Ак-Журок»', 'Ak-Zhurok Public Foundation', 'Ак-Журок', 'Ак-Жүрөк', 'Ak-Zhurok',
  '02104200910123', '02205201510456', '12345-3301-ОО', '23456-3300-ОФ',
  'Сагынбай Орозбаков к., 12', 'Курманжан Датка к., 180', 'umut@example.kg', 'akjurok@example.kg',
  '+996 555 11 22 33', '+996 777 44 55 66', '+996 700 44 55 66', '555 11 22 33', '700 44 55 66',
  'Айгүл Мамытова', 'Elena Petrova', 'ngo@kamkor.kg', 'ngo2@kamkor.kg',
];
const orgNames = identities.slice(0, 12);

const { as, page: newPage } = competitionBrowser();

describe('published results, complaints and open data in Chromium', () => {
  it('a visitor finds the results from the public list; the OCDS downloads validate against the 1.1 schema', async () => {
    const visitor = await newPage();
    await visitor.goto('/public/competitions');
    await visitor.waitForLoadState('networkidle');
    const list = await visitor.locator('main').textContent();
    expect(list).toContain('Возвращение детей из интернатов в семьи Иссык-Кульской области, 2027');
    expect(list).toContain('Надомный уход за одинокими пожилыми людьми в Ошской области, 2026');
    for (const v of orgNames) expect(list).not.toContain(v);
    await Promise.all([visitor.waitForURL(new RegExp(`/public/competitions/${C3}$`)), visitor.locator(`a[href="/public/competitions/${C3}"]`).click()]);
    await visitor.waitForLoadState('networkidle');
    const table = await visitor.getByRole('region', { name: 'Победители, суммы и итоговые баллы' }).textContent();
    expect(table).toContain('НКО «Кайрымдуулук»');
    expect(table).toContain('980\u00a0000,00\u00a0сом');
    expect(table).toContain('87,00');
    expect(table).toContain('Общественное объединение «Женская инициатива»');
    // Not a winner: ngo-2 is not in the winners' table; its complaint shows with the outcome and the reasons.
    expect(table).not.toContain('Ак-Журок');
    const complaints = await visitor.getByRole('list', { name: 'Жалобы на результаты' }).textContent();
    expect(complaints).toContain('A-Q8MZ');
    expect(complaints).toContain('Отклонена');
    expect(complaints).toContain('остаток лота (120 000 сом)');

    const [download] = await Promise.all([visitor.waitForEvent('download'), visitor.locator(`a[href="/public/competitions/${C3}/ocds.json"]`).click()]);
    const pkg = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(ocdsProblems(pkg)).toEqual([]);
    expect(pkg.releases).toHaveLength(1);
    expect(pkg.releases[0].awards).toHaveLength(2);
    const signed = pkg.releases[0].contracts.find((k: { status: string }) => k.status === 'active');
    expect(signed.implementation.transactions[0].value).toEqual({ amount: 490000, currency: 'KGS' });

    const all = await fetch(`${baseURL()}/public/ocds.json`);
    expect(all.headers.get('content-type')).toContain('application/json');
    expect(all.headers.get('content-disposition')).toContain('attachment');
    const allPkg = await all.json();
    expect(ocdsProblems(allPkg)).toEqual([]);
    expect(allPkg.releases.map((r: { tender: { id: string } }) => r.tender.id)).toEqual(expect.arrayContaining([C2, C3]));
    await visitor.context().close();
  });

  it('an applicant complains within the period; the commission (its secretary) upholds it; the public page shows the outcome', async () => {
    const ngo = await as('ngo@kamkor.kg');
    await ngo.goto(`/competitions/${C3}/complaints`);
    expect(await ngo.locator('main').textContent()).toMatch(/Жалобы принимаются до \d\d\.\d\d\.\d{4} включительно/);
    // Too short: refused with the text kept.
    await ngo.locator('#field-text').fill('Не согласны.');
    await submitAndWait(ngo, 'button[value=file]');
    expect(await ngo.locator('#field-text-error').textContent()).toContain('не короче 20 знаков');
    await ngo.locator('#field-text').fill('Справка об отсутствии налоговой задолженности была приложена; просим пересмотреть отказ в допуске.');
    await submitAndWait(ngo, 'button[value=file]');
    await ngo.locator('.badge', { hasText: 'Ожидает ответа' }).waitFor({ timeout: 10_000 });
    expect(await ngo.locator('button[value=file]').count()).toBe(0);

    // The customer's officer reads it but does not answer: that is the commission's (chair or secretary).
    const officer = await as('officer@kamkor.kg');
    await officer.goto(`/competitions/${C3}/complaints`);
    await officer.locator('.badge', { hasText: 'Ожидает ответа' }).waitFor();
    expect(await officer.locator('button[value=answer]').count()).toBe(0);
    await officer.context().close();
    const secretary = await as('secretary@kamkor.kg');
    await secretary.goto(`/competitions/${C3}/complaints`);
    await secretary.locator('#field-outcome').selectOption('upheld');
    await secretary.locator('#field-reasons').fill('Справка была приложена; отказ в допуске ошибочен.');
    await secretary.locator('#field-changedDecision').fill('Заявка A-H5TB признана допустимой; состав победителей не изменился.');
    await submitAndWait(secretary, 'button[value=answer]');
    await secretary.locator('.badge', { hasText: 'Удовлетворена' }).waitFor({ timeout: 10_000 });
    await secretary.context().close();

    const visitor = await newPage();
    await visitor.goto(`/public/competitions/${C3}`);
    const complaints = await visitor.getByRole('list', { name: 'Жалобы на результаты' }).textContent();
    expect(complaints).toContain('A-H5TB');
    expect(complaints).toContain('Удовлетворена');
    expect(complaints).toContain('состав победителей не изменился');
    // The complaint's own text stays with the commission and the applicant.
    expect(complaints).not.toContain('просим пересмотреть отказ');
    await visitor.context().close();
  });
});

describe('the new pages in Kyrgyz', () => {
  it('have no console errors and no serious axe violations (visitor and the applicant NGO)', async () => {
    const check = async (page: Page, paths: string[]) => {
      const consoleErrors = watchConsole(page);
      const problems: string[] = [];
      for (const path of paths) {
        await page.goto(path);
        await page.waitForLoadState('networkidle');
        for (const v of seriousOrCritical(await axeViolations(page))) problems.push(`${path}: ${v.rule} ${v.targets.join(', ')}`);
      }
      return [...problems, ...consoleErrors.take()];
    };
    const visitor = await newPage({ locale: 'ky-KG' });
    await visitor.goto('/');
    await switchLanguage(visitor, 'ky');
    expect(await check(visitor, ['/public/competitions', `/public/competitions/${C3}`, `/public/competitions/${C2}`])).toEqual([]);
    expect(await visitor.locator('h1').textContent()).toBe('Надомный уход за одинокими пожилыми людьми в Ошской области, 2026');
    await visitor.context().close();
    const ngo = await newPage({ locale: 'ky-KG' });
    await login(ngo, 'ngo@kamkor.kg');
    await switchLanguage(ngo, 'ky');
    expect(await check(ngo, [`/competitions/${C3}/complaints`])).toEqual([]);
    expect(await ngo.locator('h1').textContent()).toBe('Даттануулар');
    await ngo.context().close();
  });
});

describe('anonymity: nothing a commission member can fetch names an applicant before the protocol is signed', () => {
  async function session(email: string) {
    const res = await fetch(`${baseURL()}/login`, {
      method: 'POST',
      headers: { Origin: baseURL(), 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': `10.78.0.${email.length}` },
      body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: '/' }),
      redirect: 'manual',
    });
    const sid = /kamkor_session=([^;]+)/.exec(res.headers.get('Set-Cookie') ?? '')?.[1];
    if (!sid) throw new Error(`${email} could not log in`);
    const cookie = `kamkor_session=${sid}`;
    const get = (path: string) => fetch(`${baseURL()}${path}`, { headers: { Cookie: cookie, Origin: baseURL(), 'Accept-Language': 'ru' }, redirect: 'manual' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await get('/account')).text())?.[1] ?? '';
    const post = (path: string, body: Record<string, string> = {}) => {
      const form = new FormData();
      form.set('_csrf', csrf);
      for (const [k, v] of Object.entries(body)) form.append(k, v);
      return fetch(`${baseURL()}${path}`, { method: 'POST', headers: { Cookie: cookie, Origin: baseURL(), 'Accept-Language': 'ru' }, body: form, redirect: 'manual' });
    };
    return { get, post };
  }

  const leaks = (text: string, terms: string[]) => terms.filter((v) => text.includes(v));

  it('collects every page, loader (?_data), download, error and form answer of the competition and finds no identity', async () => {
    // The search terms are right: the customer's officer does see them on an application page.
    const officer = await session('officer@kamkor.kg');
    expect(leaks(await (await officer.get(`/competitions/${C2}/applications/${A2}`)).text(), identities)).toEqual(
      expect.arrayContaining(['Общественное объединение «Умут-Надежда»', '02104200910123', '+996 555 11 22 33']),
    );

    const member = await session('commission@kamkor.kg');
    // Before declaring conflicts the member sees the applicant organisations' NAMES only (by design, to declare
    // conflicts), never linked to codes, and no INN, people or contacts.
    const declare = await (await member.get(`/competitions/${C2}/scoring`)).text();
    expect(leaks(declare, orgNames).length).toBeGreaterThan(0);
    expect(leaks(declare, identities.slice(12))).toEqual([]);
    expect(declare).not.toMatch(/A-[2-9A-Z]{4}/);
    const declared = await member.post(`/competitions/${C2}/scoring`, { intent: 'declare' });
    expect([200, 302, 303]).toContain(declared.status);

    const seen = new Map<string, string>();
    const record = async (key: string, res: Response) => {
      const type = res.headers.get('content-type') ?? '';
      const body = type.includes('spreadsheetml') || type.includes('pdf') ? Buffer.from(await res.arrayBuffer()).toString('latin1') : await res.text();
      seen.set(key, `${res.status} ${res.headers.get('location') ?? ''}\n${body}`);
      return body;
    };
    // Every page of the competition the member can reach, found by following links from its pages and the
    // nav, plus the direct URLs of the competition (applications, protocol, downloads, apply, complaints).
    const queue = [
      '/', '/competitions', '/account', `/competitions/${C2}`, `/competitions/${C2}/scoring`, `/competitions/${C2}/protocol`,
      `/competitions/${C2}/complaints`, `/competitions/${C2}/apply`, `/competitions/${C2}/applications/${A2}`, `/competitions/${C2}/applications/${A3}`,
      `/public/competitions`, `/public/competitions/${C2}`, `/public/competitions/${C2}/ocds.json`,
    ];
    const visited = new Set<string>();
    while (queue.length && visited.size < 80) {
      const path = queue.shift()!;
      if (visited.has(path)) continue;
      visited.add(path);
      const body = await record(`GET ${path}`, await member.get(path));
      // The loaders behind the page, as the client fetches them (?_data=<route id>).
      for (const id of new Set([...body.matchAll(/"((?:routes\/[^"\\]+)|root)":\{/g)].map((m) => m[1]!))) {
        await record(`DATA ${path} ${id}`, await member.get(`${path}${path.includes('?') ? '&' : '?'}_data=${encodeURIComponent(id)}`));
      }
      for (const m of body.matchAll(/href="(\/[^"#]*)"/g)) {
        const next = m[1]!.replace(/&amp;/g, '&');
        if (next.includes(C2) && !visited.has(next)) queue.push(next);
      }
      // The answers to forms: a harmless POST (error messages too).
      if (path.startsWith(`/competitions/${C2}`)) await record(`POST ${path}`, await member.post(path, { intent: 'nothing' }));
    }
    // Scoring answers with errors (points out of range, an unknown application).
    const sheet = seen.get(`GET /competitions/${C2}/scoring`)!;
    const appIds = [...new Set([...sheet.matchAll(/name="applicationId" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
    expect(appIds).toHaveLength(2);
    expect(sheet).toMatch(/A-4MHR/);
    const critIds = [...new Set([...sheet.matchAll(/name="points_([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
    for (const applicationId of [...appIds, A2, '00000000-0000-4000-8000-000000000000']) {
      await record(`POST score ${applicationId}`, await member.post(`/competitions/${C2}/scoring`, { intent: 'score', applicationId, ...Object.fromEntries(critIds.map((k) => [`points_${k}`, '99'])) }));
      await record(`POST score ok ${applicationId}`, await member.post(`/competitions/${C2}/scoring`, { intent: 'score', applicationId, comment: 'x', ...Object.fromEntries(critIds.map((k) => [`points_${k}`, '5'])) }));
    }
    // Complaint and contract attempts (denied) answer without naming anyone either.
    await record('POST complaint', await member.post(`/competitions/${C2}/complaints`, { intent: 'file', applicationId: A2, text: 'x'.repeat(30) }));
    await record('POST contract', await member.post(`/competitions/${C2}/protocol`, { applicationId: A2 }));

    expect(seen.size).toBeGreaterThan(25);
    const found = [...seen].flatMap(([key, text]) => leaks(text, identities).map((v) => `${key}: ${v}`));
    expect(found).toEqual([]);
  }, 180_000);
});
