//! When the tablet sends a vote again by itself. A vote burst on Spin's SQLite model can
//! find the database busy past the platform's retry budget; the component then answers 503
//! `busy` with `Retry-After` (never a 500), and nothing was recorded. The same attempt (the
//! same `Idempotency-Key`, so it can never count twice) is sent again after the pause the
//! server asked for, a few times, while the screen keeps saying "sending" — a councillor
//! should not have to press again because forty colleagues pressed at the same moment.
//! Any other failure is shown at once with the retry button. The end-to-end burst test casts
//! through this same rule.

use std::time::Duration;

/// Automatic sends after the first (so at most this many + 1 requests per press).
pub const MAX_AUTOMATIC_RETRIES: u32 = 3;
/// The pause when the server names none, and the bounds of one it names.
const DEFAULT_PAUSE_S: u64 = 1;
const LONGEST_PAUSE_S: u64 = 5;

/// The pause before automatic retry `retry` (1-based) after an answer with `status` and
/// problem `code` (`retry_after_s`: the server's `Retry-After`, when sent), or `None` when
/// the failure is to be shown.
pub fn pause_before_retry(
    status: Option<u16>,
    code: &str,
    retry_after_s: Option<u64>,
    retry: u32,
) -> Option<Duration> {
    let busy = status == Some(503) && code == "busy";
    (busy && (1..=MAX_AUTOMATIC_RETRIES).contains(&retry)).then(|| {
        Duration::from_secs(
            retry_after_s
                .unwrap_or(DEFAULT_PAUSE_S)
                .clamp(DEFAULT_PAUSE_S, LONGEST_PAUSE_S),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_busy_database_is_retried_a_few_times_after_the_pause_asked_for() {
        let s = Duration::from_secs;
        /// Status, code, `Retry-After`, retry number → the pause.
        type Case = (
            Option<u16>,
            &'static str,
            Option<u64>,
            u32,
            Option<Duration>,
        );
        let cases: &[Case] = &[
            (Some(503), "busy", Some(1), 1, Some(s(1))),
            (Some(503), "busy", Some(2), 3, Some(s(2))),
            (Some(503), "busy", None, 1, Some(s(1))),
            (Some(503), "busy", Some(0), 1, Some(s(1))),
            (Some(503), "busy", Some(600), 2, Some(s(5))),
            (Some(503), "busy", Some(1), 4, None),
            (Some(503), "busy", Some(1), 0, None),
            (Some(503), "maintenance", Some(60), 1, None),
            (Some(500), "internal", None, 1, None),
            (Some(409), "already_voted", None, 1, None),
            (Some(429), "too_many_requests", Some(1), 1, None),
            (None, "", None, 1, None),
        ];
        for &(status, code, after, retry, want) in cases {
            assert_eq!(
                pause_before_retry(status, code, after, retry),
                want,
                "{status:?} {code} {after:?} retry {retry}"
            );
        }
    }
}
