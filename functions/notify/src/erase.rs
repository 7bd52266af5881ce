//! Erasing a recipient, the one way (the resident's `DELETE /api/notify/me`, the staff's
//! confirmed erasure, later the tick after a withdrawal): every personal column and index, the
//! device binding, any code and its sends, the resident's reports (with their photos and
//! history), and a pending staff request with its sealed reason go in the caller's
//! transaction; the id and the anonymous columns stay.

use crate::store::{
    code_sends, codes, devices, erasure_requests, recipients, report_history, report_photos,
    reports,
};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{Db, DbError};

/// Erases recipient `id` (joins the caller's transaction).
pub fn erase(db: &Db, id: &str, now: Timestamp) -> Result<(), DbError> {
    recipients::erase(db, id, now)?;
    devices::unbind(db, id)?;
    codes::delete(db, id)?;
    code_sends::delete(db, id)?;
    // The resident's reports hold what they wrote and where they were: they go with the
    // rest (the staff's audit entries keep the ids only).
    report_history::delete_of_recipient(db, id)?;
    report_photos::delete_of_recipient(db, id)?;
    reports::delete_of_recipient(db, id)?;
    erasure_requests::delete(db, id)
}
