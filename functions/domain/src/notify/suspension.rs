//! Temporary suspension (nothing is sent until a time or until lifted) and consent withdrawal
//! (nothing is sent; a resident's own withdrawal has the data erased `notify_withdrawn_days`
//! later unless consent is given again; one recorded by staff goes to the two-person erasure).

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

/// Who withdrew a resident's consent (`notify_recipients.consent_withdrawn_by`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WithdrawnBy {
    /// The resident, from their bound device (stored as NULL): the tick erases the data
    /// `notify_withdrawn_days` later.
    Resident,
    /// A `notifier_admin` in the office (their account id): the tick never erases on one
    /// person's word; the withdrawal opens a staff erasure request a second person confirms.
    Staff(String),
}

impl WithdrawnBy {
    /// From the stored column (NULL: the resident).
    pub fn from_column(by: Option<String>) -> Self {
        by.map_or(Self::Resident, Self::Staff)
    }

    /// The stored column.
    pub fn column(&self) -> Option<&str> {
        match self {
            Self::Resident => None,
            Self::Staff(account) => Some(account),
        }
    }
}

/// A withdrawal of consent as stored: when, and who withdrew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    /// When it was withdrawn (the tick's days count from here).
    pub at: Timestamp,
    /// Who withdrew.
    pub by: WithdrawnBy,
}

/// The withdrawal to store when `by` withdraws at `now` over the one stored (`current`).
/// A resident's own withdrawal stands as it is: its days already run, and a later one (from
/// the office or the device again) must not put the erasure off. A staff-recorded one yields
/// to the resident's own from the device, whose days start then (the resident now asks
/// themselves; before, the tick would not have erased at all); a second staff recording
/// keeps the first, whose erasure request is the one pending.
pub fn withdrawal(current: Option<Withdrawal>, by: WithdrawnBy, now: Timestamp) -> Withdrawal {
    match current {
        Some(
            kept @ Withdrawal {
                by: WithdrawnBy::Resident,
                ..
            },
        ) => kept,
        Some(staff) if by != WithdrawnBy::Resident => staff,
        _ => Withdrawal { at: now, by },
    }
}

/// Whether a recipient's data is due for erasure after a withdrawal: consent withdrawn by the
/// resident themselves (not given again, which clears the time) long enough ago, and not
/// erased already. A withdrawal staff recorded is never due here: that erasure takes a second
/// person (the request it opened), however long it waits.
pub fn withdrawn_erasure_due(
    withdrawn_at: Option<Timestamp>,
    withdrawn_by: &WithdrawnBy,
    erased: bool,
    withdrawn_days: i64,
    now: Timestamp,
) -> bool {
    !erased
        && *withdrawn_by == WithdrawnBy::Resident
        && withdrawn_at.is_some_and(|at| erasure_due(at, withdrawn_days, now))
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
        let resident = WithdrawnBy::Resident;
        let staff = WithdrawnBy::Staff("01JSTAFF".into());
        // (withdrawn at, by, erased, days) → due
        let cases = [
            (exactly, &resident, false, 30, true),
            (a_ms_later, &resident, false, 30, false),
            (Some(t("2020-01-01T00:00:00Z")), &resident, false, 30, true),
            // consent given again: the time is cleared
            (None, &resident, false, 30, false),
            // erased already (by the person, by staff or an earlier tick)
            (exactly, &resident, true, 30, false),
            (Some(now), &resident, false, 0, true),
            (Some(now), &resident, false, 1, false),
            (Some(t("2026-11-05T12:00:00Z")), &resident, false, 31, true),
            // recorded by staff: a second person erases, never the tick, however long ago
            (exactly, &staff, false, 30, false),
            (Some(t("2020-01-01T00:00:00Z")), &staff, false, 30, false),
            (Some(now), &staff, false, 0, false),
            (None, &staff, false, 30, false),
        ];
        for (at, by, erased, days, due) in cases {
            assert_eq!(
                withdrawn_erasure_due(at, by, erased, days, now),
                due,
                "{at:?} {by:?} {erased} {days}"
            );
        }
    }

    #[test]
    fn who_withdrew_and_since_when() {
        let earlier = t("2026-11-01T08:00:00Z");
        let now = t("2026-12-06T12:00:00Z");
        let resident = WithdrawnBy::Resident;
        let staff = WithdrawnBy::Staff("01JSTAFFA".into());
        let other = WithdrawnBy::Staff("01JSTAFFB".into());
        let stored = |by: &WithdrawnBy| {
            Some(Withdrawal {
                at: earlier,
                by: by.clone(),
            })
        };
        // (stored, who withdraws now) → (at, by) stored after
        let cases = [
            (None, &resident, now, &resident),
            (None, &staff, now, &staff),
            // the resident's own stands: its days run on, nothing puts them off
            (stored(&resident), &resident, earlier, &resident),
            (stored(&resident), &staff, earlier, &resident),
            // the resident now asks themselves: the tick's days start now
            (stored(&staff), &resident, now, &resident),
            // a second recording keeps the first (its request is the one pending)
            (stored(&staff), &other, earlier, &staff),
            (stored(&staff), &staff, earlier, &staff),
        ];
        for (current, by, at, after) in cases {
            let expected = Withdrawal {
                at,
                by: after.clone(),
            };
            assert_eq!(
                withdrawal(current.clone(), by.clone(), now),
                expected,
                "{current:?} {by:?}"
            );
        }
        assert_eq!(WithdrawnBy::from_column(None), resident);
        assert_eq!(WithdrawnBy::from_column(Some("01JSTAFFA".into())), staff);
        assert_eq!(staff.column(), Some("01JSTAFFA"));
        assert_eq!(resident.column(), None);
    }
}
