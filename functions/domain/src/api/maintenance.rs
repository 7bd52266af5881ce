//! Maintenance windows (docs/api/operations.md § Maintenance windows).

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// `POST /api/maintenance-windows` (admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MaintenanceWindowInput {
    /// Start (inside the night window, in the future).
    pub starts_at: Timestamp,
    /// End (after the start, inside the same night).
    pub ends_at: Timestamp,
    /// Why (1–200 characters, one line); shown in the banner and the e-mail.
    pub reason: String,
}

/// Where a window is, computed from the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WindowState {
    /// Not started yet.
    Scheduled,
    /// Running now: the API answers 503 `maintenance` to everyone but administrators.
    InProgress,
    /// Over (it ended by itself).
    Ended,
    /// Called off by an administrator.
    Cancelled,
}

crate::wire_names!(WindowState {
    Scheduled = "scheduled",
    InProgress = "in_progress",
    Ended = "ended",
    Cancelled = "cancelled",
});

impl WindowState {
    /// The state at `now` of a window `[starts_at, ends_at)`, cancelled or not.
    pub fn at(starts_at: Timestamp, ends_at: Timestamp, cancelled: bool, now: Timestamp) -> Self {
        if cancelled {
            Self::Cancelled
        } else if now < starts_at {
            Self::Scheduled
        } else if now < ends_at {
            Self::InProgress
        } else {
            Self::Ended
        }
    }
}

/// A maintenance window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaintenanceWindow {
    /// Id.
    pub id: String,
    /// Start.
    pub starts_at: Timestamp,
    /// End.
    pub ends_at: Timestamp,
    /// Why.
    pub reason: String,
    /// Where it is now.
    pub state: WindowState,
    /// The administrator who scheduled it (account id).
    pub created_by: String,
    /// When it was scheduled.
    pub created_at: Timestamp,
    /// When it was called off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_at: Option<Timestamp>,
    /// Who called it off (account id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_by: Option<String>,
}

/// `GET /api/maintenance-windows`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaintenanceWindows {
    /// The windows not over yet, then those of the last 90 days, by start (at most 200).
    pub items: Vec<MaintenanceWindow>,
}

/// `GET /api/public/maintenance`: what the banner says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaintenanceNotice {
    /// The current window, else the next one; `null` when none is scheduled.
    pub window: Option<NoticeWindow>,
}

/// A window as everyone may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeWindow {
    /// Start.
    pub starts_at: Timestamp,
    /// End.
    pub ends_at: Timestamp,
    /// Why.
    pub reason: String,
    /// Whether it runs now.
    pub in_progress: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_follows_the_clock() {
        let t = |s: &str| Timestamp::parse_rfc3339(s).unwrap();
        let (a, b) = (t("2026-10-24T20:00:00Z"), t("2026-10-24T22:00:00Z"));
        let cases = [
            ("2026-10-24T19:00:00Z", false, WindowState::Scheduled),
            ("2026-10-24T20:00:00Z", false, WindowState::InProgress),
            ("2026-10-24T22:00:00Z", false, WindowState::Ended),
            ("2026-10-24T21:00:00Z", true, WindowState::Cancelled),
        ];
        for (now, cancelled, expected) in cases {
            assert_eq!(WindowState::at(a, b, cancelled, t(now)), expected, "{now}");
        }
        crate::wire::assert_serde_matches(
            WindowState::ALL,
            WindowState::as_str,
            WindowState::parse,
        );
    }
}
