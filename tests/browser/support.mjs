// Shared support for the browser tests: the real host running the real app, Debian's Chromium,
// axe-core, screenshots. Each test file starts its own host on a free port and state directory.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

const here = dirname(fileURLToPath(import.meta.url));
export const root = process.env.RATUSZ_ROOT ?? resolve(here, '../..');
const hostBin = process.env.RATUSZ_HOST_BIN ?? join(root, 'target/host/ratusz-host');
export const artifacts = join(here, 'artifacts');

/** A `data_keys` keyring for browser tests only (one 32-byte key, base64url). */
const BROWSER_DATA_KEYS = 'browser:YnJvd3Nlci10ZXN0LWRhdGEta2V5LTAxMjM0NTY3ODk';
/** The resident registry's keyring and blind index key for browser tests only. */
const BROWSER_RESIDENT_KEYS = {
  SPIN_VARIABLE_RESIDENT_DATA_KEYS: 'r1:cmVzaWRlbnQtZGF0YS1rZXktZm9yLXRlc3RzLW9ubHk',
  SPIN_VARIABLE_RESIDENT_INDEX_KEY: 'i1:cmVzaWRlbnQtaW5kZXgta2V5LWZvci10ZXN0cy1vbmw',
};

/** Starts ratusz-host on the project's spin.toml; resolves once it prints its serving line. */
export async function startHost({ stateDir } = {}) {
  const dir = stateDir ?? mkdtempSync(join(tmpdir(), 'ratusz-browser-'));
  const child = spawn(
    hostBin,
    ['up', '-f', join(root, 'spin.toml'), '--listen', '127.0.0.1:0', '--state-dir', dir],
    {
      env: { ...process.env, SPIN_VARIABLE_TOKEN_SIGNING_KEY: 'browser-test-signing-key-0123456789abcdef', SPIN_VARIABLE_DATA_KEYS: BROWSER_DATA_KEYS, ...BROWSER_RESIDENT_KEYS },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /ratusz-host: serving (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    url,
    stateDir: dir,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
}

/** Debian's Chromium with the flags this machine needs (no downloads, no background traffic). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Runs axe-core (WCAG 2.1 A + AA rules) and returns the violations in a readable form. */
export async function accessibilityViolations(page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Saves a full-page screenshot as a test artefact. */
export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

// ---- Accounts: a host with configured gateways, a capture server, start passwords ----

/**
 * Like `startHost`, but with extra Spin variables (`{ email_gateway_origin: … }` becomes
 * `SPIN_VARIABLE_EMAIL_GATEWAY_ORIGIN`) and with the host's output (its own lines and every
 * component's `[component] line`) readable through `log()`.
 */
export async function startAppHost({ stateDir, variables = {} } = {}) {
  const dir = stateDir ?? mkdtempSync(join(tmpdir(), 'ratusz-browser-'));
  const env = { ...process.env, SPIN_VARIABLE_TOKEN_SIGNING_KEY: 'browser-test-signing-key-0123456789abcdef', SPIN_VARIABLE_DATA_KEYS: BROWSER_DATA_KEYS, ...BROWSER_RESIDENT_KEYS };
  for (const [name, value] of Object.entries(variables)) {
    env[`SPIN_VARIABLE_${name.toUpperCase()}`] = String(value);
  }
  const child = spawn(
    hostBin,
    ['up', '-f', join(root, 'spin.toml'), '--listen', '127.0.0.1:0', '--state-dir', dir],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in 30 s:\n${output}`)), 30_000);
    const poll = setInterval(() => {
      const match = /ratusz-host: serving (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        clearInterval(poll);
        resolveUrl(match[1]);
      }
    }, 20);
    child.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`host exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    url,
    stateDir: dir,
    /** Everything the host printed so far. */
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
}

/**
 * A stand-in e-mail/SMS gateway: a local HTTP server that records every JSON POST
 * (`{to, subject, text}` or `{to, text}`) with its path and answers 200. A batch
 * (`{messages: [{id, to, …}]}`, docs/api/notifications-messages.md § Gateways) is answered
 * as a gateway that takes every message: `{accepted: [id…], rejected: []}`.
 */
export async function startCaptureServer() {
  const messages = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      let json = null;
      try { json = JSON.parse(body); } catch { /* recorded as raw text */ }
      messages.push({ path: req.url, authorization: req.headers.authorization ?? null, body: json, raw: body });
      res.writeHead(200, { 'content-type': 'application/json' });
      const batch = Array.isArray(json?.messages) ? json.messages : null;
      res.end(batch ? JSON.stringify({ accepted: batch.map((m) => m.id), rejected: [] }) : '{"ok":true}');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    messages,
    /** The first recorded message matching `predicate`, waiting up to `timeoutMs`. */
    async waitFor(predicate, { timeoutMs = 15_000, what = 'a message' } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => m.body && predicate(m.body, m));
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = messages.map((m) => `${m.path} to ${m.body?.to}: ${m.body?.subject ?? ''}`).join('\n  ');
          throw new Error(`no ${what} reached the capture gateway in ${timeoutMs} ms; seen:\n  ${seen || '(nothing)'}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

/** The password from a message's `Start password: <password>` line (null when absent). */
export function startPasswordIn(text) {
  return /Start password: (\S+)/.exec(text ?? '')?.[1] ?? null;
}

/** Waits for the start-password e-mail to `email` at the capture gateway and returns the password. */
export async function startPasswordFromGateway(capture, email, options = {}) {
  const message = await capture.waitFor(
    (body) => body.to?.toLowerCase() === email.toLowerCase() && startPasswordIn(body.text) !== null,
    { what: `start-password e-mail to ${email}`, ...options },
  );
  return startPasswordIn(message.body.text);
}

/**
 * Without a gateway the start password is written to the host's log (`[auth] Start password: …`
 * after the `outbox … to <email>` line); returns the newest one for `email`.
 */
export async function startPasswordFromLog(host, email, { timeoutMs = 15_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = host.log();
    const at = log.toLowerCase().lastIndexOf(`to ${email.toLowerCase()}:`);
    const password = at >= 0 ? startPasswordIn(log.slice(at)) : null;
    if (password) return password;
    if (Date.now() > deadline) throw new Error(`no start password for ${email} in the host log`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---- Council (and any suite that arranges state through the API) ----

/** The Spin variables that point the e-mail and SMS gateways at a capture server. */
export function gatewayVariables(capture) {
  return {
    email_gateway_origin: capture.origin,
    email_gateway_path: '/email',
    sms_gateway_origin: capture.origin,
    sms_gateway_path: '/sms',
  };
}

/**
 * A JSON client of the app at `baseUrl` as a script uses it (bearer token, no cookie, so no
 * CSRF header): `call(path, { method, body, token })` → `{ status, json, text }`.
 */
export function jsonApi(baseUrl) {
  return async function call(path, { method = 'GET', body, token } = {}) {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${baseUrl}${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: response.status, json, text };
  };
}

/**
 * The cumulative layout shift (CLS, shifts without recent input) of `url` in `page` over its
 * first `settleMs` after the first heading appears.
 */
export async function layoutShift(page, url, { settleMs = 1500 } = {}) {
  await page.addInitScript(() => {
    window.__ratuszLayoutShift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.__ratuszLayoutShift += entry.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForTimeout(settleMs);
  return page.evaluate(() => window.__ratuszLayoutShift);
}
