//! Messages written without network wait here, in `localStorage`, until they are sent: a
//! reload or a closed tab keeps them, and each keeps the `Idempotency-Key` it got when it was
//! written, so a retry after an answer lost on the way still makes exactly one message
//! (`docs/decisions.md`, "Chat offline"). Nothing secret is stored: the session stays in its
//! `HttpOnly` cookie. The queue is the signed-in person's: it is kept with their account id,
//! read only for them, and forgotten on sign-in and sign-out (`offline_copies.rs`).

use ratusz_domain::api::chat::Attachment;
use ratusz_domain::api::Problem;
use ratusz_domain::time::Timestamp;
use serde::{Deserialize, Serialize};

use crate::dom;

/// The `localStorage` key (`offline_copies::CHAT_KEYS` forgets it).
pub const KEY: &str = "ratusz.chat.outbox";

/// A message waiting to be sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// The `Idempotency-Key` it is sent with, every time.
    pub key: String,
    /// Where it goes.
    pub conversation_id: String,
    /// The Markdown text.
    pub text: String,
    /// The message it answers.
    pub reply_to: Option<String>,
    /// Files already uploaded for it (their ids go as `attachment_ids`; the names are shown
    /// while it waits). Absent in a queue stored before files could be attached.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// When it was written (this device's clock).
    pub written_at: Timestamp,
    /// The server refused it (not the network): shown with the reason, not retried.
    pub refused: Option<Problem>,
}

/// What is stored: whose queue it is, and the queue.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    user_id: String,
    items: Vec<Pending>,
}

/// The queue of `user_id` from the stored text (empty if it is someone else's or unreadable).
fn read(text: Option<&str>, user_id: &str) -> Vec<Pending> {
    text.and_then(|t| serde_json::from_str::<Stored>(t).ok())
        .filter(|stored| stored.user_id == user_id)
        .map(|stored| stored.items)
        .unwrap_or_default()
}

/// The signed-in person's queue.
pub fn load(user_id: &str) -> Vec<Pending> {
    read(dom::stored(KEY).as_deref(), user_id)
}

/// Stores the queue (removes the key when it is empty).
pub fn save(user_id: &str, items: &[Pending]) {
    if items.is_empty() {
        dom::unstore(KEY);
        return;
    }
    let stored = Stored {
        user_id: user_id.to_owned(),
        items: items.to_vec(),
    };
    if let Ok(text) = serde_json::to_string(&stored) {
        dom::store(KEY, &text);
    }
}

/// The next message to try: the oldest not refused.
pub fn next(items: &[Pending]) -> Option<&Pending> {
    items.iter().find(|p| p.refused.is_none())
}

/// Whether a failure means "try again later" (no answer, throttled, the server busy or in
/// maintenance) rather than "the server refused this message".
pub fn retry_later(status: Option<u16>) -> bool {
    match status {
        None => true,
        Some(status) => status == 429 || status == 408 || status >= 500,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(key: &str, refused: bool) -> Pending {
        Pending {
            key: key.into(),
            conversation_id: "c1".into(),
            text: "tekst".into(),
            reply_to: None,
            attachments: Vec::new(),
            written_at: Timestamp::from_unix_ms(1),
            refused: refused.then(|| Problem::new(422, "validation_failed", "Invalid")),
        }
    }

    #[test]
    fn only_the_owners_queue_is_read() {
        let stored = Stored {
            user_id: "u1".into(),
            items: vec![pending("k1", false)],
        };
        let text = serde_json::to_string(&stored).unwrap();
        assert_eq!(read(Some(&text), "u1").len(), 1);
        assert!(read(Some(&text), "u2").is_empty());
        assert!(read(Some("{not json"), "u1").is_empty());
        assert!(read(None, "u1").is_empty());
        assert!(!text.to_lowercase().contains("token"));
    }

    #[test]
    fn a_queue_stored_before_attachments_still_reads() {
        let old = r#"{"user_id":"u1","items":[{"key":"k1","conversation_id":"c1","text":"t","reply_to":null,"written_at":"2026-12-06T10:00:00Z","refused":null}]}"#;
        let items = read(Some(old), "u1");
        assert_eq!(items.len(), 1);
        assert!(items[0].attachments.is_empty());
    }

    #[test]
    fn refused_messages_are_not_retried() {
        let items = [pending("k1", true), pending("k2", false)];
        assert_eq!(next(&items).map(|p| p.key.as_str()), Some("k2"));
        assert!(next(&items[..1]).is_none());
    }

    #[test]
    fn network_and_server_trouble_retry_refusals_do_not() {
        for status in [None, Some(429), Some(500), Some(503), Some(504)] {
            assert!(retry_later(status), "{status:?}");
        }
        for status in [
            Some(400),
            Some(403),
            Some(404),
            Some(409),
            Some(413),
            Some(422),
        ] {
            assert!(!retry_later(status), "{status:?}");
        }
    }
}
