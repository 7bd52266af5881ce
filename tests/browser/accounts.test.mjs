// Accounts in a real browser: start password → forced change → logout, one session per account,
// registering an account from the admin console, accessibility of every accounts screen, and a
// keyboard-only login. The host's e-mail/SMS gateways point at a capture server run here, so the
// start passwords are read the way a person reads them: from the e-mail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway,
  launchBrowser, accessibilityViolations, screenshot, artifacts,
} from './support.mjs';

const ADMIN_EMAIL = 'admin@ratusz.local';
const ADMIN_PASSWORD = 'Zielony-Ratusz-2026-Sesja!';
const COUNCIL_UNIT = 'Rada Miasta'; // the unit the bootstrap creates

let capture;
let host;
let browser;
/** The bootstrap administrator's start password (from the e-mail). */
let adminStartPassword;
/** The administrator's password now: the start one until someone changes it. */
let adminPassword;

before(async () => {
  capture = await startCaptureServer();
  host = await startAppHost({
    variables: {
      email_gateway_origin: capture.origin,
      email_gateway_path: '/email',
      sms_gateway_origin: capture.origin,
      sms_gateway_path: '/sms',
    },
  });
  // The first request to the auth component creates the administrator of an empty database.
  const health = await fetch(`${host.url}/api/health`);
  assert.ok(health.ok, `GET /api/health answered ${health.status}`);
  adminStartPassword = await startPasswordFromGateway(capture, ADMIN_EMAIL);
  adminPassword = adminStartPassword;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  // The host's log (requests, component errors) next to the screenshots, for a failed run.
  if (host) {
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'accounts-host.log'), host.log());
  }
  await host?.stop();
  host?.cleanup();
  await capture?.close();
});

// ---- helpers ----

/** The primary navigation. */
const nav = (page) => page.getByRole('navigation').first();

/** A JSON call to the API as a script would make it (bearer token, no cookie). */
async function api(path, { method = 'GET', body, token } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${host.url}${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, json, text };
}

/**
 * The administrator with an own password. A test that runs alone (`--test-name-pattern`)
 * gets there through the API; normally the first test has already done it in the browser.
 */
async function ensureAdminPassword() {
  if (adminPassword === ADMIN_PASSWORD) return;
  const login = await api('/api/auth/login', { method: 'POST', body: { email: ADMIN_EMAIL, password: adminStartPassword } });
  assert.equal(login.status, 200, `login with the start password: ${login.text}`);
  const change = await api('/api/auth/password', {
    method: 'POST',
    token: login.json.token,
    body: { current_password: adminStartPassword, new_password: ADMIN_PASSWORD },
  });
  assert.equal(change.status, 200, `password change: ${change.text}`);
  adminPassword = ADMIN_PASSWORD;
}

/** A bearer token of the administrator (this replaces the administrator's browser sessions). */
async function adminToken() {
  await ensureAdminPassword();
  const login = await api('/api/auth/login', { method: 'POST', body: { email: ADMIN_EMAIL, password: adminPassword } });
  assert.equal(login.status, 200, `admin login: ${login.text}`);
  return login.json.token;
}

/** Registers an account through the API; returns its start password from the e-mail. */
async function registerThroughApi(token, { firstName, lastName, email, roles = ['councillor'] }) {
  const units = await api('/api/units', { token });
  assert.equal(units.status, 200, `units: ${units.text}`);
  const unit = units.json.items.find((u) => u.name === COUNCIL_UNIT) ?? units.json.items[0];
  const created = await api('/api/users', {
    method: 'POST',
    token,
    body: { first_name: firstName, last_name: lastName, email, unit_id: unit.id, roles },
  });
  assert.equal(created.status, 201, `create ${email}: ${created.text}`);
  return startPasswordFromGateway(capture, email);
}

/** Fills the Polish login form by its labels and presses its button. */
async function signIn(page, email, password) {
  await page.goto(`${host.url}/login`);
  await page.getByRole('heading', { level: 1, name: 'Logowanie' }).waitFor();
  await page.getByLabel('Adres e-mail', { exact: true }).fill(email);
  await page.getByLabel('Hasło', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Zaloguj się', exact: true }).click();
}

/** Signs the administrator in and waits for the console links. */
async function signInAsAdmin(page) {
  await ensureAdminPassword();
  await signIn(page, ADMIN_EMAIL, adminPassword);
  await nav(page).getByRole('link', { name: 'Konta', exact: true }).waitFor();
}

/** Waits until a page has its heading and has finished loading its data. */
async function settle(page) {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  for (const busy of ['Wczytywanie…', 'Sprawdzanie, czy jesteś zalogowany…', 'Loading…']) {
    await page.getByText(busy, { exact: true }).waitFor({ state: 'detached', timeout: 10_000 });
  }
}

/** axe-core on the current page, a screenshot, and the violations asserted empty. */
async function checkScreen(page, name) {
  await settle(page);
  await screenshot(page, `accounts-${name}`);
  assert.deepEqual(await accessibilityViolations(page), [], `axe-core violations on ${name} (${page.url()})`);
}

/** The element that has keyboard focus is `locator`. */
const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement);

// ---- tests ----

test('start password login forces a password change, then the admin signs out', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();

  await signIn(page, ADMIN_EMAIL, adminStartPassword);
  await page.getByRole('heading', { level: 1, name: 'Ustaw własne hasło' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/password/change');
  // A start-password session sees no console.
  assert.equal(await nav(page).getByRole('link', { name: 'Konta', exact: true }).count(), 0);
  await screenshot(page, 'accounts-forced-change-pl');

  await page.getByLabel('Hasło startowe', { exact: true }).fill(adminStartPassword);
  await page.getByLabel('Nowe hasło', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByLabel('Powtórz nowe hasło', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Zmień hasło', exact: true }).click();

  // Signed in with the own password: the console links are there, the account box names the admin.
  await nav(page).getByRole('link', { name: 'Konta', exact: true }).waitFor();
  adminPassword = ADMIN_PASSWORD;
  for (const link of ['Jednostki', 'Wnioski o reset hasła', 'Incydenty', 'Dziennik audytu', 'Zmiana hasła']) {
    await nav(page).getByRole('link', { name: link, exact: true }).waitFor();
  }
  await page.getByText('Zalogowano jako').waitFor();
  await screenshot(page, 'accounts-signed-in-pl');

  await page.getByRole('button', { name: 'Wyloguj się', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Logowanie' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.getByRole('status').filter({ hasText: 'Wylogowano.' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Wyloguj się' }).count(), 0, 'no logout button after signing out');
  await nav(page).getByRole('link', { name: 'Zaloguj się', exact: true }).waitFor();

  // The session really ended on the server: the console asks to sign in.
  await page.goto(`${host.url}/admin/users`);
  await page.getByRole('heading', { level: 1, name: 'Wymagane logowanie' }).waitFor();
  await context.close();
});

test('second_login_supersedes_first_session: the first browser is told it was signed in elsewhere', async () => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  const a = await first.newPage();
  const b = await second.newPage();

  await signInAsAdmin(a);
  await signInAsAdmin(b);

  // A does something that calls the API: opens the accounts list. The server refuses it.
  const refused = a.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/api/') && r.status() === 401);
  await nav(a).getByRole('link', { name: 'Konta', exact: true }).click();
  const problem = await (await refused).json();
  assert.equal(problem.code, 'session_superseded', `401 body: ${JSON.stringify(problem)}`);
  const notice = a.getByRole('alert').filter({ hasText: 'zalogowane na innym urządzeniu' });
  await notice.waitFor();
  assert.match(await notice.innerText(), /Twoje konto zostało zalogowane na innym urządzeniu/);
  await notice.getByRole('link', { name: 'Zaloguj się ponownie' }).waitFor();
  // A is signed out in the interface too.
  assert.equal(await a.getByRole('button', { name: 'Wyloguj się' }).count(), 0);
  await screenshot(a, 'accounts-session-superseded-pl');

  // B keeps working.
  await nav(b).getByRole('link', { name: 'Konta', exact: true }).click();
  await b.getByRole('heading', { level: 1, name: 'Konta użytkowników' }).waitFor();
  await b.getByRole('table', { name: 'Lista kont' }).getByRole('cell', { name: ADMIN_EMAIL }).waitFor();
  assert.equal(await b.getByRole('alert').filter({ hasText: 'innym urządzeniu' }).count(), 0);

  await first.close();
  await second.close();
});

test('the admin registers an account from the console; it is listed and its start password is e-mailed', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsAdmin(page);

  await nav(page).getByRole('link', { name: 'Konta', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Konta użytkowników' }).waitFor();
  const form = page.getByRole('region', { name: 'Nowe konto' });
  await form.getByLabel('Imię', { exact: true }).fill('Zofia');
  await form.getByLabel('Nazwisko', { exact: true }).fill('Wiśniewska');
  await form.getByLabel('Adres e-mail', { exact: true }).fill('zofia.wisniewska@gmina.example.pl');
  await form.getByLabel('Jednostka', { exact: true }).selectOption({ label: COUNCIL_UNIT });
  await form.getByRole('group', { name: 'Role' }).getByRole('checkbox', { name: 'Radny', exact: true }).check();
  await screenshot(page, 'accounts-create-user-filled-pl');
  await form.getByRole('button', { name: 'Utwórz konto', exact: true }).click();

  // The app opens the new account; the list then has it.
  await page.getByRole('heading', { level: 1, name: 'Konto: Zofia Wiśniewska' }).waitFor();
  await nav(page).getByRole('link', { name: 'Konta', exact: true }).click();
  const list = page.getByRole('table', { name: 'Lista kont' });
  const row = list.getByRole('row').filter({ has: page.getByRole('link', { name: 'Zofia Wiśniewska' }) });
  await row.waitFor();
  await row.getByRole('cell', { name: 'zofia.wisniewska@gmina.example.pl' }).waitFor();
  assert.match(await row.innerText(), /Radny/);
  assert.match(await row.innerText(), /hasło startowe/);
  await screenshot(page, 'accounts-users-after-create-pl');

  const password = await startPasswordFromGateway(capture, 'zofia.wisniewska@gmina.example.pl');
  assert.ok(password.length >= 16, 'the start password has at least 16 characters');
  await context.close();
});

test('every accounts screen has no axe-core violations (Polish; login also in English)', async () => {
  // Arranged through the API first (an API login replaces the admin's browser session):
  // an account still holding its start password, for the forced-change screen.
  const token = await adminToken();
  const newcomerEmail = 'jan.nowicki@gmina.example.pl';
  const newcomerPassword = await registerThroughApi(token, {
    firstName: 'Jan', lastName: 'Nowicki', email: newcomerEmail, roles: ['councillor'],
  });

  // Anonymous screens.
  const visitor = await browser.newContext();
  let page = await visitor.newPage();
  await page.goto(`${host.url}/login`);
  await checkScreen(page, 'login-pl');
  assert.equal(await page.getAttribute('html', 'lang'), 'pl');

  await page.goto(`${host.url}/password/lost`);
  await page.getByRole('heading', { level: 1, name: 'Nie pamiętam hasła' }).waitFor();
  await checkScreen(page, 'password-lost-pl');
  // Filing it gives the reset queue and the incident register something to show.
  await page.getByLabel('Adres e-mail', { exact: true }).fill(newcomerEmail);
  await page.getByLabel('Powód', { exact: true }).fill('Zapomniane hasło startowe.');
  await page.getByRole('radio', { name: 'Link e-mailem i kod SMS-em' }).check();
  await page.getByRole('button', { name: 'Wyślij wniosek', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Wniosek został zarejestrowany' }).waitFor();
  await checkScreen(page, 'password-lost-sent-pl');

  await page.goto(`${host.url}/password/claim?token=browser-test-token`);
  await page.getByRole('heading', { level: 1, name: 'Ustaw nowe hasło' }).waitFor();
  await page.getByLabel('Kod z SMS-a', { exact: true }).waitFor();
  await checkScreen(page, 'password-claim-pl');
  await page.goto(`${host.url}/password/claim`);
  await page.getByRole('alert').filter({ hasText: 'Ten link jest niepełny' }).waitFor();
  await checkScreen(page, 'password-claim-no-token-pl');

  // The forced change of a start password.
  await signIn(page, newcomerEmail, newcomerPassword);
  await page.getByRole('heading', { level: 1, name: 'Ustaw własne hasło' }).waitFor();
  await checkScreen(page, 'forced-change-pl');
  await visitor.close();

  // English: the login screen.
  const english = await browser.newContext();
  page = await english.newPage();
  await page.goto(`${host.url}/login`);
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in to Ratusz' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.getByLabel('E-mail address', { exact: true }).waitFor();
  await page.getByLabel('Password', { exact: true }).waitFor();
  await checkScreen(page, 'login-en');
  await english.close();

  // The administrator's screens.
  const admin = await browser.newContext();
  page = await admin.newPage();
  await signInAsAdmin(page);

  await nav(page).getByRole('link', { name: 'Zmiana hasła', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Zmiana hasła' }).waitFor();
  await page.getByLabel('Obecne hasło', { exact: true }).waitFor();
  await checkScreen(page, 'settings-password-pl');

  await nav(page).getByRole('link', { name: 'Konta', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Konta użytkowników' }).waitFor();
  await page.getByRole('table', { name: 'Lista kont' }).getByRole('link', { name: 'Jan Nowicki' }).waitFor();
  await checkScreen(page, 'users-pl');

  // The create form, also with its errors showing.
  const form = page.getByRole('region', { name: 'Nowe konto' });
  await form.scrollIntoViewIfNeeded();
  await form.getByRole('button', { name: 'Utwórz konto', exact: true }).click();
  const alert = form.getByRole('alert').filter({ hasText: 'Formularz zawiera błędy' });
  await alert.waitFor();
  // Each field says what is wrong with it, and the alert lists every refused field at once.
  await form.getByText('Wybierz jednostkę.', { exact: true }).waitFor();
  await form.getByText('Zaznacz co najmniej jedną rolę.', { exact: true }).waitFor();
  for (const line of [
    'Imię: To pole jest wymagane.',
    'Nazwisko: To pole jest wymagane.',
    'Adres e-mail: To pole jest wymagane.',
    'Jednostka: Wybierz jednostkę.',
    'Role: Zaznacz co najmniej jedną rolę.',
  ]) {
    await alert.getByRole('listitem').filter({ hasText: line }).waitFor();
  }
  await checkScreen(page, 'create-user-errors-pl');

  await page.getByRole('table', { name: 'Lista kont' }).getByRole('link', { name: 'Jan Nowicki' }).click();
  await page.getByRole('heading', { level: 1, name: 'Konto: Jan Nowicki' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Działania' }).waitFor();
  await checkScreen(page, 'user-detail-pl');

  await nav(page).getByRole('link', { name: 'Jednostki', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Jednostki' }).waitFor();
  await page.getByRole('region', { name: 'Jednostki' }).getByRole('table').getByText(COUNCIL_UNIT).waitFor();
  await checkScreen(page, 'units-pl');

  await nav(page).getByRole('link', { name: 'Wnioski o reset hasła', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Wnioski o reset hasła' }).waitFor();
  await page.getByRole('article').filter({ hasText: newcomerEmail })
    .getByRole('button', { name: 'Zatwierdź wniosek', exact: true }).waitFor();
  await checkScreen(page, 'resets-pl');

  await nav(page).getByRole('link', { name: 'Incydenty', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Rejestr incydentów' }).waitFor();
  const incidents = page.getByRole('table', { name: 'Incydenty bezpieczeństwa' });
  await incidents.getByRole('row').filter({ hasText: 'Utrata hasła' }).first().waitFor();
  await checkScreen(page, 'incidents-pl');
  await incidents.getByRole('row').filter({ hasText: 'Utrata hasła' }).first().getByRole('link').click();
  await page.getByRole('heading', { level: 2, name: 'Przebieg' }).waitFor();
  await checkScreen(page, 'incident-detail-pl');

  await nav(page).getByRole('link', { name: 'Dziennik audytu', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Dziennik audytu' }).waitFor();
  await page.getByRole('button', { name: 'Sprawdź łańcuch', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Łańcuch jest spójny.' }).waitFor();
  // These hosts run without `audit_signing_key`: the page says checkpoints are off.
  await page.getByRole('status').getByText('wyłączone (nie ustawiono klucza podpisu)', { exact: true }).waitFor();
  await checkScreen(page, 'audit-pl');
  await admin.close();
});

test('the login form can be completed and submitted with the keyboard alone', async () => {
  await ensureAdminPassword();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${host.url}/login`);
  await page.getByRole('heading', { level: 1, name: 'Logowanie' }).waitFor();
  await page.waitForLoadState('networkidle');

  const email = page.getByLabel('Adres e-mail', { exact: true });
  const password = page.getByLabel('Hasło', { exact: true });
  const submit = page.getByRole('button', { name: 'Zaloguj się', exact: true });

  // Tab from the top of the page until the e-mail field has focus (skip link, header, navigation first).
  let presses = 0;
  while (!(await isFocused(email))) {
    assert.ok(++presses <= 30, 'the e-mail field is reachable with Tab');
    await page.keyboard.press('Tab');
  }
  await page.keyboard.type(ADMIN_EMAIL);
  await page.keyboard.press('Tab');
  assert.ok(await isFocused(password), 'Tab moves from the e-mail field to the password field');
  await page.keyboard.type(adminPassword);
  await page.keyboard.press('Tab');
  assert.ok(await isFocused(submit), 'Tab moves from the password field to the sign-in button');
  await page.keyboard.press('Enter');

  await nav(page).getByRole('link', { name: 'Konta', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Wyloguj się', exact: true }).waitFor();
  await screenshot(page, 'accounts-keyboard-login-pl');
  await context.close();
});
