// The resident's side of citizen notifications (issue 15) on a phone-sized Chromium (390 × 844):
// found from the footer, registered on the public form, the code read at the capture gateway,
// this device bound, "Moje dane" read, a field corrected, notifications paused and resumed, the
// portable copy downloaded, the device unbound; a second resident erases their data. Every
// screen is checked with axe-core, and at 200 % zoom (a 195-px-wide viewport) nothing is cut off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  startAppHost, startCaptureServer, gatewayVariables, jsonApi, launchBrowser, screenshot,
} from './support.mjs';
import { checkScreen, settle } from './people.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true };
/** A 390-px phone at 200 % zoom lays out like a 195-px-wide one. */
const ZOOM_200 = { width: 195, height: 422 };

let capture;
let host;
let browser;
let api;

before(async () => {
  capture = await startCaptureServer();
  // Both residents' browsers and the script share one client address: room for every call.
  const variables = { ...gatewayVariables(capture), notify_throttle_per_address: 500 };
  host = await startAppHost({ variables });
  api = jsonApi(host.url);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  host?.cleanup();
  await capture?.close();
});

/** The 8-digit code of the newest message to `to` at the capture gateway (waits for one). */
async function codeSentTo(to) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const codes = capture.messages
      .filter((m) => m.body?.to === to)
      .map((m) => /\b(\d{8})\b/.exec(m.body.text ?? '')?.[1])
      .filter(Boolean);
    if (codes.length > 0) return codes[codes.length - 1];
    if (Date.now() > deadline) throw new Error(`no validation code to ${to} reached the capture gateway`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether the page scrolls sideways (something cut off or wider than the viewport). */
async function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** A status or alert region's text, once it says `text`. */
async function announced(page, role, text) {
  await page.getByRole(role).filter({ hasText: text }).first().waitFor();
}

test('a resident registers on a phone, binds with the code from the gateway, corrects, pauses and resumes, downloads the copy and unbinds', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const email = 'anna.mieszkanska@example.pl';

  await page.goto(`${host.url}/`);
  await page.getByRole('link', { name: 'Powiadomienia dla mieszkańców' }).click();
  await page.getByRole('heading', { level: 1, name: 'Powiadomienia dla mieszkańców' }).waitFor();
  await checkScreen(page, 'residents-start-pl');

  await page.getByRole('link', { name: 'Zarejestruj się' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rejestracja w powiadomieniach' }).waitFor();
  await page.getByLabel('Imię', { exact: true }).waitFor();
  await checkScreen(page, 'residents-register-pl');

  // Sent empty: every refusal at once, in Polish, before anything leaves the device.
  await page.getByRole('button', { name: 'Zarejestruj się' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Imię:' });
  await alert.waitFor();
  for (const field of ['Nazwisko:', 'Data urodzenia:', 'Kod pocztowy:', 'Osiedle:', 'Zgoda:']) {
    assert.ok((await alert.textContent()).includes(field), `${field} is listed: ${await alert.textContent()}`);
  }
  assert.equal(capture.messages.length, 0, 'nothing was sent');
  await checkScreen(page, 'residents-register-errors-pl');

  await page.getByLabel('Imię', { exact: true }).fill('Anna');
  await page.getByLabel('Nazwisko', { exact: true }).fill('Mieszkańska');
  await page.getByLabel('Data urodzenia').fill('1985-04-12');
  await page.getByLabel('Ulica (lub miejscowość)').fill('Piłsudskiego');
  await page.getByLabel('Numer domu i mieszkania').fill('12A/4');
  await page.getByLabel('Kod pocztowy').fill('08-110');
  await page.getByLabel('Osiedle').selectOption({ index: 1 });
  await page.getByLabel('Adres e-mail', { exact: true }).fill(email);
  await page.getByLabel('Numer telefonu').fill('600 100 200');
  await page.getByLabel('Na adres e-mail').check();
  await page.getByLabel('Przeczytałem/przeczytałam i wyrażam zgodę').check();
  await page.getByRole('button', { name: 'Zarejestruj się' }).click();

  await announced(page, 'status', 'Wysłaliśmy kod weryfikacyjny na:');
  assert.ok(await page.getByText('a***@e***.pl').isVisible(), 'the masked contact is shown');
  await checkScreen(page, 'residents-code-sent-pl');

  const code = await codeSentTo(email);
  assert.equal(await page.getByLabel('E-mail lub telefon, na który przyszedł kod').inputValue(), email);
  await page.getByLabel('Kod weryfikacyjny').fill(code);
  await page.getByRole('button', { name: 'Powiąż urządzenie' }).click();

  await page.getByRole('heading', { level: 1, name: 'Moje dane' }).waitFor();
  await page.getByText('Anna Mieszkańska').waitFor();
  await checkScreen(page, 'residents-me-pl');
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => !k.startsWith('ratusz.lang')).join()), '',
    'nothing of the binding is in localStorage');

  // Correct a field: the address (staff verify it again).
  assert.ok(await page.getByText('Zmiana imienia, nazwiska, daty urodzenia lub adresu wymaga ponownej weryfikacji przez urząd.').isVisible());
  await page.getByLabel('Ulica (lub miejscowość)').fill('Długa');
  await page.getByRole('button', { name: 'Zapisz zmiany' }).click();
  await announced(page, 'status', 'Zapisano zmiany');
  await page.getByText('Długa 12A/4, 08-110').waitFor();

  // A wrong postal code is refused before sending, in Polish, with nothing changed.
  await page.getByLabel('Kod pocztowy').fill('08110');
  await page.getByRole('button', { name: 'Zapisz zmiany' }).click();
  await announced(page, 'alert', 'Podaj kod pocztowy w postaci 08-110.');
  const stored = await api('/api/notify/me', { token: await deviceToken(page) });
  assert.equal(stored.json.address.postal_code, '08-110');
  await page.getByLabel('Kod pocztowy').fill('08-110');

  // Pause until lifted, then resume.
  await page.getByRole('button', { name: 'Wstrzymaj', exact: true }).click();
  await announced(page, 'status', 'Powiadomienia są wstrzymane.');
  await page.getByText('Wstrzymane do odwołania').waitFor();
  await checkScreen(page, 'residents-me-suspended-pl');
  await page.getByRole('button', { name: 'Wznów powiadomienia' }).click();
  await announced(page, 'status', 'Powiadomienia są znów włączone.');

  // The binding survives a restart of the app.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Moje dane' }).waitFor();

  // The portable copy is the recipient's JSON.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Pobierz kopię danych (JSON)' }).click(),
  ]);
  const copy = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(copy.first_name, 'Anna');
  assert.equal(copy.address.street, 'Długa');
  assert.equal(copy.email, email);

  // Unbind this device: the token is gone here and refused by the server.
  const token = await deviceToken(page);
  await page.getByRole('button', { name: 'Odłącz to urządzenie' }).click();
  await page.getByRole('button', { name: 'Potwierdź: Odłącz to urządzenie' }).click();
  await announced(page, 'status', 'To urządzenie zostało odłączone.');
  await page.getByRole('heading', { level: 1, name: 'Powiadomienia dla mieszkańców' }).waitFor();
  assert.equal(await deviceToken(page), null);
  const refused = await api('/api/notify/me', { token });
  assert.equal(refused.status, 401);
  assert.equal(refused.json.code, 'invalid_token');
  await context.close();
});

/** The device token as this page's app keeps it (read here only to check it from outside). */
function deviceToken(page) {
  return page.evaluate(async () => {
    if (!(await caches.has('ratusz-resident-device'))) return null;
    const cache = await caches.open('ratusz-resident-device');
    const hit = await cache.match('/.ratusz/resident-device-token');
    return hit ? hit.text() : null;
  });
}

test('a second resident binds from the binding page, reads English, fits 200 % zoom and erases their data', async () => {
  const email = 'jan.drugi@example.pl';
  const districts = await api('/api/notify/districts');
  const consent = await api('/api/notify/consent');
  const registered = await api('/api/notify/registrations', {
    method: 'POST',
    body: {
      first_name: 'Jan', last_name: 'Drugi', birth_date: '1970-01-31',
      address: { street: 'Sokołowska', number: '5', postal_code: '08-110', district_id: districts.json.items[0].id },
      email, code_channel: 'email', consent_version: consent.json.version,
    },
  });
  assert.equal(registered.status, 202, registered.text);
  const code = await codeSentTo(email);

  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${host.url}/residents/bind`);
  await page.getByRole('heading', { level: 1, name: 'Powiąż to urządzenie' }).waitFor();
  await checkScreen(page, 'residents-bind-pl');

  // A wrong code: one answer that tells nothing about the contact.
  await page.getByLabel('E-mail lub telefon, na który przyszedł kod').first().fill(email);
  await page.getByLabel('Kod weryfikacyjny').fill(code === '00000000' ? '11111111' : '00000000');
  await page.getByRole('button', { name: 'Powiąż urządzenie' }).click();
  await announced(page, 'alert', 'Kod lub kontakt się nie zgadza');
  await checkScreen(page, 'residents-bind-refused-pl');

  await page.getByLabel('Kod weryfikacyjny').fill(code);
  await page.getByRole('button', { name: 'Powiąż urządzenie' }).click();
  await page.getByRole('heading', { level: 1, name: 'Moje dane' }).waitFor();
  await page.getByText('Jan Drugi').waitFor();

  // English.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'My data' }).waitFor();
  await checkScreen(page, 'residents-me-en');
  await page.getByRole('button', { name: 'Polski' }).click();
  await page.getByRole('heading', { level: 1, name: 'Moje dane' }).waitFor();

  // 200 % zoom: every resident screen reflows into 195 CSS px without sideways scrolling.
  await page.setViewportSize(ZOOM_200);
  for (const [path, heading] of [
    ['/residents/me', 'Moje dane'],
    ['/residents/register', 'Rejestracja w powiadomieniach'],
    ['/residents/bind', 'Powiąż to urządzenie'],
  ]) {
    await page.goto(`${host.url}${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await settle(page);
    const overflow = await sidewaysOverflow(page);
    await screenshot(page, `residents-zoom200${path.replaceAll('/', '-')}`);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow} px at 195 px`);
  }
  await page.setViewportSize(PHONE.viewport);

  // Erasure, with a confirmation step.
  await page.goto(`${host.url}/residents/me`);
  await page.getByRole('heading', { level: 1, name: 'Moje dane' }).waitFor();
  const token = await deviceToken(page);
  await page.getByRole('button', { name: 'Usuń moje dane' }).click();
  await page.getByText('Na pewno usunąć wszystkie Twoje dane? Tego nie można cofnąć.').waitFor();
  await checkScreen(page, 'residents-erase-confirm-pl');
  await page.getByRole('button', { name: 'Potwierdź: Usuń moje dane' }).click();
  await announced(page, 'status', 'Twoje dane zostały usunięte.');
  await page.getByRole('heading', { level: 1, name: 'Powiadomienia dla mieszkańców' }).waitFor();
  await checkScreen(page, 'residents-erased-pl');
  assert.equal(await deviceToken(page), null);
  const gone = await api('/api/notify/me', { token });
  assert.equal(gone.status, 401);
  assert.equal(gone.json.code, 'invalid_token');
  // The contact is free again: a new code request is answered as for anyone, and no code comes.
  const sentBefore = capture.messages.filter((m) => m.body?.to === email).length;
  assert.equal((await api('/api/notify/codes', { method: 'POST', body: { contact: email } })).status, 202);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(capture.messages.filter((m) => m.body?.to === email).length, sentBefore, 'no code for an erased contact');
  await context.close();
});
