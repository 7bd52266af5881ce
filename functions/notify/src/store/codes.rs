//! Table `notify_codes`: one live validation code per recipient, as its HMAC only.

use ratusz_domain::api::notify::CodeChannel;
use ratusz_domain::notify::code::StoredCode;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError, Value};

/// A stored code: its MAC and its state.
pub struct CodeRow {
    /// HMAC (hex).
    pub mac: String,
    /// Expiry, failures, burned.
    pub state: StoredCode,
}

/// Replaces the recipient's code (an earlier one stops working).
pub fn replace(
    db: &Db,
    recipient_id: &str,
    mac: &str,
    channel: CodeChannel,
    expires_at: Timestamp,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO notify_codes (recipient_id, code_mac, channel, expires_at, failures, burned_at, created_at)
         VALUES (?, ?, ?, ?, 0, NULL, ?)
         ON CONFLICT (recipient_id) DO UPDATE SET code_mac = excluded.code_mac,
           channel = excluded.channel, expires_at = excluded.expires_at, failures = 0,
           burned_at = NULL, created_at = excluded.created_at",
        &[
            recipient_id.into(),
            mac.into(),
            channel.as_str().into(),
            expires_at.into(),
            now.into(),
        ],
    )?;
    Ok(())
}

/// The recipient's code, if any.
pub fn of(db: &Db, recipient_id: &str) -> Result<Option<CodeRow>, DbError> {
    let result = db.execute(
        "SELECT code_mac, expires_at, failures, burned_at FROM notify_codes WHERE recipient_id = ?",
        &[recipient_id.into()],
    )?;
    let Some(row) = result.rows.first() else {
        return Ok(None);
    };
    Ok(Some(CodeRow {
        mac: db::text(row, 0, "notify_codes.code_mac")?,
        state: StoredCode {
            expires_at: db::time(row, 1, "notify_codes.expires_at")?,
            failures: u32::try_from(db::integer(row, 2, "notify_codes.failures")?)
                .unwrap_or(u32::MAX),
            burned: db::opt_text(row, 3).is_some(),
        },
    }))
}

/// Records a wrong code (and burns it when `burned`).
pub fn record_failure(
    db: &Db,
    recipient_id: &str,
    failures: u32,
    burned: bool,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE notify_codes SET failures = ?, burned_at = ? WHERE recipient_id = ?",
        &[
            failures.into(),
            db::time_or_null(burned.then_some(now)),
            recipient_id.into(),
        ],
    )?;
    Ok(())
}

/// Removes the recipient's code (used, or the recipient erased).
pub fn delete(db: &Db, recipient_id: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM notify_codes WHERE recipient_id = ?",
        &[Value::from(recipient_id)],
    )?;
    Ok(())
}
