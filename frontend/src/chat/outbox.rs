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
    /// This device keeps each file's bytes (`chat::held`, in `attachments`' order): when the
    /// message waited past the hour the server keeps an unsent upload, the queue uploads them
    /// again and resends. Absent (false) in a queue stored before.
    #[serde(default)]
    pub files_kept: bool,
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

/// What the queue does with a message the server refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterRefusal {
    /// Upload its kept files again, then send it again with the same key.
    UploadAgain,
    /// Keep it, refused, with the reason shown (not retried).
    Refused,
}

/// Whether `problem` refuses a message only for its files: the server no longer knows an
/// upload it names (`attachment_ids` `unknown_reference`: older than the hour an unsent upload
/// is kept, and purged, while the message waited offline).
pub fn uploads_unknown(problem: &Problem) -> bool {
    problem.status == 422
        && problem
            .fields
            .get("attachment_ids")
            .is_some_and(|field| field.code == "unknown_reference")
}

/// After a refusal of `pending` (`problem`, if the server sent one): upload its files again
/// only when that is all the server refused, this device kept their bytes, and this pass has
/// not done so already (`uploaded_again`) — a second refusal of fresh uploads is a real one.
pub fn after_refusal(
    pending: &Pending,
    problem: Option<&Problem>,
    uploaded_again: bool,
) -> AfterRefusal {
    let files_only = problem.is_some_and(uploads_unknown);
    if files_only && pending.files_kept && !pending.attachments.is_empty() && !uploaded_again {
        AfterRefusal::UploadAgain
    } else {
        AfterRefusal::Refused
    }
}

impl Pending {
    /// The same message (the same key) with its files' new uploads, or `None` unless there is
    /// one for each file.
    pub fn with_uploads(&self, fresh: Vec<Attachment>) -> Option<Pending> {
        (fresh.len() == self.attachments.len()).then(|| Pending {
            attachments: fresh,
            ..self.clone()
        })
    }
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
            files_kept: false,
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
        assert!(!items[0].files_kept);
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

    fn file(id: &str) -> Attachment {
        Attachment {
            id: id.into(),
            name: format!("{id}.pdf"),
            content_type: ratusz_domain::api::chat::AttachmentType::Pdf,
            size: 9,
        }
    }

    /// The server's refusal of an upload it no longer knows (tests/tests/chat_tick.rs).
    fn unknown_upload(id: &str) -> Problem {
        let mut problem = Problem::new(422, "validation_failed", "Invalid");
        problem.fields.insert(
            "attachment_ids".into(),
            ratusz_domain::api::problem::FieldProblem {
                code: "unknown_reference".into(),
                params: [("id".to_owned(), id.to_owned())].into(),
            },
        );
        problem
    }

    #[test]
    fn an_expired_upload_is_made_again_once_from_the_kept_bytes() {
        let mut with_files = pending("k1", false);
        with_files.attachments = vec![file("f1"), file("f2")];
        with_files.files_kept = true;
        let mut not_kept = with_files.clone();
        not_kept.files_kept = false;
        let no_files = Pending {
            files_kept: true,
            ..pending("k2", false)
        };
        let expired = unknown_upload("f1");
        let mut too_long = Problem::new(422, "validation_failed", "Invalid");
        too_long.fields.insert(
            "text".into(),
            ratusz_domain::api::problem::FieldProblem {
                code: "too_long".into(),
                params: Default::default(),
            },
        );
        let mut other_field = unknown_upload("f1");
        other_field.fields.clear();
        let forbidden = Problem::new(403, "forbidden", "Forbidden");
        use AfterRefusal::{Refused, UploadAgain};
        type Case<'a> = (&'a Pending, Option<&'a Problem>, bool, AfterRefusal);
        let cases: [Case; 9] = [
            (&with_files, Some(&expired), false, UploadAgain),
            // Refused again right after fresh uploads: a real refusal, no loop.
            (&with_files, Some(&expired), true, Refused),
            // No bytes on this device (a queue stored before, storage refused): refused.
            (&not_kept, Some(&expired), false, Refused),
            (&no_files, Some(&expired), false, Refused),
            (&with_files, Some(&too_long), false, Refused),
            (&with_files, Some(&other_field), false, Refused),
            (&with_files, Some(&forbidden), false, Refused),
            (&with_files, None, false, Refused),
            (&with_files, Some(&unknown_upload("f2")), false, UploadAgain),
        ];
        for (i, (p, problem, again, expected)) in cases.into_iter().enumerate() {
            assert_eq!(after_refusal(p, problem, again), expected, "case {i}");
        }
    }

    #[test]
    fn the_message_goes_again_with_the_same_key_and_its_new_uploads() {
        let mut queued = pending("k1", false);
        queued.attachments = vec![file("f1"), file("f2")];
        queued.files_kept = true;
        let fresh = vec![file("g1"), file("g2")];
        let resent = queued.with_uploads(fresh.clone()).unwrap();
        assert_eq!(resent.key, "k1");
        assert_eq!(resent.text, queued.text);
        assert_eq!(resent.attachments, fresh);
        assert!(resent.files_kept);
        assert!(queued.with_uploads(vec![file("g1")]).is_none());
    }
}
