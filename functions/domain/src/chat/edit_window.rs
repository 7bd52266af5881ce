//! Who may edit or delete a message, and until when: only its author, only within 15 minutes
//! of sending (an edit later would rewrite what others already answered).

use crate::time::Timestamp;

/// How long after sending a message its author may edit or delete it.
pub const EDIT_WINDOW_MS: i64 = 15 * 60 * 1000;

/// Why an edit or delete is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeRefusal {
    /// Someone else's message: 403 `forbidden`.
    NotAuthor,
    /// Already deleted: 409 `conflict`, rule `message_deleted`.
    Deleted,
    /// More than 15 minutes old: 409 `conflict`, rule `edit_window_closed`.
    EditWindowClosed,
}

impl ChangeRefusal {
    /// The `rule` parameter of the 409 (none for 403).
    pub const fn rule(self) -> Option<&'static str> {
        match self {
            ChangeRefusal::NotAuthor => None,
            ChangeRefusal::Deleted => Some("message_deleted"),
            ChangeRefusal::EditWindowClosed => Some("edit_window_closed"),
        }
    }
}

/// Whether `caller` may edit or delete a message by `author` sent at `created_at`, at `now`.
pub fn may_change(
    author: &str,
    caller: &str,
    created_at: Timestamp,
    deleted: bool,
    now: Timestamp,
) -> Result<(), ChangeRefusal> {
    if author != caller {
        return Err(ChangeRefusal::NotAuthor);
    }
    if deleted {
        return Err(ChangeRefusal::Deleted);
    }
    if now.ms_since(created_at) > EDIT_WINDOW_MS {
        return Err(ChangeRefusal::EditWindowClosed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_window_table() {
        let sent = Timestamp::from_unix_ms(1_000_000);
        let cases = [
            ("a", "a", 0, false, Ok(())),
            ("a", "a", EDIT_WINDOW_MS, false, Ok(())),
            (
                "a",
                "a",
                EDIT_WINDOW_MS + 1,
                false,
                Err(ChangeRefusal::EditWindowClosed),
            ),
            ("a", "b", 0, false, Err(ChangeRefusal::NotAuthor)),
            (
                "a",
                "b",
                EDIT_WINDOW_MS + 1,
                false,
                Err(ChangeRefusal::NotAuthor),
            ),
            ("a", "a", 10, true, Err(ChangeRefusal::Deleted)),
            // a clock that went back a little still lets the author fix a typo
            ("a", "a", -5_000, false, Ok(())),
        ];
        for (author, caller, after, deleted, expected) in cases {
            assert_eq!(
                may_change(author, caller, sent, deleted, sent.plus_ms(after)),
                expected,
                "{author} {caller} +{after} ms deleted={deleted}"
            );
        }
        assert_eq!(
            ChangeRefusal::EditWindowClosed.rule(),
            Some("edit_window_closed")
        );
        assert_eq!(ChangeRefusal::NotAuthor.rule(), None);
    }
}
