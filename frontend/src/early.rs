//! Early answers: `web/boot.js` starts the calls the first screen waits for (who is signed in;
//! on a councillor's meeting page, the meeting and its live document) while the wasm is still
//! downloading, and leaves each pending answer under its path in `globalThis.ratuszEarly`.
//! The app's first call of such a path takes that answer instead of asking again, so the
//! first screen no longer waits for wasm → `me` → the meeting in a row (issue 14, Lighthouse).
//!
//! An answer is taken at most once; `boot.js` drops any left after a few seconds, so a later
//! call never gets a stale one. An answer that is `null` (the meeting of a visitor) or failed
//! leaves the call to go out as usual, so errors are reported by the app's own request.

use js_sys::{Map, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The global `boot.js` fills.
const GLOBAL: &str = "ratuszEarly";

/// The pending answer `boot.js` started for `path`, removed so nobody takes it twice.
fn take(path: &str) -> Option<Promise> {
    let window = web_sys::window()?;
    let early = Reflect::get(&window, &JsValue::from_str(GLOBAL)).ok()?;
    let early = early.dyn_into::<Map>().ok()?;
    let key = JsValue::from_str(path);
    let answer = early.get(&key).dyn_into::<Promise>().ok()?;
    early.delete(&key);
    Some(answer)
}

/// The early answer for a plain `GET path`, when `boot.js` started one and it arrived.
pub async fn answer(path: &str) -> Option<web_sys::Response> {
    let pending = take(path)?;
    let settled = JsFuture::from(pending).await.ok()?;
    settled.dyn_into::<web_sys::Response>().ok()
}
