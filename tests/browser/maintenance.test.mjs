// The maintenance banner in a real browser (issue 18): an administrator schedules a window
// through the API; every page then says when the system will be unavailable, in Polish time
// (and in English after the language switch), in an accessible status region. The administrator's
// page schedules one in Polish time, says a refusal in Polish, and calls one off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser,
} from './support.mjs';
import {
  ADMIN_EMAIL, PASSWORD, loginWithOwnPassword, signedInPage, settle, checkScreen,
} from './people.mjs';

let capture;
let host;
let browser;
let api;
let window;

/** `at` as a Polish text reads it in Poland: `15.01.2027, godz. 22:00`. */
function warsaw(at) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return `${parts.day}.${parts.month}.${parts.year}, godz. ${parts.hour}:${parts.minute}`;
}

/** 23:00–00:30 Polish time on a night a week from now (inside 22:00–06:00 in any season). */
function nextWeekNight() {
  const day = new Date(Date.now() + 7 * 86_400_000);
  const date = day.toISOString().slice(0, 10);
  // 23:00 Polish time is 21:00Z in summer, 22:00Z in winter: 21:30Z and 22:30Z both fit.
  return { starts_at: `${date}T21:30:00Z`, ends_at: `${date}T22:30:00Z` };
}

before(async () => {
  capture = await startCaptureServer();
  host = await startAppHost({ variables: gatewayVariables(capture) });
  api = jsonApi(host.url);
  const health = await fetch(`${host.url}/api/health`);
  assert.ok(health.ok, `GET /api/health answered ${health.status}`);
  const adminToken = await loginWithOwnPassword(
    api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL),
  );
  const created = await api('/api/maintenance-windows', {
    method: 'POST', token: adminToken, body: { ...nextWeekNight(), reason: 'Aktualizacja serwera' },
  });
  assert.equal(created.status, 201, created.text);
  window = created.json;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  host?.cleanup();
  await capture?.close();
});

test('every page announces a scheduled maintenance window in Polish time, then in English', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    for (const path of ['/', '/login', '/public/sessions']) {
      await page.goto(`${host.url}${path}`);
      await settle(page);
      const banner = page.getByRole('status').filter({ hasText: 'Zaplanowana przerwa techniczna' });
      await banner.waitFor();
      const text = await banner.innerText();
      assert.ok(text.includes(`od ${warsaw(window.starts_at)} do ${warsaw(window.ends_at)}`), text);
      assert.ok(text.includes('Powód: Aktualizacja serwera'), text);
    }
    await checkScreen(page, 'maintenance-banner-pl');
    await page.getByRole('button', { name: 'English' }).click();
    const english = page.getByRole('status').filter({ hasText: 'Scheduled maintenance' });
    await english.waitFor();
    assert.ok((await english.innerText()).includes('(Polish time)'));
    await checkScreen(page, 'maintenance-banner-en');
    await page.getByRole('button', { name: 'Polski' }).click();
  } finally {
    await context.close();
  }
});

test('a visitor sees no banner once the window is called off', async () => {
  const admin = await loginWithOwnPassword(api, ADMIN_EMAIL, PASSWORD);
  const cancelled = await api(`/api/maintenance-windows/${window.id}/cancel`, { method: 'POST', token: admin });
  assert.equal(cancelled.status, 200, cancelled.text);
  const page = await browser.newPage();
  try {
    // The notice has been read (its request answered) and the region stays empty.
    const read = page.waitForResponse((r) => r.url().endsWith('/api/public/maintenance'));
    await page.goto(host.url);
    await settle(page);
    assert.equal((await read).status(), 200);
    assert.equal(await page.getByText('Zaplanowana przerwa techniczna').count(), 0);
  } finally {
    await page.close();
  }
});

test('the administrator schedules a window on its page, hears a refusal in Polish, and calls it off', async () => {
  const { context, page } = await signedInPage(browser, host.url, ADMIN_EMAIL);
  try {
    await page.goto(host.url);
    await settle(page);
    await page.getByRole('navigation').first().getByRole('link', { name: 'Przerwy techniczne' }).click();
    await page.getByRole('heading', { level: 1, name: 'Przerwy techniczne' }).waitFor();
    await settle(page);
    const date = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Zaplanuj przerwę' }) });
    // 20:00 Polish time is not night.
    await form.getByLabel('Początek', { exact: true }).fill(`${date}T20:00`);
    await form.getByLabel('Koniec', { exact: true }).fill(`${date}T21:00`);
    await form.getByLabel('Powód', { exact: true }).fill('Aktualizacja bazy');
    await form.getByRole('button', { name: 'Zaplanuj przerwę' }).click();
    await form.getByText('tylko w nocy, między 22:00 a 06:00 czasu polskiego').waitFor();
    await checkScreen(page, 'maintenance-refused-pl');
    await form.getByLabel('Początek', { exact: true }).fill(`${date}T23:00`);
    await form.getByLabel('Koniec', { exact: true }).fill(`${date}T23:45`);
    await form.getByRole('button', { name: 'Zaplanuj przerwę' }).click();
    await form.getByText('Przerwa została zaplanowana.').waitFor();
    const [y, m, d] = date.split('-');
    const row = page.getByRole('row').filter({ hasText: `${d}.${m}.${y}, godz. 23:00` });
    await row.getByText('zaplanowana', { exact: true }).waitFor();
    await checkScreen(page, 'maintenance-page-pl');
    await row.getByRole('button', { name: 'Odwołaj przerwę' }).click();
    await row.getByText('odwołana', { exact: true }).waitFor();
    assert.equal(await row.getByRole('button', { name: 'Odwołaj przerwę' }).count(), 0);
  } finally {
    await context.close();
  }
});
