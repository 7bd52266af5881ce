//! Temporary suspension (nothing is sent until a time or until lifted) and consent withdrawal
//! (nothing is sent; the data is erased `notify_withdrawn_days` later unless consent is given
//! again).

use crate::time::Timestamp;
use crate::validate::Invalid;

/// Longest suspension with an end, in days (ten years; an open-ended one has no end).
pub const SUSPENSION_MAX_DAYS: i64 = 3650;

/// The end of a suspension asked for at `now`: in the future and within
/// [`SUSPENSION_MAX_DAYS`]; `None` = until lifted.
pub fn until(requested: Option<Timestamp>, now: Timestamp) -> Result<Option<Timestamp>, Invalid> {
    let Some(until) = requested else {
        return Ok(None);
    };
    let latest = now.plus_seconds(SUSPENSION_MAX_DAYS * 86_400);
    if until <= now || until > latest {
        return Err(Invalid::out_of_range(now, latest));
    }
    Ok(Some(until))
}

/// Whether a suspension made at `since` (if any) with end `until` holds at `now`.
pub fn is_suspended(since: Option<Timestamp>, until: Option<Timestamp>, now: Timestamp) -> bool {
    since.is_some() && until.is_none_or(|end| now < end)
}

/// Days after a withdrawal of consent before the data is erased (`notify_withdrawn_days`).
pub const WITHDRAWN_DAYS_DEFAULT: i64 = 30;

/// Longest configurable wait after a withdrawal (ten years, as a suspension).
pub const WITHDRAWN_DAYS_MAX: i64 = SUSPENSION_MAX_DAYS;

/// Residents the scheduled tick erases after a withdrawal per call: each erasure is its own
/// short transaction with its audit entry, so one tick stays well under a second.
pub const WITHDRAWN_ERASURE_BATCH: u32 = 20;

/// Whether the data of a recipient who withdrew consent at `withdrawn_at` is due for erasure.
pub fn erasure_due(withdrawn_at: Timestamp, withdrawn_days: i64, now: Timestamp) -> bool {
    withdrawn_at <= erasure_cutoff(withdrawn_days, now)
}

/// The latest withdrawal whose data is due for erasure at `now`: what a look-up of the due
/// recipients compares with (the same rule as [`erasure_due`]).
pub fn erasure_cutoff(withdrawn_days: i64, now: Timestamp) -> Timestamp {
    now.plus_seconds(-withdrawn_days.saturating_mul(86_400))
}

/// Whether a recipient's data is due for erasure after a withdrawal: consent withdrawn (not
/// given again, which clears the time) long enough ago, and not erased already.
pub fn withdrawn_erasure_due(
    withdrawn_at: Option<Timestamp>,
    erased: bool,
    withdrawn_days: i64,
    now: Timestamp,
) -> bool {
    !erased && withdrawn_at.is_some_and(|at| erasure_due(at, withdrawn_days, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn suspension_ends_are_future_and_sane() {
        let now = t("2026-12-06T12:00:00Z");
        assert_eq!(until(None, now), Ok(None));
        let next_week = t("2026-12-13T12:00:00Z");
        assert_eq!(until(Some(next_week), now), Ok(Some(next_week)));
        for bad in [
            "2026-12-06T12:00:00Z",
            "2026-01-01T00:00:00Z",
            "2040-01-01T00:00:00Z",
        ] {
            assert!(until(Some(t(bad)), now).is_err(), "{bad}");
        }
    }

    #[test]
    fn suspended_and_due() {
        let now = t("2026-12-06T12:00:00Z");
        let since = Some(t("2026-12-01T00:00:00Z"));
        assert!(is_suspended(since, None, now));
        assert!(is_suspended(since, Some(t("2026-12-07T00:00:00Z")), now));
        assert!(!is_suspended(since, Some(now), now));
        assert!(!is_suspended(None, None, now));
        assert!(!erasure_due(t("2026-11-07T12:00:00.001Z"), 30, now));
        assert!(erasure_due(t("2026-11-06T12:00:00Z"), 30, now));
    }

    #[test]
    fn erasure_after_a_withdrawal() {
        let now = t("2026-12-06T12:00:00Z");
        assert_eq!(erasure_cutoff(30, now), t("2026-11-06T12:00:00Z"));
        assert_eq!(erasure_cutoff(0, now), now);
        let exactly = Some(t("2026-11-06T12:00:00Z"));
        let a_ms_later = Some(t("2026-11-06T12:00:00.001Z"));
        // (withdrawn at, erased, days) → due
        let cases = [
            (exactly, false, 30, true),
            (a_ms_later, false, 30, false),
            (Some(t("2020-01-01T00:00:00Z")), false, 30, true),
            // consent given again: the time is cleared
            (None, false, 30, false),
            // erased already (by the person, by staff or an earlier tick)
            (exactly, true, 30, false),
            (Some(now), false, 0, true),
            (Some(now), false, 1, false),
            (Some(t("2026-11-05T12:00:00Z")), false, 31, true),
        ];
        for (at, erased, days, due) in cases {
            assert_eq!(
                withdrawn_erasure_due(at, erased, days, now),
                due,
                "{at:?} {erased} {days}"
            );
        }
    }
}
