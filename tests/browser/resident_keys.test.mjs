// The administrator's page of the residents' keys in a real browser (issue 15): residents are
// registered under keyring r1; the host comes back with r2 in front of both keyrings; the
// administrator finds the page from the health page, sees the counts per key id, starts the
// rotation and watches the progress bar move as the scheduler's ticks (here the token route,
// one batch each) re-seal the residents, until every value is under r2 — in Polish, then in
// English, axe-clean at every step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser,
} from './support.mjs';
import { ADMIN_EMAIL, loginWithOwnPassword, signedInPage, settle, checkScreen } from './people.mjs';

const TICK_TOKEN = 'browser-resident-keys-tick-token-0123456789';
const KEYS_A = {
  resident_data_keys: 'r1:cmVzaWRlbnQtZGF0YS1rZXktZm9yLXRlc3RzLW9ubHk',
  resident_index_key: 'i1:cmVzaWRlbnQtaW5kZXgta2V5LWZvci10ZXN0cy1vbmw',
};
const KEYS_B_THEN_A = {
  resident_data_keys: `r2:cmVzaWRlbnQtZGF0YS1rZXktQi1mb3Itcm90YXRpb24,${KEYS_A.resident_data_keys}`,
  resident_index_key: `i2:cmVzaWRlbnQtaW5kZXgta2V5LUItZm9yLXJvdGF0aW8,${KEYS_A.resident_index_key}`,
};
const RESIDENTS = 3;

let capture;
let host;
let browser;
let api;

function variables(keys) {
  return {
    ...gatewayVariables(capture),
    ...keys,
    tick_token: TICK_TOKEN,
    notify_rotation_batch: 1,
    notify_throttle_per_address: 1000,
  };
}

/** One batch of the rotation, as a scheduler outside the host would drive it. */
async function tick() {
  const reply = await api('/api/notify/tick', { method: 'POST', token: TICK_TOKEN });
  assert.ok(reply.status >= 200 && reply.status < 300, `tick: ${reply.status} ${reply.text}`);
}

/** The progress bar's `aria-valuenow` once the page's poll shows `expected(value)`. */
async function progressWhen(page, expected) {
  const bar = page.getByRole('progressbar', { name: 'Postęp ponownego szyfrowania' });
  let value = -1;
  for (let i = 0; i < 100; i += 1) {
    if (await bar.count()) {
      value = Number(await bar.getAttribute('aria-valuenow'));
      if (expected(value)) return value;
    }
    await page.waitForTimeout(200);
  }
  assert.fail(`the progress bar never showed what was expected (last ${value})`);
}

before(async () => {
  capture = await startCaptureServer();
  const first = await startAppHost({ variables: variables(KEYS_A) });
  api = jsonApi(first.url);
  const health = await api('/api/health');
  assert.equal(health.status, 200, health.text);
  await loginWithOwnPassword(api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL));
  const districts = await api('/api/notify/districts');
  const consent = await api('/api/notify/consent');
  for (let n = 1; n <= RESIDENTS; n += 1) {
    const registered = await api('/api/notify/registrations', {
      method: 'POST',
      body: {
        first_name: 'Ewa', last_name: `Klucz${n}`, birth_date: '1975-03-14',
        address: { street: 'Floriańska', number: `${n}`, postal_code: '08-110', district_id: districts.json.items[0].id },
        email: `ewa.klucz.${n}@example.pl`, code_channel: 'email', consent_version: consent.json.version,
      },
    });
    assert.equal(registered.status, 202, registered.text);
  }
  // The same state with r2 / i2 in front: they seal and index from now on, r1 / i1 still open.
  await first.stop();
  host = await startAppHost({ stateDir: first.stateDir, variables: variables(KEYS_B_THEN_A) });
  api = jsonApi(host.url);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  host?.cleanup();
  await capture?.close();
});

test('the administrator starts a rotation and watches it move to the new keys, in Polish and English', async () => {
  const { context, page } = await signedInPage(browser, host.url, ADMIN_EMAIL);
  try {
    await page.goto(`${host.url}/admin/health`);
    await settle(page);
    await page.getByRole('link', { name: 'Klucze danych mieszkańców' }).click();
    await page.getByRole('heading', { level: 1, name: 'Klucze danych mieszkańców' }).waitFor();
    await settle(page);
    const counts = page.getByRole('table');
    await counts.getByRole('row', { name: /r1/ }).waitFor();
    assert.equal(await counts.getByRole('row', { name: /r2/ }).count(), 0);
    await page.getByText('Klucze nie były jeszcze zmieniane.').waitFor();
    await checkScreen(page, 'resident-keys-before-pl');

    await page.getByRole('button', { name: 'Zaszyfruj ponownie nowymi kluczami' }).click();
    await page.getByRole('status').filter({ hasText: 'Ponowne szyfrowanie zostało uruchomione.' }).waitFor();
    await page.getByText('Trwa ponowne szyfrowanie.').waitFor();
    assert.equal(await progressWhen(page, (v) => v === 0), 0);
    await page.getByText(`0 z ${RESIDENTS} pozycji (mieszkańcy, zgłoszenia, zdjęcia)`).waitFor();
    // nothing else can start while one runs
    assert.ok(await page.getByRole('button', { name: 'Zaszyfruj ponownie nowymi kluczami' }).isDisabled());

    // one batch (one resident): the page's own poll shows a third done
    await tick();
    const between = await progressWhen(page, (v) => v > 0 && v < 100);
    assert.equal(between, 33);
    await page.getByText(`1 z ${RESIDENTS} pozycji (mieszkańcy, zgłoszenia, zdjęcia)`).waitFor();
    await checkScreen(page, 'resident-keys-running-pl');

    for (let n = 1; n < RESIDENTS; n += 1) await tick();
    assert.equal(await progressWhen(page, (v) => v === 100), 100);
    await page.getByText('Ponowne szyfrowanie zakończone.').waitFor();
    await counts.getByRole('row', { name: /r2/ }).waitFor();
    assert.equal(await counts.getByRole('row', { name: /r1/ }).count(), 0);
    assert.ok(await page.getByRole('button', { name: 'Zaszyfruj ponownie nowymi kluczami' }).isEnabled());
    await checkScreen(page, 'resident-keys-done-pl');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: "Residents' data keys" }).waitFor();
    await page.getByText('Re-encryption finished.').waitFor();
    await page.getByText(`${RESIDENTS} of ${RESIDENTS} items (residents, reports, photos)`).waitFor();
    await checkScreen(page, 'resident-keys-done-en');
    await page.getByRole('button', { name: 'Polski' }).click();
  } finally {
    await context.close();
  }
});
