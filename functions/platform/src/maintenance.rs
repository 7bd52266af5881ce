//! Maintenance windows as every component sees them: the schedule in the KV store (one small
//! document, so the request guard costs one KV read per request, never SQL), the rules' settings
//! from the variables, and the checks a login and a meeting's opening make.
//!
//! The `auth` component owns the windows (table `maintenance_windows`) and rewrites the
//! document after every change and on every tick; the guard only reads it.

use crate::config::{SpinVars, Vars};
use crate::kv::{DocKey, Kv};
use crate::ApiError;
use ratusz_domain::api::accounts::Role;
use ratusz_domain::maintenance::guard::{decide, GuardDecision};
use ratusz_domain::maintenance::{NightWindow, Schedule, ScheduleRules, ScheduledWindow};
use ratusz_domain::time::Timestamp;

fn schedule_key() -> DocKey {
    DocKey::new("maintenance", "schedule")
}

/// Where the guard reads the schedule from.
pub trait ScheduleSource {
    /// The windows not yet over.
    fn schedule(&self) -> Result<Schedule, ApiError>;
}

/// No windows (native tests of the pipeline).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoWindows;

impl ScheduleSource for NoWindows {
    fn schedule(&self) -> Result<Schedule, ApiError> {
        Ok(Schedule::default())
    }
}

/// The KV document `d:maintenance:schedule` (what every deployed component reads).
#[derive(Debug, Clone, Copy, Default)]
pub struct KvSchedule;

impl ScheduleSource for KvSchedule {
    fn schedule(&self) -> Result<Schedule, ApiError> {
        Ok(Kv::open()?.get(&schedule_key())?.unwrap_or_default())
    }
}

/// Replaces the KV document with `windows` (the scheduled ones not yet over).
pub fn publish(windows: Vec<ScheduledWindow>) -> Result<(), ApiError> {
    Ok(Kv::open()?.set(&schedule_key(), &Schedule { windows })?)
}

/// The window running at `now`, if any.
pub fn current(now: Timestamp) -> Result<Option<ScheduledWindow>, ApiError> {
    Ok(KvSchedule.schedule()?.current(now).cloned())
}

/// 503 `maintenance` with `Retry-After`.
pub fn refusal(retry_after_s: u64) -> ApiError {
    ApiError::Unavailable {
        code: "maintenance",
        retry_after_s: Some(retry_after_s),
    }
}

/// The guard's check for a caller with `roles` (`None`: no valid session) at `now`.
pub fn check(schedule: &Schedule, now: Timestamp, roles: Option<&[Role]>) -> Result<(), ApiError> {
    let is_admin = roles.is_some_and(|r| r.contains(&Role::Admin));
    match decide(schedule, now, is_admin, false) {
        GuardDecision::Pass => Ok(()),
        GuardDecision::Maintenance { retry_after_s } => Err(refusal(retry_after_s)),
    }
}

/// A correct sign-in during a window admits only administrators (docs/api/operations.md):
/// anyone else gets 503 `maintenance` and no session.
pub fn admit_sign_in(roles: &[Role], now: Timestamp) -> Result<(), ApiError> {
    check(&KvSchedule.schedule()?, now, Some(roles))
}

/// The scheduling rules from the variables `maintenance_night_start` (`22:00`),
/// `maintenance_night_end` (`06:00`) and `meeting_assumed_hours` (8); a night window that does
/// not parse is refused as a configuration error.
pub fn rules_from_vars<V: Vars>(vars: &V) -> Result<ScheduleRules, ApiError> {
    let start: String = vars.parsed_or("maintenance_night_start", "22:00".to_owned())?;
    let end: String = vars.parsed_or("maintenance_night_end", "06:00".to_owned())?;
    let night = NightWindow::parse(&start, &end)
        .map_err(|e| ApiError::internal(format!("maintenance night window: {}", e.0)))?;
    let hours: i64 = vars.parsed_or("meeting_assumed_hours", 8_i64)?;
    Ok(ScheduleRules {
        night,
        meeting_assumed_s: hours.clamp(1, 24) * 3600,
    })
}

/// [`rules_from_vars`] over the component's Spin variables.
pub fn rules() -> Result<ScheduleRules, ApiError> {
    rules_from_vars(&SpinVars)
}
