// Boot module, loaded by index.html as an external script (the CSP allows no inline script).
// Starts the Yew app, then registers the service worker that keeps the shell offline-ready.
// The build replaces the placeholder names below with content-hashed file names.
//
// Two bundles of the same app (frontend/src/bundle.rs): the office pages (every path under
// these prefixes) start the office bundle, every other page the small first bundle, which
// index.html preloads. Keep the list in step with `OFFICE_PREFIXES` there (a test compares).
const OFFICE_PREFIXES = ["/admin/", "/clerk/"];
const office = OFFICE_PREFIXES.some((prefix) => location.pathname.startsWith(prefix));
const [glue, wasm] = office
  ? ["./__RATUSZ_OFFICE_JS__", "./__RATUSZ_OFFICE_WASM__"]
  : ["./__RATUSZ_APP_JS__", "./__RATUSZ_APP_WASM__"];

// The wasm download starts at once, beside the glue's import.
const module = fetch(new URL(wasm, import.meta.url));
// Marked handled here: a failed download is reported once, by the start below.
module.catch(() => {});
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
