// Council sessions in a real browser: two councillors' tablets and the chair's console run a
// meeting end to end — check in, the floor, a poll opened, cast from both tablets with the
// confirmation step, closed — and both tablets and the public screen show the result with the
// receipts. Every council screen is checked with axe-core (Polish; the tablet also in English).
// Accounts and the meeting are arranged through the API (their own suites test those screens);
// what happens in the chamber is done in the browser, by role and label.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser, screenshot, artifacts,
} from './support.mjs';
import {
  ADMIN_EMAIL, PASSWORD, TABLET, COUNCIL_PEOPLE,
  loginWithOwnPassword, register, signIn, signedInPage, settle, checkScreen,
} from './people.mjs';

const PEOPLE = COUNCIL_PEOPLE;

let capture;
let host;
let browser;
/** Account ids by key of PEOPLE. */
const ids = {};
/** The meeting arranged in `before`. */
let meeting;

// ---- helpers ----

/** The app's API as a script calls it (set once the host runs). */
let api;

/**
 * A button whose accessible name starts with `prefix`. Names carry the item in visually hidden
 * text ("Udziel głosu: Anna Radna"), which Chromium may join with a space before the colon.
 */
const buttonStarting = (scope, prefix) => scope.getByRole('button', { name: namePrefix(prefix) });

/** A pattern for an accessible name starting with `prefix`, tolerant of a space before ':'. */
function namePrefix(prefix) {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:/g, '\\s*:');
  return new RegExp(`^${escaped}`);
}

// ---- setup ----

before(async () => {
  capture = await startCaptureServer();
  host = await startAppHost({ variables: gatewayVariables(capture) });
  api = jsonApi(host.url);
  const health = await fetch(`${host.url}/api/health`);
  assert.ok(health.ok, `GET /api/health answered ${health.status}`);
  const adminToken = await loginWithOwnPassword(api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL));
  for (const [key, person] of Object.entries(PEOPLE)) {
    ids[key] = await register(api, capture, adminToken, person);
  }

  // The clerk prepares and publishes the meeting: statutory composition 3, so two councillors
  // present make the quorum (2 × 2 ≥ 3).
  const clerk = await loginWithOwnPassword(api, PEOPLE.clerk.email, PASSWORD);
  const created = await api('/api/sessions', {
    method: 'POST',
    token: clerk,
    body: {
      title: 'Sesja Rady Miasta', number: 'XII', kind: 'session',
      starts_at: new Date(Date.now() + 3_600_000).toISOString(), location: 'Sala obrad, Rynek 1',
      video_url: 'https://meet.example.pl/sesja-xii', statutory_members: 3,
      member_ids: [ids.anna, ids.jan],
    },
  });
  assert.equal(created.status, 201, `create the meeting: ${created.text}`);
  meeting = created.json;
  const item = await api(`/api/sessions/${meeting.id}/agenda`, {
    method: 'POST', token: clerk, body: { title: 'Projekt uchwały w sprawie budżetu', description: 'Druk nr 12/2026' },
  });
  assert.equal(item.status, 201, `agenda item: ${item.text}`);
  const published = await api(`/api/sessions/${meeting.id}/publish`, { method: 'POST', token: clerk });
  assert.equal(published.status, 200, `publish: ${published.text}`);

  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (host) {
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'council-host.log'), host.log());
  }
  await host?.stop();
  host?.cleanup();
  await capture?.close();
});

// ---- tests ----

test('two tablets and the chair run a poll end to end; receipts only after the server confirmed; the public screen shows the result', async () => {
  const chair = await signedInPage(browser, host.url, PEOPLE.chair.email);
  const anna = await signedInPage(browser, host.url, PEOPLE.anna.email);
  const jan = await signedInPage(browser, host.url, PEOPLE.jan.email);
  const screenContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const screen = await screenContext.newPage();
  const tabletUrl = `${host.url}/sessions/${meeting.id}`;
  try {
    await runMeeting({ chair, anna, jan, screen, tabletUrl });
  } catch (error) {
    // What each screen showed when the scenario stopped.
    for (const [name, page] of [['chair', chair.page], ['anna', anna.page], ['jan', jan.page], ['screen', screen]]) {
      await screenshot(page, `council-failed-${name}`).catch(() => {});
    }
    throw error;
  } finally {
    for (const c of [chair.context, anna.context, jan.context, screenContext]) await c.close();
  }
});

/** The scenario of the first test, step by step. */
async function runMeeting({ chair, anna, jan, screen, tabletUrl }) {

  // The meetings list links the tablet.
  await anna.page.getByRole('navigation').first().getByRole('link', { name: 'Posiedzenia', exact: true }).click();
  await anna.page.getByRole('heading', { level: 2, name: 'Sesja Rady Miasta XII' }).waitFor();
  await buttonStartingLink(anna.page, 'Tablet radnego').click();
  await anna.page.getByRole('heading', { level: 1, name: 'Sesja Rady Miasta XII' }).waitFor();
  await jan.page.goto(tabletUrl);

  // Check in: one in the chamber, one remotely; the quorum follows.
  await anna.page.getByRole('button', { name: 'Jestem na sali', exact: true }).click();
  await anna.page.getByText('Twoja obecność: na sali').waitFor();
  await jan.page.getByRole('button', { name: 'Uczestniczę zdalnie', exact: true }).click();
  await jan.page.getByText('Twoja obecność: zdalnie').waitFor();
  await jan.page.getByRole('link', { name: /Dołącz do wideokonferencji/ }).waitFor();
  await anna.page.getByText('Obecni: 2 z 3').waitFor();

  // The chair opens the meeting and makes the agenda item current.
  await chair.page.goto(`${host.url}/sessions/${meeting.id}/chair`);
  await chair.page.getByRole('heading', { level: 1, name: /^Prowadzenie obrad/ }).waitFor();
  await chair.page.getByRole('button', { name: 'Otwórz posiedzenie', exact: true }).click();
  await chair.page.getByRole('button', { name: 'Potwierdź: Otwórz posiedzenie', exact: true }).click();
  await chair.page.getByRole('status').filter({ hasText: 'Posiedzenie otwarte.' }).waitFor();
  await buttonStarting(chair.page, 'Ustaw jako bieżący').click();
  await anna.page.getByText('Bieżący punkt: Projekt uchwały w sprawie budżetu').waitFor();

  // The floor: Anna asks, the chair grants, Anna's tablet says she has the floor.
  await anna.page.getByRole('button', { name: 'Zgłoś się: do dyskusji', exact: true }).click();
  await anna.page.getByText('Czekasz na udzielenie głosu.').waitFor();
  await buttonStarting(chair.page, 'Udziel głosu: Anna Radna').click();
  await anna.page.getByText('Masz głos', { exact: true }).waitFor();
  await anna.page.getByRole('timer').waitFor();
  // Everyone sees the speaker; ad vocem is possible now that someone speaks.
  await jan.page.getByText('Głos ma: Anna Radna (do dyskusji)').waitFor();
  assert.ok(await jan.page.getByRole('button', { name: 'Zgłoś się: ad vocem', exact: true }).isEnabled());
  await screenshot(anna.page, 'council-tablet-floor-pl');
  await checkScreen(chair.page, 'council-chair-console-speaking-pl');
  await chair.page.getByRole('button', { name: 'Zakończ wystąpienie', exact: true }).click();
  await anna.page.getByText('Nikt teraz nie przemawia.').waitFor();

  // The chair prepares and opens an open poll (simple majority).
  const pollTitle = 'Przyjęcie uchwały budżetowej';
  await chair.page.getByLabel('Przedmiot głosowania', { exact: true }).fill(pollTitle);
  await chair.page.getByLabel('Wymagana większość', { exact: true }).selectOption({ label: 'zwykła większość głosów' });
  await chair.page.getByRole('button', { name: 'Przygotuj głosowanie', exact: true }).click();
  await buttonStarting(chair.page, `Otwórz głosowanie: ${pollTitle}`).click();
  await chair.page.getByRole('status').filter({ hasText: 'Głosowanie otwarte.' }).waitFor();

  // Anna votes ZA. Her POST is held back for a moment: until the server answers, the tablet
  // says "sending" and shows no receipt.
  await anna.page.getByRole('button', { name: 'ZA', exact: true }).waitFor();
  // No scrolling for the vote: both tablets show every choice on the screen as it is.
  for (const [who, tablet] of [['Anna', anna.page], ['Jan', jan.page]]) {
    await tablet.getByRole('button', { name: 'ZA', exact: true }).waitFor();
    for (const name of ['ZA', 'PRZECIW', 'WSTRZYMUJĘ SIĘ']) {
      const where = await onFirstScreen(tablet, tablet.getByRole('button', { name, exact: true }));
      assert.ok(where.inside && !where.covered, `${who}'s ${name} is not on the screen: ${JSON.stringify(where)}`);
    }
  }
  await checkScreen(anna.page, 'council-tablet-poll-open-pl');
  let release;
  const held = new Promise((r) => { release = r; });
  let idempotencyKey = null;
  await anna.page.route('**/votes', async (route) => {
    idempotencyKey = route.request().headers()['idempotency-key'] ?? null;
    await held;
    await route.continue();
  });
  await anna.page.getByRole('button', { name: 'ZA', exact: true }).click();
  await anna.page.getByText('Czy na pewno oddajesz głos ZA?').waitFor();
  await anna.page.getByRole('button', { name: 'Potwierdzam: ZA', exact: true }).click();
  await anna.page.getByText('Wysyłanie głosu ZA…').waitFor();
  assert.equal(await anna.page.getByText('Twój głos został zapisany.').count(), 0, 'no receipt before the server answered');
  assert.match(idempotencyKey ?? '', /^[0-9a-f]{32}$/, 'the cast carries an Idempotency-Key');
  release();
  await anna.page.getByText('Twój głos został zapisany.').waitFor();
  const annaReceipt = (await anna.page.locator('.receipt-code').first().innerText()).trim();
  assert.match(annaReceipt, /^[0-9A-HJKMNP-TV-Z]{8,}$/, `receipt in Crockford base32: ${annaReceipt}`);
  await anna.page.unroute('**/votes');

  // Jan abstains.
  await jan.page.getByRole('button', { name: 'WSTRZYMUJĘ SIĘ', exact: true }).click();
  await jan.page.getByRole('button', { name: 'Potwierdzam: WSTRZYMUJĘ SIĘ', exact: true }).click();
  await jan.page.getByText('Twój głos został zapisany.').waitFor();
  const janReceipt = (await jan.page.locator('.receipt-code').first().innerText()).trim();
  await chair.page.getByText('Głosowało: 2 z 2').waitFor();
  await screen.goto(`${host.url}/screen/${meeting.id}`);
  await screen.getByText('Głosowało: 2 z 2').waitFor();
  await screenshot(screen, 'council-screen-poll-open-pl');

  // The chair closes the poll.
  const closeWhere = await onFirstScreen(chair.page, chair.page.getByRole('button', { name: 'Zamknij głosowanie', exact: true }));
  assert.ok(closeWhere.inside && !closeWhere.covered, `the chair scrolls for "Zamknij głosowanie": ${JSON.stringify(closeWhere)}`);
  await chair.page.getByRole('button', { name: 'Zamknij głosowanie', exact: true }).click();
  await chair.page.getByRole('button', { name: 'Potwierdź: Zamknij głosowanie', exact: true }).click();
  await chair.page.getByRole('heading', { name: `Wynik głosowania: ${pollTitle}` }).waitFor();

  // Both tablets show the result and find their own receipt in the named list.
  for (const [tablet, receipt, choice, who] of [
    [anna.page, annaReceipt, 'ZA', 'Anna Radna'],
    [jan.page, janReceipt, 'WSTRZYMUJĘ SIĘ', 'Jan Radny'],
  ]) {
    await tablet.getByRole('heading', { name: `Wynik głosowania: ${pollTitle}` }).waitFor();
    await tablet.getByText('Przyjęto', { exact: true }).waitFor();
    const list = tablet.getByRole('table', { name: 'Imienny wykaz głosowania' });
    const row = list.getByRole('row').filter({ hasText: who });
    await row.waitFor();
    const text = await row.innerText();
    assert.ok(text.includes(receipt), `${who}'s row shows the receipt ${receipt}: ${text}`);
    assert.ok(text.includes(choice), `${who}'s row shows ${choice}: ${text}`);
    await tablet.getByText(`Twoje potwierdzenie głosu: ${receipt}`).waitFor();
  }
  await checkScreen(anna.page, 'council-tablet-result-pl');
  await checkScreen(jan.page, 'council-tablet-result-jan-pl');

  // The public screen (no sign-in) shows the result too.
  await screen.getByRole('heading', { name: `Wynik głosowania: ${pollTitle}` }).waitFor();
  await screen.getByText('Przyjęto', { exact: true }).waitFor();
  await checkScreen(screen, 'council-screen-result-pl');
  const fit = await screen.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  assert.ok(fit <= 0, `the projector scrolls by ${fit} px at 1280×720`);
  await checkScreen(chair.page, 'council-chair-console-result-pl');

  // The same tablet in English.
  await anna.page.getByRole('button', { name: 'English', exact: true }).click();
  await anna.page.getByRole('heading', { name: `Result of the vote: ${pollTitle}` }).waitFor();
  await anna.page.getByText('Passed', { exact: true }).waitFor();
  await checkScreen(anna.page, 'council-tablet-result-en');
  await anna.page.getByRole('button', { name: 'Polski', exact: true }).click();
}

test('the clerk editor, the meetings lists and the public list have no axe-core violations', async () => {
  const clerk = await signedInPage(browser, host.url, PEOPLE.clerk.email);
  await clerk.page.goto(`${host.url}/clerk/sessions`);
  await clerk.page.getByRole('heading', { level: 1, name: 'Biuro Rady: posiedzenia' }).waitFor();
  await clerk.page.getByRole('link', { name: 'Sesja Rady Miasta XII' }).waitFor();
  await checkScreen(clerk.page, 'council-clerk-list-pl');
  await clerk.page.getByRole('link', { name: 'Sesja Rady Miasta XII' }).click();
  await clerk.page.getByRole('heading', { level: 1, name: /^Edycja posiedzenia/ }).waitFor();
  await clerk.page.getByText('Projekt uchwały w sprawie budżetu').first().waitFor();
  await checkScreen(clerk.page, 'council-clerk-editor-pl');

  // A PDF attachment with a Polish file name, uploaded from the editor, becomes a download link.
  await clerk.page.getByLabel(/^Załącznik PDF do punktu/).first().setInputFiles({
    name: 'Uchwała budżetowa.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  });
  await clerk.page.getByRole('button', { name: 'Wyślij plik', exact: true }).first().click();
  await clerk.page.getByRole('status').filter({ hasText: 'Załącznik dodany.' }).waitFor();
  await clerk.page.getByRole('link', { name: /^Uchwała budżetowa\.pdf/ }).first().waitFor();

  // Adding an agenda item from the editor.
  await clerk.page.getByLabel('Tytuł punktu', { exact: true }).first().fill('Wolne wnioski');
  await clerk.page.getByRole('button', { name: 'Dodaj punkt', exact: true }).click();
  await clerk.page.getByRole('listitem').filter({ hasText: 'Wolne wnioski' }).first().waitFor();

  await clerk.page.goto(`${host.url}/sessions`);
  await clerk.page.getByRole('heading', { level: 1, name: 'Posiedzenia' }).waitFor();
  await checkScreen(clerk.page, 'council-sessions-list-clerk-pl');
  await clerk.context.close();

  const visitor = await browser.newContext(TABLET);
  const page = await visitor.newPage();
  await page.goto(`${host.url}/public/sessions`);
  await page.getByRole('heading', { level: 1, name: 'Sesje rady' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Sesja Rady Miasta XII' }).waitFor();
  await checkScreen(page, 'council-public-list-pl');
  await visitor.close();
});

/** A link whose accessible name starts with `prefix`. */
function buttonStartingLink(scope, prefix) {
  return scope.getByRole('link', { name: namePrefix(prefix) }).first();
}

test('a tablet whose account signs in on another device says so at its next poll', async () => {
  const first = await signedInPage(browser, host.url, PEOPLE.jan.email);
  await first.page.goto(`${host.url}/sessions/${meeting.id}`);
  await first.page.getByRole('heading', { level: 1, name: 'Sesja Rady Miasta XII' }).waitFor();
  const second = await signedInPage(browser, host.url, PEOPLE.jan.email);
  // No click on the first tablet: its once-a-second poll meets the 401 by itself.
  const notice = first.page.getByRole('alert').filter({ hasText: 'zalogowane na innym urządzeniu' });
  await notice.waitFor({ timeout: 10_000 });
  await screenshot(first.page, 'council-tablet-superseded-pl');
  assert.equal(await first.page.getByRole('button', { name: 'Wyloguj się' }).count(), 0);
  await first.context.close();
  await second.context.close();
});

test('the tablet and the public screen reflow at 200 % zoom of a 10" tablet (640 × 400 CSS px) without sideways scrolling', async () => {
  const { context, page } = await signedInPage(browser, host.url, PEOPLE.anna.email);
  await page.setViewportSize({ width: 640, height: 400 });
  for (const [path, name] of [[`/sessions/${meeting.id}`, 'tablet'], [`/screen/${meeting.id}`, 'screen']]) {
    await page.goto(`${host.url}${path}`);
    await page.getByRole('heading', { level: 1, name: 'Sesja Rady Miasta XII' }).waitFor();
    await settle(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow} px at 640 px`);
    await screenshot(page, `council-${name}-zoom200-pl`);
  }
  await context.close();
});

test('where the meeting allows it, a councillor changes an open vote from the tablet and gets a new receipt', async () => {
  // A second meeting, prepared through the API: Anna alone, changes allowed.
  const clerk = await loginWithOwnPassword(api, PEOPLE.clerk.email, PASSWORD);
  const created = await api('/api/sessions', {
    method: 'POST',
    token: clerk,
    body: {
      title: 'Komisja Budżetowa', number: '7', kind: 'committee',
      starts_at: new Date(Date.now() + 3_600_000).toISOString(), location: 'Sala 12',
      statutory_members: 1, member_ids: [ids.anna], allow_vote_change: true,
    },
  });
  assert.equal(created.status, 201, `create: ${created.text}`);
  const id = created.json.id;
  assert.equal((await api(`/api/sessions/${id}/publish`, { method: 'POST', token: clerk })).status, 200);
  const chairToken = await loginWithOwnPassword(api, PEOPLE.chair.email, PASSWORD);
  assert.equal((await api(`/api/sessions/${id}/open`, { method: 'POST', token: chairToken })).status, 200);
  const annaToken = await loginWithOwnPassword(api, PEOPLE.anna.email, PASSWORD);
  const checkIn = await api(`/api/sessions/${id}/attendance`, { method: 'POST', token: annaToken, body: { mode: 'in_person' } });
  assert.equal(checkIn.status, 200, `check in: ${checkIn.text}`);
  const poll = await api(`/api/sessions/${id}/polls`, {
    method: 'POST', token: chairToken, body: { title: 'Opinia o projekcie', kind: 'open', majority: { rule: 'simple', base: 'cast' } },
  });
  assert.equal(poll.status, 201, `poll: ${poll.text}`);
  assert.equal((await api(`/api/sessions/${id}/polls/${poll.json.id}/open`, { method: 'POST', token: chairToken })).status, 200);

  const anna = await signedInPage(browser, host.url, PEOPLE.anna.email);
  try {
    await anna.page.goto(`${host.url}/sessions/${id}`);
    await anna.page.getByRole('button', { name: 'ZA', exact: true }).click();
    await anna.page.getByRole('button', { name: 'Potwierdzam: ZA', exact: true }).click();
    await anna.page.getByText('Twój głos został zapisany.').waitFor();
    const first = (await anna.page.locator('.receipt-code').first().innerText()).trim();
    // The change is offered, with the same confirmation step.
    await anna.page.getByText('Możesz zmienić głos do zamknięcia głosowania:').waitFor();
    await anna.page.getByRole('button', { name: 'PRZECIW', exact: true }).click();
    await anna.page.getByRole('button', { name: 'Potwierdzam: PRZECIW', exact: true }).click();
    await anna.page.getByText('Twój głos: PRZECIW').waitFor();
    const second = (await anna.page.locator('.receipt-code').first().innerText()).trim();
    assert.notEqual(second, first, 'a changed vote has a new receipt');
    await checkScreen(anna.page, 'council-tablet-vote-changed-pl');
    const live = await api(`/api/sessions/${id}/live`, { token: chairToken });
    assert.equal(live.json.poll.voted, 1, 'a change is not a second vote');
  } finally {
    await anna.context.close();
  }
});

// ---- the chamber: every vote without scrolling (issue 14) ----

/** The three sizes a councillor votes on: a 10" tablet both ways and a phone. */
const VOTING_SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
  { width: 390, height: 844 },
];

/**
 * A published, opened meeting of Anna alone (statutory composition 1, so her check-in makes the
 * quorum), arranged through the API. Returns its id and the chair's token.
 */
async function openChamberMeeting(title, { checkIn = true } = {}) {
  const clerk = await loginWithOwnPassword(api, PEOPLE.clerk.email, PASSWORD);
  const created = await api('/api/sessions', {
    method: 'POST',
    token: clerk,
    body: {
      title, number: '1', kind: 'committee',
      starts_at: new Date(Date.now() + 3_600_000).toISOString(), location: 'Sala obrad',
      statutory_members: 1, member_ids: [ids.anna],
    },
  });
  assert.equal(created.status, 201, `create: ${created.text}`);
  const id = created.json.id;
  const item = await api(`/api/sessions/${id}/agenda`, {
    method: 'POST', token: clerk, body: { title: 'Sprawozdanie z wykonania budżetu' },
  });
  assert.equal(item.status, 201, `agenda item: ${item.text}`);
  assert.equal((await api(`/api/sessions/${id}/publish`, { method: 'POST', token: clerk })).status, 200);
  const chair = await loginWithOwnPassword(api, PEOPLE.chair.email, PASSWORD);
  assert.equal((await api(`/api/sessions/${id}/open`, { method: 'POST', token: chair })).status, 200);
  const current = await api(`/api/sessions/${id}/agenda/${item.json.id}/current`, { method: 'POST', token: chair });
  assert.equal(current.status, 200, `current item: ${current.text}`);
  if (checkIn) {
    const anna = await loginWithOwnPassword(api, PEOPLE.anna.email, PASSWORD);
    const r = await api(`/api/sessions/${id}/attendance`, { method: 'POST', token: anna, body: { mode: 'in_person' } });
    assert.equal(r.status, 200, `check in: ${r.text}`);
  }
  return { id, chair, itemId: item.json.id };
}

/** Creates and opens a poll as the chair; returns its id once the server said it is open. */
async function openPollAsChair(sessionId, chair, title, { timeLimit } = {}) {
  const body = { title, kind: 'open', majority: { rule: 'simple', base: 'cast' } };
  if (timeLimit) body.time_limit_s = timeLimit;
  const poll = await api(`/api/sessions/${sessionId}/polls`, { method: 'POST', token: chair, body });
  assert.equal(poll.status, 201, `poll: ${poll.text}`);
  const opened = await api(`/api/sessions/${sessionId}/polls/${poll.json.id}/open`, { method: 'POST', token: chair });
  assert.equal(opened.status, 200, `open: ${opened.text}`);
  return poll.json.id;
}

/**
 * Where `locator` is on the screen as it is now, without scrolling: its box inside the
 * viewport and the element at its centre (elementFromPoint) being it or inside it.
 */
async function onFirstScreen(page, locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inside = r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      inside, covered: !(hit && (hit === el || el.contains(hit))), scrollY: window.scrollY,
      box: { top: Math.round(r.top), bottom: Math.round(r.bottom), width: Math.round(r.width), height: Math.round(r.height) },
    };
  });
}

test('an open poll takes the first screen of the tablet at 1280×800, 800×1280 and 390×844 within a second of opening; the receipt stays there', async () => {
  const { id, chair } = await openChamberMeeting('Komisja Rewizyjna');
  for (const viewport of VOTING_SIZES) {
    const size = `${viewport.width}x${viewport.height}`;
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    try {
      await signIn(page, host.url, PEOPLE.anna.email);
      await page.goto(`${host.url}/sessions/${id}`);
      await page.getByRole('heading', { level: 1, name: 'Komisja Rewizyjna 1' }).waitFor();
      await settle(page);
      const title = `Absolutorium (${size})`;
      await openPollAsChair(id, chair, title, { timeLimit: 600 });
      const opened = Date.now();
      const ballot = page.getByRole('group', { name: 'Oddaj głos' });
      await ballot.getByRole('button', { name: 'ZA', exact: true }).waitFor({ timeout: 5_000 });
      const after = Date.now() - opened;
      await screenshot(page, `council-tablet-ballot-${size}`);
      assert.ok(after <= 1_000, `${size}: the ballot appeared ${after} ms after the poll opened`);
      await page.getByText(title, { exact: true }).first().waitFor();
      // The time left, on the same screen: 10:00 counting down.
      const clock = page.getByRole('timer').first();
      assert.match(await clock.innerText(), /^(10:00|9:[0-5]\d)$/, `${size}: the time left`);
      assert.ok((await onFirstScreen(page, clock)).inside, `${size}: the time left is on the first screen`);
      for (const name of ['ZA', 'PRZECIW', 'WSTRZYMUJĘ SIĘ']) {
        const where = await onFirstScreen(page, ballot.getByRole('button', { name, exact: true }));
        assert.equal(where.scrollY, 0, `${size}: the page did not scroll by itself`);
        assert.ok(where.inside, `${size}: ${name} is outside the first screen: ${JSON.stringify(where.box)}`);
        assert.ok(!where.covered, `${size}: ${name} is covered`);
        assert.ok(where.box.height >= 48 && where.box.width >= 48, `${size}: ${name} is only ${where.box.width}×${where.box.height}`);
      }
      await page.getByRole('button', { name: 'ZA', exact: true }).click();
      const confirm = page.getByRole('button', { name: 'Potwierdzam: ZA', exact: true });
      assert.ok((await onFirstScreen(page, confirm)).inside, `${size}: the confirmation is on the first screen`);
      await confirm.click();
      const receipt = page.getByText('Twój głos został zapisany.');
      await receipt.waitFor();
      assert.ok((await onFirstScreen(page, page.locator('.receipt-code').first())).inside, `${size}: the receipt is on the first screen`);
      if (viewport.width === 1280) await checkScreen(page, `council-tablet-ballot-cast-${size}`);
    } finally {
      await context.close();
    }
    // Closed before the next size opens its own poll.
    const live = await api(`/api/sessions/${id}/live`, { token: chair });
    const closed = await api(`/api/sessions/${id}/polls/${live.json.poll.id}/close`, { method: 'POST', token: chair });
    assert.equal(closed.status, 200, `close: ${closed.text}`);
  }
});

test('tablet confirmations follow a language switch and go away by themselves; the chosen attendance mode is said in words', async () => {
  const { id } = await openChamberMeeting('Komisja Oświaty', { checkIn: false });
  const { context, page } = await signedInPage(browser, host.url, PEOPLE.anna.email);
  try {
    await page.goto(`${host.url}/sessions/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Komisja Oświaty 1' }).waitFor();
    await page.getByRole('button', { name: /^Jestem na sali/ }).click();
    await page.getByRole('status').filter({ hasText: 'Obecność zapisana.' }).waitFor();
    // aria-pressed once the live document has the new mode.
    const chosen = page.getByRole('button', { name: /^Jestem na sali/, pressed: true });
    await chosen.waitFor();
    assert.match(await chosen.innerText(), /wybrano/, 'the chosen mode says so in words');
    assert.doesNotMatch(await page.getByRole('button', { name: /^Uczestniczę zdalnie/ }).innerText(), /wybrano/);
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Attendance recorded.' }).waitFor();
    assert.equal(await page.getByText('Obecność zapisana.').count(), 0, 'no Polish confirmation in the English interface');
    await checkScreen(page, 'council-tablet-checked-in-en');
    await page.getByText('Attendance recorded.').waitFor({ state: 'detached', timeout: 8_000 });
    await page.getByRole('button', { name: 'Polski', exact: true }).click();
  } finally {
    await context.close();
  }
});

test('a refusal on the tablet follows a language switch too', async () => {
  const { id } = await openChamberMeeting('Komisja Kultury', { checkIn: false });
  const { context, page } = await signedInPage(browser, host.url, PEOPLE.anna.email);
  try {
    await page.goto(`${host.url}/sessions/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Komisja Kultury 1' }).waitFor();
    // The server refuses this check-in (as it would for someone removed from the meeting).
    await page.route('**/attendance', (route) => route.fulfill({
      status: 403,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'not_a_member', detail: 'Not a member.' }),
    }));
    await page.getByRole('button', { name: /^Jestem na sali/ }).click();
    await page.getByRole('alert').filter({ hasText: 'Nie należysz do składu tego posiedzenia.' }).waitFor();
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'You are not among the members of this meeting.' }).waitFor();
    assert.equal(await page.getByText('Nie należysz do składu tego posiedzenia.').count(), 0, 'no Polish refusal in the English interface');
    await page.getByRole('button', { name: 'Polski', exact: true }).click();
  } finally {
    await context.close();
  }
});

test('the projector shows no site chrome and fits the closed poll result into 1920×1080 and 1280×720', async () => {
  const { id, chair } = await openChamberMeeting('Komisja Budownictwa');
  const pid = await openPollAsChair(id, chair, 'Zmiana planu miejscowego');
  const anna = await loginWithOwnPassword(api, PEOPLE.anna.email, PASSWORD);
  const vote = await fetch(`${host.url}/api/sessions/${id}/polls/${pid}/votes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${anna}`, 'content-type': 'application/json', 'idempotency-key': 'a'.repeat(32) },
    body: JSON.stringify({ choice: 'for' }),
  });
  assert.equal(vote.status, 201, `vote: ${await vote.text()}`);
  const closed = await api(`/api/sessions/${id}/polls/${pid}/close`, { method: 'POST', token: chair });
  assert.equal(closed.status, 200, `close: ${closed.text}`);
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
    const size = `${viewport.width}x${viewport.height}`;
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    try {
      await page.goto(`${host.url}/screen/${id}`);
      await page.getByText('Przyjęto', { exact: true }).waitFor();
      await settle(page);
      await screenshot(page, `council-screen-result-${size}`);
      assert.equal(await page.getByRole('link', { name: /Zaloguj/ }).count(), 0, `${size}: a sign-in link on the projector`);
      assert.equal(await page.getByRole('link', { name: /Nie pamiętam hasła/ }).count(), 0, `${size}: site menu on the projector`);
      assert.equal(await page.locator('header, nav, footer').count(), 0, `${size}: site chrome on the projector`);
      const fit = await page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, inner: window.innerHeight }));
      assert.ok(fit.scroll <= fit.inner, `${size}: the projector scrolls (${fit.scroll} > ${fit.inner})`);
      for (const text of ['Przyjęto', 'Sprawozdanie z wykonania budżetu']) {
        assert.ok((await onFirstScreen(page, page.getByText(text, { exact: true }).first())).inside, `${size}: ${text} on the screen`);
      }
      const counts = page.getByRole('definition');
      assert.ok(await counts.count() >= 3, `${size}: the counts are shown`);
      for (const dd of await counts.all()) {
        assert.ok((await onFirstScreen(page, dd)).inside, `${size}: a count off the screen`);
      }
      // The counts are the largest type on the page.
      const sizes = await page.evaluate(() => {
        const px = (el) => parseFloat(getComputedStyle(el).fontSize);
        const counts = [...document.querySelectorAll('dd')].map(px);
        const others = [...document.querySelectorAll('h1, h2, h3, p, dt, li')].map(px);
        return { count: Math.min(...counts), other: Math.max(...others) };
      });
      assert.ok(sizes.count >= sizes.other, `${size}: counts at ${sizes.count} px, other text up to ${sizes.other} px`);
      if (viewport.width === 1920) await checkScreen(page, `council-screen-result-${size}`);
    } finally {
      await context.close();
    }
  }
});

test('at 1280×800 the chair console shows the open poll controls on the first screen; a new poll defaults to the current item', async () => {
  const { id, itemId } = await openChamberMeeting('Komisja Zdrowia');
  const { context, page } = await signedInPage(browser, host.url, PEOPLE.chair.email);
  try {
    await page.goto(`${host.url}/sessions/${id}/chair`);
    await page.getByRole('heading', { level: 1, name: /^Prowadzenie obrad/ }).waitFor();
    await settle(page);
    const select = page.getByLabel('Punkt porządku obrad', { exact: true });
    // The agenda comes with the meeting document, after the live one: wait for its items.
    await select.locator(`option[value="${itemId}"]`).waitFor({ state: 'attached' });
    assert.equal(await select.inputValue(), itemId, 'the new poll preselects the current agenda item');
    // The chair's browser session supersedes the API token: the poll is prepared and opened here.
    const pollTitle = 'Opinia o programie zdrowotnym';
    await page.getByLabel('Przedmiot głosowania', { exact: true }).fill(pollTitle);
    await page.getByRole('button', { name: 'Przygotuj głosowanie', exact: true }).click();
    await buttonStarting(page, `Otwórz głosowanie: ${pollTitle}`).click();
    await page.getByRole('status').filter({ hasText: 'Głosowanie otwarte.' }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    const close = page.getByRole('button', { name: 'Zamknij głosowanie', exact: true });
    await close.waitFor();
    await screenshot(page, 'council-chair-poll-open-1280x800');
    const where = await onFirstScreen(page, close);
    assert.ok(where.inside && !where.covered, `"Zamknij głosowanie" at ${JSON.stringify(where.box)}, not on the first screen`);
    assert.ok((await onFirstScreen(page, page.getByText('Głosowało: 0 z 1').first())).inside, 'the poll progress is on the first screen');
    await checkScreen(page, 'council-chair-console-poll-open-1280x800');
  } finally {
    await context.close();
  }
});

test('a chair\'s home links to the console of each live or convened meeting they run, and only those', async () => {
  const clerk = await loginWithOwnPassword(api, PEOPLE.clerk.email, PASSWORD);
  const convene = async (title, chairId) => {
    const created = await api('/api/sessions', {
      method: 'POST',
      token: clerk,
      body: {
        title, number: 'I', kind: 'committee', starts_at: new Date(Date.now() + 7_200_000).toISOString(),
        location: 'Sala 2', statutory_members: 2, member_ids: [ids.anna, ids.jan], chair_id: chairId,
      },
    });
    assert.equal(created.status, 201, `create ${title}: ${created.text}`);
    const published = await api(`/api/sessions/${created.json.id}/publish`, { method: 'POST', token: clerk });
    assert.equal(published.status, 200, `publish ${title}: ${published.text}`);
    return created.json.id;
  };
  // Run by any holder of the chair role, and one whose named chair is councillor Anna.
  const byRole = await convene('Komisja Skarg i Wniosków', undefined);
  const byAnna = await convene('Komisja Statutowa', ids.anna);
  const consoleLink = (page, title) => page.getByRole('link', { name: namePrefix(`Konsola przewodniczącego: ${title}`) });

  for (const [who, runs, doesNotRun] of [
    ['chair', 'Komisja Skarg i Wniosków', 'Komisja Statutowa'],
    ['anna', 'Komisja Statutowa', 'Komisja Skarg i Wniosków'],
    ['jan', null, 'Komisja Skarg i Wniosków'],
  ]) {
    const { context, page } = await signedInPage(browser, host.url, PEOPLE[who].email);
    await page.goto(`${host.url}/`);
    await page.getByRole('heading', { level: 2, name: 'Twoje posiedzenia' }).waitFor();
    await page.getByRole('link', { name: 'Komisja Statutowa I', exact: true }).waitFor();
    assert.equal(await consoleLink(page, doesNotRun).count(), 0, `${who} sees the console of ${doesNotRun}`);
    if (who === 'jan') {
      assert.equal(await consoleLink(page, 'Komisja Statutowa').count(), 0, 'a councillor who chairs nothing sees no console');
    } else {
      await checkScreen(page, `council-home-${who}-pl`);
      await consoleLink(page, runs).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(`^Prowadzenie obrad: ${runs}`) }).waitFor();
      assert.ok(page.url().endsWith(`/sessions/${who === 'chair' ? byRole : byAnna}/chair`), page.url());
    }
    await context.close();
  }
});

test('the projector fits the longest texts into 1920×1080 and 1280×720: item, poll title and names, the counts still the largest type', async () => {
  const clerk = await loginWithOwnPassword(api, PEOPLE.clerk.email, PASSWORD);
  // As long as the server allows: a 200-character meeting title, a 300-character agenda item
  // and poll title, a guest speaker with a 200-character name.
  const words = (prefix, max) => `${prefix} ${'przedsiębiorczości wielofunkcyjnej '.repeat(20)}`.slice(0, max).trim();
  const title = words('Nadzwyczajna sesja', 200);
  const itemTitle = words('Projekt uchwały w sprawie', 300);
  const pollTitle = words('Głosowanie nad projektem', 300);
  const guest = words('Gość', 200);
  const created = await api('/api/sessions', {
    method: 'POST', token: clerk,
    body: {
      title, number: 'XLVIII', kind: 'session', starts_at: new Date(Date.now() + 3_600_000).toISOString(),
      location: 'Sala obrad', statutory_members: 1, member_ids: [ids.anna],
    },
  });
  assert.equal(created.status, 201, `create: ${created.text}`);
  const id = created.json.id;
  const item = await api(`/api/sessions/${id}/agenda`, { method: 'POST', token: clerk, body: { title: itemTitle } });
  assert.equal(item.status, 201, `item: ${item.text}`);
  assert.equal((await api(`/api/sessions/${id}/publish`, { method: 'POST', token: clerk })).status, 200);
  const chair = await loginWithOwnPassword(api, PEOPLE.chair.email, PASSWORD);
  assert.equal((await api(`/api/sessions/${id}/open`, { method: 'POST', token: chair })).status, 200);
  assert.equal((await api(`/api/sessions/${id}/agenda/${item.json.id}/current`, { method: 'POST', token: chair })).status, 200);
  const anna = await loginWithOwnPassword(api, PEOPLE.anna.email, PASSWORD);
  assert.equal((await api(`/api/sessions/${id}/attendance`, { method: 'POST', token: anna, body: { mode: 'in_person' } })).status, 200);
  const granted = await api(`/api/sessions/${id}/floor/grant`, { method: 'POST', token: chair, body: { name: guest } });
  assert.equal(granted.status, 200, `grant: ${granted.text}`);
  const pid = await openPollAsChair(id, chair, pollTitle, { timeLimit: 600 });

  /** The projector at each size: nothing scrolls, each of `texts` wholly on the screen. */
  async function fits(state, texts) {
    for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
      const size = `${viewport.width}x${viewport.height}`;
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      try {
        await page.goto(`${host.url}/screen/${id}`);
        await page.getByText(state, { exact: true }).first().waitFor();
        await settle(page);
        await screenshot(page, `council-screen-long-${state}-${size}`);
        const fit = await page.evaluate(() => ({
          height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,
          innerHeight: window.innerHeight, innerWidth: window.innerWidth,
        }));
        assert.ok(fit.height <= fit.innerHeight && fit.width <= fit.innerWidth, `${size} ${state}: the projector scrolls (${JSON.stringify(fit)})`);
        for (const text of texts) {
          const where = await onFirstScreen(page, page.getByText(text, { exact: true }).first());
          assert.ok(where.inside, `${size} ${state}: "${text.slice(0, 30)}…" not wholly on the screen (${JSON.stringify(where.box)})`);
        }
        const sizes = await page.evaluate(() => {
          const px = (el) => parseFloat(getComputedStyle(el).fontSize);
          const counts = [...document.querySelectorAll('dd, .poll-progress p')].map(px);
          const others = [...document.querySelectorAll('h1, h2, h3, p:not(.poll-progress p), dt, li')].map(px);
          return { count: Math.min(...counts), other: Math.max(...others) };
        });
        assert.ok(sizes.count >= sizes.other, `${size} ${state}: counts at ${sizes.count} px, other text up to ${sizes.other} px`);
      } finally {
        await context.close();
      }
    }
  }

  await fits('Trwa', [`${title} XLVIII`, itemTitle, pollTitle, guest]);
  const vote = await fetch(`${host.url}/api/sessions/${id}/polls/${pid}/votes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${anna}`, 'content-type': 'application/json', 'idempotency-key': 'b'.repeat(32) },
    body: JSON.stringify({ choice: 'for' }),
  });
  assert.equal(vote.status, 201, `vote: ${await vote.text()}`);
  assert.equal((await api(`/api/sessions/${id}/polls/${pid}/close`, { method: 'POST', token: chair })).status, 200);
  await fits('Przyjęto', [`${title} XLVIII`, itemTitle, guest]);
});
