//! What the request guard does while a window runs: every API answers 503 `maintenance` with
//! `Retry-After` except administrators and the few routes that must keep working (health, the
//! notice itself, sign-in, the scheduler's tick). The schedule it reads is a small KV document,
//! so the check costs one KV read per request, never SQL.

use crate::endpoints::{self, Endpoint};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// A window that is scheduled (not cancelled), as the guard and the public notice see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledWindow {
    /// The window's id.
    pub id: String,
    /// Start.
    pub starts_at: Timestamp,
    /// End: the window closes by itself then.
    pub ends_at: Timestamp,
    /// Why (shown in the banner).
    pub reason: String,
}

/// The KV document `d:maintenance:schedule`: the scheduled windows not yet over, by start.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// The windows.
    pub windows: Vec<ScheduledWindow>,
}

impl Schedule {
    /// The window running at `now`.
    pub fn current(&self, now: Timestamp) -> Option<&ScheduledWindow> {
        self.windows
            .iter()
            .find(|w| w.starts_at <= now && now < w.ends_at)
    }

    /// The window running at `now`, else the next one to start.
    pub fn notice(&self, now: Timestamp) -> Option<&ScheduledWindow> {
        self.current(now).or_else(|| {
            self.windows
                .iter()
                .filter(|w| w.starts_at > now)
                .min_by_key(|w| w.starts_at)
        })
    }
}

/// The guard's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardDecision {
    /// Serve the request.
    Pass,
    /// 503 `maintenance`; retry after this many seconds (the rest of the window, at least 1).
    Maintenance {
        /// `Retry-After`.
        retry_after_s: u64,
    },
}

/// Routes served during a window to everyone: health checks, the notice the banner reads,
/// sign-in (the login itself admits only administrators then) and the scheduler's tick.
pub fn open_during_maintenance(endpoint: &Endpoint) -> bool {
    [
        &endpoints::HEALTH,
        &endpoints::PUBLIC_MAINTENANCE,
        &endpoints::LOGIN,
        &endpoints::TICK,
        &endpoints::SCHEDULED_TICK,
    ]
    .iter()
    .any(|open| open.method == endpoint.method && open.path == endpoint.path)
}

/// The decision for a request at `now`: `is_admin` says whether a valid session with the
/// `admin` role came with it; `route_open` is [`open_during_maintenance`] of its route.
pub fn decide(
    schedule: &Schedule,
    now: Timestamp,
    is_admin: bool,
    route_open: bool,
) -> GuardDecision {
    if is_admin || route_open {
        return GuardDecision::Pass;
    }
    match schedule.current(now) {
        None => GuardDecision::Pass,
        Some(w) => GuardDecision::Maintenance {
            retry_after_s: retry_after_s(w.ends_at, now),
        },
    }
}

/// Whole seconds from `now` to `end`, rounded up, at least 1.
pub fn retry_after_s(end: Timestamp, now: Timestamp) -> u64 {
    let ms = end.ms_since(now).max(1);
    u64::try_from((ms + 999) / 1000).unwrap_or(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    fn schedule() -> Schedule {
        Schedule {
            windows: vec![
                ScheduledWindow {
                    id: "a".into(),
                    starts_at: at("2026-10-24T20:00:00Z"),
                    ends_at: at("2026-10-24T22:00:00Z"),
                    reason: "kopie".into(),
                },
                ScheduledWindow {
                    id: "b".into(),
                    starts_at: at("2026-10-25T01:00:00Z"),
                    ends_at: at("2026-10-25T02:00:00Z"),
                    reason: "aktualizacja".into(),
                },
            ],
        }
    }

    #[test]
    fn guard_table() {
        let s = schedule();
        let cases = [
            ("before", "2026-10-24T19:59:59Z", false, false, None),
            (
                "at the start",
                "2026-10-24T20:00:00Z",
                false,
                false,
                Some(7200),
            ),
            ("inside", "2026-10-24T21:59:00Z", false, false, Some(60)),
            (
                "last half second",
                "2026-10-24T21:59:59.500Z",
                false,
                false,
                Some(1),
            ),
            ("over by itself", "2026-10-24T22:00:00Z", false, false, None),
            ("admin passes", "2026-10-24T21:00:00Z", true, false, None),
            (
                "open route passes",
                "2026-10-24T21:00:00Z",
                false,
                true,
                None,
            ),
            (
                "second window across the clock change",
                "2026-10-25T01:30:00Z",
                false,
                false,
                Some(1800),
            ),
        ];
        for (name, now, admin, open, expected) in cases {
            let got = match decide(&s, at(now), admin, open) {
                GuardDecision::Pass => None,
                GuardDecision::Maintenance { retry_after_s } => Some(retry_after_s),
            };
            assert_eq!(got, expected, "{name}");
        }
        assert!(matches!(
            decide(
                &Schedule::default(),
                at("2026-10-24T21:00:00Z"),
                false,
                false
            ),
            GuardDecision::Pass
        ));
    }

    #[test]
    fn the_notice_is_the_current_window_else_the_next() {
        let s = schedule();
        let id = |now: &str| s.notice(at(now)).map(|w| w.id.clone());
        assert_eq!(id("2026-10-24T10:00:00Z").as_deref(), Some("a"));
        assert_eq!(id("2026-10-24T21:00:00Z").as_deref(), Some("a"));
        assert_eq!(id("2026-10-24T23:00:00Z").as_deref(), Some("b"));
        assert_eq!(id("2026-10-25T03:00:00Z"), None);
    }

    #[test]
    fn open_routes_are_few() {
        assert!(open_during_maintenance(&endpoints::HEALTH));
        assert!(open_during_maintenance(&endpoints::LOGIN));
        assert!(open_during_maintenance(&endpoints::PUBLIC_MAINTENANCE));
        assert!(!open_during_maintenance(&endpoints::ME));
        assert!(!open_during_maintenance(&endpoints::SESSION_OPEN));
        assert!(!open_during_maintenance(&endpoints::PUBLIC_SESSIONS));
    }
}
