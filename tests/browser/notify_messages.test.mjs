// The notifier's messages to residents (issue 16) in real Chromium against the real host and a
// capture gateway: residents seeded through the API (six in one district, two in another), a
// notifier composes a warning to the first district over e-mail, previews it (the count per
// channel shown), is refused a filter matching fewer than five without any number, sends,
// and watches the progress bar reach 100 % while the scheduler's ticks (here the token route)
// drain the queue — the gateway got exactly those six addresses, each text filled with the
// person's first name. Templates are added (a taken name refused), edited and used in
// compose; a scheduled message is cancelled after a confirmation. Every screen is checked
// with axe-core in Polish and English and reflows at 320 CSS px; a notifier_admin is refused.
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

const TICK_TOKEN = 'browser-notify-messages-tick-token-0123456789';
const STAFF = {
  nina: { firstName: 'Nina', lastName: 'Nadawczyni', email: 'nina.wiadomosci@gmina.example.pl', roles: ['notifier'] },
  ewa: { firstName: 'Ewa', lastName: 'Rejestrująca', email: 'ewa.rejestr.wiad@gmina.example.pl', roles: ['notifier_admin'] },
};
const FIRST_NAMES = ['Adam', 'Barbara', 'Cezary', 'Danuta', 'Edward', 'Felicja'];
const TITLE = 'Przerwa w dostawie wody';
/** 400 % zoom of a 1280-px screen (WCAG 1.4.10 reflow). */
const REFLOW = { width: 320, height: 640 };

let capture;
let host;
let browser;
let api;
/** The residents of the first district: e-mail → first name. */
const northEmails = new Map();
let districtNorth;
let districtSouth;
const opened = [];

before(async () => {
  capture = await startCaptureServer();
  host = await startAppHost({
    variables: { ...gatewayVariables(capture), tick_token: TICK_TOKEN, notify_throttle_per_address: 1000 },
  });
  api = jsonApi(host.url);
  const health = await api('/api/health');
  assert.equal(health.status, 200, health.text);
  const adminToken = await loginWithOwnPassword(api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL));
  for (const person of Object.values(STAFF)) await register(api, capture, adminToken, person);
  const ewaToken = await loginWithOwnPassword(api, STAFF.ewa.email, PASSWORD);
  const districts = await api('/api/notify/districts');
  [districtNorth, districtSouth] = districts.json.items;
  assert.ok(districtNorth && districtSouth, districts.text);
  const seed = async (first, n, district) => {
    const email = `${first.toLowerCase()}.${n}@mieszkancy.example.pl`;
    const created = await api('/api/notify/recipients', {
      method: 'POST',
      token: ewaToken,
      body: {
        first_name: first, last_name: `Mieszkaniec${n}`, birth_date: '1970-05-20',
        address: { street: 'Lipowa', number: `${n}`, postal_code: '08-110', district_id: district.id },
        email, channels: ['email'], quiet_hours: null,
      },
    });
    assert.equal(created.status, 201, created.text);
    return email;
  };
  for (const [n, first] of FIRST_NAMES.entries()) northEmails.set(await seed(first, n + 1, districtNorth), first);
  await seed('Grzegorz', 7, districtSouth);
  await seed('Halina', 8, districtSouth);
  browser = await launchBrowser();
});

afterEach(async (t) => {
  let n = 0;
  for (const context of opened) {
    for (const page of context.pages()) {
      await screenshot(page, `notify-end-${t.name.slice(0, 20).replace(/\W+/g, '-')}-${n += 1}`).catch(() => {});
    }
  }
  mkdirSync(artifacts, { recursive: true });
  if (host) writeFileSync(join(artifacts, 'notify-messages-host.log'), host.log());
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

/** One round of the scheduler, as a CronJob outside the host would drive it. */
async function tick() {
  const reply = await api('/api/notify/tick', { method: 'POST', token: TICK_TOKEN });
  assert.ok(reply.status >= 200 && reply.status < 300, `tick: ${reply.status} ${reply.text}`);
}

const nav = (page) => page.getByRole('navigation').first();

async function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The messages the capture gateway took in batches: [{id, to, subject, text}]. */
function batched() {
  return capture.messages.flatMap((m) => (Array.isArray(m.body?.messages) ? m.body.messages : []));
}

test('a notifier previews a message to a district, is refused a small group without a number, sends it and watches it finish', async () => {
  const nina = await open(STAFF.nina);
  const home = nina.getByRole('region', { name: 'Powiadomienia dla mieszkańców' });
  await home.getByRole('link', { name: 'Wiadomości do mieszkańców' }).waitFor();
  await checkScreen(nina, 'notify-home-pl');
  await nav(nina).getByRole('link', { name: 'Wiadomości do mieszkańców' }).click();
  await nina.getByRole('heading', { level: 1, name: 'Wiadomości do mieszkańców' }).waitFor();
  await nina.getByText('Nie ma jeszcze takich wiadomości.').waitFor();
  await checkScreen(nina, 'notify-list-empty-pl');

  await nina.getByRole('link', { name: 'Nowa wiadomość' }).click();
  await nina.getByRole('heading', { level: 1, name: 'Nowa wiadomość' }).waitFor();
  await checkScreen(nina, 'notify-compose-pl');

  // Sent empty: every refusal the form can see, at once, before anything leaves.
  await nina.getByRole('button', { name: 'Wyślij', exact: true }).click();
  const alert = nina.getByRole('alert').filter({ hasText: 'Tytuł:' });
  await alert.waitFor();
  for (const field of ['Treść:', 'Kategoria:', 'Kanały:']) {
    assert.ok((await alert.textContent()).includes(field), `${field} is listed: ${await alert.textContent()}`);
  }
  await checkScreen(nina, 'notify-compose-errors-pl');

  await nina.getByLabel('Tytuł').fill(TITLE);
  await nina.getByLabel('Treść').fill('Dzień dobry ((first_name)), jutro od 8:00 do 14:00 nie będzie wody.');
  await nina.getByLabel('Kategoria').selectOption('warning');
  await nina.getByRole('checkbox', { name: 'E-mail' }).check();
  await nina.getByLabel('Do grupy wybranej według wieku, płci lub adresu').check();
  await nina.getByRole('checkbox', { name: districtSouth.name, exact: true }).check();

  // Two people: refused, and no number says how many.
  await nina.getByRole('button', { name: 'Podgląd' }).click();
  const refusal = nina.getByRole('alert').filter({ hasText: 'zbyt mało osób' });
  await refusal.waitFor();
  assert.ok(!/\d/.test(await refusal.textContent()), `the refusal shows a number: ${await refusal.textContent()}`);
  await checkScreen(nina, 'notify-compose-too-small-pl');

  await nina.getByRole('checkbox', { name: districtSouth.name, exact: true }).uncheck();
  await nina.getByRole('checkbox', { name: districtNorth.name, exact: true }).check();
  await nina.getByRole('button', { name: 'Podgląd' }).click();
  const preview = nina.getByRole('region', { name: 'Podgląd' });
  await preview.getByText('Wiadomość otrzyma: 6').waitFor();
  assert.equal(await preview.locator('dd').first().textContent(), '6');
  await checkScreen(nina, 'notify-compose-preview-pl');

  await nina.getByRole('button', { name: 'Wyślij', exact: true }).click();
  await nina.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  const bar = nina.getByRole('progressbar', { name: 'E-mail: postęp wysyłki' });
  await checkScreen(nina, 'notify-message-sending-pl');

  // The scheduler's rounds drain the queue; the page's poll shows it without a reload.
  for (let round = 0; round < 20; round += 1) {
    await tick();
    if (batched().length >= 6) break;
  }
  await nina.getByText('Wysłana', { exact: true }).waitFor({ timeout: 15_000 });
  await bar.waitFor();
  assert.equal(await bar.getAttribute('aria-valuenow'), '100');
  assert.equal(await bar.getAttribute('aria-valuetext'), '6 z 6 obsłużono');
  await checkScreen(nina, 'notify-message-done-pl');

  const sent = batched();
  assert.deepEqual(sent.map((m) => m.to).sort(), [...northEmails.keys()].sort(), 'exactly the district\'s six addresses');
  for (const m of sent) {
    assert.ok(m.text.includes(`Dzień dobry ${northEmails.get(m.to)},`), `filled for ${m.to}: ${m.text}`);
    assert.equal(m.subject, TITLE);
  }

  await nina.getByRole('link', { name: 'Wróć do listy wiadomości' }).click();
  await nina.getByRole('link', { name: TITLE }).waitFor();
  await checkScreen(nina, 'notify-list-pl');
});

test('templates are added, a taken name refused, edited and used in compose; a scheduled message is cancelled', async () => {
  const nina = await open(STAFF.nina);
  await nina.goto(`${host.url}/notify/templates`);
  await nina.getByRole('heading', { level: 1, name: 'Szablony wiadomości' }).waitFor();
  await nina.getByText('Nie ma jeszcze szablonów.').waitFor();
  await checkScreen(nina, 'notify-templates-empty-pl');

  const fill = async (name) => {
    await nina.getByLabel('Nazwa szablonu').fill(name);
    await nina.getByLabel('Tytuł').fill('Wywóz odpadów wielkogabarytowych');
    await nina.getByLabel('Treść').fill('Na osiedlu ((district)) w sobotę wywóz odpadów.');
    await nina.getByLabel('Kategoria').selectOption('event');
    await nina.getByRole('checkbox', { name: 'SMS' }).check();
    await nina.getByRole('button', { name: 'Dodaj szablon' }).click();
  };
  await fill('Wywóz odpadów');
  await nina.getByRole('status').filter({ hasText: 'Dodano szablon.' }).waitFor();
  await nina.getByRole('rowheader', { name: 'Wywóz odpadów' }).waitFor();
  await fill('Wywóz odpadów');
  await nina.getByRole('alert').filter({ hasText: 'Szablon o tej nazwie już istnieje.' }).waitFor();
  await checkScreen(nina, 'notify-templates-taken-pl');

  await nina.getByRole('button', { name: 'Edytuj: Wywóz odpadów' }).click();
  await nina.getByRole('heading', { level: 2, name: 'Edycja szablonu Wywóz odpadów' }).waitFor();
  await nina.getByRole('checkbox', { name: 'E-mail' }).check();
  await nina.getByRole('button', { name: 'Zapisz zmiany' }).click();
  await nina.getByRole('status').filter({ hasText: 'Zapisano szablon.' }).waitFor();
  await nina.getByRole('cell', { name: 'E-mail, SMS' }).waitFor();

  // Compose from the template, scheduled for tomorrow, then cancelled.
  await nina.goto(`${host.url}/notify/messages/new`);
  await nina.getByLabel('Użyj szablonu').selectOption({ label: 'Wywóz odpadów' });
  await nina.getByRole('status').filter({ hasText: 'Wypełniono pola z szablonu.' }).waitFor();
  assert.equal(await nina.getByLabel('Tytuł').inputValue(), 'Wywóz odpadów wielkogabarytowych');
  assert.ok(await nina.getByRole('checkbox', { name: 'SMS' }).isChecked());
  await nina.getByLabel('Zaplanuj na później').check();
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  await nina.getByLabel('Data i godzina wysyłki').fill(`${tomorrow}T10:00`);
  await checkScreen(nina, 'notify-compose-template-pl');
  await nina.getByRole('button', { name: 'Zaplanuj wysyłkę' }).click();
  await nina.getByRole('heading', { level: 1, name: 'Wywóz odpadów wielkogabarytowych' }).waitFor();
  await nina.getByText('Zaplanowana', { exact: true }).waitFor();
  await nina.getByRole('button', { name: 'Anuluj wysyłkę' }).click();
  await nina.getByText('Na pewno anulować?', { exact: false }).waitFor();
  await checkScreen(nina, 'notify-message-cancel-question-pl');
  await nina.getByRole('button', { name: 'Potwierdź: Anuluj wysyłkę' }).click();
  await nina.getByRole('status').filter({ hasText: 'Wysyłkę anulowano.' }).waitFor();
  await nina.getByText('Anulowana', { exact: true }).waitFor();
  assert.equal(await nina.getByRole('button', { name: 'Anuluj wysyłkę' }).count(), 0);

  await nina.goto(`${host.url}/notify/templates`);
  await nina.getByRole('button', { name: 'Usuń: Wywóz odpadów' }).click();
  await nina.getByRole('button', { name: 'Potwierdź: Usuń: Wywóz odpadów' }).click();
  await nina.getByText('Nie ma jeszcze szablonów.').waitFor();
});

test('the screens read in English, reflow at 320 px, and are refused to a notifier_admin', async () => {
  // Through the API first: a sign-in ends the account's other session (one per account).
  const list = await api('/api/notify/messages', { token: await loginWithOwnPassword(api, STAFF.nina.email, PASSWORD) });
  assert.equal(list.status, 200, list.text);
  const messageId = list.json.items[0].id;
  const nina = await open(STAFF.nina);
  await nina.getByRole('button', { name: 'English' }).click();
  for (const [path, heading] of [
    ['/notify/messages', 'Messages to residents'],
    ['/notify/messages/new', 'New message'],
    ['/notify/templates', 'Message templates'],
    [`/notify/messages/${messageId}`, null],
  ]) {
    await nina.goto(`${host.url}${path}`);
    await nina.getByRole('heading', { level: 1, ...(heading ? { name: heading } : {}) }).waitFor();
    await checkScreen(nina, `notify${path.replaceAll('/', '-')}-en`.slice(0, 60));
  }
  await nina.getByRole('button', { name: 'Polski' }).click();

  await nina.setViewportSize(REFLOW);
  for (const path of ['/notify/messages', '/notify/messages/new', '/notify/templates', `/notify/messages/${messageId}`]) {
    await nina.goto(`${host.url}${path}`);
    await settle(nina);
    const overflow = await sidewaysOverflow(nina);
    await screenshot(nina, `notify-reflow${path.replaceAll('/', '-')}`.slice(0, 60));
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow} px at 320 px`);
  }

  const ewa = await open(STAFF.ewa);
  assert.equal(await nav(ewa).getByRole('link', { name: 'Wiadomości do mieszkańców' }).count(), 0);
  for (const path of ['/notify/messages', '/notify/messages/new', '/notify/templates']) {
    await ewa.goto(`${host.url}${path}`);
    await ewa.getByRole('heading', { level: 1, name: 'Brak dostępu' }).waitFor();
  }
});
