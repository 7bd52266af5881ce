// Offline that keeps you signed in (issue 14): a signed-in person who reloads without network
// is still signed in (the last "who am I" answer is remembered; no token in JS-visible storage).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser, accessibilityViolations,
} from './support.mjs';

const ADMIN_EMAIL = 'admin@ratusz.local';
const PASSWORD = 'Zielony-Ratusz-2026-Sesja!';

let capture;
let host;
let browser;

before(async () => {
  capture = await startCaptureServer();
  host = await startAppHost({ variables: gatewayVariables(capture) });
  const api = jsonApi(host.url);
  // The first request creates the administrator; give the account its own password.
  assert.ok((await fetch(`${host.url}/api/health`)).ok);
  const start = await startPasswordFromGateway(capture, ADMIN_EMAIL);
  const login = await api('/api/auth/login', { method: 'POST', body: { email: ADMIN_EMAIL, password: start } });
  assert.equal(login.status, 200, login.text);
  const change = await api('/api/auth/password', {
    method: 'POST', token: login.json.token, body: { current_password: start, new_password: PASSWORD },
  });
  assert.equal(change.status, 200, change.text);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  host?.cleanup();
  await capture?.close?.();
});

test('a signed-in person who reloads offline stays signed in, with no token in storage', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${host.url}/login`);
  await page.getByLabel('Adres e-mail', { exact: true }).fill(ADMIN_EMAIL);
  await page.getByLabel('Hasło', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Zaloguj się', exact: true }).click();
  await page.getByRole('button', { name: 'Wyloguj się', exact: true }).waitFor({ timeout: 15_000 });
  // The service worker must control the page before the network goes.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto(`${host.url}/sessions`);
  await page.getByRole('heading', { level: 1 }).waitFor();

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Wyloguj się', exact: true }).waitFor({ timeout: 10_000 });
  assert.equal(await page.getByText('Wymagane logowanie').count(), 0, 'no sign-in prompt offline');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!/eyJ|token/i.test(stored), `no token in localStorage: ${stored}`);
  assert.deepEqual(await accessibilityViolations(page), []);

  await context.setOffline(false);
  await context.close();
});
