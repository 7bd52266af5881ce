//! The device token of a resident's bound app (`ntd1.…`, docs/api/notifications.md § The bound
//! device): where it lives on this device and what clears it (docs/decisions.md, "The
//! resident's device token").
//!
//! A resident's app must stay bound across restarts, and the contract sends the token as
//! `Authorization: Bearer`, so it cannot be an HttpOnly cookie the way a staff session is. It
//! is kept in its own Cache Storage entry, read and written only here and used only by
//! `api::notify`: never in `localStorage`, the DOM, a log line or an URL. Cache Storage rather
//! than IndexedDB because its API is promises (no callback glue) and the service worker
//! leaves caches outside its own names alone. A memory copy spares a read per call; where
//! Cache Storage is missing (an insecure context) the binding lasts until the page closes.
//!
//! It goes on unbinding, on erasure and on the server's `401 invalid_token` (revoked
//! elsewhere: a new binding on another device, staff erasure); a new binding replaces it.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The cache that holds only the token.
const DEVICE_CACHE: &str = "ratusz-resident-device";
/// The entry's key: a same-origin address nothing serves or fetches.
const TOKEN_KEY: &str = "/.ratusz/resident-device-token";
/// Every device token begins so (`ratusz_domain::notify::device_token`).
const TOKEN_PREFIX: &str = "ntd1.";

/// A device token. Its `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceToken(String);

impl DeviceToken {
    /// A token as the server sent it; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        (text.starts_with(TOKEN_PREFIX) && text.len() > TOKEN_PREFIX.len())
            .then(|| Self(text.to_owned()))
    }

    /// The `Authorization` header's value.
    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl std::fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceToken([redacted])")
    }
}

thread_local! {
    /// `None` until read from storage; then the token or its absence.
    static MEMORY: RefCell<Option<Option<DeviceToken>>> = const { RefCell::new(None) };
}

/// This device's token, if it is bound.
pub async fn token() -> Option<DeviceToken> {
    if let Some(known) = MEMORY.with(|m| m.borrow().clone()) {
        return known;
    }
    let stored = read().await;
    MEMORY.with(|m| *m.borrow_mut() = Some(stored.clone()));
    stored
}

/// Keeps a new binding's token (replacing any earlier one).
pub async fn keep(token: DeviceToken) {
    let text = token.0.clone();
    MEMORY.with(|m| *m.borrow_mut() = Some(Some(token)));
    if let Some(cache) = open().await {
        if let Ok(entry) = web_sys::Response::new_with_opt_str(Some(&text)) {
            let _ = JsFuture::from(cache.put_with_str(TOKEN_KEY, &entry)).await;
        }
    }
}

/// Forgets the token: this device is no longer bound.
pub async fn forget() {
    MEMORY.with(|m| *m.borrow_mut() = Some(None));
    if let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) {
        let _ = JsFuture::from(caches.delete(DEVICE_CACHE)).await;
    }
}

async fn open() -> Option<web_sys::Cache> {
    let caches = web_sys::window()?.caches().ok()?;
    let cache = JsFuture::from(caches.open(DEVICE_CACHE)).await.ok()?;
    cache.dyn_into().ok()
}

async fn read() -> Option<DeviceToken> {
    let cache = open().await?;
    let hit = JsFuture::from(cache.match_with_str(TOKEN_KEY)).await.ok()?;
    let entry: web_sys::Response = hit.dyn_into().ok()?;
    let text = JsFuture::from(entry.text().ok()?).await.ok()?;
    DeviceToken::parse(&text.as_string()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_device_token_is_kept_and_it_never_prints() {
        let token = DeviceToken::parse(" ntd1.abc ").unwrap();
        assert_eq!(token.bearer(), "Bearer ntd1.abc");
        assert!(!format!("{token:?}").contains("abc"));
        for bad in ["", "ntd1.", "Bearer ntd1.abc", "abc"] {
            assert!(DeviceToken::parse(bad).is_none(), "{bad}");
        }
    }
}
