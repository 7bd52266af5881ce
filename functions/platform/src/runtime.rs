//! The real clock and the host's CSPRNG, the two impure inputs the domain asks for.

use ratusz_domain::id::{Entropy, Id};
use ratusz_domain::time::{Clock, Timestamp};
use std::time::{SystemTime, UNIX_EPOCH};

/// The host's wall clock (`wasi:clocks/wall-clock`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        now()
    }
}

/// The current instant from the host's wall clock.
pub fn now() -> Timestamp {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    Timestamp::from_unix_ms(i64::try_from(ms).unwrap_or(i64::MAX))
}

/// The host's CSPRNG (`wasi:random/random`).
#[derive(Debug, Clone, Copy, Default)]
pub struct HostEntropy;

impl Entropy for HostEntropy {
    fn fill(&mut self, buf: &mut [u8]) {
        let bytes = spin_sdk::wit::wasi::random0_2_0::random::get_random_bytes(buf.len() as u64);
        for (dst, src) in buf.iter_mut().zip(bytes) {
            *dst = src;
        }
    }
}

/// A fresh id from the system clock and the host's CSPRNG.
pub fn new_id() -> Id {
    Id::generate(&SystemClock, &mut HostEntropy)
}

thread_local! {
    static PAUSED_MS: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// Gives the host's worker back for `ms` between two pieces of CPU work (a wait on the host's
/// clock, no CPU used), and counts it in [`paused_ms`]: a caller that rests in proportion to
/// the work it did counts these pauses as rest already taken, not as work.
pub fn pause(ms: u64) {
    let started = now();
    std::thread::sleep(std::time::Duration::from_millis(ms));
    let slept = now().ms_since(started).max(0);
    PAUSED_MS.with(|p| p.set(p.get().saturating_add(slept)));
}

/// Milliseconds spent in [`pause`] by this instance so far.
pub fn paused_ms() -> i64 {
    PAUSED_MS.with(std::cell::Cell::get)
}

/// The pause a [`Breather`] takes (the host's timers round it up to a tick or two).
pub const BREATH_MS: u64 = 1;

/// Gives the host's worker back ([`pause`]) whenever a loop of CPU work without host calls
/// has run for `every` since the last breath: a guest that computes holds its host worker
/// until the host's next epoch tick (10 ms on Spin), and the requests queued behind it — a
/// councillor's tablet — wait that long.
#[derive(Debug)]
pub struct Breather {
    every: std::time::Duration,
    since: std::time::Instant,
}

impl Breather {
    /// A breather that pauses after each `every` of work.
    pub fn every(every: std::time::Duration) -> Self {
        Self {
            every,
            since: std::time::Instant::now(),
        }
    }

    /// Pauses if `every` has gone by since the last pause (or since the start).
    pub fn breathe(&mut self) {
        if self.since.elapsed() >= self.every {
            pause(BREATH_MS);
            self.since = std::time::Instant::now();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_breather_pauses_only_once_its_stretch_of_work_is_over() {
        let before = paused_ms();
        let mut long = Breather::every(Duration::from_secs(3_600));
        long.breathe();
        long.breathe();
        assert_eq!(paused_ms(), before, "an hour of work has not gone by");

        let mut always = Breather::every(Duration::ZERO);
        always.breathe();
        let once = paused_ms();
        assert!(once > before, "the pause is counted: {before} → {once}");
        always.breathe();
        assert!(paused_ms() > once, "and taken again after the next piece");
    }
}
