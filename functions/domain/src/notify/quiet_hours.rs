//! A resident's quiet hours (docs/api/notifications-messages.md, "Who gets what"): in Polish
//! civil time, so 22:00–07:00 is 22:00–07:00 on a wall clock in Siedlce whatever the season,
//! and the night the clocks change is an hour shorter or longer in UTC. Every category except
//! `crisis` waits until they end.

use crate::accounts::local_time::{from_input, to_input};
use crate::api::notify_messages::Category;
use crate::time::Timestamp;

/// A resident's quiet hours as stored: local `HH:MM` start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quiet<'a> {
    /// When they begin.
    pub start: &'a str,
    /// When they end (before `start`: the next day).
    pub end: &'a str,
}

/// When a delivery of `category` to a resident with `quiet` may go, if not now: the end of
/// the quiet hours `now` falls in. `None`: send now (no quiet hours, a crisis, or outside).
pub fn held_until(
    quiet: Option<Quiet<'_>>,
    category: Category,
    now: Timestamp,
) -> Option<Timestamp> {
    if category == Category::Crisis {
        return None;
    }
    let quiet = quiet?;
    let (start, end) = (clock_minutes(quiet.start)?, clock_minutes(quiet.end)?);
    if start == end {
        return None;
    }
    let local = to_input(now);
    let (date, clock) = local.split_once('T')?;
    let minute = clock_minutes(clock)?;
    let ends_on = if start < end {
        // Within one day (13:00–15:00).
        (start..end).contains(&minute).then_some(0)?
    } else if minute >= start {
        // Past midnight, before it: they end tomorrow.
        1
    } else if minute < end {
        0
    } else {
        return None;
    };
    let end_date = shift_date(date, ends_on)?;
    from_input(&format!("{end_date}T{}", quiet.end)).filter(|at| *at > now)
}

/// `HH:MM` (24-hour) → minutes since midnight.
fn clock_minutes(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    let number = |v: &str| -> Option<u16> {
        if v.len() == 2 && v.bytes().all(|b| b.is_ascii_digit()) {
            v.parse().ok()
        } else {
            None
        }
    };
    let (h, m) = (number(h)?, number(m)?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// `YYYY-MM-DD` moved by `days`.
fn shift_date(date: &str, days: i64) -> Option<String> {
    let noon = Timestamp::parse_rfc3339(&format!("{date}T12:00:00Z")).ok()?;
    noon.plus_seconds(days * 86_400)
        .to_rfc3339()
        .get(0..10)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    fn hours<'a>(start: &'a str, end: &'a str) -> Quiet<'a> {
        Quiet { start, end }
    }

    #[test]
    fn held_until_the_end_in_polish_time() {
        let night = hours("22:00", "07:00");
        let lunch = hours("13:00", "15:00");
        let cases = [
            // Winter (UTC+1): 21:00Z is 22:00 in Warsaw.
            (&night, "2026-12-06T20:59:00Z", None),
            (
                &night,
                "2026-12-06T21:00:00Z",
                Some("2026-12-07T06:00:00.000Z"),
            ),
            (
                &night,
                "2026-12-06T23:30:00Z",
                Some("2026-12-07T06:00:00.000Z"),
            ),
            (
                &night,
                "2026-12-07T05:59:00Z",
                Some("2026-12-07T06:00:00.000Z"),
            ),
            (&night, "2026-12-07T06:00:00Z", None),
            // Summer (UTC+2).
            (
                &night,
                "2026-07-01T20:30:00Z",
                Some("2026-07-02T05:00:00.000Z"),
            ),
            (&night, "2026-07-02T05:00:00Z", None),
            // The night the clocks go back (25 October 2026, 03:00 CEST → 02:00 CET): the
            // night ends at 07:00 CET, nine hours after 22:00 CEST.
            (
                &night,
                "2026-10-24T20:00:00Z",
                Some("2026-10-25T06:00:00.000Z"),
            ),
            // The night they go forward (29 March 2026): 22:00 CET to 07:00 CEST, 8 hours.
            (
                &night,
                "2026-03-28T21:00:00Z",
                Some("2026-03-29T05:00:00.000Z"),
            ),
            // Within one day.
            (&lunch, "2026-12-06T11:59:00Z", None),
            (
                &lunch,
                "2026-12-06T12:00:00Z",
                Some("2026-12-06T14:00:00.000Z"),
            ),
            (&lunch, "2026-12-06T14:00:00Z", None),
        ];
        for (quiet, now, expected) in cases {
            let got = held_until(Some(*quiet), Category::Event, at(now)).map(|t| t.to_rfc3339());
            assert_eq!(got.as_deref(), expected, "{quiet:?} at {now}");
        }
    }

    #[test]
    fn crisis_and_no_quiet_hours_go_at_once() {
        let now = at("2026-12-06T23:30:00Z");
        let night = hours("22:00", "07:00");
        assert_eq!(held_until(Some(night), Category::Crisis, now), None);
        assert_eq!(held_until(None, Category::Warning, now), None);
        for category in [Category::Event, Category::Warning, Category::Other] {
            assert!(held_until(Some(night), category, now).is_some());
        }
        // A damaged value holds nothing back rather than everything.
        assert_eq!(
            held_until(Some(hours("25:00", "07:00")), Category::Event, now),
            None
        );
        assert_eq!(
            held_until(Some(hours("07:00", "07:00")), Category::Event, now),
            None
        );
    }
}
