// The resident's side of messages (issue 16) in real Chromium against the real host: a resident
// binds their phone with the code from the capture gateway and asks the app for notifications;
// headless Chromium reaches no push service of its own, so the control must say it could not
// (never "on", no subscription left behind), and the device gives the server the subscription
// of this file's push service instead — a stand-in for a browser vendor's that holds the
// subscription's keys, checks the app's VAPID token and decrypts what the app pushes (RFC 8291).
// A notifier sends a message to everyone over the app channel; the payload the server really
// produced is handed to the resident's real service worker (`ServiceWorker.deliverPushMessage`),
// which shows its title and text, filled for her, and opens `/residents/messages/<id>`, where
// the message reads. The public news feed shows the message (placeholders left out) and, read
// once online, still reads after an offline reload, marked as a copy. axe-core on every screen.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import {
  createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify,
} from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser, screenshot, artifacts,
} from './support.mjs';
import { ADMIN_EMAIL, checkScreen, loginWithOwnPassword, register, signedInPage } from './people.mjs';

const TICK_TOKEN = 'browser-resident-messages-tick-token-0123456';
// The e2e suites' VAPID key (tests/tests/support/mod.rs): push is on for this server.
const VAPID_PRIVATE_KEY = 'ERERERERERERERERERERERERERERERERERERERERERE';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const NOTIFIER = { firstName: 'Nina', lastName: 'Nadawczyni', email: 'nina.komunikaty@gmina.example.pl', roles: ['notifier'] };
const RESIDENT = { first: 'Zofia', last: 'Słoneczna', email: 'zofia.sloneczna@example.pl' };
const TITLE = 'Festyn na rynku';
// The first name is filled per resident in what she gets; the public feed leaves it out.
const TEXT = 'Dzień dobry ((first_name)), w sobotę od 10:00 do 14:00 zapraszamy na festyn.';
const TEXT_FOR_HER = 'Dzień dobry Zofia, w sobotę od 10:00 do 14:00 zapraszamy na festyn.';
const TEXT_FOR_ALL = 'Dzień dobry, w sobotę od 10:00 do 14:00 zapraszamy na festyn.';
const NEWS_CACHE = 'ratusz-news';

let capture;
let pushService;
let host;
let browser;
let api;
const opened = [];

before(async () => {
  capture = await startCaptureServer();
  pushService = await startPushService();
  host = await startAppHost({
    variables: {
      ...gatewayVariables(capture),
      vapid_private_key: VAPID_PRIVATE_KEY,
      push_service_origin: pushService.origin,
      tick_token: TICK_TOKEN,
      // The resident's browser and this script share one client address.
      notify_throttle_per_address: 500,
    },
  });
  api = jsonApi(host.url);
  // The first request makes the bootstrap administrator (its start password goes to the gateway).
  const health = await api('/api/health');
  assert.equal(health.status, 200, health.text);
  const adminToken = await loginWithOwnPassword(api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL));
  await register(api, capture, adminToken, NOTIFIER);
  browser = await launchBrowser();
});

afterEach(async (t) => {
  let n = 0;
  for (const context of opened) {
    for (const page of context.pages()) {
      await screenshot(page, `resident-messages-end-${t.name.slice(0, 20).replace(/\W+/g, '-')}-${n += 1}`).catch(() => {});
    }
  }
  mkdirSync(artifacts, { recursive: true });
  if (host) writeFileSync(join(artifacts, 'resident-messages-host.log'), host.log());
});

after(async () => {
  for (const context of opened) await context.close().catch(() => {});
  await browser?.close();
  await host?.stop();
  host?.cleanup();
  await capture?.close();
  await pushService?.close();
});

// ---- The push service (RFC 8030 delivery, RFC 8291 encryption, RFC 8292 VAPID) ----

/**
 * One subscription's push service on `127.0.0.1:<free port>`: the endpoint `/push/resident`,
 * its key pair and auth secret. Every POST is recorded: with its VAPID key and the decrypted
 * payload when the token verifies (201), else why not (403 / 400).
 */
async function startPushService() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  const arrivals = [];
  let origin = '';
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let vapidKey;
      try {
        vapidKey = vapidSigner(req.headers.authorization, origin);
      } catch (error) {
        arrivals.push({ path: req.url, status: 403, error: String(error) });
        res.writeHead(403).end();
        return;
      }
      try {
        const payload = decrypt(Buffer.concat(chunks), ecdh, auth);
        arrivals.push({ path: req.url, status: 201, vapidKey, payload, ttl: req.headers.ttl });
        res.writeHead(201).end();
      } catch (error) {
        arrivals.push({ path: req.url, status: 400, error: String(error) });
        res.writeHead(400).end();
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    arrivals,
    /** What a browser's `PushSubscription.toJSON()` would give for this subscription. */
    subscription: {
      endpoint: `${origin}/push/resident`,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

/** The key (`k`) whose ES256 signature the `vapid t=…, k=…` token carries, for `audience`. */
function vapidSigner(authorization, audience) {
  const found = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), ?k=([\w-]+)$/.exec(authorization ?? '');
  if (!found) throw new Error(`not a VAPID authorization: ${authorization}`);
  const [, header, claims, signature, k] = found;
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    format: 'jwk',
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') },
  });
  const signed = Buffer.from(`${header}.${claims}`);
  if (!verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))) {
    throw new Error('the VAPID signature does not verify');
  }
  const { aud, exp } = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
  if (aud !== audience) throw new Error(`VAPID aud ${aud}, not ${audience}`);
  if (!(exp * 1000 > Date.now())) throw new Error(`VAPID token expired (${exp})`);
  return k;
}

/** An `aes128gcm` body (RFC 8188, one record) decrypted with the subscriber's keys (RFC 8291). */
function decrypt(body, ecdh, auth) {
  const salt = body.subarray(0, 16);
  const idLength = body[20];
  const serverKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdh.computeSecret(serverKey), auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('not a single last record');
  return padded.subarray(0, end).toString('utf8');
}

// ---- The app ----

/** One round of the scheduler, as a CronJob outside the host would drive it. */
async function tick() {
  const reply = await api('/api/notify/tick', { method: 'POST', token: TICK_TOKEN });
  assert.ok(reply.status >= 200 && reply.status < 300, `tick: ${reply.status} ${reply.text}`);
}

/** The 8-digit code of the newest message to `to` at the capture gateway (waits for one). */
async function codeSentTo(to) {
  const message = await capture.waitFor((body) => body.to === to && /\b\d{8}\b/.test(body.text ?? ''), { what: `a code to ${to}` });
  return /\b(\d{8})\b/.exec(message.body.text)[1];
}

/** The device token as this page's app keeps it (read here to act as the device's browser would). */
function deviceToken(page) {
  return page.evaluate(async () => {
    const hit = await (await caches.open('ratusz-resident-device')).match('/.ratusz/resident-device-token');
    return hit ? hit.text() : null;
  });
}

/** The registration id of the page's service worker, from the DevTools protocol. */
async function registrationId(cdp, scopeUrl) {
  const found = new Promise((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const mine = registrations.find((r) => r.scopeURL === scopeUrl && !r.isDeleted);
      if (mine) resolve(mine.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return found;
}

/** The notifications the page's service worker shows now. */
function notifications(page) {
  return page.evaluate(async () =>
    (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
      title: n.title, body: n.body, tag: n.tag, url: n.data?.url,
    })));
}

/** Whether the service worker kept the news feed's first page. */
function newsKept(page) {
  return page.evaluate(async (name) => {
    if (!(await caches.has(name))) return false;
    return Boolean(await (await caches.open(name)).match('/api/notify/news'));
  }, NEWS_CACHE);
}

test('a message to everyone reaches the resident\'s service worker as a push, opens her message, and the news read offline', async () => {
  // The resident registers (as the public form would) and binds her phone in the app.
  const districts = await api('/api/notify/districts');
  const consent = await api('/api/notify/consent');
  const registered = await api('/api/notify/registrations', {
    method: 'POST',
    body: {
      first_name: RESIDENT.first, last_name: RESIDENT.last, birth_date: '1990-07-14',
      address: { street: 'Rynek', number: '3', postal_code: '08-110', district_id: districts.json.items[0].id },
      // No quiet hours: the push must not wait for the morning when this runs at night.
      email: RESIDENT.email, code_channel: 'email', consent_version: consent.json.version, quiet_hours: null,
    },
  });
  assert.equal(registered.status, 202, registered.text);
  const code = await codeSentTo(RESIDENT.email);

  const context = await browser.newContext(PHONE);
  opened.push(context);
  await context.grantPermissions(['notifications'], { origin: host.url });
  const page = await context.newPage();
  await page.goto(`${host.url}/residents/bind`);
  await page.getByRole('heading', { level: 1, name: 'Powiąż to urządzenie' }).waitFor();
  await page.getByLabel('E-mail lub telefon, na który przyszedł kod').first().fill(RESIDENT.email);
  await page.getByLabel('Kod weryfikacyjny').fill(code);
  await page.getByRole('button', { name: 'Powiąż urządzenie' }).click();
  await page.getByRole('heading', { level: 1, name: 'Moje dane' }).waitFor();
  await page.getByText(`${RESIDENT.first} ${RESIDENT.last}`).waitFor();
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15_000 });

  // Notifications on, in the app: the browser must subscribe at its own push service, which
  // headless Chromium cannot reach (and the server takes only `push_service_origin`'s). The
  // control says so and leaves no subscription in the browser; it never claims "on".
  const control = page.getByRole('region', { name: 'Powiadomienia na tym urządzeniu' });
  await control.getByRole('status').filter({ hasText: 'Powiadomienia są wyłączone.' }).waitFor();
  await control.getByRole('button', { name: 'Włącz powiadomienia' }).click();
  const outcome = control.getByRole('status').filter({ hasText: /Nie udało się włączyć powiadomień|Powiadomienia są włączone/ })
    .or(control.getByRole('alert'));
  await outcome.first().waitFor({ timeout: 30_000 });
  await control.getByRole('button', { name: 'Włącz powiadomienia' }).waitFor();
  const inBrowser = await page.evaluate(async () => (await (await navigator.serviceWorker.ready).pushManager.getSubscription())?.endpoint ?? null);
  assert.equal(inBrowser, null, 'no subscription is left in the browser');
  assert.equal(await control.getByText('Powiadomienia są włączone.').count(), 0, 'never on without a subscription the server took');
  await checkScreen(page, 'resident-push-outcome-pl');

  // What the browser would have sent had it reached its push service: this file's push
  // service's subscription, given by the bound device through the app's API.
  const token = await deviceToken(page);
  assert.ok(token, 'the app keeps the device token');
  const given = await api('/api/notify/me/push-subscription', { method: 'PUT', token, body: pushService.subscription });
  assert.equal(given.status, 200, given.text);

  // The notifier sends a message to everyone over the app channel; the preview counts her.
  const { context: staff, page: nina } = await signedInPage(browser, host.url, NOTIFIER.email);
  opened.push(staff);
  await nina.goto(`${host.url}/notify/messages/new`);
  await nina.getByRole('heading', { level: 1, name: 'Nowa wiadomość' }).waitFor();
  await nina.getByLabel('Tytuł').fill(TITLE);
  await nina.getByLabel('Treść').fill(TEXT);
  await nina.getByLabel('Kategoria').selectOption('event');
  await nina.getByRole('checkbox', { name: 'Powiadomienie w aplikacji' }).check();
  await nina.getByRole('radio', { name: 'Do wszystkich mieszkańców' }).check();
  await nina.getByRole('button', { name: 'Podgląd' }).click();
  const preview = nina.getByRole('region', { name: 'Podgląd' });
  await preview.getByText('Wiadomość otrzyma: 1').waitFor();
  assert.equal(await preview.locator('dd').first().textContent(), '1', 'one device with a subscription');
  await nina.getByRole('button', { name: 'Wyślij', exact: true }).click();
  await nina.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  const messageId = new URL(nina.url()).pathname.split('/').pop();
  assert.ok(messageId && messageId !== 'new', nina.url());

  for (let round = 0; round < 60 && pushService.arrivals.length === 0; round += 1) {
    await tick();
    await new Promise((r) => setTimeout(r, 250));
  }
  await nina.getByText('Wysłana', { exact: true }).waitFor({ timeout: 15_000 });
  assert.equal(pushService.arrivals.length, 1, JSON.stringify(pushService.arrivals));
  const [push] = pushService.arrivals;
  assert.equal(push.status, 201, push.error);
  assert.equal(push.path, '/push/resident');
  assert.equal(push.ttl, String(3 * 24 * 3600), 'kept three days for a phone that is off');
  const published = await api('/api/notify/push-key');
  assert.equal(push.vapidKey, published.json.vapid_public_key, 'signed with the key the app publishes');
  const payload = JSON.parse(push.payload);
  assert.deepEqual(payload, { title: TITLE, body: TEXT_FOR_HER, url: `/residents/messages/${messageId}` });

  // The payload, exactly as the push service got it, to the resident's real service worker.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  const cdp = await context.newCDPSession(page);
  const registration = await registrationId(cdp, scope);
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: host.url, registrationId: registration, data: push.payload });
  let shown = [];
  for (let i = 0; i < 400 && shown.length === 0; i += 1) {
    shown = await notifications(page);
    if (shown.length === 0) await new Promise((r) => setTimeout(r, 50));
  }
  const url = `/residents/messages/${messageId}`;
  assert.deepEqual(shown, [{ title: TITLE, body: TEXT_FOR_HER, tag: url, url }]);

  // What a click opens (the worker's notificationclick opens `data.url`): her message.
  await page.goto(`${host.url}${shown[0].url}`);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.getByText(TEXT_FOR_HER, { exact: true }).waitFor();
  await page.getByText('Wydarzenie', { exact: true }).waitFor();
  await checkScreen(page, 'resident-message-pl');

  // Her list has it; from there the public news, where the text reads without her name.
  await page.getByRole('link', { name: 'Wszystkie wiadomości' }).click();
  await page.getByRole('heading', { level: 1, name: 'Wiadomości' }).waitFor();
  await page.getByRole('link', { name: TITLE }).waitFor();
  await checkScreen(page, 'resident-messages-pl');
  await page.getByRole('main').getByRole('link', { name: 'Komunikaty dla mieszkańców' }).click();
  await page.getByRole('heading', { level: 1, name: 'Komunikaty dla mieszkańców' }).waitFor();
  const article = page.getByRole('article', { name: TITLE });
  await article.getByText(TEXT_FOR_ALL, { exact: true }).waitFor();
  assert.equal(await page.getByText('Brak połączenia: to kopia', { exact: false }).count(), 0, 'online: not a copy');
  await checkScreen(page, 'resident-news-pl');
  for (let waited = 0; !(await newsKept(page)); waited += 100) {
    assert.ok(waited < 15_000, 'the news feed was not kept for offline reading');
    await page.waitForTimeout(100);
  }

  // Offline, the app and the news come from the service worker, marked as a copy.
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Komunikaty dla mieszkańców' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Brak połączenia: to kopia zapisana na tym urządzeniu' }).waitFor();
  await page.getByRole('article', { name: TITLE }).getByText(TEXT_FOR_ALL, { exact: true }).waitFor();
  await checkScreen(page, 'resident-news-offline-pl');
  await context.setOffline(false);
});
