import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, login, newPage, switchLanguage, baseURL } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const navByRole: [string, string[], string[]][] = [
  ['admin@kamkor.kg', ['/admin/organisations', '/admin/users', '/admin/territory', '/admin/audit'], []],
  ['officer@kamkor.kg', ['/admin/organisations', '/admin/catalogue'], ['/admin/users']],
  ['naryn@kamkor.kg', ['/my-organisation'], ['/admin/users', '/admin/organisations']],
  ['commission@kamkor.kg', ['/'], ['/admin/organisations', '/my-organisation']],
  ['ngo@kamkor.kg', ['/my-organisation'], ['/admin/users', '/admin/organisations', '/admin/audit']],
  ['municipal@kamkor.kg', ['/my-organisation'], ['/admin/organisations']],
  ['analyst@kamkor.kg', ['/admin/territory', '/admin/audit'], ['/admin/users']],
];

describe('foundation in Chromium', () => {
  it.each(navByRole)('%s logs in and sees the navigation of their role', async (email, visible, hidden) => {
    const page = await newPage(browser);
    await login(page, email);
    const hrefs = await page.locator('nav.main-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const to of visible) expect(hrefs).toContain(to);
    for (const to of hidden) expect(hrefs).not.toContain(to);
    await expect(page.locator('h1').textContent()).resolves.toBeTruthy();
    await page.context().close();
  });

  it('persists the language switch across pages and a new login', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    await page.goto('/login');
    expect(await page.locator('h1').textContent()).toBe('Log in to Kamkor');
    await switchLanguage(page, 'ky');
    expect(await page.locator('h1').textContent()).toBe('Камкорго кирүү');
    await login(page, 'ngo@kamkor.kg');
    expect(await page.locator('nav.main-nav').textContent()).toContain('Менин уюмум');
    await switchLanguage(page, 'ru');
    await page.goto('/account');
    expect(await page.locator('h1').textContent()).toBe('Мой профиль');
    await page.context().close();
    // A new device with an English browser: the saved choice follows the user.
    const other = await newPage(browser, { locale: 'en-GB' });
    await login(other, 'ngo@kamkor.kg');
    await other.goto('/account');
    expect(await other.locator('h1').textContent()).toBe('Мой профиль');
    await other.context().close();
  });

  it('denies an NGO user another NGO’s page with a 404 and shows their own', async () => {
    const admin = await newPage(browser);
    await login(admin, 'admin@kamkor.kg');
    await admin.goto('/admin/organisations?kind=ngo');
    const links = await admin.locator('table a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    const other = links.find(([name]) => /Ак-Журок|Ак-Жүрөк|Ak-Zhurok/.test(name ?? ''))![1]!;
    await admin.context().close();

    const page = await newPage(browser);
    await login(page, 'ngo@kamkor.kg');
    await page.goto('/my-organisation');
    expect(await page.locator('h1').textContent()).toMatch(/Умут|Үмүт|Umut/);
    const res = await page.goto(other);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toMatch(/Страница не найдена|Барак табылган жок|Page not found/);
    expect(await page.content()).not.toMatch(/Ак-Журок|Ак-Жүрөк|Ak-Zhurok/);
    const admin404 = await page.goto('/admin/users');
    expect(admin404?.status()).toBe(404);
    // Changing it by posting to the edit form with a valid session and token is refused the same way.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    await page.goto('/account');
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const post = await fetch(`${baseURL()}${other}/edit`.replace('/organisations/', '/admin/organisations/'), {
      method: 'POST',
      headers: { Cookie: cookie, Origin: baseURL(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, kind: 'ngo', name_ky: 'Hacked', name_ru: 'Hacked', name_en: 'Hacked', inn: '02205201510456' }),
      redirect: 'manual',
    });
    expect(post.status).toBe(404);
    await page.goto('/my-organisation');
    await page.context().close();
  });

  it('keeps the form input and shows field messages when login fails, without JavaScript', async () => {
    const context = await browser.newContext({ baseURL: baseURL(), javaScriptEnabled: false, locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto('/login');
    await page.locator('#field-email').fill('not-an-email');
    await page.locator('form.card button[type=submit]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('#field-email').inputValue()).toBe('not-an-email');
    expect(await page.locator('.error-summary').textContent()).toContain('Введите адрес эл. почты');
    await page.locator('#field-email').fill('ngo@kamkor.kg');
    await page.locator('#field-password').fill('wrong-password');
    await page.locator('form.card button[type=submit]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('.error-summary').textContent()).toContain('Неверная эл. почта или пароль');
    await context.close();
  });

  it('logout ends the session on the server', async () => {
    const page = await newPage(browser);
    await login(page, 'analyst@kamkor.kg');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'kamkor_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    await Promise.all([page.waitForURL(/\/login/), page.locator('.user-menu button').click()]);
    // Replaying the old cookie no longer opens anything.
    const replay = await fetch(`${baseURL()}/admin/audit`, { headers: { Cookie: `kamkor_session=${session.value}` }, redirect: 'manual' });
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toContain('/login');
    await page.context().close();
  });

  it('refuses a cross-site form post', async () => {
    const res = await fetch(`${baseURL()}/login`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=ngo%40kamkor.kg&password=kamkor-demo-2026',
      redirect: 'manual',
    });
    // Refused before any action runs (Remix's own origin check, then ours); never a redirect with a session.
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('kamkor_session=');
  });

  it('an admin creates a user, hands over the link, and the user sets a password and logs in', async () => {
    const admin = await newPage(browser);
    await login(admin, 'admin@kamkor.kg');
    await admin.goto('/admin/users/new');
    await admin.locator('#field-full_name').fill('Асел Керимова');
    await admin.locator('#field-email').fill('asel@kamkor.kg');
    await admin.locator('#field-organisation_id').selectOption({ index: 1 });
    await admin.locator('#field-role').selectOption('analyst');
    await Promise.all([admin.waitForURL(/link=/), admin.locator('form.card button[type=submit]').click()]);
    const link = (await admin.locator('[data-testid=set-password-link]').textContent())!;
    await admin.context().close();

    const page = await newPage(browser);
    await page.goto(link);
    await page.locator('#field-newPassword').fill('asel-password-2026');
    await page.locator('#field-confirmPassword').fill('asel-password-2026');
    await Promise.all([page.waitForURL(/\/login/), page.locator('form.card button[type=submit]').click()]);
    await page.waitForLoadState('networkidle');
    await login(page, 'asel@kamkor.kg', 'asel-password-2026');
    expect(await page.locator('h1').textContent()).toContain('Асел Керимова');
    const reuse = await page.goto(link);
    expect(reuse?.status()).toBe(404);
    await page.context().close();

    // Wrong passwords delay the account, they never lock its owner out (decision 009): after five
    // failures the next attempt must wait a second — even with the right password — and then it works.
    const attempt = (password: string) =>
      fetch(`${baseURL()}/login`, {
        method: 'POST',
        headers: { Origin: baseURL(), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'asel@kamkor.kg', password }),
        redirect: 'manual',
      });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`)).status).toBe(400);
    const delayed = await attempt('asel-password-2026');
    expect(delayed.status).toBe(429);
    expect(delayed.headers.get('retry-after')).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await attempt('asel-password-2026')).status).toBe(302);
  });

  it('sends security headers with every page', async () => {
    const res = await fetch(`${baseURL()}/login`);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('fits a phone screen: no horizontal scrolling on the home page', async () => {
    const context = await browser.newContext({ baseURL: baseURL(), viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto('/');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
