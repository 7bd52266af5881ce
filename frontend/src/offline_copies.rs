//! The meeting documents the service worker keeps for reading offline (`frontend/web/sw.js`)
//! belong to the person signed in. The worker empties them on every sign-in and sign-out it
//! sees; the page empties them too whenever nobody is signed in here (a session that ended or
//! was superseded, a visitor), so a shared tablet never holds someone's copies for the next.
//! The chat's kept conversations and its queue of unsent messages (`chat::kept`,
//! `chat::outbox`, in `localStorage`) go at the same moments, from either bundle. At a
//! sign-out here the server also forgets this browser's push subscription first
//! ([`withdraw_push`]), so the next person on the tablet is not shown the last one's pushes.

use ratusz_domain::endpoints::{self, HttpMethod};
use serde::Deserialize;

use crate::api;
use crate::auth::AuthState;
use crate::dom;

/// The cache the service worker keeps them in (`KEPT_CACHE` in `sw.js`).
const KEPT_CACHE: &str = "ratusz-meetings";

/// The chat's `localStorage` keys: its kept copy, its offline queue and this browser's push
/// record.
const CHAT_KEYS: [&str; 3] = ["ratusz.chat.kept", "ratusz.chat.outbox", PUSH_KEY];

/// This browser's push record (`chat::push::KEY`).
const PUSH_KEY: &str = "ratusz.chat.push";

/// The part of the push record (`chat::push::Record`) a sign-out needs: the server's id.
#[derive(Deserialize)]
struct PushRecord {
    id: String,
}

/// Before the sign-out request (the deletion needs the session): deletes the push subscription
/// this browser holds on the server, if any. The browser's own subscription may stay: nothing
/// is sent to it any more, and the next person's opt-in replaces the record. Failures are
/// ignored (the sign-out goes on; push is then turned off from the chat page).
pub async fn withdraw_push() {
    let Some(record) =
        dom::stored(PUSH_KEY).and_then(|text| serde_json::from_str::<PushRecord>(&text).ok())
    else {
        return;
    };
    let path = api::path_of(&endpoints::CHAT_PUSH_UNSUBSCRIBE, &record.id);
    let _ = api::request_empty(HttpMethod::Delete, &path, None).await;
}

/// Follows the auth state: nobody signed in → the copies go.
pub fn follow(state: &AuthState) {
    if matches!(state, AuthState::Anonymous { .. }) {
        forget();
    }
}

/// Deletes the kept copies (no-op where there is no Cache Storage: no window, an insecure
/// context). The deletion runs on its own; nothing here waits for it.
fn forget() {
    for key in CHAT_KEYS {
        dom::unstore(key);
    }
    if let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) {
        let _ = caches.delete(KEPT_CACHE);
    }
}

#[cfg(all(test, feature = "office"))]
mod tests {
    #[test]
    fn the_chats_keys_are_the_ones_forgotten() {
        assert_eq!(
            super::CHAT_KEYS,
            [
                crate::chat::kept::KEY,
                crate::chat::outbox::KEY,
                crate::chat::push::KEY
            ]
        );
    }
}
