//! Time as the API speaks it: UTC instants with millisecond precision, written as RFC 3339.
//!
//! The current time is always *passed in* (a [`Clock`]), so rules that depend on it (lockout,
//! expiry, speaking limits) are tested by moving a fixed clock instead of sleeping.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An instant in UTC, as milliseconds since the Unix epoch.
///
/// Serialised as RFC 3339 (`2026-11-23T09:04:35.123Z`), the API's one timestamp format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// Why a text is not an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError;

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an RFC 3339 timestamp (expected e.g. 2026-11-23T09:04:35Z)")
    }
}

impl std::error::Error for TimestampError {}

const MS_PER_DAY: i64 = 86_400_000;

impl Timestamp {
    /// The Unix epoch, 1970-01-01T00:00:00Z.
    pub const EPOCH: Timestamp = Timestamp(0);

    /// The instant `ms` milliseconds after the Unix epoch.
    pub const fn from_unix_ms(ms: i64) -> Self {
        Self(ms)
    }

    /// Milliseconds since the Unix epoch.
    pub const fn unix_ms(self) -> i64 {
        self.0
    }

    /// Whole seconds since the Unix epoch (rounded towards the past).
    pub const fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// This instant moved by `ms` milliseconds (saturating, never panics).
    pub const fn plus_ms(self, ms: i64) -> Self {
        Self(self.0.saturating_add(ms))
    }

    /// This instant moved by `s` seconds (saturating, never panics).
    pub const fn plus_seconds(self, s: i64) -> Self {
        self.plus_ms(s.saturating_mul(1000))
    }

    /// Milliseconds from `earlier` to `self` (negative when `earlier` is later).
    pub const fn ms_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// RFC 3339 in UTC with milliseconds: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    pub fn to_rfc3339(self) -> String {
        let days = self.0.div_euclid(MS_PER_DAY);
        let ms_of_day = self.0.rem_euclid(MS_PER_DAY);
        let (y, m, d) = civil_from_days(days);
        let secs = ms_of_day / 1000;
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60,
            ms_of_day % 1000
        )
    }

    /// Parses RFC 3339 (`Z` or a `±HH:MM` offset; fractions beyond milliseconds are truncated).
    pub fn parse_rfc3339(text: &str) -> Result<Self, TimestampError> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return Err(TimestampError);
        }
        if b[13] != b':' || b[16] != b':' {
            return Err(TimestampError);
        }
        let year = digits(&b[0..4])?;
        let month = digits(&b[5..7])?;
        let day = digits(&b[8..10])?;
        let hour = digits(&b[11..13])?;
        let minute = digits(&b[14..16])?;
        let second = digits(&b[17..19])?;
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return Err(TimestampError);
        }
        let mut rest = &b[19..];
        let mut millis = 0;
        if let Some((b'.', frac)) = rest.split_first() {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return Err(TimestampError);
            }
            let mut scaled = frac[..n.min(3)].to_vec();
            scaled.resize(3, b'0');
            millis = digits(&scaled)?;
            rest = &frac[n..];
        }
        let offset_minutes = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let h = digits(&[*h1, *h2])?;
                let m = digits(&[*m1, *m2])?;
                if h > 23 || m > 59 {
                    return Err(TimestampError);
                }
                let total = h * 60 + m;
                if *sign == b'-' {
                    -total
                } else {
                    total
                }
            }
            _ => return Err(TimestampError),
        };
        let days = days_from_civil(year, month, day);
        let secs = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset_minutes * 60;
        Ok(Self(secs * 1000 + millis))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl std::str::FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_rfc3339(s)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Timestamp {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .description(Some("RFC 3339 timestamp in UTC"))
            .examples(["2026-11-23T09:04:35.123Z"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Timestamp {}

/// Where "now" comes from. Functions take a `&dyn Clock` (or the instant itself) instead of
/// reading the system time, so tests control time.
pub trait Clock {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// A clock that always says the same instant (tests, and replaying a decision).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

fn digits(b: &[u8]) -> Result<i64, TimestampError> {
    b.iter().try_fold(0i64, |acc, c| {
        if c.is_ascii_digit() {
            Ok(acc * 10 + i64::from(c - b'0'))
        } else {
            Err(TimestampError)
        }
    })
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's `days_from_civil` / `civil_from_days` (public domain): proleptic Gregorian
// calendar without tables or a date crate.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        let cases = [
            (0, "1970-01-01T00:00:00.000Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (1_795_425_875_123, "2026-11-23T09:24:35.123Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (4_102_444_799_999, "2099-12-31T23:59:59.999Z"),
        ];
        for (ms, text) in cases {
            assert_eq!(Timestamp::from_unix_ms(ms).to_rfc3339(), text, "{ms}");
            assert_eq!(Timestamp::parse_rfc3339(text), Ok(Timestamp(ms)), "{text}");
        }
    }

    #[test]
    fn parses_offsets_and_fractions() {
        let cases = [
            ("2026-11-23T10:04:35+01:00", "2026-11-23T09:04:35.000Z"),
            ("2026-11-23T09:04:35.5Z", "2026-11-23T09:04:35.500Z"),
            ("2026-11-23T09:04:35.123456789Z", "2026-11-23T09:04:35.123Z"),
            ("2026-03-29T01:30:00-02:30", "2026-03-29T04:00:00.000Z"),
        ];
        for (input, expected) in cases {
            let parsed = Timestamp::parse_rfc3339(input).map(Timestamp::to_rfc3339);
            assert_eq!(parsed.as_deref(), Ok(expected), "{input}");
        }
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "",
            "2026-11-23",
            "2026-11-23T09:04:35",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T09:04:35.Z",
            "2026-11-23T09:04:35+0100",
            "20a6-11-23T09:04:35Z",
        ] {
            assert_eq!(
                Timestamp::parse_rfc3339(bad),
                Err(TimestampError),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn serde_uses_rfc3339() {
        let ts = Timestamp::from_unix_ms(1_000);
        let json = serde_json::to_string(&ts).unwrap_or_default();
        assert_eq!(json, "\"1970-01-01T00:00:01.000Z\"");
        let back: Result<Timestamp, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(ts));
    }

    #[test]
    fn fixed_clock_does_not_move() {
        let clock = FixedClock(Timestamp::from_unix_ms(42));
        assert_eq!(clock.now(), clock.now().plus_ms(0));
        assert_eq!(clock.now().plus_seconds(2).ms_since(clock.now()), 2000);
    }
}
