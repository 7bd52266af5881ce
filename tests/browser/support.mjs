// Shared support for the browser tests: the real host running the real app, Debian's Chromium,
// axe-core, screenshots. Each test file starts its own host on a free port and state directory.
import { spawn } from 'node:child_process';
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

/** Starts ratusz-host on the project's spin.toml; resolves once it prints its serving line. */
export async function startHost({ stateDir } = {}) {
  const dir = stateDir ?? mkdtempSync(join(tmpdir(), 'ratusz-browser-'));
  const child = spawn(
    hostBin,
    ['up', '-f', join(root, 'spin.toml'), '--listen', '127.0.0.1:0', '--state-dir', dir],
    {
      env: { ...process.env, SPIN_VARIABLE_TOKEN_SIGNING_KEY: 'browser-test-signing-key-0123456789abcdef' },
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
