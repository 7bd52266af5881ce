//! Ratusz single-page app: a Yew front end compiled to `wasm32-unknown-unknown`, served by the
//! `web` component together with a service worker that keeps the shell available offline.
//!
//! The external boot script (`frontend/web/boot.js`) loads this module, then registers the
//! service worker; there is no inline script, so the page runs under a strict CSP.

mod api;
mod app;
mod auth;
mod components;
mod council;
mod dom;
mod i18n;
mod messages;
mod offline_copies;
mod pages;
mod problems;
mod session_memory;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
