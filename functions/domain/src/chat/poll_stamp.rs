//! The updates poll's stamp: what the last full look at a person's chat found, kept in the KV
//! store so an unchanged poll answers 304 without opening SQLite — and, in the steady state,
//! without writing anything.
//!
//! A stamp holds the cursor the look found in SQLite (`base`), whether the council role put
//! the person in the council channel, the person's own mark (a random id their memberships
//! and read markers move) and each of their conversations with its change mark
//! (`change_mark`: the number of its last change every member sees) as read *before* the
//! look. A poll reads the stamp and, in one batch, the marks; while the person's mark and the
//! role are as stamped, the person's cursor is the stamp's `base` raised to every
//! conversation mark that moved since ([`PollStamp::cursor`]): a moved mark is the number of a
//! change the person's cursor takes, an unmoved one was already in what the look read. The
//! poll answers 304 when that cursor is the client's `ETag`; anything else goes to SQLite,
//! which stays the authority. A full look leaves a new stamp only when the standing one no
//! longer tells the person's cursor ([`must_replace`]), so a person's 200 polls write nothing.
//!
//! A writer between its commit and its mark leaves the cursor told a change behind for that
//! moment; one that died there leaves it behind until the stamp is
//! [`POLL_STAMP_MAX_AGE_MS`] old, when the poll asks SQLite again.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// How long a stamp may answer for a person before the poll looks at SQLite again.
pub const POLL_STAMP_MAX_AGE_MS: i64 = 60_000;

/// A full look replaces a stamp this old, so a person whose polls find news now and then is
/// re-stamped before the age limit (at most one write a person per half minute) instead of
/// falling back to SQLite for a poll that has no news.
pub const POLL_STAMP_REFRESH_MS: i64 = 30_000;

/// The last full look at one person's chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollStamp {
    /// The caller's cursor number the look found in SQLite.
    pub base: i64,
    /// Whether the council channel was among the conversations (the role decides).
    pub council: bool,
    /// When the look was taken.
    pub at: Timestamp,
    /// The person's own mark as read before the look (`None`: never set).
    pub person: Option<String>,
    /// Each conversation looked at, with its change mark as read before the look (`None`:
    /// never set).
    pub conversations: Vec<(String, Option<i64>)>,
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
    /// The change marks of the stamp's conversations, in the stamp's order.
    pub conversations: &'a [Option<i64>],
}

impl PollStamp {
    /// The caller's cursor as the stamp and the marks read now tell it, or `None` when only
    /// SQLite can tell: the stamp too old (or from the future), the role or the person's own
    /// mark changed (a membership, a read marker), or a conversation's mark gone (an evicted
    /// or reset store: absent now says nothing about what happened since).
    pub fn cursor(&self, now: Now<'_>) -> Option<i64> {
        let age = now.at.ms_since(self.at);
        let holds = (0..=POLL_STAMP_MAX_AGE_MS).contains(&age)
            && self.council == now.council
            && self.person.as_deref() == now.person
            && self.conversations.len() == now.conversations.len();
        if !holds {
            return None;
        }
        let mut cursor = self.base;
        for ((_, stamped), current) in self.conversations.iter().zip(now.conversations) {
            match (stamped, current) {
                (_, Some(now)) if stamped != current => cursor = cursor.max(*now),
                (Some(_), None) => return None,
                _ => {}
            }
        }
        Some(cursor)
    }

    /// The conversations whose marks the poll reads.
    pub fn conversation_ids(&self) -> impl Iterator<Item = &str> {
        self.conversations.iter().map(|(id, _)| id.as_str())
    }
}

/// Whether the stamp a full look `found` (its `base` the cursor SQLite gave, its marks those
/// read before SQLite) must replace the `standing` one. Not while the standing stamp still
/// tells the person's cursor: a 200 poll over new messages leaves it, since the moved marks
/// already raise it. Yes when there is none, it no longer holds (another conversation list,
/// the person's mark or the role moved, a mark gone), it is [`POLL_STAMP_REFRESH_MS`] old,
/// or it tells a cursor *above* what SQLite found (a mark this person's cursor does not
/// take, such as a mark moved while the person's cursor did not follow it: only a new
/// stamp, which holds that mark as seen, stops every poll going to SQLite).
/// A cursor below what SQLite found needs nothing: that is a mark not yet set after its
/// commit, which arrives in a moment, or one that never will, which the refresh catches.
pub fn must_replace(standing: Option<&PollStamp>, found: &PollStamp) -> bool {
    let Some(standing) = standing else {
        return true;
    };
    if found.at.ms_since(standing.at) > POLL_STAMP_REFRESH_MS
        || !standing.conversation_ids().eq(found.conversation_ids())
    {
        return true;
    }
    let marks: Vec<Option<i64>> = found.conversations.iter().map(|(_, m)| *m).collect();
    let now = Now {
        at: found.at,
        council: found.council,
        person: found.person.as_deref(),
        conversations: &marks,
    };
    standing.cursor(now).is_none_or(|told| told > found.base)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: i64 = 1_000_000;

    /// Found at cursor 42: conversation `a` marked 40, `b` never written.
    fn stamp() -> PollStamp {
        PollStamp {
            base: 42,
            council: true,
            at: Timestamp::from_unix_ms(AT),
            person: Some("p1".into()),
            conversations: vec![("a".into(), Some(40)), ("b".into(), None)],
        }
    }

    #[test]
    fn the_stamp_tells_the_cursor_from_the_marks_that_moved() {
        let at = Timestamp::from_unix_ms(AT);
        let marks = |a: Option<i64>, b: Option<i64>| [a, b];
        let same = marks(Some(40), None);
        let a_new = marks(Some(45), None);
        let b_new = marks(Some(40), Some(47));
        let both = marks(Some(45), Some(47));
        let lagging = marks(Some(41), None);
        let lowered = marks(Some(39), None);
        let a_gone = marks(None, None);
        let fewer = [Some(40)];
        let ok = Now {
            at,
            council: true,
            person: Some("p1"),
            conversations: &same,
        };
        let cases: [(&str, Now<'_>, Option<i64>); 16] = [
            ("unchanged: the stamp's cursor", ok, Some(42)),
            (
                "a new message in a: its number",
                Now {
                    conversations: &a_new,
                    ..ok
                },
                Some(45),
            ),
            (
                "the first change in b",
                Now {
                    conversations: &b_new,
                    ..ok
                },
                Some(47),
            ),
            (
                "both: the higher",
                Now {
                    conversations: &both,
                    ..ok
                },
                Some(47),
            ),
            (
                // committed before the look's SQLite read, marked after its mark read
                "a mark set late, already in the base",
                Now {
                    conversations: &lagging,
                    ..ok
                },
                Some(42),
            ),
            (
                // a writer's late set overwrote a higher mark for a moment (change_mark)
                "a mark lowered for a moment",
                Now {
                    conversations: &lowered,
                    ..ok
                },
                Some(42),
            ),
            (
                "a mark gone (store reset)",
                Now {
                    conversations: &a_gone,
                    ..ok
                },
                None,
            ),
            (
                "a different number of marks",
                Now {
                    conversations: &fewer,
                    ..ok
                },
                None,
            ),
            (
                "59.999 s later",
                Now {
                    at: at.plus_ms(59_999),
                    ..ok
                },
                Some(42),
            ),
            (
                "at the age limit",
                Now {
                    at: at.plus_ms(60_000),
                    ..ok
                },
                Some(42),
            ),
            (
                "too old",
                Now {
                    at: at.plus_ms(60_001),
                    ..ok
                },
                None,
            ),
            (
                "clock went back",
                Now {
                    at: at.plus_ms(-1),
                    ..ok
                },
                None,
            ),
            (
                "council role lost",
                Now {
                    council: false,
                    ..ok
                },
                None,
            ),
            (
                "person's mark moved (membership, read marker)",
                Now {
                    person: Some("p2"),
                    ..ok
                },
                None,
            ),
            ("person's mark gone", Now { person: None, ..ok }, None),
            (
                "too old, whatever the marks say",
                Now {
                    at: at.plus_ms(61_000),
                    conversations: &a_new,
                    ..ok
                },
                None,
            ),
        ];
        for (name, now, expected) in cases {
            assert_eq!(stamp().cursor(now), expected, "{name}");
        }
    }

    /// The stamp a full look at `ms` after the standing one finds with these marks and base.
    fn found(ms: i64, a: Option<i64>, b: Option<i64>, base: i64) -> PollStamp {
        PollStamp {
            base,
            at: Timestamp::from_unix_ms(AT + ms),
            conversations: vec![("a".into(), a), ("b".into(), b)],
            ..stamp()
        }
    }

    #[test]
    fn a_full_look_replaces_the_stamp_only_when_it_no_longer_tells_the_cursor() {
        let joined = PollStamp {
            conversations: vec![
                ("a".into(), Some(40)),
                ("b".into(), None),
                ("c".into(), None),
            ],
            ..found(1_000, Some(40), None, 43)
        };
        let cases: [(&str, Option<PollStamp>, PollStamp, bool); 11] = [
            ("no stamp yet", None, found(0, Some(40), None, 42), true),
            (
                "a 200 over a new message: the moved mark tells it",
                Some(stamp()),
                found(1_000, Some(45), None, 45),
                false,
            ),
            (
                "nothing new (the client was behind)",
                Some(stamp()),
                found(1_000, Some(40), None, 42),
                false,
            ),
            (
                "a commit whose mark is not set yet",
                Some(stamp()),
                found(1_000, Some(45), None, 46),
                false,
            ),
            (
                "a mark above the person's cursor",
                Some(stamp()),
                found(1_000, Some(45), None, 42),
                true,
            ),
            (
                "half a minute old",
                Some(stamp()),
                found(30_001, Some(45), None, 45),
                true,
            ),
            (
                "just under half a minute",
                Some(stamp()),
                found(30_000, Some(45), None, 45),
                false,
            ),
            (
                "the person's mark moved",
                Some(stamp()),
                PollStamp {
                    person: Some("p2".into()),
                    ..found(1_000, Some(40), None, 44)
                },
                true,
            ),
            (
                "the role changed",
                Some(stamp()),
                PollStamp {
                    council: false,
                    ..found(1_000, Some(40), None, 42)
                },
                true,
            ),
            ("another list of conversations", Some(stamp()), joined, true),
            (
                "a mark gone",
                Some(stamp()),
                found(1_000, None, None, 42),
                true,
            ),
        ];
        for (name, standing, look, expected) in cases {
            assert_eq!(must_replace(standing.as_ref(), &look), expected, "{name}");
        }
    }

    #[test]
    fn two_writers_marking_out_of_order_never_leave_a_poll_behind_for_good() {
        // The person's look found 42 with a's mark at 40. Writers commit 43 and 44 to a; the
        // client then fetches both (cursor 44). Whatever order the marks land in, once both
        // writers are done (change_mark's read-back) a's mark is 44 and the stamp tells 44:
        // the next poll is a 304. In the window where 43's late set overwrote 44, the stamp
        // tells 43 — not the client's 44 — so that poll goes to SQLite (a 304 from there),
        // never a 304 over a change the client lacks.
        let at = Timestamp::from_unix_ms(AT + 500);
        let tell = |a: i64| {
            stamp().cursor(Now {
                at,
                council: true,
                person: Some("p1"),
                conversations: &[Some(a), None],
            })
        };
        assert_eq!(tell(44), Some(44), "both marked");
        assert_eq!(tell(43), Some(43), "43's late set, before its read-back");
        // A client still at 42 is told of news as soon as either mark is set.
        assert_ne!(tell(43), Some(42));
    }

    #[test]
    fn the_stamp_round_trips_through_json_and_an_older_shape_does_not_read() {
        let text = serde_json::to_string(&stamp()).unwrap();
        let back: PollStamp = serde_json::from_str(&text).unwrap();
        assert_eq!(back, stamp());
        assert_eq!(back.conversation_ids().collect::<Vec<_>>(), ["a", "b"]);
        // The stamp before change numbers (random marks, `cursor`): unreadable, so the poll
        // asks SQLite and leaves a new one.
        let old = r#"{"cursor":42,"council":true,"at":"2026-12-06T12:00:00Z","person":"p1","conversations":[["a","01JZ"]]}"#;
        assert!(serde_json::from_str::<PollStamp>(old).is_err());
    }
}
