// Ratusz service worker. The build fills in the version (a hash of the dist) and the shell list.
//
// Rules:
// - the versioned app shell is precached on install; old Ratusz caches go on activate;
// - /api/ is network only: answers about votes, sessions and people are never cached here;
// - navigations are network first, falling back to the cached index.html when offline;
// - other same-origin GETs (content-hashed assets, icons) are cache first.
const VERSION = "__RATUSZ_VERSION__";
const SHELL_PREFIX = "ratusz-shell-";
const CACHE = SHELL_PREFIX + VERSION;
const PRECACHE = ["__RATUSZ_PRECACHE__"];
const INDEX = "/index.html";

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

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // Not ours, or API: let the browser go to the network untouched; nothing is cached.
  if (url.origin !== self.location.origin || isApi(url)) return;

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
