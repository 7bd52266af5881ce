//! Table `notify_erasure_requests`: a staff erasure waiting for a second `notifier_admin`
//! (the reason sealed like the person's data).

use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError};

/// A pending request.
pub struct ErasureRequestRow {
    /// The staff account that asked.
    pub requested_by: String,
    /// When.
    pub requested_at: Timestamp,
}

/// The pending request of recipient `id`, if any.
pub fn of(db: &Db, id: &str) -> Result<Option<ErasureRequestRow>, DbError> {
    let result = db.execute(
        "SELECT requested_by, requested_at FROM notify_erasure_requests WHERE recipient_id = ?",
        &[id.into()],
    )?;
    let Some(row) = result.rows.first() else {
        return Ok(None);
    };
    Ok(Some(ErasureRequestRow {
        requested_by: db::text(row, 0, "notify_erasure_requests.requested_by")?,
        requested_at: db::time(row, 1, "notify_erasure_requests.requested_at")?,
    }))
}

/// Records a request.
pub fn insert(
    db: &Db,
    id: &str,
    requested_by: &str,
    sealed_reason: &str,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO notify_erasure_requests (recipient_id, requested_by, requested_at, reason)
         VALUES (?, ?, ?, ?)",
        &[
            id.into(),
            requested_by.into(),
            now.into(),
            sealed_reason.into(),
        ],
    )?;
    Ok(())
}

/// Removes the request (confirmed or withdrawn).
pub fn delete(db: &Db, id: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM notify_erasure_requests WHERE recipient_id = ?",
        &[id.into()],
    )?;
    Ok(())
}
