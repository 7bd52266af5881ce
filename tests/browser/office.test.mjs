// The office screens in a real browser (issue 14): refusals in Polish only with every invalid
// field at once, every time in Polish time (Europe/Warsaw), a home page that shows each person
// what is theirs, the public list saying whether each motion passed, the accounts table inside
// a 1280×800 screen and the clerk's member picker. Accounts and meetings are arranged through
// the API; what a person reads and does is checked in the browser, by role and label.
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser, artifacts,
} from './support.mjs';
import {
  ADMIN_EMAIL, PASSWORD, COUNCIL_UNIT, COUNCIL_PEOPLE,
  loginWithOwnPassword, register, signedInPage, settle, checkScreen,
} from './people.mjs';

const LAPTOP = { viewport: { width: 1280, height: 800 } };

const PEOPLE = {
  ...COUNCIL_PEOPLE,
  ewa: { firstName: 'Ewa', lastName: 'Radczyni', email: 'ewa@gmina.example.pl', roles: ['councillor'] },
};

/** English words that must not appear on a Polish screen (server `detail`s, hard-coded text). */
const ENGLISH = ['already exists', 'This field', 'required', 'invalid', 'must be', 'Conflict', 'error'];

let capture;
let host;
let browser;
let api;
let adminToken;
let clerkToken;
const ids = {};

/** `at` (RFC 3339) as a Polish text reads it in Poland: `15.01.2027, godz. 13:00`. */
function warsaw(at) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return `${parts.day}.${parts.month}.${parts.year}, godz. ${parts.hour}:${parts.minute}`;
}

/** Creates a draft meeting as the clerk. */
async function draftMeeting(title, startsAt, memberIds = []) {
  const created = await api('/api/sessions', {
    method: 'POST',
    token: clerkToken,
    body: {
      title, number: 'I', kind: 'session', starts_at: startsAt, location: 'Sala obrad, Rynek 1',
      statutory_members: 3, member_ids: memberIds,
    },
  });
  assert.equal(created.status, 201, `create ${title}: ${created.text}`);
  return created.json;
}

before(async () => {
  capture = await startCaptureServer();
  host = await startAppHost({ variables: gatewayVariables(capture) });
  api = jsonApi(host.url);
  const health = await fetch(`${host.url}/api/health`);
  assert.ok(health.ok, `GET /api/health answered ${health.status}`);
  adminToken = await loginWithOwnPassword(api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL));
  for (const [key, person] of Object.entries(PEOPLE)) {
    ids[key] = await register(api, capture, adminToken, person);
  }
  clerkToken = await loginWithOwnPassword(api, PEOPLE.clerk.email, PASSWORD);
  browser = await launchBrowser();
});

// One session per account: a browser sign-in ends the script's token, so each test starts
// with fresh ones (taken before its browser pages sign in).
beforeEach(async () => {
  adminToken = await loginWithOwnPassword(api, ADMIN_EMAIL, PASSWORD);
  clerkToken = await loginWithOwnPassword(api, PEOPLE.clerk.email, PASSWORD);
});

after(async () => {
  await browser?.close();
  if (host) {
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'office-host.log'), host.log());
  }
  await host?.stop();
  host?.cleanup();
  await capture?.close();
});

// ---- Messages in Polish only ----

test('the first bundle hands an office page to the office bundle, and back the app goes on', async () => {
  const { context, page } = await signedInPage(browser, host.url, ADMIN_EMAIL);
  const wasm = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.endsWith('.wasm')) wasm.push(path);
  });
  try {
    // Signed in on /login and sent home: the first bundle runs, the office one was not loaded.
    await page.reload();
    await settle(page);
    assert.ok(wasm.length > 0 && wasm.every((p) => p.startsWith('/assets/app-')), `first bundle only: ${wasm}`);
    // An in-app link to an office page: a full load of the office bundle, the page works.
    await page.getByRole('navigation').getByRole('link', { name: 'Konta', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Konta użytkowników' }).waitFor();
    await page.getByText(PEOPLE.anna.email).first().waitFor();
    assert.ok(wasm.some((p) => p.startsWith('/assets/office-')), `the office bundle was loaded: ${wasm}`);
    assert.equal(new URL(page.url()).pathname, '/admin/users');
    // The office bundle is the whole app: a first-bundle page opens in it without a reload.
    const before = wasm.length;
    await page.getByRole('navigation').getByRole('link', { name: 'Sesje rady (publiczne)', exact: true }).click();
    await page.waitForURL(`${host.url}/public/sessions`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(wasm.length, before, `no other bundle loaded: ${wasm}`);
  } finally {
    await context.close();
  }
});

test('the rare pages and the chair\'s console run in the office bundle; a link from the first bundle hands over', async () => {
  const { context, page } = await signedInPage(browser, host.url, ADMIN_EMAIL);
  const wasm = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.endsWith('.wasm')) wasm.push(path);
  });
  try {
    await page.goto(`${host.url}/`);
    await settle(page);
    assert.ok(wasm.length > 0 && wasm.every((p) => p.startsWith('/assets/app-')), `first bundle only: ${wasm}`);
    // The status page from the first bundle's navigation: a full load of the office bundle.
    await page.getByRole('navigation').getByRole('link', { name: 'Stan systemu', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Stan systemu' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/status');
    assert.ok(wasm.some((p) => p.startsWith('/assets/office-')), `the office bundle was loaded: ${wasm}`);
    // Opened directly, each starts the office bundle (index.html preloads the first one for
    // every path; boot.js picks by path).
    for (const path of ['/password/lost', '/sessions/no-such-meeting/chair', '/screen/no-such-meeting']) {
      const office = page.waitForResponse((r) => /^\/assets\/office-.*\.wasm$/.test(new URL(r.url()).pathname));
      await page.goto(`${host.url}${path}`);
      await office;
      await page.getByRole('main').getByRole('heading').first().waitFor();
    }
  } finally {
    await context.close();
  }
});

test('a duplicate e-mail on account creation is refused in Polish with no English in it', async () => {
  const { context, page } = await signedInPage(browser, host.url, ADMIN_EMAIL);
  try {
    await page.goto(`${host.url}/admin/users`);
    await settle(page);
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Utwórz konto' }) });
    await form.getByLabel('Imię', { exact: true }).fill('Anna');
    await form.getByLabel('Nazwisko', { exact: true }).fill('Druga');
    await form.getByLabel('Adres e-mail', { exact: true }).fill(PEOPLE.anna.email);
    await form.getByLabel('Jednostka', { exact: true }).selectOption({ label: COUNCIL_UNIT });
    await form.getByLabel('Radny', { exact: true }).check();
    await form.getByRole('button', { name: 'Utwórz konto' }).click();
    const alert = form.getByRole('alert');
    await alert.getByText(/e-mail/i).first().waitFor({ timeout: 10_000 });
    const text = await page.locator('main').innerText();
    for (const word of ENGLISH) {
      assert.ok(!text.toLowerCase().includes(word.toLowerCase()), `"${word}" on the Polish screen:\n${text}`);
    }
    await checkScreen(page, 'office-users-duplicate-email');
  } finally {
    await context.close();
  }
});

test('in the English UI the same refusal is in English, with no Polish in it', async () => {
  const { context, page } = await signedInPage(browser, host.url, ADMIN_EMAIL);
  try {
    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`${host.url}/admin/users`);
    await settle(page);
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Create account' }) });
    await form.getByLabel('First name', { exact: true }).fill('Anna');
    await form.getByLabel('Last name', { exact: true }).fill('Second');
    await form.getByLabel('E-mail address', { exact: true }).fill(PEOPLE.anna.email);
    await form.getByLabel('Unit', { exact: true }).selectOption({ label: COUNCIL_UNIT });
    await form.getByLabel('Councillor', { exact: true }).check();
    await form.getByRole('button', { name: 'Create account' }).click();
    await form.getByRole('alert').getByText('An account with this e-mail address already exists.').waitFor({ timeout: 10_000 });
    const alert = await form.getByRole('alert').innerText();
    for (const word of ['już', 'istnieje', 'Konto', 'Formularz']) {
      assert.ok(!alert.includes(word), `"${word}" in the English alert: ${alert}`);
    }
  } finally {
    await context.close();
  }
});

test('a form with two invalid fields shows both after one submit, each next to its field', async () => {
  const { context, page } = await signedInPage(browser, host.url, ADMIN_EMAIL);
  try {
    await page.goto(`${host.url}/admin/users`);
    await settle(page);
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Utwórz konto' }) });
    await form.getByLabel('Nazwisko', { exact: true }).fill('Bez Imienia');
    await form.getByLabel('Adres e-mail', { exact: true }).fill('to-nie-jest-adres');
    await form.getByRole('button', { name: 'Utwórz konto' }).click();
    for (const label of ['Imię', 'Adres e-mail']) {
      const input = form.getByLabel(label, { exact: true });
      assert.equal(await input.getAttribute('aria-invalid'), 'true', `${label} is marked invalid`);
      const describedBy = await input.getAttribute('aria-describedby');
      assert.ok(describedBy, `${label} has aria-describedby`);
      const message = await page.locator(`#${describedBy.split(' ').pop()}`).innerText();
      assert.ok(message.trim().length > 0, `${label} has its message`);
    }
    const summary = await form.getByRole('alert').innerText();
    assert.match(summary, /Imię:/);
    assert.match(summary, /Adres e-mail:/);
  } finally {
    await context.close();
  }
});

// ---- Polish time ----

test('admin and clerk screens show times in Polish time (CET in winter, CEST in summer)', async () => {
  const user = await api(`/api/users/${ids.anna}`, { token: adminToken });
  assert.equal(user.status, 200, user.text);
  const winter = await draftMeeting('Sesja zimowa', '2027-01-15T12:00:00Z');
  const summer = await draftMeeting('Sesja letnia', '2027-07-01T12:00:00Z');
  const admin = await signedInPage(browser, host.url, ADMIN_EMAIL);
  const clerk = await signedInPage(browser, host.url, PEOPLE.clerk.email);
  try {
    await admin.page.goto(`${host.url}/admin/users/${ids.anna}`);
    await settle(admin.page);
    await admin.page.getByText(PEOPLE.anna.email).first().waitFor();
    const adminText = await admin.page.locator('main').innerText();
    assert.ok(!adminText.includes('UTC'), `no UTC time on the account page:\n${adminText}`);
    assert.ok(adminText.includes(warsaw(user.json.created_at)),
      `the account page shows ${warsaw(user.json.created_at)} (created ${user.json.created_at}):\n${adminText}`);

    await clerk.page.goto(`${host.url}/clerk/sessions`);
    await settle(clerk.page);
    await clerk.page.getByText('Sesja letnia').first().waitFor();
    const clerkText = await clerk.page.locator('main').innerText();
    assert.ok(clerkText.includes('15.01.2027, godz. 13:00'), `CET: 12:00Z is 13:00 in Warsaw:\n${clerkText}`);
    assert.ok(clerkText.includes('01.07.2027, godz. 14:00'), `CEST: 12:00Z is 14:00 in Warsaw:\n${clerkText}`);

    // The clerk's editor shows and takes the start in Polish time too.
    await clerk.page.goto(`${host.url}/clerk/sessions/${summer.id}`);
    await settle(clerk.page);
    const start = clerk.page.getByLabel('Początek', { exact: true });
    assert.equal(await start.inputValue(), '2027-07-01T14:00');
  } finally {
    await admin.context.close();
    await clerk.context.close();
  }
  void winter;
});

// ---- Home: what is each person's ----

/** The home page's section with `heading` (a region named by its h2). */
const section = (page, heading) => page.getByRole('region', { name: heading, exact: true });

test('home shows each person what is theirs: meetings, drafts, the reset queue and open incidents', async () => {
  const soon = new Date(Date.now() + 86_400_000).toISOString();
  const next = await draftMeeting('Sesja zaplanowana', soon, [ids.anna, ids.jan]);
  const live = await draftMeeting('Sesja otwarta', new Date().toISOString(), [ids.anna, ids.jan]);
  await draftMeeting('Sesja w przygotowaniu', soon, [ids.anna]);
  for (const m of [next, live]) {
    const published = await api(`/api/sessions/${m.id}/publish`, { method: 'POST', token: clerkToken });
    assert.equal(published.status, 200, `publish: ${published.text}`);
  }
  const chairToken = await loginWithOwnPassword(api, PEOPLE.chair.email, PASSWORD);
  const opened = await api(`/api/sessions/${live.id}/open`, { method: 'POST', token: chairToken });
  assert.equal(opened.status, 200, `open: ${opened.text}`);
  const reset = await api('/api/password-resets', {
    method: 'POST', token: adminToken,
    body: { email: PEOPLE.jan.email, reason: 'Radny zgubił hasło', delivery: 'letter' },
  });
  assert.ok([200, 201, 202].includes(reset.status), `reset request: ${reset.text}`);
  const incident = await api('/api/incidents', {
    method: 'POST', token: adminToken,
    body: { kind: 'other', severity: 'high', title: 'Podejrzane logowania z zagranicy' },
  });
  assert.ok([200, 201].includes(incident.status), `incident: ${incident.text}`);

  // What the admin's home must count, asked before the browser's sign-in ends this token.
  const pendingResets = await countOf('/api/password-resets?status=pending');
  const notClosed = await openIncidents();
  const anna = await signedInPage(browser, host.url, PEOPLE.anna.email);
  const clerk = await signedInPage(browser, host.url, PEOPLE.clerk.email);
  const admin = await signedInPage(browser, host.url, ADMIN_EMAIL);
  try {
    await anna.page.goto(`${host.url}/`);
    const meetings = section(anna.page, 'Twoje posiedzenia');
    await meetings.getByRole('link', { name: /Sesja otwarta/ }).waitFor({ timeout: 10_000 });
    await meetings.getByRole('link', { name: /Sesja zaplanowana/ }).waitFor();
    const annaText = await meetings.innerText();
    assert.match(annaText, /Trwa/, 'the live meeting says it is on');
    assert.ok(annaText.indexOf('Sesja otwarta') < annaText.indexOf('Sesja zaplanowana'), 'the live meeting comes first');
    assert.ok(!annaText.includes('Sesja w przygotowaniu'), 'a draft is not a councillor\'s');
    assert.equal(await anna.page.getByText('Wnioski o reset hasła', { exact: false }).count(), 0);
    await checkScreen(anna.page, 'office-home-councillor');

    await clerk.page.goto(`${host.url}/`);
    const drafts = section(clerk.page, 'Posiedzenia w przygotowaniu');
    await drafts.getByRole('link', { name: /Sesja w przygotowaniu/ }).waitFor({ timeout: 10_000 });
    await checkScreen(clerk.page, 'office-home-clerk');

    // The admin's home counts what waits (the first bundle reads no reset or incident); the
    // queue and the register are one click away, in the office bundle.
    await admin.page.goto(`${host.url}/`);
    const resets = section(admin.page, 'Wnioski o reset hasła do decyzji');
    const toQueue = resets.getByRole('link', { name: 'Przejdź do wniosków o reset hasła', exact: true });
    await toQueue.waitFor({ timeout: 10_000 });
    assert.match(await resets.innerText(), new RegExp(`Czeka na decyzję:\\s*${pendingResets}\\b`));
    const incidents = section(admin.page, 'Otwarte incydenty');
    const toRegister = incidents.getByRole('link', { name: 'Przejdź do rejestru incydentów', exact: true });
    await toRegister.waitFor({ timeout: 10_000 });
    assert.match(await incidents.innerText(), new RegExp(`Otwarte lub w toku:\\s*${notClosed}\\b`));
    await checkScreen(admin.page, 'office-home-admin');
    await toQueue.click();
    await admin.page.getByText(/Jan Radny/).first().waitFor({ timeout: 10_000 });
    assert.equal(new URL(admin.page.url()).pathname, '/admin/resets');
    await admin.page.goBack();
    await toRegister.click();
    await admin.page.getByRole('link', { name: /Podejrzane logowania z zagranicy/ }).waitFor({ timeout: 10_000 });
    assert.equal(new URL(admin.page.url()).pathname, '/admin/incidents');
  } finally {
    for (const who of [anna, clerk, admin]) await who.context.close();
  }
});

// ---- Public list ----

/** Anna casts `choice` in an open poll (a script's cast: bearer token and an Idempotency-Key). */
async function castAs(token, sessionId, pollId, choice) {
  const response = await fetch(`${host.url}/api/sessions/${sessionId}/polls/${pollId}/votes`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}`,
      'idempotency-key': crypto.randomUUID().replaceAll('-', ''),
    },
    body: JSON.stringify({ choice }),
  });
  assert.ok(response.ok, `vote ${choice}: ${response.status} ${await response.text()}`);
}

test('the public list says whether each motion passed', async () => {
  const meeting = await draftMeeting('Sesja z wynikami', new Date().toISOString(), [ids.anna]);
  const patched = await api(`/api/sessions/${meeting.id}`, { method: 'PATCH', token: clerkToken, body: { statutory_members: 1 } });
  assert.ok(patched.status < 300, `statutory 1: ${patched.text}`);
  assert.equal((await api(`/api/sessions/${meeting.id}/publish`, { method: 'POST', token: clerkToken })).status, 200);
  const chairToken = await loginWithOwnPassword(api, PEOPLE.chair.email, PASSWORD);
  assert.equal((await api(`/api/sessions/${meeting.id}/open`, { method: 'POST', token: chairToken })).status, 200);
  const annaToken = await loginWithOwnPassword(api, PEOPLE.anna.email, PASSWORD);
  const checkIn = await api(`/api/sessions/${meeting.id}/attendance`, { method: 'POST', token: annaToken, body: { mode: 'in_person' } });
  assert.equal(checkIn.status, 200, `check in: ${checkIn.text}`);
  for (const [title, choice] of [['Uchwała w sprawie budżetu', 'for'], ['Wniosek o przerwę', 'against']]) {
    const poll = await api(`/api/sessions/${meeting.id}/polls`, {
      method: 'POST', token: chairToken, body: { title, kind: 'open', majority: { rule: 'simple', base: 'cast' } },
    });
    assert.equal(poll.status, 201, `poll: ${poll.text}`);
    assert.equal((await api(`/api/sessions/${meeting.id}/polls/${poll.json.id}/open`, { method: 'POST', token: chairToken })).status, 200);
    await castAs(annaToken, meeting.id, poll.json.id, choice);
    const closed = await api(`/api/sessions/${meeting.id}/polls/${poll.json.id}/close`, { method: 'POST', token: chairToken });
    assert.equal(closed.status, 200, `close: ${closed.text}`);
  }

  const context = await browser.newContext(LAPTOP);
  const page = await context.newPage();
  try {
    await page.goto(`${host.url}/public/sessions`);
    const card = page.locator('li.card', { hasText: 'Sesja z wynikami' });
    await card.getByText('Wniosek o przerwę').waitFor({ timeout: 10_000 });
    const lines = await card.locator('.result-links > li').allInnerTexts();
    const line = (title) => lines.find((l) => l.includes(title)) ?? '';
    assert.match(line('Uchwała w sprawie budżetu'), /Przyjęto/, `lines: ${lines.join(' | ')}`);
    assert.match(line('Wniosek o przerwę'), /Odrzucono/, `lines: ${lines.join(' | ')}`);
    await checkScreen(page, 'office-public-list-results');
  } finally {
    await context.close();
  }
});

// ---- Admin and clerk screens ----

test('the accounts table fits a 1280×800 screen: no sideways scrolling, the "Stan" column whole', async () => {
  // A long e-mail and many roles: the row that made the table 16 px too wide.
  const units = await api('/api/units', { token: adminToken });
  const created = await api('/api/users', {
    method: 'POST', token: adminToken,
    body: {
      first_name: 'Katarzyna', last_name: 'Wiśniewska-Kowalczyk', email: 'katarzyna.wisniewska-kowalczyk@urzad.gminy.example.pl',
      unit_id: units.json.items[0].id, roles: ['support', 'director', 'clerk', 'chair'],
    },
  });
  assert.equal(created.status, 201, created.text);
  const { context, page } = await signedInPage(browser, host.url, ADMIN_EMAIL);
  try {
    await page.goto(`${host.url}/admin/users`);
    await settle(page);
    const wrap = page.locator('.table-wrap').first();
    await wrap.getByText('katarzyna.wisniewska-kowalczyk@urzad.gminy.example.pl').waitFor();
    const m = await wrap.evaluate((el) => {
      const state = [...el.querySelectorAll('thead th')].pop().getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return {
        scroll: el.scrollWidth, client: el.clientWidth, stateRight: state.right, boxRight: box.right,
        page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
      };
    });
    assert.ok(m.scroll <= m.client, `the table scrolls sideways: ${JSON.stringify(m)}`);
    assert.ok(m.stateRight <= m.boxRight + 0.5, `"Stan" is cut: ${JSON.stringify(m)}`);
    assert.ok(m.page <= m.viewport, `the page scrolls sideways: ${JSON.stringify(m)}`);
    await checkScreen(page, 'office-users-1280');
    for (const path of ['/admin/audit', '/admin/incidents']) {
      await page.goto(`${host.url}${path}`);
      await settle(page);
      await page.locator('.table-wrap').first().waitFor();
      const wide = await page.evaluate(() => [...document.querySelectorAll('.table-wrap')]
        .filter((el) => el.scrollWidth > el.clientWidth).length
        + (document.documentElement.scrollWidth > document.documentElement.clientWidth ? 1 : 0));
      assert.equal(wide, 0, `${path} scrolls sideways at 1280×800`);
    }
  } finally {
    await context.close();
  }
});

test('the clerk picks several members at once by name from a filtered checkbox list', async () => {
  const { context, page } = await signedInPage(browser, host.url, PEOPLE.clerk.email);
  try {
    await page.goto(`${host.url}/clerk/sessions`);
    await settle(page);
    assert.equal(await page.getByLabel('Identyfikator konta').count(), 0, 'no raw account id field');
    const picker = page.getByRole('group', { name: /^Członkowie/ });
    await picker.getByRole('checkbox', { name: /Anna Radna/ }).waitFor({ timeout: 10_000 });
    // Every councillor is offered without a search; the office accounts are not.
    for (const name of ['Anna Radna', 'Jan Radny', 'Ewa Radczyni', 'Barbara Przewodnicząca']) {
      await picker.getByRole('checkbox', { name: new RegExp(name) }).waitFor();
    }
    assert.equal(await picker.getByRole('checkbox', { name: /Cezary Biurowy/ }).count(), 0);
    // The filter narrows the list by name; choices made stay chosen.
    await picker.getByRole('checkbox', { name: /Anna Radna/ }).check();
    await picker.getByLabel(/Filtruj/).fill('radn');
    await picker.getByRole('checkbox', { name: /Jan Radny/ }).check();
    assert.equal(await picker.getByRole('checkbox', { name: /Barbara/ }).count(), 0, 'the filter hides other names');
    await picker.getByLabel(/Filtruj/).fill('');
    await picker.getByRole('checkbox', { name: /Ewa Radczyni/ }).check();
    await page.getByRole('group', { name: 'Członkowie (3)' }).waitFor();
    for (const name of ['Anna Radna', 'Jan Radny', 'Ewa Radczyni']) {
      assert.ok(await picker.getByRole('checkbox', { name: new RegExp(name) }).isChecked(), `${name} chosen`);
    }
    await checkScreen(page, 'office-clerk-member-picker');
  } finally {
    await context.close();
  }
});

test('the clerk\'s agenda form shows its refusal next to the field, not only in the summary', async () => {
  const meeting = await draftMeeting('Sesja z porządkiem', new Date(Date.now() + 86_400_000).toISOString(), [ids.anna]);
  const { context, page } = await signedInPage(browser, host.url, PEOPLE.clerk.email);
  try {
    await page.goto(`${host.url}/clerk/sessions/${meeting.id}`);
    await settle(page);
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Dodaj punkt' }) });
    await form.getByRole('button', { name: 'Dodaj punkt' }).click();
    const input = form.getByLabel('Tytuł punktu', { exact: true });
    await page.getByRole('alert').filter({ hasText: 'Formularz zawiera błędy' }).waitFor();
    assert.equal(await input.getAttribute('aria-invalid'), 'true', 'the title is marked invalid');
    const describedBy = await input.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the title is described by its error');
    assert.ok((await page.locator(`#${describedBy.split(' ').pop()}`).innerText()).trim().length > 0);
    await checkScreen(page, 'office-clerk-agenda-refused');
  } finally {
    await context.close();
  }
});

test('the login form names both empty fields at once, next to each', async () => {
  const context = await browser.newContext(LAPTOP);
  const page = await context.newPage();
  try {
    await page.goto(`${host.url}/login`);
    await page.getByRole('heading', { level: 1, name: 'Logowanie' }).waitFor();
    await page.getByRole('button', { name: 'Zaloguj się', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Adres e-mail:' });
    await alert.waitFor({ timeout: 5_000 });
    assert.match(await alert.innerText(), /Hasło:/);
    for (const label of ['Adres e-mail', 'Hasło']) {
      const input = page.getByLabel(label, { exact: true });
      assert.equal(await input.getAttribute('aria-invalid'), 'true', `${label} is marked invalid`);
      assert.ok(await input.getAttribute('aria-describedby'), `${label} is described by its error`);
    }
    await checkScreen(page, 'office-login-empty');
  } finally {
    await context.close();
  }
});

test('the password change form names every empty field after one submit', async () => {
  const { context, page } = await signedInPage(browser, host.url, PEOPLE.jan.email);
  try {
    await page.goto(`${host.url}/settings/password`);
    await settle(page);
    await page.getByRole('button', { name: 'Zmień hasło', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Formularz zawiera błędy' }).waitFor();
    for (const label of ['Obecne hasło', 'Nowe hasło']) {
      const input = page.getByLabel(label, { exact: true });
      assert.equal(await input.getAttribute('aria-invalid'), 'true', `${label} is marked invalid`);
      assert.ok(await input.getAttribute('aria-describedby'), `${label} is described by its error`);
    }
    const summary = await page.getByRole('alert').filter({ hasText: 'Formularz zawiera błędy' }).innerText();
    assert.match(summary, /Obecne hasło:/);
    assert.match(summary, /Nowe hasło:/);
    await checkScreen(page, 'office-password-change-empty');
  } finally {
    await context.close();
  }
});

/** How many items the list at `path` holds (every page, as the administrator). */
async function countOf(path) {
  let count = 0;
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const answer = await api(`${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: adminToken });
    assert.equal(answer.status, 200, `${path}: ${answer.text}`);
    const page = JSON.parse(answer.text);
    count += page.items.length;
    cursor = page.next_cursor ?? null;
  } while (cursor);
  return count;
}

/** The incidents open or in progress, as the API counts them. */
async function openIncidents() {
  return (await countOf('/api/incidents?status=open')) + (await countOf('/api/incidents?status=in_progress'));
}

test('home counts the incidents not closed, more than a page of the list, and leaves the closed out', async () => {
  // More incidents than one page of the list (50) holds; one in progress, one closed.
  const made = [];
  for (let n = 1; n <= 52; n += 1) {
    const created = await api('/api/incidents', { method: 'POST', token: adminToken, body: { kind: 'other', title: `Incydent próbny nr ${n}` } });
    assert.ok([200, 201].includes(created.status), `incident ${n}: ${created.text}`);
    made.push(JSON.parse(created.text).id);
  }
  const moved = await api(`/api/incidents/${made[0]}`, { method: 'PATCH', token: adminToken, body: { status: 'in_progress' } });
  assert.ok(moved.status < 300, `in progress: ${moved.text}`);
  for (const status of ['in_progress', 'closed']) {
    const closed = await api(`/api/incidents/${made[1]}`, { method: 'PATCH', token: adminToken, body: { status } });
    assert.ok(closed.status < 300, `${status}: ${closed.text}`);
  }
  const expected = await openIncidents();
  assert.ok(expected >= 51, `the API counts ${expected} not closed`);
  const admin = await signedInPage(browser, host.url, ADMIN_EMAIL);
  try {
    await admin.page.goto(`${host.url}/`);
    const incidents = section(admin.page, 'Otwarte incydenty');
    await incidents.getByRole('link', { name: 'Przejdź do rejestru incydentów', exact: true }).waitFor({ timeout: 10_000 });
    const text = await incidents.innerText();
    assert.match(text, new RegExp(`Otwarte lub w toku:\\s*${expected}\\b`), text);
    await checkScreen(admin.page, 'office-home-admin-count');
  } finally {
    await admin.context.close();
  }
});

test('the incident form picks the account concerned by name, and the incident names it', async () => {
  const { context, page } = await signedInPage(browser, host.url, ADMIN_EMAIL, LAPTOP);
  try {
    await page.goto(`${host.url}/admin/incidents`);
    await settle(page);
    assert.equal(await page.getByLabel('Identyfikator konta').count(), 0, 'no raw account id field');
    const form = page.getByRole('region', { name: 'Nowy incydent' });
    const picker = form.getByRole('group', { name: 'Konto, którego dotyczy' });
    await picker.getByText('Wpisz imię, nazwisko lub adres e-mail, aby znaleźć konto.').waitFor({ timeout: 10_000 });
    assert.ok(await picker.getByRole('radio', { name: 'Żadne konto' }).isChecked(), 'no account until one is picked');
    await form.getByLabel('Tytuł', { exact: true }).fill('Nieudane logowania na konto radnego');
    await picker.getByLabel(/^Szukaj konta/).fill('jan radn');
    await picker.getByRole('radio', { name: /^Jan Radny \(jan@gmina\.example\.pl\)/ }).check();
    assert.equal(await picker.getByRole('radio', { name: /Anna Radna/ }).count(), 0, 'the search narrows the accounts');
    await checkScreen(page, 'office-incident-account-picker');
    await form.getByRole('button', { name: 'Zarejestruj incydent', exact: true }).click();
    await page.getByText('Incydent został zarejestrowany.').waitFor();

    // What was stored, read with this browser's own session (an API sign-in would end it).
    const created = await page.evaluate(async (title) => {
      for (let cursor = '', more = true; more;) {
        const response = await fetch(`/api/incidents${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
        const listed = await response.json();
        const found = listed.items.find((i) => i.title === title);
        if (found) return found;
        more = Boolean(listed.next_cursor);
        cursor = listed.next_cursor;
      }
      return null;
    }, 'Nieudane logowania na konto radnego');
    assert.equal(created?.account_id, ids.jan, `the incident concerns Jan: ${JSON.stringify(created)}`);
    await page.goto(`${host.url}/admin/incidents/${created.id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText('Jan Radny (jan@gmina.example.pl)', { exact: true }).waitFor();
  } finally {
    await context.close();
  }
});
