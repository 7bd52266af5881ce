//! What the chat keeps and for how long (docs/api/messaging.md § Data at rest and retention):
//! an upload not joined to a message within an hour is purged, and with `chat_retention_days`
//! (default 730, 0 = keep) messages older than that go with everything hanging from them.
//! The scheduled tick applies these in bounded batches; the conversation and its members stay.

use crate::time::Timestamp;

/// How long an upload waits for its message (ms); then the tick purges it.
pub const UNUSED_UPLOAD_TTL_MS: i64 = 3600 * 1000;

/// Days a message is kept (`chat_retention_days`) unless configured otherwise.
pub const RETENTION_DAYS_DEFAULT: i64 = 730;

/// Messages the tick purges per call: each may carry up to ten attachments of 10 MiB, so the
/// batch keeps one transaction short.
pub const MESSAGE_PURGE_BATCH: u32 = 50;

/// Unused uploads the tick purges per call.
pub const UPLOAD_PURGE_BATCH: u32 = 50;

/// How long messages are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    /// For ever (`chat_retention_days = 0`).
    Keep,
    /// This many days after they were sent.
    Days(i64),
}

impl Retention {
    /// From the variable's value: 0 (or less) keeps everything.
    pub fn from_days(days: i64) -> Self {
        if days > 0 {
            Self::Days(days)
        } else {
            Self::Keep
        }
    }

    /// Messages sent before this time are due at `now` (`None`: nothing is ever due).
    pub fn cutoff(self, now: Timestamp) -> Option<Timestamp> {
        match self {
            Self::Keep => None,
            Self::Days(days) => Some(now.plus_seconds(-days.saturating_mul(86_400))),
        }
    }

    /// Whether a message sent at `created_at` is due for purging at `now`.
    pub fn expired(self, created_at: Timestamp, now: Timestamp) -> bool {
        self.cutoff(now).is_some_and(|cutoff| created_at < cutoff)
    }
}

/// Uploads made before this time and still not joined to a message are due at `now`.
pub fn unused_upload_cutoff(now: Timestamp) -> Timestamp {
    now.plus_ms(-UNUSED_UPLOAD_TTL_MS)
}

/// Whether an upload made at `created_at` is due for purging at `now`.
pub fn upload_expired(created_at: Timestamp, joined: bool, now: Timestamp) -> bool {
    !joined && created_at < unused_upload_cutoff(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn retention_from_the_variable() {
        assert_eq!(Retention::from_days(730), Retention::Days(730));
        assert_eq!(Retention::from_days(0), Retention::Keep);
        assert_eq!(Retention::from_days(-3), Retention::Keep);
    }

    #[test]
    fn which_messages_are_due() {
        let now = t("2026-12-06T12:00:00Z");
        let two_years = Retention::Days(730);
        assert_eq!(two_years.cutoff(now), Some(t("2024-12-06T12:00:00Z")));
        assert_eq!(Retention::Keep.cutoff(now), None);
        // (retention, sent at) → due
        let cases = [
            (two_years, "2024-12-06T11:59:59.999Z", true),
            (two_years, "2024-12-06T12:00:00Z", false),
            (two_years, "2026-12-06T11:00:00Z", false),
            (Retention::Days(1), "2026-12-05T11:59:59Z", true),
            (Retention::Days(1), "2026-12-05T12:00:01Z", false),
            (Retention::Keep, "2000-01-01T00:00:00Z", false),
        ];
        for (retention, sent, due) in cases {
            assert_eq!(retention.expired(t(sent), now), due, "{retention:?} {sent}");
        }
    }

    #[test]
    fn which_uploads_are_due() {
        let now = t("2026-12-06T12:00:00Z");
        assert_eq!(unused_upload_cutoff(now), t("2026-12-06T11:00:00Z"));
        // (uploaded at, joined) → due
        let cases = [
            ("2026-12-06T10:59:59.999Z", false, true),
            ("2026-12-06T11:00:00Z", false, false),
            ("2026-12-06T11:30:00Z", false, false),
            ("2026-12-01T00:00:00Z", true, false),
        ];
        for (at, joined, due) in cases {
            assert_eq!(upload_expired(t(at), joined, now), due, "{at} {joined}");
        }
    }
}
