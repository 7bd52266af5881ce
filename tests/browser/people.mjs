// The people the browser suites arrange through the API, and the steps every suite takes with
// them: an account with its own password (the start password arrives at the capture gateway),
// signing in through the Polish form, waiting for a screen to settle, and checking it with axe.
import assert from 'node:assert/strict';
import { startPasswordFromGateway, accessibilityViolations, screenshot } from './support.mjs';

/** The bootstrap administrator the host creates on the first request. */
export const ADMIN_EMAIL = 'admin@ratusz.local';
/** The password every arranged account ends up with. */
export const PASSWORD = 'Zielony-Ratusz-2026-Sesja!';
/** The unit council accounts belong to. */
export const COUNCIL_UNIT = 'Rada Miasta';
/** A 10" tablet or a small laptop. */
export const TABLET = { viewport: { width: 1280, height: 800 } };

/** A chair, a clerk and two councillors. */
export const COUNCIL_PEOPLE = {
  chair: { firstName: 'Barbara', lastName: 'Przewodnicząca', email: 'chair@gmina.example.pl', roles: ['chair'] },
  clerk: { firstName: 'Cezary', lastName: 'Biurowy', email: 'clerk@gmina.example.pl', roles: ['clerk'] },
  anna: { firstName: 'Anna', lastName: 'Radna', email: 'anna@gmina.example.pl', roles: ['councillor'] },
  jan: { firstName: 'Jan', lastName: 'Radny', email: 'jan@gmina.example.pl', roles: ['councillor'] },
};

/** Logs in with `password`; when it is a start password, replaces it with PASSWORD. Returns a token. */
export async function loginWithOwnPassword(api, email, password) {
  const login = await api('/api/auth/login', { method: 'POST', body: { email, password } });
  assert.equal(login.status, 200, `login ${email}: ${login.text}`);
  if (password === PASSWORD) return login.json.token;
  const change = await api('/api/auth/password', {
    method: 'POST', token: login.json.token, body: { current_password: password, new_password: PASSWORD },
  });
  assert.equal(change.status, 200, `password change ${email}: ${change.text}`);
  const again = await api('/api/auth/login', { method: 'POST', body: { email, password: PASSWORD } });
  assert.equal(again.status, 200, `login ${email}: ${again.text}`);
  return again.json.token;
}

/** Registers `person` through the admin API and gives the account its own password; returns its id. */
export async function register(api, capture, adminToken, person) {
  const units = await api('/api/units', { token: adminToken });
  const unit = units.json.items.find((u) => u.name === COUNCIL_UNIT) ?? units.json.items[0];
  const created = await api('/api/users', {
    method: 'POST',
    token: adminToken,
    body: { first_name: person.firstName, last_name: person.lastName, email: person.email, unit_id: unit.id, roles: person.roles },
  });
  assert.equal(created.status, 201, `create ${person.email}: ${created.text}`);
  await loginWithOwnPassword(api, person.email, await startPasswordFromGateway(capture, person.email));
  return created.json.id;
}

/** Signs in through the Polish login form (signing in through the API would not set the cookie). */
export async function signIn(page, baseUrl, email) {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('heading', { level: 1, name: 'Logowanie' }).waitFor();
  await page.getByLabel('Adres e-mail', { exact: true }).fill(email);
  await page.getByLabel('Hasło', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Zaloguj się', exact: true }).click();
  try {
    await page.getByRole('button', { name: 'Wyloguj się', exact: true }).waitFor({ timeout: 15_000 });
  } catch (error) {
    await screenshot(page, `signin-failed-${email}`);
    throw error;
  }
}

/** A new signed-in tab (1280×800 unless `contextOptions` say otherwise). */
export async function signedInPage(browser, baseUrl, email, contextOptions = TABLET) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  await signIn(page, baseUrl, email);
  return { context, page };
}

/** Waits until a screen has its heading and no loading line. */
export async function settle(page) {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  for (const busy of ['Wczytywanie…', 'Sprawdzanie, czy jesteś zalogowany…', 'Loading…']) {
    await page.getByText(busy, { exact: true }).first().waitFor({ state: 'detached', timeout: 10_000 });
  }
}

/** axe-core on the settled page, a screenshot named `name`, and the violations asserted empty. */
export async function checkScreen(page, name) {
  await settle(page);
  await screenshot(page, name);
  assert.deepEqual(await accessibilityViolations(page), [], `axe-core violations on ${name} (${page.url()})`);
}
