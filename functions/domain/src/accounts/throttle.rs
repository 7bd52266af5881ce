//! Per client address throttling of failed logins (accounts.md § Lockout): more than 30
//! failures in a 10-minute window → 429 with `Retry-After`, for that address only, so one
//! address can neither spray passwords across accounts nor lock everyone out.
//!
//! Windows are fixed (`unix_seconds / window_s`), so the KV counter key is
//! `…:{address}:{window}` and expires with its window; a burst straddling two windows can get
//! up to twice the limit, which is still far below what a spray needs.
//!
//! The counter is *reserved* before an attempt is checked (an atomic increment, see
//! `login_flow`), so [`AddressThrottle::check`] gets the count including the attempt itself:
//! the attempt numbered `limit + 1` in a window is the first one refused, however many arrive
//! at once.

use crate::time::Timestamp;

/// The configurable address throttle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressThrottle {
    /// Failures allowed per window (30); the next request after more than this is refused.
    pub limit: u32,
    /// Window length in seconds (600).
    pub window_s: i64,
}

impl Default for AddressThrottle {
    fn default() -> Self {
        Self {
            limit: 30,
            window_s: 600,
        }
    }
}

impl AddressThrottle {
    /// The index of the fixed window holding `now` (part of the counter's KV key).
    pub fn window(&self, now: Timestamp) -> i64 {
        now.unix_seconds().div_euclid(self.window_len())
    }

    /// When the window holding `now` ends (the counter's expiry).
    pub fn window_end(&self, now: Timestamp) -> Timestamp {
        let end_s = self
            .window(now)
            .saturating_add(1)
            .saturating_mul(self.window_len());
        Timestamp::from_unix_ms(end_s.saturating_mul(1000))
    }

    /// `Err(retry_after_seconds)` (≥ 1, until the window ends) when the address's counter,
    /// including this attempt's reservation, is over `limit`: more than `limit` failures (or
    /// attempts still in flight) in the current window. `Ok` otherwise.
    pub fn check(&self, reserved_in_window: i64, now: Timestamp) -> Result<(), u64> {
        if reserved_in_window <= i64::from(self.limit) {
            return Ok(());
        }
        let remaining_ms = self.window_end(now).ms_since(now);
        // Round up: a client that waits the announced seconds lands in the next window.
        let seconds = remaining_ms.saturating_add(999) / 1000;
        Err(u64::try_from(seconds).unwrap_or(1).max(1))
    }

    fn window_len(&self) -> i64 {
        self.window_s.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_fixed_slices_of_unix_time() {
        let t = AddressThrottle::default();
        let cases = [
            (0, 0),
            (599_999, 0),
            (600_000, 1),
            (1_795_425_875_123, 2_992_376),
            (-1, -1),
        ];
        for (ms, window) in cases {
            assert_eq!(t.window(Timestamp::from_unix_ms(ms)), window, "{ms}");
        }
        assert_eq!(
            t.window_end(Timestamp::from_unix_ms(1_000)),
            Timestamp::from_unix_ms(600_000)
        );
    }

    #[test]
    fn more_than_the_limit_is_throttled_until_the_window_ends() {
        let t = AddressThrottle::default();
        let start = Timestamp::from_unix_ms(1_200_000); // a window boundary
        let cases = [
            (0, 0, Ok(())),
            (30, 0, Ok(())),
            (31, 0, Err(600)),
            (31, 1, Err(600)),
            (31, 1_000, Err(599)),
            (500, 599_000, Err(1)),
            (500, 599_999, Err(1)),
            (31, 600_000, Err(600)),
            (i64::MAX, 0, Err(600)),
            (-5, 0, Ok(())),
        ];
        for (failures, offset_ms, expected) in cases {
            let now = start.plus_ms(offset_ms);
            assert_eq!(
                t.check(failures, now),
                expected,
                "{failures} at +{offset_ms} ms"
            );
        }
    }

    #[test]
    fn a_zero_window_is_treated_as_one_second() {
        let t = AddressThrottle {
            limit: 0,
            window_s: 0,
        };
        assert_eq!(t.check(1, Timestamp::from_unix_ms(5_500)), Err(1));
        assert_eq!(t.window(Timestamp::from_unix_ms(5_500)), 5);
    }
}
