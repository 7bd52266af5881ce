//! The night window: the hours of Polish civil time in which maintenance may run (default
//! 22:00–06:00, so it never disturbs a working day or an evening session). Read through the
//! Warsaw offset of each day, so the night the clocks change is 7 or 9 hours long in UTC.

use crate::accounts::local_time::{from_input, to_input};
use crate::time::Timestamp;

const MINUTES_PER_DAY: u32 = 24 * 60;

/// Local start and end of the night (minutes after midnight); an end at or before the start
/// is on the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NightWindow {
    start_min: u32,
    end_min: u32,
}

/// Why a configured night window is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NightWindowError(pub String);

impl Default for NightWindow {
    fn default() -> Self {
        Self {
            start_min: 22 * 60,
            end_min: 6 * 60,
        }
    }
}

impl NightWindow {
    /// From two local times `HH:MM`; equal times (no night, or a whole day) are refused.
    pub fn parse(start: &str, end: &str) -> Result<Self, NightWindowError> {
        let start_min = minutes(start)?;
        let end_min = minutes(end)?;
        if start_min == end_min {
            return Err(NightWindowError(format!(
                "the night window starts and ends at {start}"
            )));
        }
        Ok(Self { start_min, end_min })
    }

    /// The local start, `HH:MM`.
    pub fn start_text(&self) -> String {
        hh_mm(self.start_min)
    }

    /// The local end, `HH:MM`.
    pub fn end_text(&self) -> String {
        hh_mm(self.end_min)
    }

    /// Whether `[from, to)` lies inside one night. The night that may hold `from` began on the
    /// local date of `from` or the day before (a night past midnight).
    pub fn contains(&self, from: Timestamp, to: Timestamp) -> bool {
        let Some(date) = to_input(from).get(0..10).map(str::to_owned) else {
            return false;
        };
        let crosses_midnight = self.end_min <= self.start_min;
        [-1, 0].into_iter().any(|day| {
            let start_date = shift_date(&date, day);
            let end_date = shift_date(&date, day + i64::from(crosses_midnight));
            match (
                local(&start_date, self.start_min),
                local(&end_date, self.end_min),
            ) {
                (Some(night_start), Some(night_end)) => night_start <= from && to <= night_end,
                _ => false,
            }
        })
    }
}

fn minutes(text: &str) -> Result<u32, NightWindowError> {
    let bad = || NightWindowError(format!("{text:?} is not a time HH:MM"));
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

fn hh_mm(min: u32) -> String {
    let min = min % MINUTES_PER_DAY;
    format!("{:02}:{:02}", min / 60, min % 60)
}

/// `YYYY-MM-DD` moved by `days`.
fn shift_date(date: &str, days: i64) -> String {
    Timestamp::parse_rfc3339(&format!("{date}T12:00:00Z"))
        .map(|t| t.plus_seconds(days * 86_400).to_rfc3339())
        .ok()
        .and_then(|t| t.get(0..10).map(str::to_owned))
        .unwrap_or_default()
}

/// The instant of local (Warsaw) time `min` on `date`.
fn local(date: &str, min: u32) -> Option<Timestamp> {
    from_input(&format!("{date}T{}", hh_mm(min)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    #[test]
    fn default_night_follows_polish_time_across_both_clock_changes() {
        let night = NightWindow::default();
        // (from, to, inside) in UTC; Warsaw is +01:00 in winter, +02:00 in summer.
        let cases = [
            // Winter: 22:00–06:00 local is 21:00–05:00 UTC.
            ("2026-12-10T21:00:00Z", "2026-12-11T05:00:00Z", true),
            ("2026-12-10T20:59:00Z", "2026-12-10T22:00:00Z", false),
            ("2026-12-11T04:00:00Z", "2026-12-11T05:01:00Z", false),
            ("2026-12-10T23:30:00Z", "2026-12-11T01:00:00Z", true),
            // Summer: 22:00–06:00 local is 20:00–04:00 UTC.
            ("2026-07-01T20:00:00Z", "2026-07-02T04:00:00Z", true),
            ("2026-07-01T19:59:00Z", "2026-07-01T21:00:00Z", false),
            ("2026-07-02T03:00:00Z", "2026-07-02T04:30:00Z", false),
            // 2026-03-28/29, clocks forward at 01:00 UTC: 22:00 CET = 21:00Z, 06:00 CEST = 04:00Z.
            ("2026-03-28T21:00:00Z", "2026-03-29T04:00:00Z", true),
            ("2026-03-28T20:30:00Z", "2026-03-28T22:00:00Z", false),
            ("2026-03-29T03:00:00Z", "2026-03-29T04:30:00Z", false),
            ("2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z", true),
            // 2026-10-24/25, clocks back at 01:00 UTC: 22:00 CEST = 20:00Z, 06:00 CET = 05:00Z.
            ("2026-10-24T20:00:00Z", "2026-10-25T05:00:00Z", true),
            ("2026-10-24T19:30:00Z", "2026-10-24T21:00:00Z", false),
            ("2026-10-25T04:00:00Z", "2026-10-25T05:00:00Z", true),
            ("2026-10-25T04:00:00Z", "2026-10-25T05:30:00Z", false),
            // Two nights are never one window.
            ("2026-12-10T22:00:00Z", "2026-12-11T22:00:00Z", false),
            // Daytime.
            ("2026-12-10T10:00:00Z", "2026-12-10T11:00:00Z", false),
        ];
        for (from, to, inside) in cases {
            assert_eq!(night.contains(at(from), at(to)), inside, "{from} – {to}");
        }
    }

    #[test]
    fn a_night_within_one_day_and_a_configured_one() {
        let early = NightWindow::parse("01:00", "05:00").unwrap();
        assert!(early.contains(at("2026-12-10T00:00:00Z"), at("2026-12-10T04:00:00Z")));
        assert!(!early.contains(at("2026-12-09T23:30:00Z"), at("2026-12-10T01:00:00Z")));
        let late = NightWindow::parse("23:30", "04:00").unwrap();
        assert!(late.contains(at("2026-12-10T22:30:00Z"), at("2026-12-11T03:00:00Z")));
        assert!(!late.contains(at("2026-12-10T22:00:00Z"), at("2026-12-10T23:00:00Z")));
        assert_eq!(
            (late.start_text(), late.end_text()),
            ("23:30".into(), "04:00".into())
        );
    }

    #[test]
    fn bad_configurations_are_refused() {
        for (start, end) in [
            ("22:00", "22:00"),
            ("24:00", "06:00"),
            ("7:00", "08:00"),
            ("", "06:00"),
            ("22:60", "06:00"),
            ("ab:cd", "06:00"),
        ] {
            assert!(NightWindow::parse(start, end).is_err(), "{start}–{end}");
        }
    }
}
