// Ratusz service worker. The build fills in the version (a hash of the dist) and the shell list.
//
// Rules:
// - the versioned app shell is precached on install; old Ratusz caches go on activate;
// - /api/ is network only, except the few GETs a meeting page reads in the chamber (the
//   meeting with its agenda, its live document, the agenda's PDFs): network first, and when
//   the network fails the last answer kept, marked with the moment it was kept (the page says
//   "copy from …, offline"). Only answers the server allows to be kept (not `no-store`: it
//   never allows drafts), and only for the person signed in: every sign-in and sign-out
//   empties that cache (the page also empties it whenever nobody is signed in);
// - navigations are network first, falling back to the cached index.html when offline;
// - other same-origin GETs (content-hashed assets, icons) are cache first;
// - a Web Push is shown as a notification whose click opens the page it names.
const VERSION = "__RATUSZ_VERSION__";
const SHELL_PREFIX = "ratusz-shell-";
const CACHE = SHELL_PREFIX + VERSION;
const PRECACHE = ["__RATUSZ_PRECACHE__"];
const INDEX = "/index.html";
// The signed-in person's offline copies of meeting documents (not versioned: a new app
// version must not drop what a councillor needs in the chamber).
const KEPT_CACHE = "ratusz-meetings";
// The header an offline copy carries: when it was kept (RFC 3339). The page reads it.
const KEPT_AT = "x-ratusz-offline-copy";
// What a meeting page reads that is kept for offline reading.
const MEETING = /^\/api\/sessions\/[^/]+$/;
const KEPT_PATHS = [MEETING, /^\/api\/sessions\/[^/]+\/live$/, /^\/api\/sessions\/[^/]+\/attachments\/[^/]+$/];
// Requests that change who is signed in: the offline copies belong to the person before.
const SESSION_CHANGES = ["/api/auth/login", "/api/auth/logout"];
// The residents' public news feed (`/residents/news`): its first page as last fetched, for
// reading offline, marked as a copy like the meetings'. Nothing in it is a person's, so it is
// kept apart and outlives sign-ins and sign-outs.
const NEWS_CACHE = "ratusz-news";
const NEWS = "/api/notify/news";
// A 304 for a kept copy re-dates it at most this often (a live meeting polls twice a second).
const REDATE_AFTER_MS = 30_000;
// Bumped whenever the copies are dropped: an answer to a request that started before is
// not kept (it may belong to the person who just signed out).
let generation = 0;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // cache: "no-cache" so the HTTP cache cannot hand us a file of an older version.
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "no-cache" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            // Only older shells: caches other features may add later are theirs to manage.
            .filter((key) => key.startsWith(SHELL_PREFIX) && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

function isApi(url) {
  return url.pathname === "/api" || url.pathname.startsWith("/api/");
}

function dropKeptCopies() {
  generation += 1;
  return caches.delete(KEPT_CACHE);
}

function mayKeep(response) {
  const cacheControl = (response.headers.get("cache-control") || "").toLowerCase();
  return response.status === 200 && !cacheControl.includes("no-store");
}

// `response` stored with the moment it was kept, unless the copies were dropped since
// `startedAt` (a generation).
async function keep(request, response, startedAt) {
  const headers = new Headers(response.headers);
  headers.set(KEPT_AT, new Date().toISOString());
  const body = await response.blob();
  if (generation !== startedAt) return;
  const cache = await caches.open(KEPT_CACHE);
  if (generation !== startedAt) return;
  await cache.put(request.url, new Response(body, { status: 200, statusText: "OK", headers }));
}

// A 304 says the kept copy is still current: date it anew, so the page's "copy from" tells
// when the server last confirmed it.
async function redate(request, startedAt) {
  const cache = await caches.open(KEPT_CACHE);
  const copy = await cache.match(request.url);
  const keptAt = Date.parse(copy?.headers.get(KEPT_AT) || "");
  if (copy && !(Date.now() - keptAt < REDATE_AFTER_MS)) await keep(request, copy, startedAt);
}

// The agenda's PDFs of a meeting just read, fetched once each while the network is there.
async function keepAttachments(meetingPath, meeting, startedAt) {
  const cache = await caches.open(KEPT_CACHE);
  for (const item of meeting.agenda || []) {
    for (const attachment of item.attachments || []) {
      const url = new URL(`${meetingPath}/attachments/${encodeURIComponent(attachment.id)}`, self.location.origin);
      if (generation !== startedAt || (await cache.match(url.href))) continue;
      const response = await fetch(url.href, { credentials: "same-origin", cache: "no-cache" }).catch(() => null);
      if (response && mayKeep(response)) await keep(new Request(url.href), response, startedAt);
    }
  }
}

async function networkFirst(event, request, url) {
  const startedAt = generation;
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const copy = await caches.match(request.url, { cacheName: KEPT_CACHE });
    if (copy) return copy;
    throw error;
  }
  if (response.status === 304) {
    event.waitUntil(redate(request, startedAt).catch(() => {}));
  } else if ([401, 403, 404, 410].includes(response.status)) {
    // Gone, or no longer this person's to read (401, 403, 404): the copy goes too.
    event.waitUntil(caches.open(KEPT_CACHE).then((cache) => cache.delete(request.url)).catch(() => {}));
  } else if (mayKeep(response)) {
    const copy = response.clone();
    const work = keep(request, copy.clone(), startedAt);
    const prefetch = MEETING.test(url.pathname)
      ? work.then(() => copy.json()).then((meeting) => keepAttachments(url.pathname, meeting, startedAt))
      : work;
    event.waitUntil(prefetch.catch(() => {}));
  }
  return response;
}

async function newsFirst(event, request) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const copy = await caches.match(request.url, { cacheName: NEWS_CACHE });
    if (copy) return copy;
    throw error;
  }
  if (response.status === 200) {
    const copy = response.clone();
    event.waitUntil(
      (async () => {
        const headers = new Headers(copy.headers);
        headers.set(KEPT_AT, new Date().toISOString());
        const body = await copy.blob();
        const cache = await caches.open(NEWS_CACHE);
        await cache.put(request.url, new Response(body, { status: 200, statusText: "OK", headers }));
      })().catch(() => {}),
    );
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isApi(url)) {
    if (request.method === "POST" && SESSION_CHANGES.includes(url.pathname)) {
      // Not answered here: the request goes to the network untouched.
      event.waitUntil(dropKeptCopies());
    } else if (request.method === "GET" && KEPT_PATHS.some((path) => path.test(url.pathname))) {
      event.respondWith(networkFirst(event, request, url));
    } else if (request.method === "GET" && url.pathname === NEWS && url.search === "") {
      event.respondWith(newsFirst(event, request));
    }
    // Any other API request: the network, untouched; nothing is cached.
    return;
  }
  if (request.method !== "GET") return;

  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(() =>
        caches.open(CACHE).then((cache) => cache.match(INDEX)).then((hit) => hit || Response.error()),
      ),
    );
    return;
  }

  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request).then((hit) => {
        if (hit) return hit;
        return fetch(request).then((response) => {
          // Content-hashed files never change; keep any we did not precache.
          if (response.ok && url.pathname.startsWith("/assets/")) {
            cache.put(request, response.clone());
          }
          return response;
        });
      }),
    ),
  );
});

// Web Push (RFC 8030): the server sends `{title, body, url}` — the chat's body never holds a
// message's text; a resident's holds the filled text, cut at 500 characters. Shown as a
// notification; a click focuses a tab on that page or opens one. `url`: only a path of this app.
self.addEventListener("push", (event) => {
  let push = {};
  try {
    push = event.data ? event.data.json() : {};
  } catch {
    push = {};
  }
  const title = typeof push.title === "string" && push.title ? push.title : "Ratusz";
  const url = typeof push.url === "string" && push.url.startsWith("/") && !push.url.startsWith("//") ? push.url : "/";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof push.body === "string" ? push.body : "",
      icon: "/icons/icon-192.png",
      // One notification per page: a burst of messages in a conversation shows once.
      tag: url,
      data: { url },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url ?? "/", self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).pathname === target.pathname);
      if (open) return open.focus();
      return self.clients.openWindow(target.href);
    }),
  );
});
