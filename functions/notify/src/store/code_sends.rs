//! Table `notify_code_sends`: when codes went out, for the hourly limit per recipient.

use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError};

/// Codes sent to the recipient in the hour before `now` (older entries are pruned).
pub fn last_hour(db: &Db, recipient_id: &str, now: Timestamp) -> Result<u32, DbError> {
    let hour_ago = now.plus_seconds(-3600);
    db.execute(
        "DELETE FROM notify_code_sends WHERE recipient_id = ? AND sent_at <= ?",
        &[recipient_id.into(), hour_ago.into()],
    )?;
    let result = db.execute(
        "SELECT COUNT(*) FROM notify_code_sends WHERE recipient_id = ?",
        &[recipient_id.into()],
    )?;
    let count = result
        .rows
        .first()
        .map(|row| db::integer(row, 0, "count"))
        .transpose()?
        .unwrap_or(0);
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// Records a code sent now.
pub fn record(db: &Db, recipient_id: &str, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO notify_code_sends (recipient_id, sent_at) VALUES (?, ?)",
        &[recipient_id.into(), now.into()],
    )?;
    Ok(())
}

/// Forgets the recipient's sends (erasure).
pub fn delete(db: &Db, recipient_id: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM notify_code_sends WHERE recipient_id = ?",
        &[recipient_id.into()],
    )?;
    Ok(())
}
