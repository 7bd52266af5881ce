//! The meeting documents the service worker keeps for reading offline (`frontend/web/sw.js`)
//! belong to the person signed in. The worker empties them on every sign-in and sign-out it
//! sees; the page empties them too whenever nobody is signed in here (a session that ended or
//! was superseded, a visitor), so a shared tablet never holds someone's copies for the next.

use crate::auth::AuthState;

/// The cache the service worker keeps them in (`KEPT_CACHE` in `sw.js`).
const KEPT_CACHE: &str = "ratusz-meetings";

/// Follows the auth state: nobody signed in → the copies go.
pub fn follow(state: &AuthState) {
    if matches!(state, AuthState::Anonymous { .. }) {
        forget();
    }
}

/// Deletes the kept copies (no-op where there is no Cache Storage: no window, an insecure
/// context). The deletion runs on its own; nothing here waits for it.
fn forget() {
    if let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) {
        let _ = caches.delete(KEPT_CACHE);
    }
}
