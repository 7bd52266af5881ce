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

/// Whether the data of a recipient who withdrew consent at `withdrawn_at` is due for erasure.
pub fn erasure_due(withdrawn_at: Timestamp, withdrawn_days: i64, now: Timestamp) -> bool {
    now >= withdrawn_at.plus_seconds(withdrawn_days.saturating_mul(86_400))
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
}
