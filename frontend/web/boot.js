// Boot module, loaded by index.html as an external script (the CSP allows no inline script).
// Starts the Yew app, then registers the service worker that keeps the shell offline-ready.
// The build replaces the placeholder names below with content-hashed file names.
//
// Two bundles of the same app (frontend/src/bundle.rs): the office pages (every path under
// these prefixes, and these single pages — the chair's console, the projector, the rarely
// visited ones; `*` is one non-empty segment, a trailing slash ignored) start the office
// bundle, the whole app; every other page the small first bundle, which index.html preloads.
// Keep the lists and the matching in step with `OFFICE_PREFIXES` and `OFFICE_PAGES` there (a
// test compares the lists).
const OFFICE_PREFIXES = ["/admin/", "/clerk/", "/residents/", "/chat", "/registry/", "/notify/"];
const OFFICE_PAGES = ["/sessions/*/chair", "/screen/*", "/status", "/password/lost", "/password/request-for-employee", "/password/claim"];
const path = location.pathname;
const segments = path.replace(/\/$/, "").split("/");
const isPage = (pattern) => {
  const wanted = pattern.split("/");
  return wanted.length === segments.length &&
    wanted.every((want, i) => (want === "*" ? segments[i] !== "" : want === segments[i]));
};
const office = OFFICE_PREFIXES.some((prefix) => path.startsWith(prefix)) || OFFICE_PAGES.some(isPage);
const [glue, wasm] = office
  ? ["./__RATUSZ_OFFICE_JS__", "./__RATUSZ_OFFICE_WASM__"]
  : ["./__RATUSZ_APP_JS__", "./__RATUSZ_APP_WASM__"];

// The wasm download starts at once, beside the glue's import.
const module = fetch(new URL(wasm, import.meta.url));
// Marked handled here: a failed download is reported once, by the start below.
module.catch(() => {});

// Early answers (frontend/src/early.rs): the calls the first screen waits for start now, while
// the wasm downloads, instead of after it; the app takes each answer once, in its own call of
// the same path. Who is signed in, always; on the councillor's meeting page, once the answer
// says someone is (a visitor would only get a 401), the meeting and its live document. An
// answer nobody took within 10 s is dropped, so nothing stale is ever used later.
const EARLY_TTL_MS = 10000;
const early = new Map();
globalThis.ratuszEarly = early;
const language = () => {
  try {
    return localStorage.getItem("ratusz.lang") === "en" ? "en" : "pl";
  } catch {
    return "pl"; // storage switched off: the app starts in Polish too
  }
};
const ask = (apiPath) => {
  const headers = { Accept: "application/json, application/problem+json", "Accept-Language": language() };
  return fetch(apiPath, { credentials: "same-origin", cache: "no-cache", headers });
};
const keep = (apiPath, answer) => {
  answer.catch(() => {}); // a failure is the app's to report, in its own call
  early.set(apiPath, answer);
};
const me = ask("/api/auth/me");
keep("/api/auth/me", me);
const meeting = !office && segments.length === 3 && segments[1] === "sessions" && segments[2] !== "";
if (meeting) {
  const signedIn = me
    .then((answer) => (answer.status === 200 ? answer.clone().json() : null))
    .then((who) => Boolean(who) && !who.must_change_password, () => false);
  const base = `/api/sessions/${segments[2]}`;
  for (const apiPath of [base, `${base}/live`]) {
    keep(apiPath, signedIn.then((yes) => (yes ? ask(apiPath) : null)));
  }
}
setTimeout(() => early.clear(), EARLY_TTL_MS);

import(glue)
  .then(({ default: init }) => init({ module_or_path: module }))
  .catch((error) => {
    console.error("Ratusz failed to start", error);
    const message = document.createElement("p");
    message.className = "noscript";
    message.setAttribute("role", "alert");
    message.textContent =
      "Nie udało się uruchomić aplikacji. Odśwież stronę lub użyj nowszej przeglądarki. / " +
      "The app could not start. Reload the page or use a newer browser.";
    document.body.append(message);
  });

// Service workers exist only in secure contexts (HTTPS, or http://localhost).
if (window.isSecureContext && "serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker
      .register("/sw.js", { scope: "/", updateViaCache: "none" })
      .catch((error) => console.warn("Service worker not registered", error));
  });
}
