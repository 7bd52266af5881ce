//! The test clock (`--test-clock FILE`, testing only): the WASI wall clock components see is
//! the real system time plus an offset in milliseconds read from FILE, so tests can move time
//! forward (session expiry, lockouts) without sleeping. The monotonic clock is untouched.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wasmtime_wasi::HostWallClock;

/// Where the wall-clock offset is read from.
#[derive(Debug, Clone)]
pub struct TestClock {
    path: PathBuf,
}

impl TestClock {
    /// A test clock reading its offset from `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The offset file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The current offset in milliseconds: 0 when the file is missing, empty or unparsable.
    pub fn offset_ms(&self) -> i64 {
        std::fs::read_to_string(&self.path)
            .map(|text| parse_offset_ms(&text))
            .unwrap_or(0)
    }

    /// A wall clock shifted by the offset read now (once per request, so every clock reading
    /// inside one request agrees with the others).
    pub fn wall_clock(&self) -> OffsetWallClock {
        OffsetWallClock {
            offset_ms: self.offset_ms(),
        }
    }
}

/// The offset a file's text holds: a decimal integer (surrounding whitespace allowed), else 0.
pub fn parse_offset_ms(text: &str) -> i64 {
    text.trim().parse().unwrap_or(0)
}

/// System time plus a fixed offset; never before the Unix epoch.
#[derive(Debug, Clone, Copy)]
pub struct OffsetWallClock {
    offset_ms: i64,
}

impl OffsetWallClock {
    /// A wall clock `offset_ms` milliseconds off the system time.
    pub fn new(offset_ms: i64) -> Self {
        Self { offset_ms }
    }

    /// `real` (time since the Unix epoch) shifted by the offset, saturating at both ends.
    pub fn shift(&self, real: Duration) -> Duration {
        let delta = Duration::from_millis(self.offset_ms.unsigned_abs());
        if self.offset_ms >= 0 {
            real.saturating_add(delta)
        } else {
            real.saturating_sub(delta)
        }
    }
}

impl HostWallClock for OffsetWallClock {
    fn resolution(&self) -> Duration {
        Duration::from_nanos(1)
    }

    fn now(&self) -> Duration {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO);
        self.shift(real)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_parse_leniently() {
        assert_eq!(parse_offset_ms("3600000\n"), 3_600_000);
        assert_eq!(parse_offset_ms("  -1500 "), -1500);
        assert_eq!(parse_offset_ms(""), 0);
        assert_eq!(parse_offset_ms("soon"), 0);
        assert_eq!(parse_offset_ms("1.5"), 0);
    }

    #[test]
    fn shift_moves_both_ways_and_saturates() {
        let real = Duration::from_secs(1_000);
        assert_eq!(
            OffsetWallClock::new(3_600_000).shift(real),
            Duration::from_secs(4_600)
        );
        assert_eq!(
            OffsetWallClock::new(-500_000).shift(real),
            Duration::from_secs(500)
        );
        assert_eq!(OffsetWallClock::new(-5_000_000).shift(real), Duration::ZERO);
    }

    #[test]
    fn missing_file_means_no_offset() {
        let dir = tempfile::tempdir().unwrap();
        let clock = TestClock::new(dir.path().join("absent"));
        assert_eq!(clock.offset_ms(), 0);
        std::fs::write(clock.path(), "-42").unwrap();
        assert_eq!(clock.offset_ms(), -42);
    }
}
