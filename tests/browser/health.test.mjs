// The administrator's health page (/admin/health, issue 18) in a real browser: linked from the
// admin's and support's home, Polish first with every time in Polish time, refreshed by the
// button and by itself every 30 s (a fake page clock, no sleeping), axe-clean, and out of reach
// of other roles. Accounts are arranged through the API; what a person reads is checked by role
// and label.
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startAppHost, startCaptureServer, startPasswordFromGateway, gatewayVariables, jsonApi,
  launchBrowser, artifacts,
} from './support.mjs';
import {
  ADMIN_EMAIL, PASSWORD, loginWithOwnPassword, register, signIn, signedInPage, settle, checkScreen,
} from './people.mjs';

const PEOPLE = {
  support: { firstName: 'Stefan', lastName: 'Informatyk', email: 'it@gmina.example.pl', roles: ['support'] },
  clerk: { firstName: 'Cezary', lastName: 'Biurowy', email: 'clerk@gmina.example.pl', roles: ['clerk'] },
};

let capture;
let host;
let browser;
let api;
let adminToken;

before(async () => {
  capture = await startCaptureServer();
  host = await startAppHost({ variables: gatewayVariables(capture) });
  api = jsonApi(host.url);
  const health = await fetch(`${host.url}/api/health`);
  assert.ok(health.ok, `GET /api/health answered ${health.status}`);
  adminToken = await loginWithOwnPassword(api, ADMIN_EMAIL, await startPasswordFromGateway(capture, ADMIN_EMAIL));
  for (const person of Object.values(PEOPLE)) {
    await register(api, capture, adminToken, person);
  }
  browser = await launchBrowser();
});

beforeEach(async () => {
  adminToken = await loginWithOwnPassword(api, ADMIN_EMAIL, PASSWORD);
});

after(async () => {
  await browser?.close();
  if (host) {
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'health-host.log'), host.log());
  }
  await host?.stop();
  host?.cleanup();
  await capture?.close();
});

/** Counts the page's calls to GET /api/system/status. */
function countStatusCalls(page) {
  const calls = { n: 0 };
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/system/status') calls.n += 1;
  });
  return calls;
}

async function waitForCalls(calls, n) {
  for (let i = 0; i < 100 && calls.n < n; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(calls.n >= n, `expected ${n} calls to /api/system/status, saw ${calls.n}`);
}

test('the admin reaches the health page from home and reads it in Polish, axe-clean', async () => {
  const { context, page } = await signedInPage(browser, host.url, ADMIN_EMAIL);
  try {
    await page.goto(`${host.url}/`);
    await settle(page);
    await page.getByRole('link', { name: 'Stan serwera' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stan serwera' }).waitFor();
    await settle(page);
    for (const heading of ['Serwer', 'Baza danych', 'Kolejka e-maili i SMS-ów', 'Magazyn sesji (klucz–wartość)', 'Dziennik audytu']) {
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
    }
    const main = await page.locator('main').innerText();
    assert.match(main, /Działa/, main);
    // Every moment in Polish time: `6.12.2026, godz. 10:15`-style dates, no ISO stamps.
    assert.match(main, /\d{2}\.\d{2}\.\d{4}, godz\. \d{2}:\d{2}/, main);
    assert.doesNotMatch(main, /\d{4}-\d{2}-\d{2}T/, main);
    assert.match(main, /nic nie czeka/, main);
    assert.match(main, /MB/, main);
    await page.getByText(/Zastosowane migracje \(\d+\)/).click();
    await page.getByRole('cell', { name: 'audit_log', exact: true }).waitFor();
    await checkScreen(page, 'health-admin');
    await page.getByRole('link', { name: 'Przejdź do dziennika audytu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dziennik audytu' }).waitFor();
  } finally {
    await context.close();
  }
});

test('the page refreshes on the button and by itself every 30 seconds', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.clock.install();
    await signIn(page, host.url, ADMIN_EMAIL);
    const calls = countStatusCalls(page);
    await page.goto(`${host.url}/admin/health`);
    await page.getByRole('heading', { level: 1, name: 'Stan serwera' }).waitFor();
    await settle(page);
    await waitForCalls(calls, 1);
    await page.getByRole('button', { name: 'Odśwież teraz' }).click();
    await waitForCalls(calls, 2);
    await page.getByRole('button', { name: 'Odśwież teraz' }).waitFor();
    await page.clock.runFor(30_000);
    await waitForCalls(calls, 3);
    await page.clock.runFor(30_000);
    await waitForCalls(calls, 4);
  } finally {
    await context.close();
  }
});

test('technical support has the link and the page; a clerk has neither', async () => {
  const support = await signedInPage(browser, host.url, PEOPLE.support.email);
  try {
    await support.page.goto(`${host.url}/`);
    await settle(support.page);
    await support.page.getByRole('link', { name: 'Stan serwera' }).click();
    await support.page.getByRole('heading', { level: 1, name: 'Stan serwera' }).waitFor();
    await settle(support.page);
    await support.page.getByRole('heading', { level: 2, name: 'Dziennik audytu' }).waitFor();
  } finally {
    await support.context.close();
  }
  const clerk = await signedInPage(browser, host.url, PEOPLE.clerk.email);
  try {
    await clerk.page.goto(`${host.url}/`);
    await settle(clerk.page);
    assert.equal(await clerk.page.getByRole('link', { name: 'Stan serwera' }).count(), 0);
    await clerk.page.goto(`${host.url}/admin/health`);
    await settle(clerk.page);
    assert.equal(await clerk.page.getByRole('heading', { level: 1, name: 'Stan serwera' }).count(), 0);
  } finally {
    await clerk.context.close();
  }
});

test('in English the page says the same in English', async () => {
  const { context, page } = await signedInPage(browser, host.url, ADMIN_EMAIL);
  try {
    await page.goto(`${host.url}/admin/health`);
    await settle(page);
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Server health' }).waitFor();
    await settle(page);
    const main = await page.locator('main').innerText();
    assert.match(main, /Working/, main);
    assert.match(main, /nothing waits/, main);
    assert.doesNotMatch(main, /Działa|Baza danych/, main);
    await checkScreen(page, 'health-admin-en');
  } finally {
    await context.close();
  }
});
