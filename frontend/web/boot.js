// Boot module, loaded by index.html as an external script (the CSP allows no inline script).
// Starts the Yew app, then registers the service worker that keeps the shell offline-ready.
// The build replaces the placeholder names below with content-hashed file names.
import init from "./__RATUSZ_APP_JS__";

init({ module_or_path: new URL("./__RATUSZ_APP_WASM__", import.meta.url) }).catch((error) => {
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
