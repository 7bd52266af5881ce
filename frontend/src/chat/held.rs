//! The bytes of a queued message's files, kept on this device until the message is sent. The
//! server keeps an upload not yet in a message for an hour; a message that waits longer in
//! the offline queue (`chat::outbox`) would lose its files, so the queue uploads these copies
//! again (`outbox::after_refusal`) and resends with the same `Idempotency-Key`.
//!
//! They are kept in the Cache Storage of the signed-in person's offline copies
//! (`offline_copies.rs`, the service worker's `KEPT_CACHE`), under paths no request uses: every
//! sign-in and sign-out empties that cache, as it empties the queue itself. A `localStorage`
//! value could not hold 10 MiB files.

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, Cache, Response};

/// The cache (`KEPT_CACHE` in `offline_copies.rs` and `sw.js`).
const CACHE: &str = "ratusz-meetings";

/// Where file `index` of the message with `key` is kept (keys are hex, made on this device).
fn path(key: &str, index: usize) -> String {
    let key: String = key.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("/chat-outbox/{key}/{index}")
}

async fn resolve(promise: Promise) -> Option<wasm_bindgen::JsValue> {
    JsFuture::from(promise).await.ok()
}

async fn cache() -> Option<Cache> {
    let caches = web_sys::window()?.caches().ok()?;
    resolve(caches.open(CACHE)).await?.dyn_into().ok()
}

/// Keeps `files` (in order) for the message with `key`; whether every one was kept (no Cache
/// Storage in an insecure context, a full quota: the message then goes without this safety).
pub async fn keep(key: &str, files: &[Blob]) -> bool {
    let Some(cache) = cache().await else {
        return false;
    };
    for (index, file) in files.iter().enumerate() {
        let Ok(response) = Response::new_with_opt_blob(Some(file)) else {
            return false;
        };
        if resolve(cache.put_with_str(&path(key, index), &response))
            .await
            .is_none()
        {
            return false;
        }
    }
    true
}

/// The `count` files kept for the message with `key`, in order (`None` if one is missing).
pub async fn read(key: &str, count: usize) -> Option<Vec<Blob>> {
    let cache = cache().await?;
    let mut files: Vec<Blob> = Vec::with_capacity(count);
    for index in 0..count {
        let response: Response = resolve(cache.match_with_str(&path(key, index)))
            .await?
            .dyn_into()
            .ok()?;
        files.push(resolve(response.blob().ok()?).await?.dyn_into().ok()?);
    }
    Some(files)
}

/// Drops the `count` files kept for the message with `key` (sent, or discarded).
pub async fn forget(key: &str, count: usize) {
    let Some(cache) = cache().await else {
        return;
    };
    for index in 0..count {
        let _ = resolve(cache.delete_with_str(&path(key, index))).await;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_files_place_is_a_path_no_request_uses() {
        assert_eq!(super::path("0a1b", 2), "/chat-outbox/0a1b/2");
        assert_eq!(super::path("../x y", 0), "/chat-outbox/xy/0");
    }
}
