// The app shell in a real browser: language, status page, accessibility, PWA offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHost, launchBrowser, accessibilityViolations, screenshot } from './support.mjs';

let host;
let browser;

/** The primary navigation (the home page links to the status page from its text too). */
const nav = (page) => page.getByRole('navigation').first();

before(async () => {
  host = await startHost();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  host?.cleanup();
});

test('the app renders in Polish by default', async () => {
  const page = await browser.newPage({ locale: 'en-GB' });
  await page.goto(host.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'pl');
  await nav(page).getByRole('link', { name: 'Stan systemu' }).waitFor();
  await screenshot(page, 'home-pl');
  await page.close();
});

test('the language switch shows English and is remembered', async () => {
  const page = await browser.newPage();
  await page.goto(host.url);
  await page.getByRole('button', { name: 'English' }).click();
  await nav(page).getByRole('link', { name: 'System status' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await nav(page).getByRole('link', { name: 'System status' }).waitFor();
  await screenshot(page, 'home-en');
  await page.getByRole('button', { name: 'Polski' }).click();
  await nav(page).getByRole('link', { name: 'Stan systemu' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'pl');
  await page.close();
});

test('the status page reports the key-value store and the database as working', async () => {
  const page = await browser.newPage();
  await page.goto(`${host.url}/status`);
  const main = page.getByRole('main');
  await main.getByText('Magazyn klucz–wartość', { exact: false }).waitFor();
  await main.getByText('Baza danych SQLite').waitFor();
  assert.equal(await main.getByText('Działa', { exact: true }).count(), 2, 'both checks work');
  await screenshot(page, 'status-pl');
  await page.close();
});

test('home, status and not-found pages have no axe-core violations in both languages', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const language of ['Polski', 'English']) {
    await page.goto(host.url);
    const toggle = page.getByRole('button', { name: language });
    if (await toggle.count()) await toggle.click();
    for (const path of ['/', '/status', '/no-such-page']) {
      await page.goto(`${host.url}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      const violations = await accessibilityViolations(page);
      assert.deepEqual(violations, [], `${language} ${path}`);
    }
  }
  await context.close();
});

test('the service worker registers and the shell still loads with the server stopped', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, `${host.url}/`);
  await page.reload();
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'page is controlled');
  await host.stop();
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByRole('navigation').first().waitFor();
  await screenshot(page, 'offline-shell');
  await context.close();
});
