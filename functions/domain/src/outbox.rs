//! Rules of the durable outbox (accounts.md § Outgoing e-mail and SMS): every message is
//! stored first and retried with backoff by the scheduled tick until [`GIVE_UP_AFTER_S`]: what
//! a message carries (a start password, a claim link) has expired by then.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// Delay after the first failed attempt, in seconds.
pub const FIRST_RETRY_S: i64 = 30;
/// Longest delay between attempts, in seconds (a gateway down for a day gets hourly retries).
pub const MAX_RETRY_S: i64 = 3_600;
/// After how long an undelivered message is given up and wiped (7 days: the default lifetime
/// of a start password, longer than any claim link).
pub const GIVE_UP_AFTER_S: i64 = 7 * 24 * 3_600;

/// How a message travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// E-mail through the e-mail gateway.
    Email,
    /// SMS through the SMS gateway.
    Sms,
}

impl Channel {
    /// The stored name (`email`, `sms`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    /// The channel stored as `name`.
    pub fn parse(name: &str) -> Option<Channel> {
        match name {
            "email" => Some(Channel::Email),
            "sms" => Some(Channel::Sms),
            _ => None,
        }
    }
}

/// Seconds to wait after `attempts` failed attempts: 30, 60, 120, … capped at an hour
/// (0 attempts is treated as 1).
pub fn backoff_s(attempts: u32) -> i64 {
    let doublings = attempts.saturating_sub(1);
    1i64.checked_shl(doublings)
        .filter(|factor| *factor > 0)
        .and_then(|factor| FIRST_RETRY_S.checked_mul(factor))
        .map_or(MAX_RETRY_S, |s| s.min(MAX_RETRY_S))
}

/// When to try again a message that has failed `attempts` times, the last at `now`.
pub fn next_attempt_at(attempts: u32, now: Timestamp) -> Timestamp {
    now.plus_seconds(backoff_s(attempts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_to_an_hour() {
        let cases = [
            (0, 30),
            (1, 30),
            (2, 60),
            (3, 120),
            (4, 240),
            (7, 1_920),
            (8, 3_600),
            (64, 3_600),
            (u32::MAX, 3_600),
        ];
        let now = Timestamp::from_unix_ms(1_000_000);
        for (attempts, seconds) in cases {
            assert_eq!(backoff_s(attempts), seconds, "{attempts}");
            assert_eq!(next_attempt_at(attempts, now), now.plus_seconds(seconds));
        }
    }

    #[test]
    fn channels_round_trip() {
        for channel in [Channel::Email, Channel::Sms] {
            assert_eq!(Channel::parse(channel.as_str()), Some(channel));
            let json = serde_json::to_string(&channel).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", channel.as_str()));
        }
        assert_eq!(Channel::parse("Email"), None);
        assert_eq!(Channel::parse("fax"), None);
    }
}
