//! Residents' reports (zgłoszenia; docs/api/notifications-messages.md § Reports): a bound
//! device uploads a photo and sends reports and reads its own ([`device`]); `notifier_admin`
//! works the queue, moves statuses and replies ([`staff`]). Description, location, photo and
//! the history's texts are sealed under `resident_data_keys` ([`sealing`]) and opened only to
//! answer; every staff read is audited (`report.read`).

pub mod device;
pub mod purge;
pub mod sealing;
pub mod staff;
pub mod views;

use crate::store::reports::{self as rows, ReportRow};
use ratusz_platform::db::Db;
use ratusz_platform::ApiError;

/// Report `id`, or 404.
pub fn load(db: &Db, id: &str) -> Result<ReportRow, ApiError> {
    rows::by_id(db, id)?.ok_or(ApiError::NotFound)
}
