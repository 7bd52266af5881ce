// A member's meeting page (issue 14): it does not shift as it loads; a signed-in person who
// reloads without network is still signed in (the last "who am I" answer is remembered; no
// token in JS-visible storage); when the network returns, the live view's error clears.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser, accessibilityViolations, layoutShift,
} from './support.mjs';
import { ADMIN_EMAIL, PASSWORD, loginWithOwnPassword, signIn } from './people.mjs';


let capture;
let host;
let browser;
/** The meeting's only member (also of the council office), signed in through the API. */
const email = 'ewa@gmina.example.pl';
/** The member's token from `before` (arranging only: a later sign-in supersedes it). */
let memberToken;
/** The published meeting arranged in `before`. */
let meetingId;

before(async () => {
  capture = await startCaptureServer();
  host = await startAppHost({ variables: gatewayVariables(capture) });
  const api = jsonApi(host.url);
  // The first request creates the administrator; give the account its own password.
  assert.ok((await fetch(`${host.url}/api/health`)).ok);
  const adminToken = await loginWithOwnPassword(api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL));
  // One person of the council office who is also the meeting's only member.
  const units = await api('/api/units', { token: adminToken });
  const user = await api('/api/users', {
    method: 'POST',
    token: adminToken,
    body: { first_name: 'Ewa', last_name: 'Radna', email, unit_id: units.json.items[0].id, roles: ['clerk', 'councillor'] },
  });
  assert.equal(user.status, 201, `create the account: ${user.text}`);
  memberToken = await loginWithOwnPassword(api, email, await startPasswordFromGateway(capture, email));
  const created = await api('/api/sessions', {
    method: 'POST',
    token: memberToken,
    body: {
      title: 'Sesja offline', number: 'I', kind: 'session',
      starts_at: new Date(Date.now() + 3_600_000).toISOString(), location: 'Sala obrad',
      statutory_members: 1, member_ids: [user.json.id],
    },
  });
  assert.equal(created.status, 201, `create the meeting: ${created.text}`);
  const published = await api(`/api/sessions/${created.json.id}/publish`, { method: 'POST', token: memberToken });
  assert.equal(published.status, 200, `publish: ${published.text}`);
  meetingId = created.json.id;
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
  await signIn(page, host.url, ADMIN_EMAIL);
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
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, host.url, email);
  await page.goto(`${host.url}/sessions/${meetingId}`);
  await page.getByRole('heading', { level: 1, name: /Sesja offline/ }).waitFor();

  const failed = page.getByText('Nie udało się pobrać danych');
  await context.setOffline(true);
  await failed.first().waitFor({ timeout: 15_000 });
  await context.setOffline(false);
  // The document has not changed: the next polls answer 304, and that is a success too.
  await failed.first().waitFor({ state: 'detached', timeout: 15_000 });
  await context.close();
});

test('the meeting page does not shift as it loads (layout shift ≤ 0.1, phone and tablet)', async () => {
  const login = await jsonApi(host.url)('/api/auth/login', { method: 'POST', body: { email, password: PASSWORD } });
  assert.equal(login.status, 200, login.text);
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    // A first visit: the session cookie only, nothing remembered in the browser.
    const context = await browser.newContext({ viewport });
    await context.addCookies([{ name: 'ratusz_session', value: login.json.token, url: host.url }]);
    const page = await context.newPage();
    const cls = await layoutShift(page, `${host.url}/sessions/${meetingId}`);
    assert.ok(cls <= 0.1, `${viewport.width}×${viewport.height}: layout shift ${cls.toFixed(3)} > 0.1`);
    await context.close();
  }
});
