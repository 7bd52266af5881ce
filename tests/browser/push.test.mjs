// Web Push in the real service worker (Chromium's DevTools protocol delivers the push as a push
// service would, `ServiceWorker.deliverPushMessage`): the worker shows the payload's title and
// body, one notification per page (`tag` = the page), and takes the page only as a path of
// this app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHost, launchBrowser } from './support.mjs';

let host;
let browser;

before(async () => {
  host = await startHost();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  host?.cleanup();
});

/** The registration id of the page's service worker, from the DevTools protocol. */
async function registrationId(cdp, scopeUrl) {
  const found = new Promise((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const mine = registrations.find((r) => r.scopeURL === scopeUrl && !r.isDeleted);
      if (mine) resolve(mine.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return found;
}

test('a push shows its notification and never a link off the app', async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin: host.url });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  const cdp = await context.newCDPSession(page);
  const id = await registrationId(cdp, scope);
  const deliver = (data) =>
    cdp.send('ServiceWorker.deliverPushMessage', { origin: host.url, registrationId: id, data });
  const shown = () =>
    page.evaluate(async () =>
      (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
        title: n.title, body: n.body, tag: n.tag, url: n.data?.url,
      })),
    );
  // Generous: a loaded CI machine has taken over 5 s to show one (the check returns at once).
  const waitFor = async (check) => {
    for (let i = 0; i < 400; i += 1) {
      const now = await shown();
      if (check(now)) return now;
      await new Promise((r) => setTimeout(r, 50));
    }
    return shown();
  };

  await deliver(JSON.stringify({ title: 'Komisja Budżetowa', body: 'Nowa wiadomość', url: '/chat/01JC' }));
  let now = await waitFor((n) => n.length === 1);
  assert.deepEqual(now, [{ title: 'Komisja Budżetowa', body: 'Nowa wiadomość', tag: '/chat/01JC', url: '/chat/01JC' }]);

  // A second push for the same page replaces the first (seen before the next is sent, so the
  // order of the two is certain).
  await deliver(JSON.stringify({ title: 'Komisja Budżetowa', body: '2 nowe wiadomości', url: '/chat/01JC' }));
  now = await waitFor((n) => n.length === 1 && n[0].body === '2 nowe wiadomości');
  assert.deepEqual(now, [{ title: 'Komisja Budżetowa', body: '2 nowe wiadomości', tag: '/chat/01JC', url: '/chat/01JC' }]);
  // The tag is the page, checked above. The shown ones are closed before the next check: in the
  // full browser run Chromium has shown no further notification beside an open one (CI at
  // stop 12 and here; alone the test passed), which is the browser's business, not the app's.
  await page.evaluate(async () => {
    for (const n of await (await navigator.serviceWorker.ready).getNotifications()) n.close();
  });
  await waitFor((n) => n.length === 0);
  await deliver(JSON.stringify({ title: 'Anna Nowak', body: 'Nowa wiadomość', url: 'https://evil.example/phish' }));
  now = await waitFor((n) => n.some((x) => x.title === 'Anna Nowak'));
  assert.ok(now.some((n) => n.title === 'Anna Nowak'), JSON.stringify(now));
  const offApp = now.find((n) => n.title === 'Anna Nowak');
  assert.equal(offApp.url, '/', 'a link off the app becomes the app itself');

  // Not JSON: still a notification, with the app's name.
  await deliver('not json');
  now = await waitFor((n) => n.some((x) => x.title === 'Ratusz'));
  assert.ok(now.some((n) => n.title === 'Ratusz' && n.url === '/'), JSON.stringify(now));
  await context.close();
});
