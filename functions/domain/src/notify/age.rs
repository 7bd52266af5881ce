//! A resident's age on a day in Polish time, and the age range staff filter by (the staff
//! list's `age_min` / `age_max`; part 2's targeting "by age range" takes the same rule).
//!
//! Age is completed years, reached at the start of the birthday (art. 112 of the Civil Code:
//! "przy obliczaniu wieku osoby fizycznej termin upływa z początkiem ostatniego dnia"). Someone
//! born on 29 February reaches the next year on 28 February when the year has no 29th (the
//! same article: the last day of the month when the month has no such day). The day is the
//! one in Poland: at 23:30 UTC on 31 December it is already 1 January in Warsaw.

use crate::accounts::local_time::warsaw_offset_s;
use crate::time::Timestamp;
use crate::validate::limits::AGE_MAX;
use crate::validate::{Checks, FieldErrors, Invalid};

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    /// Year.
    pub year: i64,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

impl Day {
    /// Parses `YYYY-MM-DD` (the stored birth date's form); `None` for anything else. The
    /// month and day are range-checked, not against the month's length: stored dates were
    /// validated as real days at registration.
    pub fn parse(text: &str) -> Option<Day> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let digits = text.get(range)?;
            if !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Day {
            year: i64::from(year),
            month,
            day,
        })
    }

    /// The day it is in Poland at `at`.
    pub fn in_poland(at: Timestamp) -> Day {
        let local = at.plus_seconds(warsaw_offset_s(at)).to_rfc3339();
        // `to_rfc3339` always starts `YYYY-MM-DD` for the years a timestamp here holds.
        Day::parse(local.get(..10).unwrap_or_default()).unwrap_or(Day {
            year: 1970,
            month: 1,
            day: 1,
        })
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Completed years of someone born on `birth` on day `on` (0 before the first birthday and
/// for a birth after `on`).
pub fn age_on(birth: Day, on: Day) -> u32 {
    let mut years = on.year - birth.year;
    // This year's birthday: 29 February falls on the 28th in a common year.
    let birthday_day = if birth.month == 2 && birth.day == 29 && !is_leap(on.year) {
        28
    } else {
        birth.day
    };
    if (on.month, on.day) < (birth.month, birthday_day) {
        years -= 1;
    }
    u32::try_from(years.max(0)).unwrap_or(0)
}

/// An inclusive range of ages in completed years; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeRange {
    /// At least this old.
    pub min: Option<u32>,
    /// At most this old.
    pub max: Option<u32>,
}

impl AgeRange {
    /// Parses `age_min` and `age_max` as given (absent = `None`): each a whole number from 0
    /// to [`AGE_MAX`], else `out_of_range` naming that parameter; `age_max` below `age_min` is
    /// `age_max` `out_of_range` from `age_min`. `None` when neither is given.
    pub fn parse(min: Option<&str>, max: Option<&str>) -> Result<Option<AgeRange>, FieldErrors> {
        let mut checks = Checks::new();
        let min = min.and_then(|v| checks.check("age_min", years(v, 0)));
        let max = max.and_then(|v| checks.check("age_max", years(v, min.unwrap_or(0))));
        checks.finish()?;
        Ok((min.is_some() || max.is_some()).then_some(AgeRange { min, max }))
    }

    /// Whether someone born on `birth` is in the range on day `on`.
    pub fn contains(&self, birth: Day, on: Day) -> bool {
        let age = age_on(birth, on);
        self.min.is_none_or(|m| age >= m) && self.max.is_none_or(|m| age <= m)
    }
}

/// A whole number of years from `floor` to [`AGE_MAX`].
fn years(value: &str, floor: u32) -> Result<u32, Invalid> {
    // Strictly digits (no blanks, no sign): the document's `integer`; an empty value is a
    // refusal, not "no filter".
    Some(value)
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|n| (floor..=AGE_MAX).contains(n))
        .ok_or_else(|| Invalid::out_of_range(floor, AGE_MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::FieldCode;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn completed_years_at_the_start_of_the_birthday() {
        let cases = [
            // (born, on, age)
            ("2000-06-15", "2026-06-14", 25),
            ("2000-06-15", "2026-06-15", 26),
            ("2000-06-15", "2026-06-16", 26),
            ("2000-12-31", "2026-01-01", 25),
            ("2000-01-01", "2025-12-31", 25),
            ("2026-03-01", "2026-03-01", 0),
            ("2026-03-02", "2026-03-01", 0),
            ("1926-12-06", "2026-12-06", 100),
            // Born on a leap day: the 28th in a common year, the 29th in a leap year.
            ("2008-02-29", "2026-02-27", 17),
            ("2008-02-29", "2026-02-28", 18),
            ("2008-02-29", "2026-03-01", 18),
            ("2008-02-29", "2028-02-28", 19),
            ("2008-02-29", "2028-02-29", 20),
            ("2000-02-29", "2100-02-28", 100),
            // Born the day before or after a leap day, seen on one.
            ("2000-02-28", "2024-02-29", 24),
            ("2000-03-01", "2024-02-29", 23),
            ("2000-03-01", "2025-02-28", 24),
        ];
        for (born, on, age) in cases {
            assert_eq!(age_on(day(born), day(on)), age, "born {born}, on {on}");
        }
    }

    #[test]
    fn the_day_is_the_one_in_poland() {
        let at = |t: &str| Timestamp::parse_rfc3339(t).unwrap();
        let cases = [
            ("2025-12-31T22:59:59Z", "2025-12-31"),
            ("2025-12-31T23:00:00Z", "2026-01-01"),
            ("2026-06-14T21:59:59Z", "2026-06-14"),
            ("2026-06-14T22:00:00Z", "2026-06-15"),
            ("2028-02-28T23:30:00Z", "2028-02-29"),
        ];
        for (utc, local) in cases {
            assert_eq!(Day::in_poland(at(utc)), day(local), "{utc}");
        }
        // Turning 18 at midnight in Warsaw, still 17 by the UTC date.
        let range = AgeRange {
            min: Some(18),
            max: None,
        };
        let today = Day::in_poland(at("2026-06-14T22:30:00Z"));
        assert!(range.contains(day("2008-06-15"), today));
    }

    #[test]
    fn stored_dates_parse_and_nothing_else_does() {
        assert_eq!(
            Day::parse("1980-02-29"),
            Some(Day {
                year: 1980,
                month: 2,
                day: 29
            })
        );
        for bad in [
            "",
            "1980-2-29",
            "1980/02/29",
            "1980-13-01",
            "1980-00-10",
            "1980-01-32",
            "198a-01-01",
            "+980-01-01",
            "1980-01-01T",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ranges_are_inclusive_and_open_ended() {
        let on = day("2026-12-06");
        let cases = [
            (Some(18), Some(18), "2008-12-06", true),
            (Some(18), Some(18), "2008-12-07", false),
            (Some(18), Some(18), "2007-12-06", false),
            (Some(65), None, "1961-12-06", true),
            (Some(65), None, "1961-12-07", false),
            (None, Some(30), "1996-12-07", true),
            (None, Some(30), "1995-12-06", false),
            (Some(0), Some(AGE_MAX), "1900-01-01", true),
        ];
        for (min, max, born, inside) in cases {
            let range = AgeRange { min, max };
            assert_eq!(range.contains(day(born), on), inside, "{range:?} {born}");
        }
    }

    #[test]
    fn parameters_are_whole_years_in_order() {
        assert_eq!(AgeRange::parse(None, None).unwrap(), None);
        assert_eq!(
            AgeRange::parse(Some("18"), Some("65")).unwrap(),
            Some(AgeRange {
                min: Some(18),
                max: Some(65)
            })
        );
        assert_eq!(
            AgeRange::parse(None, Some("0")).unwrap(),
            Some(AgeRange {
                min: None,
                max: Some(0)
            })
        );
        let refused = |min: Option<&str>, max: Option<&str>| -> Vec<(String, FieldCode)> {
            AgeRange::parse(min, max)
                .unwrap_err()
                .0
                .iter()
                .map(|(k, v)| (k.clone(), v.code))
                .collect()
        };
        type Case<'a> = (Option<&'a str>, Option<&'a str>, Vec<(String, FieldCode)>);
        let out = FieldCode::OutOfRange;
        let cases: [Case<'_>; 10] = [
            (Some(""), None, vec![("age_min".into(), out)]),
            (None, Some(" 18"), vec![("age_max".into(), out)]),
            (Some("+5"), None, vec![("age_min".into(), out)]),
            (Some("-1"), None, vec![("age_min".into(), out)]),
            (Some("1.5"), None, vec![("age_min".into(), out)]),
            (Some("abc"), None, vec![("age_min".into(), out)]),
            (None, Some("131"), vec![("age_max".into(), out)]),
            (
                None,
                Some("99999999999999999999"),
                vec![("age_max".into(), out)],
            ),
            (Some("40"), Some("39"), vec![("age_max".into(), out)]),
            (
                Some("x"),
                Some("200"),
                vec![("age_max".into(), out), ("age_min".into(), out)],
            ),
        ];
        for (min, max, expected) in cases {
            // The map keeps the fields sorted.
            assert_eq!(refused(min, max), expected, "{min:?} {max:?}");
        }
        let inverted = AgeRange::parse(Some("40"), Some("39")).unwrap_err();
        let params = &inverted.0["age_max"].params;
        assert_eq!(params.get("min").map(String::as_str), Some("40"));
    }
}
