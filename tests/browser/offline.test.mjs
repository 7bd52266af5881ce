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
  await ownPassword(api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL));
  browser = await launchBrowser();
});

/** Replaces `start` (a start password) with PASSWORD through the API; returns the new token. */
async function ownPassword(api, email, start) {
  const login = await api('/api/auth/login', { method: 'POST', body: { email, password: start } });
  assert.equal(login.status, 200, login.text);
  const change = await api('/api/auth/password', {
    method: 'POST', token: login.json.token, body: { current_password: start, new_password: PASSWORD },
  });
  assert.equal(change.status, 200, change.text);
  return change.json.token;
}

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

test('when the network returns, the live view\'s error clears although the polls answer 304', async () => {
  const api = jsonApi(host.url);
  // One person of the council office who is also the meeting's only member.
  const email = 'ewa@gmina.example.pl';
  // A fresh administrator session: the browser sign-in above superseded the earlier one.
  const admin = await api('/api/auth/login', { method: 'POST', body: { email: ADMIN_EMAIL, password: PASSWORD } });
  const adminToken = admin.json.token;
  const units = await api('/api/units', { token: adminToken });
  const user = await api('/api/users', {
    method: 'POST',
    token: adminToken,
    body: { first_name: 'Ewa', last_name: 'Radna', email, unit_id: units.json.items[0].id, roles: ['clerk', 'councillor'] },
  });
  assert.equal(user.status, 201, `create the account: ${user.text}`);
  const token = await ownPassword(api, email, await startPasswordFromGateway(capture, email));
  const created = await api('/api/sessions', {
    method: 'POST',
    token,
    body: {
      title: 'Sesja offline', number: 'I', kind: 'session',
      starts_at: new Date(Date.now() + 3_600_000).toISOString(), location: 'Sala obrad',
      statutory_members: 1, member_ids: [user.json.id],
    },
  });
  assert.equal(created.status, 201, `create the meeting: ${created.text}`);
  const published = await api(`/api/sessions/${created.json.id}/publish`, { method: 'POST', token });
  assert.equal(published.status, 200, `publish: ${published.text}`);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${host.url}/login`);
  await page.getByLabel('Adres e-mail', { exact: true }).fill(email);
  await page.getByLabel('Hasło', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Zaloguj się', exact: true }).click();
  await page.getByRole('button', { name: 'Wyloguj się', exact: true }).waitFor({ timeout: 15_000 });
  await page.goto(`${host.url}/sessions/${created.json.id}`);
  await page.getByRole('heading', { level: 1, name: /Sesja offline/ }).waitFor();

  const failed = page.getByText('Nie udało się pobrać danych');
  await context.setOffline(true);
  await failed.first().waitFor({ timeout: 15_000 });
  await context.setOffline(false);
  // The document has not changed: the next polls answer 304, and that is a success too.
  await failed.first().waitFor({ state: 'detached', timeout: 15_000 });
  await context.close();
});
