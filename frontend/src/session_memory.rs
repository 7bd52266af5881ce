//! The last answer to "who is signed in", kept in `localStorage` (issue 14).
//!
//! Not a credential: the session token stays in the `HttpOnly` cookie, out of reach of
//! scripts; this is only the account the server last said was signed in (its name, roles).
//! Kept so that a reload paints the right frame at once (no layout shift when the navigation
//! changes from a visitor's to a member's) and so that a councillor who reloads without
//! network stays signed in and can read what was cached. The server decides every call: a
//! 401 or a visitor's 204 clears it.

use ratusz_domain::api::accounts::UserView;
use serde::{Deserialize, Serialize};

use crate::auth::{AuthState, Session};
use crate::dom;

/// The `localStorage` key.
const KEY: &str = "ratusz.session";

/// What is kept of a [`Session`].
#[derive(Serialize, Deserialize)]
struct Remembered {
    user: UserView,
    must_change_password: bool,
}

/// The session the server last confirmed, if any.
pub fn recall() -> Option<Session> {
    let text = dom::stored(KEY)?;
    let remembered: Remembered = serde_json::from_str(&text).ok()?;
    Some(Session {
        user: remembered.user,
        must_change_password: remembered.must_change_password,
    })
}

/// Keeps the memory in step with the state: a session is remembered, its absence forgotten,
/// nothing changes while the server has not answered yet.
pub fn follow(state: &AuthState) {
    match state {
        AuthState::Loading => {}
        AuthState::Anonymous { .. } => dom::unstore(KEY),
        AuthState::SignedIn(session) => {
            let remembered = Remembered {
                user: session.user.clone(),
                must_change_password: session.must_change_password,
            };
            if let Ok(text) = serde_json::to_string(&remembered) {
                dom::store(KEY, &text);
            }
        }
    }
}
