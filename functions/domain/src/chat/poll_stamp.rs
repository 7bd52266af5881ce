//! The updates poll's stamp: what the last full look at a person's chat found, kept in the KV
//! store so an unchanged poll answers 304 without opening SQLite.
//!
//! A stamp holds the caller's cursor (the `ETag`) and the change marks it was computed under:
//! the person's own mark (their memberships and read markers) and each conversation's mark
//! (its messages, title and members). A writer sets a fresh random mark after each commit, so
//! a mark that still reads as stamped means no commit touched it since the stamp's look; the
//! look read the marks *before* SQLite, so the cursor it found is at least that new. Anything
//! else — a mark moved or missing, the council channel's role gained or lost, a stamp older
//! than [`POLL_STAMP_MAX_AGE_MS`] — sends the poll to SQLite, which stays the authority. The
//! age limit bounds what a writer that died between its commit and its mark could hide.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// How long a stamp may answer for a person before the poll looks at SQLite again.
pub const POLL_STAMP_MAX_AGE_MS: i64 = 60_000;

/// The last full look at one person's chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollStamp {
    /// The caller's cursor number found (the `ETag` is its cursor).
    pub cursor: i64,
    /// Whether the council channel was among the conversations (the role decides).
    pub council: bool,
    /// When the look was taken.
    pub at: Timestamp,
    /// The person's own mark as read before the look (`None`: never set).
    pub person: Option<String>,
    /// Each conversation looked at, with its mark as read before the look.
    pub conversations: Vec<(String, Option<String>)>,
}

/// What the poll sees now, from the session and one batch read of the marks.
#[derive(Debug, Clone, Copy)]
pub struct Now<'a> {
    /// The request's time.
    pub at: Timestamp,
    /// Whether the caller's roles put them in the council channel.
    pub council: bool,
    /// The person's mark.
    pub person: Option<&'a str>,
    /// The marks of the stamp's conversations, in the stamp's order.
    pub conversations: &'a [Option<String>],
}

impl PollStamp {
    /// Whether the stamp's cursor is still the caller's cursor (otherwise ask SQLite).
    pub fn holds(&self, now: Now<'_>) -> bool {
        let age = now.at.ms_since(self.at);
        (0..=POLL_STAMP_MAX_AGE_MS).contains(&age)
            && self.council == now.council
            && self.person.as_deref() == now.person
            && self.conversations.len() == now.conversations.len()
            && self
                .conversations
                .iter()
                .zip(now.conversations)
                .all(|((_, stamped), current)| stamped == current)
    }

    /// The conversations whose marks the poll reads.
    pub fn conversation_ids(&self) -> impl Iterator<Item = &str> {
        self.conversations.iter().map(|(id, _)| id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> PollStamp {
        PollStamp {
            cursor: 42,
            council: true,
            at: Timestamp::from_unix_ms(1_000_000),
            person: Some("p1".into()),
            conversations: vec![("a".into(), Some("m1".into())), ("b".into(), None)],
        }
    }

    #[test]
    fn a_stamp_holds_only_while_nothing_it_depends_on_moved() {
        let at = Timestamp::from_unix_ms(1_000_000);
        let same = [Some("m1".to_owned()), None];
        let moved = [Some("m2".to_owned()), None];
        let appeared = [Some("m1".to_owned()), Some("m9".to_owned())];
        let fewer = [Some("m1".to_owned())];
        let ok = Now {
            at,
            council: true,
            person: Some("p1"),
            conversations: &same,
        };
        let cases: [(&str, Now<'_>, bool); 10] = [
            ("unchanged", ok, true),
            (
                "59 s later",
                Now {
                    at: at.plus_ms(59_999),
                    ..ok
                },
                true,
            ),
            (
                "at the age limit",
                Now {
                    at: at.plus_ms(60_000),
                    ..ok
                },
                true,
            ),
            (
                "too old",
                Now {
                    at: at.plus_ms(60_001),
                    ..ok
                },
                false,
            ),
            (
                "clock went back",
                Now {
                    at: at.plus_ms(-1),
                    ..ok
                },
                false,
            ),
            (
                "council role lost",
                Now {
                    council: false,
                    ..ok
                },
                false,
            ),
            (
                "person's mark moved",
                Now {
                    person: Some("p2"),
                    ..ok
                },
                false,
            ),
            ("person's mark gone", Now { person: None, ..ok }, false),
            (
                "a conversation's mark moved",
                Now {
                    conversations: &moved,
                    ..ok
                },
                false,
            ),
            (
                "a mark appeared",
                Now {
                    conversations: &appeared,
                    ..ok
                },
                false,
            ),
        ];
        for (name, now, expected) in cases {
            assert_eq!(stamp().holds(now), expected, "{name}");
        }
        let short = Now {
            conversations: &fewer,
            ..ok
        };
        assert!(!stamp().holds(short), "a different number of marks");
    }

    #[test]
    fn the_stamp_round_trips_through_json() {
        let text = serde_json::to_string(&stamp()).unwrap();
        let back: PollStamp = serde_json::from_str(&text).unwrap();
        assert_eq!(back, stamp());
        assert_eq!(back.conversation_ids().collect::<Vec<_>>(), ["a", "b"]);
    }
}
