import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:3105';
const [, , email, ...paths] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const ctx = await browser.newContext({ baseURL: base, locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
if (email !== '-') {
  await page.goto('/login');
  await page.waitForLoadState('networkidle');
  await page.locator('#field-email').fill(email);
  await page.locator('#field-password').fill('kamkor-demo-2026');
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.locator('form.card button[type=submit]').click()]);
}
let i = 0;
for (const p of paths) {
  await page.goto(p);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `/tmp/shot5-${i++}.png`, fullPage: true });
  console.log(p, await page.title());
}
await browser.close();
