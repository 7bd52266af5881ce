//! When a session ends on its own (accounts.md § Login and sessions): 30 minutes without
//! requests, or 12 hours after login, both configurable.

use crate::time::Timestamp;

/// Minimum time between two writes of `last_seen_at`, so a busy page doesn't write the KV
/// store on every request. Idle expiry is therefore exact to within this many seconds.
pub const TOUCH_INTERVAL_S: i64 = 30;

/// The configurable session lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Ends after this many seconds without requests (1800).
    pub idle_s: i64,
    /// Ends this many seconds after login, however busy (43 200).
    pub absolute_s: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle_s: 1_800,
            absolute_s: 43_200,
        }
    }
}

/// Whether a session may still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// In use.
    Live,
    /// No request for `idle_s`.
    IdleExpired,
    /// `absolute_s` since login.
    AbsoluteExpired,
}

impl SessionPolicy {
    /// The state at `now` of a session that began at `started_at` and was last seen at
    /// `last_seen_at` (the absolute limit wins when both have passed).
    pub fn state(
        &self,
        started_at: Timestamp,
        last_seen_at: Timestamp,
        now: Timestamp,
    ) -> SessionState {
        if now >= self.expires_at(started_at) {
            return SessionState::AbsoluteExpired;
        }
        if now >= self.idle_expires_at(last_seen_at) {
            return SessionState::IdleExpired;
        }
        SessionState::Live
    }

    /// When the session ends however busy it is (its cookie's and KV entry's expiry).
    pub fn expires_at(&self, started_at: Timestamp) -> Timestamp {
        started_at.plus_seconds(self.absolute_s)
    }

    /// When the session ends if no request comes after `last_seen_at`.
    pub fn idle_expires_at(&self, last_seen_at: Timestamp) -> Timestamp {
        last_seen_at.plus_seconds(self.idle_s)
    }

    /// Whether to store `now` as the new `last_seen_at` (at least [`TOUCH_INTERVAL_S`] later).
    pub fn should_touch(&self, last_seen_at: Timestamp, now: Timestamp) -> bool {
        now.ms_since(last_seen_at) >= TOUCH_INTERVAL_S * 1000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn state_table() {
        let p = SessionPolicy::default();
        let login = Timestamp::from_unix_ms(1_795_425_875_000);
        let at = |ms: i64| login.plus_ms(ms);
        // (last seen, now) as offsets from login.
        let cases = [
            (0, 0, SessionState::Live),
            (0, 30 * MIN - 1, SessionState::Live),
            (0, 30 * MIN, SessionState::IdleExpired),
            (10 * MIN, 39 * MIN, SessionState::Live),
            (10 * MIN, 40 * MIN, SessionState::IdleExpired),
            (700 * MIN, 720 * MIN - 1, SessionState::Live),
            (700 * MIN, 720 * MIN, SessionState::AbsoluteExpired),
            (0, 720 * MIN, SessionState::AbsoluteExpired),
            (0, 10_000 * MIN, SessionState::AbsoluteExpired),
        ];
        for (seen, now, expected) in cases {
            assert_eq!(
                p.state(login, at(seen), at(now)),
                expected,
                "seen +{seen} now +{now}"
            );
        }
        assert_eq!(p.expires_at(login), at(720 * MIN));
        assert_eq!(p.idle_expires_at(at(MIN)), at(31 * MIN));
    }

    #[test]
    fn a_busy_session_still_ends_after_twelve_hours() {
        let p = SessionPolicy::default();
        let login = Timestamp::from_unix_ms(0);
        let mut seen = login;
        let mut now = login;
        // A request every 20 seconds, touching whenever the policy says so.
        while p.state(login, seen, now) == SessionState::Live {
            if p.should_touch(seen, now) {
                seen = now;
            }
            now = now.plus_seconds(20);
        }
        assert_eq!(p.state(login, seen, now), SessionState::AbsoluteExpired);
        assert_eq!(now, p.expires_at(login));
    }

    #[test]
    fn touches_at_most_every_thirty_seconds() {
        let p = SessionPolicy::default();
        let seen = Timestamp::from_unix_ms(1_000_000);
        let cases = [
            (0, false),
            (29_999, false),
            (30_000, true),
            (600_000, true),
            (-5_000, false),
        ];
        for (offset, touch) in cases {
            assert_eq!(
                p.should_touch(seen, seen.plus_ms(offset)),
                touch,
                "{offset}"
            );
        }
    }
}
