//! This browser's Web Push opt-in, the pure part: the states the control explains, and the
//! record of the subscription the server holds for the signed-in person (its id, needed to
//! delete it when notifications are turned off). The record is not secret — deleting needs the
//! session — and is forgotten on sign-in and sign-out with the other chat keys
//! (`offline_copies::CHAT_KEYS`).

use serde::{Deserialize, Serialize};

use crate::dom;

/// The `localStorage` key.
pub const KEY: &str = "ratusz.chat.push";

/// What the control shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushState {
    /// Finding out.
    Checking,
    /// No service worker, Push API or notifications in this browser.
    Unsupported,
    /// The server has no VAPID key (`GET /api/chat/push-key` is 404).
    Unavailable,
    /// The person (or a policy) blocked notifications for this site.
    Blocked,
    /// The permission prompt was dismissed: may be asked again.
    NotAllowed,
    /// The browser could not subscribe (its push service is unreachable).
    Failed,
    /// Not subscribed.
    Off,
    /// Subscribed, and the server holds the subscription.
    On,
    /// Turning on or off.
    Working,
}

impl PushState {
    /// Whether a button may change it (on → off, the others → on).
    pub fn can_toggle(self) -> bool {
        matches!(
            self,
            PushState::Off | PushState::On | PushState::NotAllowed | PushState::Failed
        )
    }
}

/// The answer of `Notification.requestPermission()` as a state (`None`: go on subscribing).
pub fn after_permission(answer: &str) -> Option<PushState> {
    match answer {
        "granted" => None,
        "denied" => Some(PushState::Blocked),
        _ => Some(PushState::NotAllowed),
    }
}

/// The subscription the server holds for `user_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Whose it is.
    pub user_id: String,
    /// The browser subscription's endpoint (matches the browser's current one when on).
    pub endpoint: String,
    /// The server's id (`DELETE /api/chat/push-subscriptions/{id}`).
    pub id: String,
}

fn read(text: Option<&str>, user_id: &str) -> Option<Record> {
    text.and_then(|t| serde_json::from_str::<Record>(t).ok())
        .filter(|r| r.user_id == user_id)
}

/// `user_id`'s record, if this browser has one.
pub fn load(user_id: &str) -> Option<Record> {
    read(dom::stored(KEY).as_deref(), user_id)
}

/// Keeps `record`.
pub fn save(record: &Record) {
    if let Ok(text) = serde_json::to_string(record) {
        dom::store(KEY, &text);
    }
}

/// Forgets the record.
pub fn forget() {
    dom::unstore(KEY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_answers_and_records() {
        assert_eq!(after_permission("granted"), None);
        assert_eq!(after_permission("denied"), Some(PushState::Blocked));
        assert_eq!(after_permission("default"), Some(PushState::NotAllowed));
        let record = Record {
            user_id: "u1".into(),
            endpoint: "https://push.example/1".into(),
            id: "s1".into(),
        };
        let text = serde_json::to_string(&record).unwrap();
        assert_eq!(read(Some(&text), "u1"), Some(record));
        assert_eq!(read(Some(&text), "u2"), None);
        assert!(PushState::Failed.can_toggle() && PushState::On.can_toggle());
        assert!(!PushState::Blocked.can_toggle() && !PushState::Unsupported.can_toggle());
    }
}
