//! Instants as people in Poland read them in messages: Polish civil time (CET, or CEST from
//! the last Sunday of March to the last Sunday of October, switching at 01:00 UTC as in the
//! whole EU). The API itself always speaks UTC RFC 3339.

use crate::time::Timestamp;

const MS_PER_DAY: i64 = 86_400_000;
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The offset of Polish time from UTC at `at`, in seconds (3600 in winter, 7200 in summer).
pub fn warsaw_offset_s(at: Timestamp) -> i64 {
    let year = fields(at).0;
    let summer_starts = last_sunday_0100_utc(year, 3);
    let summer_ends = last_sunday_0100_utc(year, 10);
    if at >= summer_starts && at < summer_ends {
        7_200
    } else {
        3_600
    }
}

/// `at` in Polish time for a Polish text: `23.11.2026, godz. 10:04`.
pub fn format_pl(at: Timestamp) -> String {
    let (y, m, d, hh, mm) = fields(at.plus_seconds(warsaw_offset_s(at)));
    format!("{d:02}.{m:02}.{y}, godz. {hh:02}:{mm:02}")
}

/// `at` in Polish time for an English text: `23 November 2026, 10:04 (Polish time)`.
pub fn format_en(at: Timestamp) -> String {
    let (y, m, d, hh, mm) = fields(at.plus_seconds(warsaw_offset_s(at)));
    let month = MONTHS_EN.get(m.saturating_sub(1)).copied().unwrap_or("?");
    format!("{d} {month} {y}, {hh:02}:{mm:02} (Polish time)")
}

/// `at` as a `datetime-local` form value in Polish time: `2026-11-23T10:04`. A form shows and
/// takes Polish time whatever the device's time zone.
pub fn to_input(at: Timestamp) -> String {
    let (y, m, d, hh, mm) = fields(at.plus_seconds(warsaw_offset_s(at)));
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}")
}

/// A `datetime-local` value (`2026-11-23T10:04`, seconds allowed) read as Polish time; `None`
/// when it is not one. In the hour the clocks go back the earlier (summer) reading is taken;
/// a time skipped when they go forward is read with the winter offset.
pub fn from_input(value: &str) -> Option<Timestamp> {
    let value = value.trim();
    let with_seconds = match value.len() {
        16 => format!("{value}:00Z"),
        19 => format!("{value}Z"),
        _ => return None,
    };
    let wall = Timestamp::parse_rfc3339(&with_seconds).ok()?;
    // The offset depends on the instant, which depends on the offset: try summer first.
    let consistent = [7_200, 3_600].into_iter().find_map(|offset| {
        let at = wall.plus_seconds(-offset);
        (warsaw_offset_s(at) == offset).then_some(at)
    });
    Some(consistent.unwrap_or(wall.plus_seconds(-3_600)))
}

/// (year, month, day, hour, minute) of `at` in UTC, read back from its RFC 3339 form.
fn fields(at: Timestamp) -> (i64, usize, u32, u32, u32) {
    let text = at.to_rfc3339();
    let num = |range: std::ops::Range<usize>| {
        text.get(range)
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let small = |range| u32::try_from(num(range)).unwrap_or(0);
    let month = usize::try_from(num(5..7)).unwrap_or(1);
    (num(0..4), month, small(8..10), small(11..13), small(14..16))
}

/// 01:00 UTC on the last Sunday of `month` (March or October, both 31 days long).
fn last_sunday_0100_utc(year: i64, month: u32) -> Timestamp {
    let last_day = Timestamp::parse_rfc3339(&format!("{year:04}-{month:02}-31T01:00:00Z"))
        .unwrap_or(Timestamp::EPOCH);
    let days = last_day.unix_ms().div_euclid(MS_PER_DAY);
    // 1970-01-01 was a Thursday: with Sunday as 0, its weekday is 4.
    let weekday = (days + 4).rem_euclid(7);
    last_day.plus_ms(-weekday * MS_PER_DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap_or(Timestamp::EPOCH)
    }

    #[test]
    fn summer_time_follows_the_eu_rule() {
        let cases = [
            ("2026-01-15T12:00:00Z", 3_600),
            ("2026-03-29T00:59:59Z", 3_600),
            ("2026-03-29T01:00:00Z", 7_200),
            ("2026-07-01T12:00:00Z", 7_200),
            ("2026-10-25T00:59:59Z", 7_200),
            ("2026-10-25T01:00:00Z", 3_600),
            ("2027-03-28T01:00:00Z", 7_200),
            ("2024-03-31T01:00:00Z", 7_200),
            ("2024-10-27T00:30:00Z", 7_200),
        ];
        for (text, offset) in cases {
            assert_eq!(warsaw_offset_s(at(text)), offset, "{text}");
        }
    }

    #[test]
    fn form_values_are_polish_time_both_ways() {
        let cases = [
            ("2027-01-15T12:00:00Z", "2027-01-15T13:00"),
            ("2027-07-01T12:00:00Z", "2027-07-01T14:00"),
            ("2026-12-31T23:30:00Z", "2027-01-01T00:30"),
            ("2026-10-25T00:30:00Z", "2026-10-25T02:30"),
        ];
        for (utc, local) in cases {
            assert_eq!(to_input(at(utc)), local, "{utc}");
            assert_eq!(from_input(local), Some(at(utc)), "{local}");
        }
        assert_eq!(
            from_input("2027-07-01T14:00:30"),
            Some(at("2027-07-01T12:00:30Z"))
        );
        // 02:30 on the day summer time starts does not exist: read with the winter offset.
        assert_eq!(
            from_input("2027-03-28T02:30"),
            Some(at("2027-03-28T01:30:00Z"))
        );
        assert_eq!(from_input(""), None);
        assert_eq!(from_input("jutro"), None);
    }

    #[test]
    fn formats_in_polish_time() {
        let cases = [
            (
                "2026-11-23T09:04:35Z",
                "23.11.2026, godz. 10:04",
                "23 November 2026, 10:04 (Polish time)",
            ),
            (
                "2026-07-01T22:30:00Z",
                "02.07.2026, godz. 00:30",
                "2 July 2026, 00:30 (Polish time)",
            ),
            (
                "2026-12-31T23:00:00Z",
                "01.01.2027, godz. 00:00",
                "1 January 2027, 00:00 (Polish time)",
            ),
        ];
        for (text, pl, en) in cases {
            assert_eq!(format_pl(at(text)), pl);
            assert_eq!(format_en(at(text)), en);
        }
    }
}
