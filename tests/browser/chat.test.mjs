// The council's chat in a real browser (issue 17): two councillors on tablets (1280×800 and
// 800×1280) write to each other and see each other's messages arrive by the live poll, with
// a mention and a reply; a `<script>` payload arrives inert; the clerk makes a group on a
// phone (390×844); a councillor goes offline, writes, sees the message pending (also after a
// reload), comes back online and exactly one copy is delivered — checked through the API as
// the other councillor, in that person's own browser session. axe-core on every screen.
import { test, before, after, afterEach } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser, screenshot, artifacts,
} from './support.mjs';
import {
  ADMIN_EMAIL, COUNCIL_PEOPLE, loginWithOwnPassword, register, signedInPage, settle, checkScreen,
} from './people.mjs';

const TABLET_PORTRAIT = { viewport: { width: 800, height: 1280 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const LIVE_MS = 10_000;

let capture;
let host;
let browser;
let api;
const ids = {};
const opened = [];

before(async () => {
  capture = await startCaptureServer();
  host = await startAppHost({ variables: gatewayVariables(capture) });
  api = jsonApi(host.url);
  // The first request makes the bootstrap administrator (its start password goes to the gateway).
  const health = await fetch(`${host.url}/api/health`);
  assert.ok(health.ok, `GET /api/health answered ${health.status}`);
  const adminToken = await loginWithOwnPassword(api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL));
  for (const key of ['anna', 'jan', 'clerk']) {
    ids[key] = await register(api, capture, adminToken, COUNCIL_PEOPLE[key]);
  }
  browser = await launchBrowser();
});

// What each open tab shows when a test ends, and the host's log, for a failure's reader.
afterEach(async (t) => {
  let n = 0;
  for (const context of opened) {
    for (const page of context.pages()) {
      await screenshot(page, `chat-end-${t.name.slice(0, 20).replace(/\W+/g, '-')}-${n += 1}`).catch(() => {});
    }
  }
  if (host) writeFileSync(join(artifacts, 'chat-host.log'), host.log());
});

after(async () => {
  for (const context of opened) await context.close().catch(() => {});
  await browser?.close();
  await host?.stop();
  host?.cleanup();
  await capture?.close();
});

/** A signed-in tab of `who` on the chat page, reached from the navigation's link. */
async function chatPage(who, options) {
  const { context, page } = await signedInPage(browser, host.url, COUNCIL_PEOPLE[who].email, options);
  opened.push(context);
  const link = page.getByRole('navigation').getByRole('link', { name: /^Czat/ });
  if (await link.isVisible()) {
    await link.click();
  } else {
    await page.goto(`${host.url}/chat`);
  }
  await page.getByRole('heading', { level: 1, name: 'Czat' }).waitFor({ timeout: LIVE_MS });
  await settle(page);
  return { context, page };
}

/** The messages of `cid` as `context`'s own session reads them (its cookie, no new login). */
async function messagesAs(context, cid) {
  const answer = await context.request.get(`${host.url}/api/chat/conversations/${cid}/messages?limit=100`);
  assert.equal(answer.status(), 200, await answer.text());
  return (await answer.json()).items;
}

const state = {};

test('two councillors write to each other live, with a mention, a reply and an inert script', async () => {
  const anna = await chatPage('anna');
  const jan = await chatPage('jan', TABLET_PORTRAIT);
  state.anna = anna;
  state.jan = jan;
  // The council-wide channel is there for both, on top.
  await anna.page.getByRole('link', { name: /Cała rada/ }).waitFor({ timeout: LIVE_MS });
  await checkScreen(anna.page, 'chat-list-anna');
  // This host has no VAPID key: the push control says so and offers nothing to press.
  const push = anna.page.getByRole('region', { name: 'Powiadomienia na tym urządzeniu' });
  await push.getByRole('status').filter({ hasText: 'Powiadomienia push nie są włączone na tym serwerze.' }).waitFor({ timeout: LIVE_MS });
  assert.equal(await push.getByRole('button').count(), 0);

  await anna.page.getByLabel('Imię lub nazwisko').fill('Jan');
  await anna.page.getByRole('button', { name: 'Napisz do: Jan Radny' }).click();
  await anna.page.getByRole('heading', { level: 2, name: 'Jan Radny' }).waitFor({ timeout: LIVE_MS });
  state.cid = new URL(anna.page.url()).pathname.split('/').pop();

  // A mention through the picker, by keyboard only.
  const text = anna.page.getByLabel('Wiadomość', { exact: true });
  await text.fill('Dzień dobry ');
  await anna.page.getByRole('button', { name: 'Wspomnij osobę' }).focus();
  await anna.page.keyboard.press('Enter');
  await anna.page.keyboard.type('Jan');
  await anna.page.keyboard.press('Tab');
  await anna.page.keyboard.press('Enter');
  assert.match(await text.inputValue(), new RegExp(`^Dzień dobry @\\[Jan Radny\\]\\(user:${ids.jan}\\) $`));
  await text.press('End');
  await text.pressSequentially('— czy **jutro** o 10?');
  await text.press('Control+Enter');
  const mine = anna.page.locator('.chat-messages li').filter({ hasText: 'czy jutro o 10?' });
  await mine.waitFor({ timeout: LIVE_MS });
  await anna.page.locator('.chat-messages').getByText('oczekuje na wysłanie').waitFor({ state: 'detached', timeout: LIVE_MS });
  assert.equal(await anna.page.locator('.chat-messages li').filter({ hasText: 'Dzień dobry' }).count(), 1);
  await checkScreen(anna.page, 'chat-direct-anna');

  // Jan: the new conversation arrives by the poll with its counts and the badge.
  const row = jan.page.getByRole('link', { name: /Anna Radna/ });
  await row.waitFor({ timeout: LIVE_MS });
  await row.getByText('nieprzeczytane: 1').waitFor({ timeout: LIVE_MS });
  await row.getByText('wzmianki o Tobie: 1').waitFor();
  await jan.page.getByRole('link', { name: /^Czat\W+1\W+nieprzeczytane/ }).waitFor();
  await checkScreen(jan.page, 'chat-list-jan');
  await row.click();
  const received = jan.page.locator('.chat-messages li').filter({ hasText: 'czy jutro o 10?' });
  await received.waitFor({ timeout: LIVE_MS });
  assert.equal(await received.locator('strong').innerText(), 'jutro');
  assert.equal(await received.locator('.mention').innerText(), 'Jan Radny');
  // Seen: the read marker moves and the badge goes.
  await jan.page.getByRole('link', { name: /^Czat\W+1\W+nieprzeczytane/ }).waitFor({ state: 'detached', timeout: LIVE_MS });

  // A reply carrying script and HTML payloads.
  await received.getByRole('button', { name: 'Odpowiedz' }).click();
  await jan.page.getByText('Odpowiadasz na wiadomość:').waitFor();
  const payload = 'Tak <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> [klik](javascript:window.__pwned=3)';
  await jan.page.getByLabel('Wiadomość', { exact: true }).fill(payload);
  await jan.page.getByRole('button', { name: 'Wyślij', exact: true }).click();
  await checkScreen(jan.page, 'chat-direct-jan');

  // Anna sees the reply live, quoting her message, inert.
  const reply = anna.page.locator('.chat-messages li').filter({ hasText: 'W odpowiedzi na wiadomość: Anna Radna' });
  await reply.waitFor({ timeout: LIVE_MS });
  await reply.locator('.chat-quote').getByText(/Dzień dobry @Jan Radny/).waitFor();
  assert.equal(await anna.page.locator('.chat-messages script, .chat-messages img, .chat-messages [onerror]').count(), 0);
  assert.equal(await anna.page.locator('.chat-messages a[href^="javascript"]').count(), 0);
  await anna.page.waitForTimeout(300);
  assert.equal(await anna.page.evaluate(() => window.__pwned), undefined);
  assert.equal(await jan.page.evaluate(() => window.__pwned), undefined);
  // The printable export for the archive opens from the conversation (members only).
  const href = await anna.page.getByRole('link', { name: 'Wersja do druku (archiwum)' }).getAttribute('href');
  const printable = await anna.context.request.get(`${host.url}${href}`, { headers: { Accept: 'text/html' } });
  assert.equal(printable.status(), 200);
  assert.match(printable.headers()['content-type'], /^text\/html/);
  // The live region said who wrote, once.
  assert.equal(await anna.page.locator('[aria-live="polite"]').filter({ hasText: 'Nowa wiadomość od: Jan Radny' }).count(), 1);
});

test('the clerk makes a group on a phone and its members read it', async () => {
  const clerk = await chatPage('clerk', PHONE);
  await clerk.page.getByLabel('Nazwa grupy').fill('Komisja Budżetowa');
  await clerk.page.getByLabel('Szukaj konta (imię, nazwisko, e-mail)').first().fill('gmina');
  for (const name of ['Anna Radna', 'Jan Radny', 'Cezary Biurowy']) {
    await clerk.page.getByLabel(new RegExp(`^${name} \\(`)).check();
  }
  await clerk.page.getByRole('button', { name: 'Utwórz grupę' }).click();
  await clerk.page.getByRole('heading', { level: 2, name: 'Komisja Budżetowa' }).waitFor({ timeout: LIVE_MS });
  await clerk.page.getByLabel('Wiadomość', { exact: true }).fill('Posiedzenie komisji w czwartek o 9:00.');
  await clerk.page.getByRole('button', { name: 'Wyślij', exact: true }).click();
  await clerk.page.locator('.chat-messages li').filter({ hasText: 'Posiedzenie komisji' })
    .getByText('oczekuje na wysłanie').waitFor({ state: 'detached', timeout: LIVE_MS });
  await checkScreen(clerk.page, 'chat-group-clerk-phone');

  const { page } = state.anna;
  const group = page.getByRole('link', { name: /Komisja Budżetowa/ });
  await group.waitFor({ timeout: LIVE_MS });
  await group.click();
  await page.locator('.chat-messages li').filter({ hasText: 'Posiedzenie komisji w czwartek' }).waitFor({ timeout: LIVE_MS });
  await checkScreen(page, 'chat-group-anna');
});

test('a message written offline waits, survives a reload and is delivered exactly once', async () => {
  const { context, page } = state.anna;
  await page.goto(`${host.url}/chat/${state.cid}`);
  await page.getByRole('heading', { level: 2, name: 'Jan Radny' }).waitFor({ timeout: LIVE_MS });
  await settle(page);
  await context.setOffline(true);
  const words = 'Napisane bez sieci, wysłane raz.';
  await page.getByLabel('Wiadomość', { exact: true }).fill(words);
  await page.getByRole('button', { name: 'Wyślij', exact: true }).click();
  const pending = page.locator('.chat-messages li').filter({ hasText: words });
  await pending.getByText('oczekuje na wysłanie').waitFor();
  await checkScreen(page, 'chat-offline-pending');

  // Still offline: the reload comes from the service worker, the conversation from the kept
  // copy, the message from the queue.
  await page.reload();
  await page.getByRole('heading', { level: 2, name: 'Jan Radny' }).waitFor({ timeout: LIVE_MS });
  await page.getByText(/^Kopia z .* brak połączenia/).waitFor({ timeout: LIVE_MS });
  await page.locator('.chat-messages li').filter({ hasText: 'czy jutro o 10?' }).first().waitFor();
  await page.locator('.chat-messages li').filter({ hasText: words }).getByText('oczekuje na wysłanie').waitFor();
  await screenshot(page, 'chat-offline-reloaded');

  await context.setOffline(false);
  await page.locator('.chat-messages li').filter({ hasText: words }).getByText('oczekuje na wysłanie')
    .waitFor({ state: 'detached', timeout: LIVE_MS * 2 });
  await state.jan.page.locator('.chat-messages li').filter({ hasText: words }).waitFor({ timeout: LIVE_MS });
  // Give any duplicate the time a second send would take, then count as Jan.
  await page.waitForTimeout(2_000);
  const copies = (await messagesAs(state.jan.context, state.cid)).filter((m) => m.text === words);
  assert.equal(copies.length, 1, `copies delivered: ${copies.length}`);
  assert.equal(await page.locator('.chat-messages li').filter({ hasText: words }).count(), 1);
});
