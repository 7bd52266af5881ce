// The staff's side of the resident registry (issue 15) in real Chromium against the real host:
// two notifier_admins (Ewa registers a resident at their request, Piotr verifies: the one who
// registered cannot, and is told why), the printable consent document opened from its link
// (the person's name in it) and marked signed then archived, search by exact e-mail and by
// district + part of a name, districts kept (a taken name refused), erasure that needs the
// second person (also the request a consent withdrawal recorded in the office opens, shown on
// the page), and a notifier who sees the counts and nothing else. Every staff screen is
// checked with axe-core (Polish, and English where the suites do so), and reflows at 200 %
// zoom (195 CSS px wide).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser, screenshot, artifacts,
} from './support.mjs';
import {
  ADMIN_EMAIL, PASSWORD, checkScreen, loginWithOwnPassword, register, settle, signedInPage,
} from './people.mjs';

/** The registry's staff: two keepers and a notifier (a unit is the bootstrap's). */
const STAFF = {
  ewa: { firstName: 'Ewa', lastName: 'Rejestrująca', email: 'ewa.rejestr@gmina.example.pl', roles: ['notifier_admin'] },
  piotr: { firstName: 'Piotr', lastName: 'Weryfikujący', email: 'piotr.rejestr@gmina.example.pl', roles: ['notifier_admin'] },
  nina: { firstName: 'Nina', lastName: 'Powiadamiająca', email: 'nina.powiadomienia@gmina.example.pl', roles: ['notifier'] },
};
/** The resident registered at the office. */
const RESIDENT = { first: 'Halina', last: 'Mieszkańska-Urzędowa', email: 'halina.urzedowa@example.pl' };
/** 200 % zoom of a 390-px phone. */
const ZOOM_200 = { width: 195, height: 422 };

let capture;
let host;
let browser;
let api;
/** Contexts opened by the tests (screenshotted at the end of each test). */
const opened = [];
/** Set by the first test: the resident's id. */
let residentId;

before(async () => {
  capture = await startCaptureServer();
  host = await startAppHost({ variables: gatewayVariables(capture) });
  api = jsonApi(host.url);
  const health = await fetch(`${host.url}/api/health`);
  assert.ok(health.ok, `GET /api/health answered ${health.status}`);
  const adminToken = await loginWithOwnPassword(api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL));
  for (const person of Object.values(STAFF)) await register(api, capture, adminToken, person);
  browser = await launchBrowser();
});

afterEach(async (t) => {
  let n = 0;
  for (const context of opened) {
    for (const page of context.pages()) {
      await screenshot(page, `registry-end-${t.name.slice(0, 20).replace(/\W+/g, '-')}-${n += 1}`).catch(() => {});
    }
  }
  mkdirSync(artifacts, { recursive: true });
  if (host) writeFileSync(join(artifacts, 'residents-staff-host.log'), host.log());
});

after(async () => {
  await browser?.close();
  await host?.stop();
  host?.cleanup();
  await capture?.close();
});

async function open(person) {
  const tab = await signedInPage(browser, host.url, person.email);
  opened.push(tab.context);
  return tab.page;
}

/** A status or alert region's text, once it says `text`. */
async function announced(page, role, text) {
  await page.getByRole(role).filter({ hasText: text }).first().waitFor();
}

const nav = (page) => page.getByRole('navigation').first();

async function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test('a notifier_admin registers a resident, cannot verify them, prints the consent and files it; another one finds and verifies them', async () => {
  const ewa = await open(STAFF.ewa);
  await nav(ewa).getByRole('link', { name: 'Rejestr mieszkańców' }).click();
  await ewa.getByRole('heading', { level: 1, name: 'Rejestr mieszkańców' }).waitFor();
  await checkScreen(ewa, 'registry-list-pl');

  await ewa.getByRole('link', { name: 'Zarejestruj mieszkańca' }).click();
  await ewa.getByRole('heading', { level: 1, name: 'Rejestracja mieszkańca przez urząd' }).waitFor();
  await ewa.getByLabel('Osiedle').locator('option').nth(1).waitFor({ state: 'attached' });
  await checkScreen(ewa, 'registry-register-pl');

  // Sent empty: every refusal at once, before anything leaves the browser.
  await ewa.getByRole('button', { name: 'Zarejestruj mieszkańca' }).click();
  const alert = ewa.getByRole('alert').filter({ hasText: 'Imię:' });
  await alert.waitFor();
  for (const field of ['Nazwisko:', 'Data urodzenia:', 'Kod pocztowy:', 'Osiedle:']) {
    assert.ok((await alert.textContent()).includes(field), `${field} is listed: ${await alert.textContent()}`);
  }
  await checkScreen(ewa, 'registry-register-errors-pl');

  await ewa.getByLabel('Imię', { exact: true }).fill(RESIDENT.first);
  await ewa.getByLabel('Nazwisko', { exact: true }).fill(RESIDENT.last);
  await ewa.getByLabel('Data urodzenia').fill('1952-03-08');
  await ewa.getByLabel('Ulica (lub miejscowość)').fill('Floriańska');
  await ewa.getByLabel('Numer domu i mieszkania').fill('7');
  await ewa.getByLabel('Kod pocztowy').fill('08-110');
  await ewa.getByLabel('Osiedle').selectOption({ index: 1 });
  await ewa.getByLabel('Adres e-mail', { exact: true }).fill(RESIDENT.email);
  await ewa.getByLabel('Na adres e-mail').check();
  await ewa.getByRole('button', { name: 'Zarejestruj mieszkańca' }).click();

  await ewa.getByRole('heading', { level: 1, name: 'Dane mieszkańca' }).waitFor();
  await ewa.getByText(`${RESIDENT.first} ${RESIDENT.last}`).waitFor();
  residentId = /\/registry\/residents\/([^/?#]+)/.exec(ewa.url())?.[1];
  assert.ok(residentId, `the resident's page: ${ewa.url()}`);
  await checkScreen(ewa, 'registry-recipient-pl');
  const codes = capture.messages.filter((m) => m.body?.to === RESIDENT.email && /\b\d{8}\b/.test(m.body.text ?? ''));
  assert.equal(codes.length, 1, 'send_code sent one validation code');

  // The one who registered cannot verify: the four-eyes sentence, and nothing changes.
  await ewa.getByLabel('Decyzja').selectOption('verified');
  await ewa.getByRole('button', { name: 'Zapisz decyzję' }).click();
  await announced(ewa, 'alert', 'Tę osobę zarejestrowałeś/zarejestrowałaś Ty: jej dane musi zweryfikować inna osoba.');
  await checkScreen(ewa, 'registry-four-eyes-pl');

  // The consent document: a link that opens the printable HTML with the person's data.
  const [doc] = await Promise.all([
    ewa.context().waitForEvent('page'),
    ewa.getByRole('link', { name: 'Otwórz dokument zgody do druku' }).click(),
  ]);
  await doc.waitForLoadState();
  const printed = await doc.textContent('body');
  assert.ok(printed.includes(RESIDENT.last), 'the consent document names the person');
  assert.ok(printed.includes(residentId), 'the consent document carries the recipient id');
  await doc.close();
  await ewa.getByRole('button', { name: 'Oznacz jako podpisany' }).click();
  await announced(ewa, 'status', 'Dokument oznaczono jako podpisany.');
  await ewa.getByRole('button', { name: 'Oznacz jako zarchiwizowany' }).click();
  await announced(ewa, 'status', 'Dokument oznaczono jako zarchiwizowany.');
  await ewa.getByText(/^Zarchiwizowany \(/).waitFor();
  assert.equal(await ewa.getByRole('button', { name: 'Oznacz jako zarchiwizowany' }).count(), 0);

  // Piotr finds the person by exact e-mail, then by district + part of the name.
  const piotr = await open(STAFF.piotr);
  await nav(piotr).getByRole('link', { name: 'Rejestr mieszkańców' }).click();
  await piotr.getByRole('heading', { level: 1, name: 'Rejestr mieszkańców' }).waitFor();
  await piotr.getByLabel('Szukaj według').selectOption('email');
  await piotr.getByLabel('Adres e-mail', { exact: true }).fill(RESIDENT.email);
  await piotr.getByRole('button', { name: 'Szukaj', exact: true }).click();
  const found = piotr.getByRole('link', { name: `${RESIDENT.first} ${RESIDENT.last}` });
  await found.waitFor();
  assert.equal(await piotr.locator('tbody tr').count(), 1);
  await checkScreen(piotr, 'registry-search-email-pl');

  await piotr.getByLabel('Szukaj według').selectOption('district');
  // A district is needed for a name search: said at once, nothing sent.
  await piotr.getByRole('button', { name: 'Szukaj', exact: true }).click();
  await announced(piotr, 'alert', 'Osiedle:');
  await piotr.getByLabel('Osiedle').selectOption({ index: 1 });
  await piotr.getByLabel('Część imienia lub nazwiska (nieobowiązkowo)').fill('mieszkanska-urz');
  await piotr.getByRole('button', { name: 'Szukaj', exact: true }).click();
  await found.waitFor();
  await piotr.getByLabel('Część imienia lub nazwiska (nieobowiązkowo)').fill('Kowalczyk');
  await piotr.getByRole('button', { name: 'Szukaj', exact: true }).click();
  await piotr.getByText('Nikt nie pasuje do wyszukiwania.').waitFor();
  await piotr.getByLabel('Część imienia lub nazwiska (nieobowiązkowo)').fill('halina');
  await piotr.getByRole('button', { name: 'Szukaj', exact: true }).click();
  await found.click();

  await piotr.getByRole('heading', { level: 1, name: 'Dane mieszkańca' }).waitFor();
  await piotr.getByText(`${RESIDENT.first} ${RESIDENT.last}`).waitFor();
  await piotr.getByRole('button', { name: 'English' }).click();
  await piotr.getByRole('heading', { level: 1, name: "Resident's data" }).waitFor();
  await checkScreen(piotr, 'registry-recipient-en');
  await piotr.getByRole('button', { name: 'Polski' }).click();
  await piotr.getByRole('heading', { level: 1, name: 'Dane mieszkańca' }).waitFor();
  await piotr.getByLabel('Decyzja').selectOption('verified');
  await piotr.getByLabel('Uwagi (nieobowiązkowo)').fill('Dowód osobisty okazany w urzędzie.');
  await piotr.getByRole('button', { name: 'Zapisz decyzję' }).click();
  await announced(piotr, 'status', 'Zapisano decyzję.');
  // What the server holds (a script's own login: Piotr's browser session ends here).
  const token = await loginWithOwnPassword(api, STAFF.piotr.email, PASSWORD);
  const stored = await api(`/api/notify/recipients/${residentId}`, { token });
  assert.equal(stored.json.verification, 'verified', stored.text);
});

test('erasure through staff needs a second notifier_admin; the one who asked is told so', async () => {
  assert.ok(residentId, 'the first test registered the resident');
  const ewa = await open(STAFF.ewa);
  // The verification filter: the verified person is listed among the verified, not the restricted.
  await ewa.goto(`${host.url}/registry/residents`);
  await ewa.getByRole('heading', { level: 1, name: 'Rejestr mieszkańców' }).waitFor();
  await ewa.getByLabel('Weryfikacja').selectOption('restricted');
  await ewa.getByRole('button', { name: 'Szukaj', exact: true }).click();
  await ewa.getByText('Nikt nie pasuje do wyszukiwania.').waitFor();
  await ewa.getByLabel('Weryfikacja').selectOption('verified');
  await ewa.getByRole('button', { name: 'Szukaj', exact: true }).click();
  await ewa.getByRole('link', { name: `${RESIDENT.first} ${RESIDENT.last}` }).click();
  await ewa.getByRole('heading', { level: 1, name: 'Dane mieszkańca' }).waitFor();
  await ewa.getByText(`${RESIDENT.first} ${RESIDENT.last}`).waitFor();

  // Consent withdrawn in the office: sending stops, and an erasure request opens in Ewa's
  // name; the question says beforehand that a second person must confirm the erasure.
  const pending = /Prośba o usunięcie danych czeka na potwierdzenie innej osoby/;
  await ewa.getByRole('button', { name: 'Wycofaj zgodę', exact: true }).click();
  await ewa.getByText('Na pewno wycofać zgodę tej osoby? Wysyłka ustanie od razu, a usunięcie danych musi potwierdzić druga osoba.').waitFor();
  await ewa.getByRole('button', { name: 'Potwierdź: Wycofaj zgodę' }).click();
  await announced(ewa, 'status', 'Zgoda została wycofana. Poproszono o usunięcie danych: potwierdzić je musi inna osoba.');
  await ewa.getByText(pending).waitFor();
  // Either person may withdraw such a request; the page stops showing it.
  await ewa.getByRole('button', { name: 'Wycofaj prośbę o usunięcie' }).click();
  await announced(ewa, 'status', 'Prośbę o usunięcie wycofano.');
  assert.equal(await ewa.getByText(pending).count(), 0, 'no request is shown once withdrawn');

  // The reason is required: refused at once.
  await ewa.getByRole('button', { name: 'Poproś o usunięcie danych' }).click();
  await announced(ewa, 'alert', 'Popraw zaznaczone pola');
  await ewa.getByLabel('Powód usunięcia').fill('Wniosek mieszkanki złożony w urzędzie.');
  await ewa.getByRole('button', { name: 'Poproś o usunięcie danych' }).click();
  await announced(ewa, 'status', 'Poproszono o usunięcie danych. Potwierdzić je musi inna osoba.');
  await ewa.getByText(pending).waitFor();

  await ewa.getByRole('button', { name: 'Usuń dane tej osoby' }).click();
  await ewa.getByRole('button', { name: 'Potwierdź: Usuń dane tej osoby' }).click();
  await announced(ewa, 'alert', 'O usunięcie danych tej osoby prosiłeś/prosiłaś Ty: potwierdzić je musi inna osoba.');
  await checkScreen(ewa, 'registry-erasure-own-request-pl');

  const piotr = await open(STAFF.piotr);
  await piotr.goto(`${host.url}/registry/residents/${residentId}`);
  await piotr.getByRole('heading', { level: 1, name: 'Dane mieszkańca' }).waitFor();
  await piotr.getByText(`${RESIDENT.first} ${RESIDENT.last}`).waitFor();
  // The second person sees there is a request to confirm.
  await piotr.getByText(pending).waitFor();
  await piotr.getByRole('button', { name: 'Usuń dane tej osoby' }).click();
  await piotr.getByRole('button', { name: 'Potwierdź: Usuń dane tej osoby' }).click();
  await announced(piotr, 'status', 'Dane tej osoby zostały usunięte.');
  await piotr.getByText(/Dane tej osoby usunięto\./).waitFor();
  assert.equal(await piotr.getByText(RESIDENT.last).count(), 0, 'no personal datum is shown any more');
  await checkScreen(piotr, 'registry-erased-pl');

  await ewa.reload();
  await ewa.getByText(/Dane tej osoby usunięto\./).waitFor();
});

test('districts are added and renamed, a taken name is refused; the screens read in English and reflow at 200 %', async () => {
  const ewa = await open(STAFF.ewa);
  await ewa.goto(`${host.url}/registry/districts`);
  await ewa.getByRole('heading', { level: 1, name: 'Osiedla' }).waitFor();
  await checkScreen(ewa, 'registry-districts-pl');
  await ewa.getByLabel('Nazwa osiedla', { exact: true }).fill('Osiedle Testowe Nad Rzeką');
  await ewa.getByRole('button', { name: 'Dodaj osiedle' }).click();
  await announced(ewa, 'status', 'Dodano osiedle.');
  const renameField = ewa.getByLabel('Nowa nazwa osiedla Osiedle Testowe Nad Rzeką');
  await renameField.waitFor();
  await ewa.getByLabel('Nazwa osiedla', { exact: true }).fill('osiedle testowe nad rzeką');
  await ewa.getByRole('button', { name: 'Dodaj osiedle' }).click();
  await announced(ewa, 'alert', 'Osiedle o tej nazwie już istnieje.');
  await checkScreen(ewa, 'registry-districts-taken-pl');
  await renameField.fill('Osiedle Nadrzeczne');
  await ewa.getByRole('button', { name: 'Zmień nazwę: Osiedle Testowe Nad Rzeką' }).click();
  await announced(ewa, 'status', 'Zmieniono nazwę osiedla.');
  await ewa.getByLabel('Nowa nazwa osiedla Osiedle Nadrzeczne').waitFor();
  const districts = await api('/api/notify/districts');
  assert.ok(districts.json.items.some((d) => d.name === 'Osiedle Nadrzeczne'), districts.text);

  // English: every staff screen with its own words, axe clean.
  await ewa.getByRole('button', { name: 'English' }).click();
  for (const [path, heading] of [
    ['/registry/residents', 'Resident registry'],
    ['/registry/register', 'Registering a resident at the office'],
    ['/registry/districts', 'Districts'],
    ['/registry/stats', 'Notification statistics'],
  ]) {
    await ewa.goto(`${host.url}${path}`);
    await ewa.getByRole('heading', { level: 1, name: heading }).waitFor();
    await checkScreen(ewa, `registry${path.replaceAll('/', '-')}-en`);
  }
  await ewa.getByRole('button', { name: 'Polski' }).click();

  // 200 % zoom: nothing scrolls sideways at 195 CSS px.
  await ewa.setViewportSize(ZOOM_200);
  for (const [path, heading] of [
    ['/registry/residents', 'Rejestr mieszkańców'],
    ['/registry/register', 'Rejestracja mieszkańca przez urząd'],
    ['/registry/districts', 'Osiedla'],
    ['/registry/stats', 'Statystyki powiadomień'],
    [`/registry/residents/${residentId}`, 'Dane mieszkańca'],
  ]) {
    await ewa.goto(`${host.url}${path}`);
    await ewa.getByRole('heading', { level: 1, name: heading }).waitFor();
    await settle(ewa);
    const overflow = await sidewaysOverflow(ewa);
    await screenshot(ewa, `registry-zoom200${path.replaceAll('/', '-')}`);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow} px at 195 px`);
  }
});

test('a notifier sees the counts only: no registry link, the registry refused, the API refuses personal data', async () => {
  const nina = await open(STAFF.nina);
  await nina.getByRole('heading', { level: 2, name: 'Powiadomienia dla mieszkańców' }).waitFor();
  await nina.getByText('Statystyki odbiorców powiadomień (same liczby).').waitFor();
  await checkScreen(nina, 'registry-home-notifier-pl');
  assert.equal(await nav(nina).getByRole('link', { name: 'Rejestr mieszkańców' }).count(), 0);
  await nav(nina).getByRole('link', { name: 'Statystyki powiadomień' }).click();
  await nina.getByRole('heading', { level: 1, name: 'Statystyki powiadomień' }).waitFor();
  await nina.getByRole('table', { name: 'Odbiorcy według osiedli' }).waitFor();
  await checkScreen(nina, 'registry-stats-pl');
  assert.equal(await nina.getByText(RESIDENT.last).count(), 0);

  for (const path of ['/registry/residents', '/registry/register', '/registry/districts', `/registry/residents/${residentId}`]) {
    await nina.goto(`${host.url}${path}`);
    await nina.getByRole('heading', { level: 1, name: 'Brak dostępu' }).waitFor();
  }
  await checkScreen(nina, 'registry-forbidden-pl');

  const token = await loginWithOwnPassword(api, STAFF.nina.email, PASSWORD);
  assert.equal((await api('/api/notify/stats', { token })).status, 200);
  for (const path of ['/api/notify/recipients', `/api/notify/recipients/${residentId}`]) {
    const refused = await api(path, { token });
    assert.equal(refused.status, 403, `${path}: ${refused.text}`);
  }
});
