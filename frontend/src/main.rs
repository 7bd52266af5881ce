//! Ratusz single-page app: a Yew front end compiled to `wasm32-unknown-unknown`, served by the
//! `web` component together with a service worker that keeps the shell available offline.
//!
//! The external boot script (`frontend/web/boot.js`) loads this module, then registers the
//! service worker; there is no inline script, so the page runs under a strict CSP.
//!
//! Two bundles come from this crate (`bundle.rs`): without features the small first bundle,
//! with `office` the whole app. The first bundle leaves the office pages' helpers (API calls,
//! texts, form parts) unused on purpose; the office build, linted with `-D warnings` as well,
//! still reports code that no bundle uses.
#![cfg_attr(not(feature = "office"), allow(dead_code))]

mod api;
mod app;
mod auth;
mod bundle;
#[cfg(feature = "office")]
mod chat;
mod components;
mod council;
mod dom;
mod early;
mod i18n;
mod messages;
mod offline_copies;
mod pages;
mod problems;
#[cfg(feature = "office")]
mod resident_device;
mod session_memory;
#[cfg(feature = "office")]
mod web_push;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
