//! The residents due for erasure after their own withdrawal of consent (table
//! `notify_recipients`, through the index `notify_recipients_withdrawn_own` of the residents'
//! own withdrawals not yet erased: one recorded by staff waits for a second person instead).

use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError, Value};

/// Up to `limit` ids of residents not erased who withdrew their consent themselves at or
/// before `cutoff`, the oldest withdrawal first (a resident who gave consent again has no
/// withdrawal time).
pub fn due(db: &Db, cutoff: Timestamp, limit: u32) -> Result<Vec<String>, DbError> {
    db.execute(
        "SELECT id FROM notify_recipients
         WHERE consent_withdrawn_at IS NOT NULL AND erased_at IS NULL
           AND consent_withdrawn_by IS NULL AND consent_withdrawn_at <= ?
         ORDER BY consent_withdrawn_at, id LIMIT ?",
        &[cutoff.into(), Value::Integer(i64::from(limit))],
    )?
    .rows
    .iter()
    .map(|row| db::text(row, 0, "notify_recipients.id"))
    .collect()
}
