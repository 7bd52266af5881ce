// The chat's further screens in a real browser (issue 17): a councillor attaches a PDF in the
// composer (checked before the upload by the server's own rules) and the other downloads the
// same bytes; refused files are explained and removed before sending; search finds a message
// and its link opens the conversation; the push control says its state honestly (headless
// Chromium has no reachable push service); the council office manages a group it is not in
// from the list of groups and cannot open its messages. axe-core on every new screen state,
// Polish and English.
import { test, before, after, afterEach } from 'node:test';
import { readFile, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser, screenshot, artifacts,
} from './support.mjs';
import {
  ADMIN_EMAIL, COUNCIL_PEOPLE, loginWithOwnPassword, register, signIn, signedInPage, settle, checkScreen, TABLET,
} from './people.mjs';

const readBytes = promisify(readFile);
const LIVE_MS = 10_000;
// The e2e suites' VAPID key (tests/tests/support/mod.rs): push is on for this server.
const VAPID_PRIVATE_KEY = 'ERERERERERERERERERERERERERERERERERERERERERE';
// A small PDF with a Polish name, as a councillor would attach a protocol.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let capture;
let host;
let browser;
let api;
const ids = {};
const opened = [];
const state = {};

before(async () => {
  capture = await startCaptureServer();
  host = await startAppHost({ variables: { ...gatewayVariables(capture), vapid_private_key: VAPID_PRIVATE_KEY } });
  api = jsonApi(host.url);
  const health = await fetch(`${host.url}/api/health`);
  assert.ok(health.ok, `GET /api/health answered ${health.status}`);
  const adminToken = await loginWithOwnPassword(api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL));
  for (const key of ['anna', 'jan', 'clerk']) {
    ids[key] = await register(api, capture, adminToken, COUNCIL_PEOPLE[key]);
  }
  browser = await launchBrowser();
});

afterEach(async (t) => {
  let n = 0;
  for (const context of opened) {
    for (const page of context.pages()) {
      await screenshot(page, `chat-more-end-${t.name.slice(0, 20).replace(/\W+/g, '-')}-${n += 1}`).catch(() => {});
    }
  }
  if (host) writeFileSync(join(artifacts, 'chat-more-host.log'), host.log());
});

after(async () => {
  for (const context of opened) await context.close().catch(() => {});
  await browser?.close();
  await host?.stop();
  host?.cleanup();
  await capture?.close();
});

/** A signed-in tab of `who` on the chat page. */
async function chatPage(who, options = TABLET) {
  const { context, page } = await signedInPage(browser, host.url, COUNCIL_PEOPLE[who].email, { ...options, acceptDownloads: true });
  opened.push(context);
  await page.goto(`${host.url}/chat`);
  await page.getByRole('heading', { level: 1, name: 'Czat' }).waitFor({ timeout: LIVE_MS });
  await settle(page);
  return { context, page };
}

/** The chosen file's line in the composer. */
const chosen = (page, name) => page.getByRole('list', { name: 'Pliki do wiadomości' }).getByRole('listitem').filter({ hasText: name });

test('a councillor attaches a PDF, refused files are explained, and the other downloads the same bytes', async () => {
  const anna = await chatPage('anna');
  const jan = await chatPage('jan');
  state.anna = anna;
  state.jan = jan;
  await anna.page.getByLabel('Imię lub nazwisko').fill('Jan');
  await anna.page.getByRole('button', { name: 'Napisz do: Jan Radny' }).click();
  await anna.page.getByRole('heading', { level: 2, name: 'Jan Radny' }).waitFor({ timeout: LIVE_MS });
  state.cid = new URL(anna.page.url()).pathname.split('/').pop();
  const input = anna.page.getByLabel('Dołącz pliki');

  // Refused before any upload, by the server's own rules: the type, the content, the size.
  await input.setInputFiles({ name: 'notatka.html', mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>') });
  await chosen(anna.page, 'notatka.html').getByText('Ten typ pliku nie jest przyjmowany: tylko PDF, PNG, JPEG i WebP.').waitFor();
  await input.setInputFiles({ name: 'udawany.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>nie PDF</html>') });
  await chosen(anna.page, 'udawany.pdf').getByText('Plik nie jest dokumentem PDF.').waitFor();
  await input.setInputFiles({ name: 'skan.png', mimeType: 'image/png', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) });
  await chosen(anna.page, 'skan.png').getByText('Plik jest za duży: najwyżej 10 MiB.').waitFor();
  await checkScreen(anna.page, 'chat-attach-refused-pl');
  for (const name of ['notatka.html', 'udawany.pdf', 'skan.png']) {
    await anna.page.getByRole('button', { name: `Usuń plik: ${name}` }).click();
  }
  assert.equal(await anna.page.getByRole('list', { name: 'Pliki do wiadomości' }).count(), 0);

  // The PDF is uploaded at once and joins the message when it is sent.
  await input.setInputFiles({ name: 'Protokół komisji.pdf', mimeType: 'application/pdf', buffer: PDF });
  await chosen(anna.page, 'Protokół komisji.pdf').getByText(/^gotowy \(1 KiB\)$/).waitFor({ timeout: LIVE_MS });
  await checkScreen(anna.page, 'chat-attach-ready-pl');
  await anna.page.getByLabel('Wiadomość', { exact: true }).fill('Protokół z posiedzenia komisji w załączniku.');
  await anna.page.getByRole('button', { name: 'Wyślij', exact: true }).click();
  const sent = anna.page.locator('.chat-messages li').filter({ hasText: 'Protokół z posiedzenia komisji' });
  await sent.getByRole('link', { name: 'Protokół komisji.pdf' }).waitFor({ timeout: LIVE_MS });
  await sent.getByText('oczekuje na wysłanie').waitFor({ state: 'detached', timeout: LIVE_MS });
  assert.equal(await anna.page.getByRole('list', { name: 'Pliki do wiadomości' }).count(), 0, 'the composer starts afresh');

  // Jan downloads it: the same bytes, the same name.
  await jan.page.getByRole('link', { name: /Anna Radna/ }).click();
  const received = jan.page.locator('.chat-messages li').filter({ hasText: 'Protokół z posiedzenia komisji' });
  const link = received.getByRole('link', { name: 'Protokół komisji.pdf' });
  await link.waitFor({ timeout: LIVE_MS });
  const [download] = await Promise.all([jan.page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'Protokół komisji.pdf');
  assert.deepEqual(await readBytes(await download.path()), PDF);
  await checkScreen(jan.page, 'chat-attach-received-pl');
});

test('search finds a message in the person\'s conversations and its link opens the conversation', async () => {
  const { page } = state.jan;
  await page.goto(`${host.url}/chat`);
  await settle(page);
  const search = page.getByRole('search');
  // Too short: said before asking the server.
  await search.getByLabel('Szukane słowa').fill('a');
  await search.getByRole('button', { name: 'Szukaj' }).click();
  await page.waitForFunction(() => document.getElementById('chat-search-q')?.getAttribute('aria-invalid') === 'true');
  // Accent- and case-insensitive whole words.
  await search.getByLabel('Szukane słowa').fill('PROTOKOL komisji');
  await search.getByRole('button', { name: 'Szukaj' }).click();
  await page.getByRole('status').filter({ hasText: 'Znalezione wiadomości: 1' }).waitFor({ timeout: LIVE_MS });
  const result = page.locator('.chat-results li').first();
  await result.getByText('Anna Radna').first().waitFor();
  assert.match(await result.innerText(), /Protokół z posiedzenia komisji/);
  assert.match(await result.innerText(), /\d{2}\.\d{2}\.\d{4}/, 'a Polish date');
  await checkScreen(page, 'chat-search-results-pl');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 2, name: 'Search the conversations' }).waitFor();
  await checkScreen(page, 'chat-search-results-en');
  await page.getByRole('button', { name: 'Polski' }).click();
  await page.getByRole('heading', { level: 2, name: 'Szukaj w rozmowach' }).waitFor();
  await result.getByRole('link').click();
  await page.getByRole('heading', { level: 2, name: 'Anna Radna' }).waitFor({ timeout: LIVE_MS });
  assert.equal(new URL(page.url()).pathname, `/chat/${state.cid}`);
  // Nothing found is said so; nobody else's conversation is searched (the clerk is not in it).
  await search.getByLabel('Szukane słowa').fill('zebra');
  await search.getByRole('button', { name: 'Szukaj' }).click();
  await page.getByRole('status').filter({ hasText: 'Nic nie znaleziono.' }).waitFor({ timeout: LIVE_MS });
  const clerk = await chatPage('clerk');
  state.clerk = clerk;
  await clerk.page.getByRole('search').getByLabel('Szukane słowa').fill('protokół');
  await clerk.page.getByRole('search').getByRole('button', { name: 'Szukaj' }).click();
  await clerk.page.getByRole('status').filter({ hasText: 'Nic nie znaleziono.' }).waitFor({ timeout: LIVE_MS });
});

test('the push control says its state: blocked or not allowed without permission, never on without a subscription', async () => {
  const { page } = state.anna;
  await page.goto(`${host.url}/chat`);
  await settle(page);
  const section = page.getByRole('region', { name: 'Powiadomienia na tym urządzeniu' });
  const status = section.getByRole('status');
  await status.filter({ hasText: 'Powiadomienia są wyłączone na tym urządzeniu.' }).waitFor({ timeout: LIVE_MS });
  await checkScreen(page, 'chat-push-off-pl');
  // No permission granted: headless Chromium refuses (or dismisses) the prompt.
  await section.getByRole('button', { name: 'Włącz powiadomienia' }).click();
  await status.filter({ hasText: /zablokowane|Nie zezwolono/ }).waitFor({ timeout: LIVE_MS });
  await checkScreen(page, 'chat-push-refused-pl');

  // Permission granted: the browser must reach its push service to subscribe. Here it cannot
  // (no network to one), and the control says so; if it could, it would be on and hold a
  // real subscription, which turning off removes.
  const context = await browser.newContext({ ...TABLET });
  opened.push(context);
  await context.grantPermissions(['notifications'], { origin: host.url });
  const tab = await context.newPage();
  // Jan (his earlier tab is done with): a second sign-in of Anna would end her session.
  await signIn(tab, host.url, COUNCIL_PEOPLE.jan.email);
  await tab.goto(`${host.url}/chat`);
  await settle(tab);
  const granted = tab.getByRole('region', { name: 'Powiadomienia na tym urządzeniu' });
  await granted.getByRole('status').filter({ hasText: 'wyłączone' }).waitFor({ timeout: LIVE_MS });
  await granted.getByRole('button', { name: 'Włącz powiadomienia' }).click();
  const outcome = granted.getByRole('status').filter({ hasText: /Nie udało się włączyć powiadomień|Powiadomienia są włączone/ });
  await outcome.waitFor({ timeout: 30_000 });
  const subscribed = await tab.evaluate(async () => !!(await (await navigator.serviceWorker.ready).pushManager.getSubscription()));
  if ((await outcome.innerText()).includes('włączone')) {
    assert.ok(subscribed, 'on only with a subscription in the browser');
    await granted.getByRole('button', { name: 'Wyłącz powiadomienia' }).click();
    await granted.getByRole('status').filter({ hasText: 'wyłączone' }).waitFor({ timeout: LIVE_MS });
    assert.equal(await tab.evaluate(async () => !!(await (await navigator.serviceWorker.ready).pushManager.getSubscription())), false);
  } else {
    assert.equal(subscribed, false, 'failed means no subscription');
    await granted.getByRole('button', { name: 'Włącz powiadomienia' }).waitFor();
  }
  await checkScreen(tab, 'chat-push-outcome-pl');
  await tab.getByRole('button', { name: 'English' }).click();
  await tab.getByRole('heading', { level: 2, name: 'Notifications on this device' }).waitFor();
  await tab.getByRole('region', { name: 'Notifications on this device' }).getByRole('status')
    .filter({ hasText: /could not be turned on|are off|are on/ }).waitFor();
  await checkScreen(tab, 'chat-push-outcome-en');
  await tab.getByRole('button', { name: 'Polski' }).click();
});

test('the council office manages a group it is not in and cannot open its messages', async () => {
  const { context, page } = state.clerk;
  await page.goto(`${host.url}/chat`);
  await settle(page);
  await page.getByLabel('Nazwa grupy').fill('Klub Radnych');
  await page.getByLabel('Szukaj konta (imię, nazwisko, e-mail)').first().fill('gmina');
  for (const name of ['Anna Radna', 'Jan Radny']) {
    await page.getByLabel(new RegExp(`^${name} \\(`)).check();
  }
  await page.getByRole('button', { name: 'Utwórz grupę' }).click();
  // Not a member: the office's list of groups, where the group can still be managed.
  await page.getByRole('heading', { level: 1, name: 'Grupy czatu' }).waitFor({ timeout: LIVE_MS });
  const group = page.getByRole('article', { name: 'Klub Radnych' });
  await group.getByText('Nie należysz do tej grupy: jej wiadomości są dla Ciebie niedostępne.').waitFor({ timeout: LIVE_MS });
  const gid = (await group.getAttribute('aria-labelledby')).replace('chat-group-', '');
  await checkScreen(page, 'chat-groups-clerk-pl');

  await group.getByText('Zarządzanie grupą').click();
  await group.getByLabel('Nazwa grupy').fill('Klub Radnych Niezależnych');
  await group.getByRole('button', { name: 'Zmień nazwę' }).click();
  const renamed = page.getByRole('article', { name: 'Klub Radnych Niezależnych' });
  await renamed.getByRole('status').filter({ hasText: 'Zapisano.' }).waitFor({ timeout: LIVE_MS });
  await renamed.getByLabel('Szukaj konta (imię, nazwisko, e-mail)').fill('gmina');
  await renamed.getByLabel(/^Jan Radny \(/).uncheck();
  await renamed.getByRole('button', { name: 'Zapisz członków' }).click();
  await renamed.getByText('Uczestnicy (1)').waitFor({ timeout: LIVE_MS });
  await checkScreen(page, 'chat-groups-managed-pl');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Chat groups' }).waitFor();
  await checkScreen(page, 'chat-groups-managed-en');
  await page.getByRole('button', { name: 'Polski' }).click();

  // The messages stay with the members: 404 through the API and nothing on screen.
  await send(state.anna, gid, 'Ustalenia klubu tylko dla członków.');
  const answer = await context.request.get(`${host.url}/api/chat/conversations/${gid}/messages`);
  assert.equal(answer.status(), 404);
  await page.goto(`${host.url}/chat/${gid}`);
  await page.locator('.chat-thread').getByRole('alert').waitFor({ timeout: LIVE_MS });
  assert.equal(await page.getByText('Ustalenia klubu').count(), 0);
  // The member reads it under its new name.
  const anna = state.anna.page;
  await anna.goto(`${host.url}/chat/${gid}`);
  await anna.getByRole('heading', { level: 2, name: 'Klub Radnych Niezależnych' }).waitFor({ timeout: LIVE_MS });
  await anna.locator('.chat-messages li').filter({ hasText: 'Ustalenia klubu' }).waitFor({ timeout: LIVE_MS });
});

/** `who` sends `text` to `cid` through their own browser session (its cookie and CSRF header). */
async function send({ context }, cid, text) {
  const answer = await context.request.post(`${host.url}/api/chat/conversations/${cid}/messages`, {
    headers: { 'X-Ratusz-CSRF': '1' }, data: { text },
  });
  assert.equal(answer.status(), 201, await answer.text());
}

test('signing out makes the server forget this browser\'s push subscription, so the next person on the tablet gets none of them', async () => {
  // Anna's tablet holds a subscription the server accepted (made here through the API: headless
  // Chromium cannot reach a push service to make one itself) and the record the opt-in keeps.
  const { context, page } = await signedInPage(browser, host.url, COUNCIL_PEOPLE.anna.email);
  opened.push(context);
  const made = await page.evaluate(async () => {
    const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
      .replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
    const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const endpoint = 'https://push.example.net/send/anna-tablet';
    const response = await fetch('/api/chat/push-subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ratusz-csrf': '1' },
      body: JSON.stringify({
        endpoint,
        keys: {
          p256dh: b64url(await crypto.subtle.exportKey('raw', pair.publicKey)),
          auth: b64url(crypto.getRandomValues(new Uint8Array(16))),
        },
      }),
    });
    const body = await response.json();
    const me = await (await fetch('/api/auth/me')).json();
    localStorage.setItem('ratusz.chat.push', JSON.stringify({ user_id: me.user.id, endpoint, id: body.id }));
    return { status: response.status, id: body.id };
  });
  assert.equal(made.status, 201, JSON.stringify(made));

  await page.getByRole('button', { name: 'Wyloguj się', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Logowanie' }).waitFor({ timeout: LIVE_MS });
  assert.equal(await page.evaluate(() => localStorage.getItem('ratusz.chat.push')), null);

  // Signed in again: the subscription is no longer hers to delete — the server has none.
  await signIn(page, host.url, COUNCIL_PEOPLE.anna.email);
  const again = await page.evaluate(async (id) => (await fetch(`/api/chat/push-subscriptions/${id}`, {
    method: 'DELETE', headers: { 'x-ratusz-csrf': '1' },
  })).status, made.id);
  assert.equal(again, 404, 'the sign-out deleted the subscription on the server');
});
