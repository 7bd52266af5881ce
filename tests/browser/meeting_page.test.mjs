// A member's meeting page (issue 14): it does not shift as it loads; a signed-in person who
// reloads without network is still signed in (the last "who am I" answer is remembered; no
// token in JS-visible storage); when the network returns, the live view's error clears; a
// meeting opened online stays readable offline with its PDFs, marked as a copy, and the copies
// go when someone signs out, signs in, or the session ends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser, accessibilityViolations, layoutShift,
} from './support.mjs';
import { ADMIN_EMAIL, PASSWORD, checkScreen, loginWithOwnPassword, signIn } from './people.mjs';


let capture;
let host;
let browser;
/** The meeting's only member (also of the council office), signed in through the API. */
const email = 'ewa@gmina.example.pl';
/** The member's token from `before` (arranging only: a later sign-in supersedes it). */
let memberToken;
/** The published meeting arranged in `before`. */
let meetingId;
/** Its agenda item's PDF: path and bytes. */
let attachmentPath;
const PDF = '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';
/** The service worker's cache of a person's offline copies (`KEPT_CACHE` in sw.js). */
const KEPT_CACHE = 'ratusz-meetings';

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
  const item = await api(`/api/sessions/${created.json.id}/agenda`, {
    method: 'POST', token: memberToken, body: { title: 'Projekt uchwały budżetowej' },
  });
  assert.equal(item.status, 201, `agenda item: ${item.text}`);
  const upload = await fetch(`${host.url}/api/sessions/${created.json.id}/agenda/${item.json.id}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${memberToken}`, 'content-type': 'application/pdf', 'x-filename': 'Uchwala-budzetowa.pdf' },
    body: PDF,
  });
  const uploaded = await upload.json();
  assert.equal(upload.status, 201, `upload: ${JSON.stringify(uploaded)}`);
  attachmentPath = `/api/sessions/${created.json.id}/attachments/${uploaded.id}`;
  // A draft is the office's working copy: no device may keep it.
  const draft = await fetch(`${host.url}/api/sessions/${created.json.id}`, { headers: { authorization: `Bearer ${memberToken}` } });
  assert.equal(draft.headers.get('cache-control'), 'no-store');
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
  // Without a service worker (an insecure context, an old browser): no offline copy to show,
  // so the failed polls are said as an error.
  const context = await browser.newContext({ serviceWorkers: 'block' });
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

/** Whether the service worker has a copy of `path` (the page's own view of Cache Storage). */
function keptCopy(page, path) {
  return page.evaluate(async ({ cacheName, path }) => {
    if (!(await caches.has(cacheName))) return false;
    return Boolean(await (await caches.open(cacheName)).match(path));
  }, { cacheName: KEPT_CACHE, path });
}

/** Waits until the copies of the meeting, its live document and its PDF are kept. */
async function untilKept(page) {
  for (const path of [`/api/sessions/${meetingId}`, `/api/sessions/${meetingId}/live`, attachmentPath]) {
    for (let waited = 0; !(await keptCopy(page, path)); waited += 100) {
      assert.ok(waited < 15_000, `${path} was not kept for offline reading`);
      await page.waitForTimeout(100);
    }
  }
}

/** A member's tablet with the meeting open, once the service worker kept it. */
async function meetingOpenedOnline() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, host.url, email);
  // The service worker must control the page before the meeting is read.
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15_000 });
  await page.goto(`${host.url}/sessions/${meetingId}`);
  await page.getByRole('heading', { level: 1, name: /Sesja offline/ }).waitFor();
  await page.getByText('Projekt uchwały budżetowej').waitFor();
  await untilKept(page);
  return { context, page };
}

/** "06.12.2026" and "10:42" now in Polish time. */
function warsawNow() {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('pl-PL', {
    timeZone: 'Europe/Warsaw', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return { date: `${parts.day}.${parts.month}.${parts.year}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

test('the meeting page takes "who am I" and its meeting from the calls boot.js started with the wasm, asked once', async () => {
  // No service worker and no HTTP cache: the wasm comes over a slow network each time.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await signIn(page, host.url, email);
  const asked = [];
  const refused = [];
  const at = {};
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/')) asked.push(path);
    if (path === `/api/sessions/${meetingId}/live`) at.live ??= Date.now();
  });
  page.on('requestfinished', (request) => {
    if (new URL(request.url()).pathname.endsWith('.wasm')) at.wasm ??= Date.now();
  });
  page.on('response', (response) => { if (response.status() >= 400) refused.push(`${response.status()} ${response.url()}`); });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 40, downloadThroughput: 256 * 1024, uploadThroughput: 256 * 1024,
  });
  try {
    await page.goto(`${host.url}/sessions/${meetingId}`);
    await page.getByText('Projekt uchwały budżetowej').first().waitFor({ timeout: 20_000 });
    // The meeting's live document was asked for while the wasm was still on its way.
    assert.ok(at.live < at.wasm, `live asked at ${at.live}, wasm arrived at ${at.wasm}`);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    // A published meeting's live document is polled every 5 s: within a second of the page
    // standing, a second ask would be the app asking again what boot.js already had.
    await page.waitForTimeout(1_000);
    const times = (path) => asked.filter((p) => p === path).length;
    assert.equal(times('/api/auth/me'), 1, `who am I, once: ${asked}`);
    assert.equal(times(`/api/sessions/${meetingId}/live`), 1, `the live document, once: ${asked}`);
    assert.ok(times(`/api/sessions/${meetingId}`) >= 1, `the meeting: ${asked}`);
    assert.deepEqual(refused, []);

    // A visitor at the same address: boot.js asks who is here (204) and not the meeting, so no
    // 401 reaches the console; the page asks to sign in.
    await page.getByRole('button', { name: 'Wyloguj się', exact: true }).click();
    await page.getByRole('link', { name: 'Zaloguj się' }).first().waitFor();
    asked.length = 0;
    await page.goto(`${host.url}/sessions/${meetingId}`);
    await page.getByText('Wymagane logowanie').first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    assert.deepEqual(asked.filter((p) => p.startsWith('/api/sessions/')), [], `no meeting call for a visitor: ${asked}`);
    assert.deepEqual(refused, []);
  } finally {
    await context.close();
  }
});

test('the server lets a device keep a published meeting\'s documents, privately and revalidated', async () => {
  // A sign-in of its own: the browser tests' sign-ins supersede the token from `before`.
  const login = await jsonApi(host.url)('/api/auth/login', { method: 'POST', body: { email, password: PASSWORD } });
  assert.equal(login.status, 200, login.text);
  const headers = { authorization: `Bearer ${login.json.token}` };
  for (const path of [`/api/sessions/${meetingId}`, `/api/sessions/${meetingId}/live`, attachmentPath]) {
    const response = await fetch(`${host.url}${path}`, { headers });
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get('cache-control'), 'private, no-cache', path);
  }
});

test('a meeting opened online stays readable offline with its PDF, marked as a copy until the network returns', async () => {
  const { context, page } = await meetingOpenedOnline();

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: /Sesja offline/ }).waitFor({ timeout: 15_000 });
  await page.getByText('Projekt uchwały budżetowej').waitFor({ timeout: 15_000 });
  // Marked as not current, in a status region, with the moment of the copy in Polish time.
  const note = page.getByRole('status').filter({ hasText: /^Kopia z / });
  await note.waitFor({ timeout: 15_000 });
  const text = await note.textContent();
  const match = /^Kopia z (\d{2}\.\d{2}\.\d{4}), godz\. (\d{2}):(\d{2}) — brak połączenia/.exec(text);
  assert.ok(match, `the note: ${text}`);
  const now = warsawNow();
  assert.equal(match[1], now.date, text);
  assert.ok(Math.abs(now.minutes - (Number(match[2]) * 60 + Number(match[3]))) <= 2, `${text} is not Polish time now`);
  assert.equal(await page.getByText('Nie udało się pobrać danych').count(), 0, 'a copy to read, not an error');
  await checkScreen(page, 'meeting-offline-copy-pl');

  // The agenda's PDF opens from the copy.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /^Uchwala-budzetowa\.pdf/ }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'Uchwala-budzetowa.pdf');
  assert.equal(await readFile(await download.path(), 'utf8'), PDF);

  // In English the same note, in English.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('status').filter({ hasText: /^Copy from \d{1,2} \w+ \d{4}, \d{2}:\d{2} \(Polish time\) — offline/ }).waitFor();
  await page.getByRole('button', { name: 'Polski' }).click();

  // Back online: the first answer from the server takes the note away.
  await context.setOffline(false);
  await note.waitFor({ state: 'detached', timeout: 15_000 });
  await page.getByText('Projekt uchwały budżetowej').waitFor();
  await context.close();
});

test('signing out empties the offline copies', async () => {
  const { context, page } = await meetingOpenedOnline();
  await page.getByRole('button', { name: 'Wyloguj się', exact: true }).click();
  await page.getByText('Wylogowano.', { exact: true }).waitFor();
  for (let waited = 0; await page.evaluate((name) => caches.has(name), KEPT_CACHE); waited += 100) {
    assert.ok(waited < 10_000, 'the offline copies outlived the sign-out');
    await page.waitForTimeout(100);
  }
  assert.equal(await keptCopy(page, attachmentPath), false);
  // The app shell stays: it holds nobody's data.
  assert.ok((await page.evaluate(() => caches.keys())).some((name) => name.startsWith('ratusz-shell-')));
  await context.close();
});

test('another person signing in on the device empties the offline copies', async () => {
  const { context, page } = await meetingOpenedOnline();
  // The next person signs in on this tablet (the login request is what the worker sees).
  const status = await page.evaluate(async ({ email, password }) => {
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ratusz-csrf': '1' },
      body: JSON.stringify({ email, password }),
    });
    return response.status;
  }, { email: ADMIN_EMAIL, password: PASSWORD });
  assert.equal(status, 200);
  assert.equal(await keptCopy(page, `/api/sessions/${meetingId}`), false, 'the meeting copy stayed for the next person');
  assert.equal(await keptCopy(page, attachmentPath), false, 'the PDF stayed for the next person');
  await context.close();
});

test('a session that ended (nobody signed in any more) empties the offline copies', async () => {
  const { context, page } = await meetingOpenedOnline();
  // The session is gone (timeout, ended by an administrator): the next answer says nobody is here.
  await context.clearCookies();
  await page.goto(`${host.url}/`);
  await page.getByRole('link', { name: 'Zaloguj się', exact: true }).first().waitFor({ timeout: 15_000 });
  for (let waited = 0; await keptCopy(page, `/api/sessions/${meetingId}`); waited += 100) {
    assert.ok(waited < 10_000, 'the offline copies outlived the session');
    await page.waitForTimeout(100);
  }
  assert.equal(await keptCopy(page, attachmentPath), false);
  await context.close();
});
