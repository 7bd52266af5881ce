// Residents' reports (zgłoszenia, issue 16) in real Chromium against the real host: a bound
// resident on a phone reports a broken lamp with a photo (checked and previewed before its
// upload; a file that is no image is refused first) and this device's position (granted to the
// browser), and finds it under "Moje zgłoszenia"; a notifier_admin finds it first in the queue,
// sees the photo and the place with its OpenStreetMap link, takes it up with a note and replies;
// the reply reaches the resident's e-mail at the capture gateway, and the resident reads the new
// status, the note and the reply in the app. Every screen is checked with
// axe-core in Polish and English, and reflows at 200 % zoom (195 CSS px wide).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser, screenshot, artifacts,
} from './support.mjs';
import { ADMIN_EMAIL, checkScreen, loginWithOwnPassword, register, settle, signedInPage } from './people.mjs';

const PHONE = {
  viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
  // The browser knows where it is, and the resident allows the page to ask.
  geolocation: { latitude: 52.1676, longitude: 22.2902 }, permissions: ['geolocation'],
};
/** 200 % zoom of a 390-px phone. */
const ZOOM_200 = { width: 195, height: 422 };
const EWA = { firstName: 'Ewa', lastName: 'Zgłoszeniowa', email: 'ewa.zgloszenia@gmina.example.pl', roles: ['notifier_admin'] };
const RESIDENT_EMAIL = 'zofia.zglaszajaca@example.pl';
/** A real 1×1 PNG (the preview draws it). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let capture;
let host;
let browser;
let api;
const opened = [];

before(async () => {
  capture = await startCaptureServer();
  host = await startAppHost({ variables: { ...gatewayVariables(capture), notify_throttle_per_address: 500 } });
  api = jsonApi(host.url);
  // The first request makes the bootstrap administrator (its start password goes by e-mail).
  const health = await fetch(`${host.url}/api/health`);
  assert.ok(health.ok, `GET /api/health answered ${health.status}`);
  const adminToken = await loginWithOwnPassword(api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL));
  await register(api, capture, adminToken, EWA);
  browser = await launchBrowser();
});

afterEach(async (t) => {
  let n = 0;
  for (const context of opened) {
    for (const page of context.pages()) {
      await screenshot(page, `reports-end-${t.name.slice(0, 20).replace(/\W+/g, '-')}-${n += 1}`).catch(() => {});
    }
  }
  mkdirSync(artifacts, { recursive: true });
  if (host) writeFileSync(join(artifacts, 'reports-host.log'), host.log());
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

async function announced(page, role, text) {
  await page.getByRole(role).filter({ hasText: text }).first().waitFor();
}

async function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** A resident registered through the API and bound on a phone through the binding page. */
async function boundResidentPage() {
  const districts = await api('/api/notify/districts');
  const consent = await api('/api/notify/consent');
  const registered = await api('/api/notify/registrations', {
    method: 'POST',
    body: {
      first_name: 'Zofia', last_name: 'Zgłaszająca', birth_date: '1979-03-08',
      address: { street: 'Kościuszki', number: '7', postal_code: '08-110', district_id: districts.json.items[0].id },
      email: RESIDENT_EMAIL, code_channel: 'email', consent_version: consent.json.version,
      // No quiet hours: the reply's e-mail goes at once whatever the hour in Poland.
      quiet_hours: null,
    },
  });
  assert.equal(registered.status, 202, registered.text);
  const code = await codeSentTo(RESIDENT_EMAIL);
  const context = await browser.newContext(PHONE);
  opened.push(context);
  const page = await context.newPage();
  await page.goto(`${host.url}/residents/bind`);
  await page.getByLabel('E-mail lub telefon, na który przyszedł kod').first().fill(RESIDENT_EMAIL);
  await page.getByLabel('Kod weryfikacyjny').fill(code);
  await page.getByRole('button', { name: 'Powiąż urządzenie' }).click();
  await page.getByRole('heading', { level: 1, name: 'Moje dane' }).waitFor();
  return page;
}

test('a resident reports with a photo and place, a notifier_admin takes it up and replies, the resident reads it', async () => {
  const phone = await boundResidentPage();

  // From "Moje dane" to the form.
  await phone.getByRole('link', { name: 'Zgłoś problem' }).first().click();
  await phone.getByRole('heading', { level: 1, name: 'Zgłoś problem' }).waitFor();
  await checkScreen(phone, 'reports-new-pl');

  // Empty: refused before anything leaves the device.
  await phone.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  await announced(phone, 'alert', 'Opis problemu:');

  await phone.getByLabel('Kategoria').selectOption({ label: 'Oświetlenie' });
  await phone.getByLabel('Opis problemu').fill('Latarnia przy przystanku nie świeci od tygodnia.');
  // Not an image: refused before its upload.
  const photoInput = phone.getByLabel('Zdjęcie (nieobowiązkowe)');
  await photoInput.setInputFiles({ name: 'latarnia.png', mimeType: 'image/png', buffer: Buffer.from('<html>nie zdjęcie</html>') });
  await phone.getByText('To nie jest zdjęcie JPEG, PNG ani WebP.').first().waitFor();
  await photoInput.setInputFiles({ name: 'latarnia.png', mimeType: 'image/png', buffer: PNG });
  const preview = phone.getByRole('img', { name: 'Podgląd wybranego zdjęcia' });
  await preview.waitFor();
  assert.ok(await preview.evaluate((img) => img.complete && img.naturalWidth === 1), 'the preview shows the chosen image');

  // The position only when asked for; the words beside it typed.
  await phone.getByRole('button', { name: 'Użyj położenia tego urządzenia' }).click();
  await announced(phone, 'status', 'Położenie ustalone');
  assert.equal(await phone.getByLabel('Szerokość geograficzna (od −90 do 90)').inputValue(), '52.167600');
  await phone.getByLabel('Opis miejsca, np. „przy przystanku”').fill('przystanek Rynek');
  await checkScreen(phone, 'reports-new-filled-pl');
  await phone.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  await announced(phone, 'status', 'Zgłoszenie zostało wysłane');

  await phone.getByRole('link', { name: 'Moje zgłoszenia' }).first().click();
  await phone.getByRole('heading', { level: 1, name: 'Moje zgłoszenia' }).waitFor();
  await phone.getByRole('heading', { level: 2, name: 'Oświetlenie — Nowe' }).waitFor();
  await checkScreen(phone, 'reports-mine-pl');

  // The office.
  const { context, page: office } = await signedInPage(browser, host.url, EWA.email);
  opened.push(context);
  await office.goto(`${host.url}/registry/reports`);
  await office.getByRole('heading', { level: 1, name: 'Zgłoszenia mieszkańców' }).waitFor();
  await checkScreen(office, 'reports-queue-pl');
  await office.getByRole('link', { name: /^Oświetlenie — / }).first().click();
  await office.getByRole('heading', { level: 1, name: 'Zgłoszenie mieszkańca' }).waitFor();
  await office.getByText('Latarnia przy przystanku nie świeci od tygodnia.').waitFor();
  const photo = office.getByRole('img', { name: 'Zdjęcie dołączone przez mieszkańca' });
  await photo.waitFor();
  await office.waitForFunction(() => {
    const img = document.querySelector('figure.report-photo img');
    return img && img.complete && img.naturalWidth === 1;
  });
  const map = office.getByRole('link', { name: 'Pokaż miejsce na mapie OpenStreetMap' });
  assert.match(await map.getAttribute('href'), /^https:\/\/www\.openstreetmap\.org\/\?mlat=52\.167600&mlon=22\.290200/);
  await office.getByText('przystanek Rynek (52.16760, 22.29020)').waitFor();
  await checkScreen(office, 'reports-detail-pl');

  await office.getByLabel('Notatka (nieobowiązkowa, widzi ją mieszkaniec)').fill('Zlecone ekipie oświetleniowej.');
  await office.getByRole('button', { name: 'Przyjmij do realizacji' }).click();
  await announced(office, 'status', 'Status został zmieniony.');
  // From in progress: resolve or reject, not take up again.
  await office.getByRole('button', { name: 'Oznacz jako załatwione' }).waitFor();
  assert.equal(await office.getByRole('button', { name: 'Przyjmij do realizacji' }).count(), 0);
  await office.getByLabel('Treść odpowiedzi').fill('Dziękujemy, lampa zostanie wymieniona w piątek.');
  await office.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  await announced(office, 'status', 'Odpowiedź została dodana do historii.');
  await office.getByText('Dziękujemy, lampa zostanie wymieniona w piątek.').waitFor();
  await checkScreen(office, 'reports-detail-replied-pl');
  // The reply also went to the resident by their first channel that reaches them (e-mail).
  const batch = await capture.waitFor(
    (body, m) => m.path === '/email/batch' && body.messages?.some((x) => x.to === RESIDENT_EMAIL),
    { what: 'the reply by e-mail' },
  );
  const sent = batch.body.messages.find((x) => x.to === RESIDENT_EMAIL);
  assert.equal(sent.subject, 'Odpowiedź na Twoje zgłoszenie');
  assert.ok(sent.text.includes('Dziękujemy, lampa zostanie wymieniona w piątek.'), sent.text);

  // English, then 200 % zoom.
  await office.getByRole('button', { name: 'English' }).click();
  await office.getByRole('heading', { level: 1, name: "A resident's report" }).waitFor();
  await checkScreen(office, 'reports-detail-en');
  await office.goto(`${host.url}/registry/reports`);
  await office.getByRole('heading', { level: 1, name: "Residents' reports" }).waitFor();
  await checkScreen(office, 'reports-queue-en');
  await office.getByRole('button', { name: 'Polski' }).click();
  await office.setViewportSize(ZOOM_200);
  await office.getByRole('heading', { level: 1, name: 'Zgłoszenia mieszkańców' }).waitFor();
  await settle(office);
  assert.ok(await sidewaysOverflow(office) <= 0, 'the queue reflows at 195 px');

  // The resident reads the new status, the note and the answer.
  await phone.reload();
  await phone.getByRole('heading', { level: 2, name: 'Oświetlenie — W realizacji' }).waitFor();
  await phone.getByText('Zlecone ekipie oświetleniowej.').waitFor();
  await phone.getByText('Dziękujemy, lampa zostanie wymieniona w piątek.').waitFor();
  await checkScreen(phone, 'reports-mine-replied-pl');
  await phone.getByRole('button', { name: 'English' }).click();
  await phone.getByRole('heading', { level: 1, name: 'My reports' }).waitFor();
  await phone.getByRole('heading', { level: 2, name: 'Street lighting — In progress' }).waitFor();
  await checkScreen(phone, 'reports-mine-en');
  await phone.goto(`${host.url}/residents/reports/new`);
  await phone.getByRole('heading', { level: 1, name: 'Report a problem' }).waitFor();
  await checkScreen(phone, 'reports-new-en');
  await phone.getByRole('button', { name: 'Polski' }).click();

  await phone.setViewportSize(ZOOM_200);
  for (const [path, heading] of [
    ['/residents/reports/new', 'Zgłoś problem'],
    ['/residents/reports', 'Moje zgłoszenia'],
  ]) {
    await phone.goto(`${host.url}${path}`);
    await phone.getByRole('heading', { level: 1, name: heading }).waitFor();
    await settle(phone);
    const overflow = await sidewaysOverflow(phone);
    await screenshot(phone, `reports-zoom200${path.replaceAll('/', '-')}`);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow} px at 195 px`);
  }
});
