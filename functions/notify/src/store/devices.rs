//! Table `notify_devices`: one bound device per recipient, found by its token's SHA-256, with
//! its Web Push subscription (sealed; it goes with the row on unbinding, erasure or a new
//! binding).

use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError};

/// Binds a device (any earlier device of the recipient is unbound).
pub fn bind(
    db: &Db,
    recipient_id: &str,
    token_hash: &str,
    sealed_label: Option<&str>,
    now: Timestamp,
) -> Result<(), DbError> {
    unbind(db, recipient_id)?;
    db.execute(
        "INSERT INTO notify_devices (recipient_id, token_hash, label, bound_at) VALUES (?, ?, ?, ?)",
        &[
            recipient_id.into(),
            token_hash.into(),
            db::text_or_null(sealed_label),
            now.into(),
        ],
    )?;
    Ok(())
}

/// The recipient a token's hash is bound to.
pub fn recipient_of(db: &Db, token_hash: &str) -> Result<Option<String>, DbError> {
    let result = db.execute(
        "SELECT recipient_id FROM notify_devices WHERE token_hash = ?",
        &[token_hash.into()],
    )?;
    Ok(result.rows.first().and_then(|row| db::opt_text(row, 0)))
}

/// Unbinds the recipient's device, if any.
pub fn unbind(db: &Db, recipient_id: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM notify_devices WHERE recipient_id = ?",
        &[recipient_id.into()],
    )?;
    Ok(())
}

/// Sets (or with `None` removes) the bound device's sealed push subscription; whether the
/// recipient has a bound device.
pub fn set_push_subscription(
    db: &Db,
    recipient_id: &str,
    sealed: Option<&str>,
) -> Result<bool, DbError> {
    db.execute(
        "UPDATE notify_devices SET push_subscription = ? WHERE recipient_id = ?",
        &[db::text_or_null(sealed), recipient_id.into()],
    )?;
    Ok(db.changes() == 1)
}
/// Removes the push subscription `sealed` of `recipient_id` if it is still that one (the push
/// service called it gone; a newer one the device gave meanwhile stays).
pub fn remove_gone_push_subscription(
    db: &Db,
    recipient_id: &str,
    sealed: &str,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE notify_devices SET push_subscription = NULL
         WHERE recipient_id = ? AND push_subscription = ?",
        &[recipient_id.into(), sealed.into()],
    )?;
    Ok(())
}

/// The sealed push subscriptions of those of `recipient_ids` that have one:
/// `(recipient id, sealed)`.
pub fn push_subscriptions_of(
    db: &Db,
    recipient_ids: &[String],
) -> Result<Vec<(String, String)>, DbError> {
    if recipient_ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; recipient_ids.len()].join(", ");
    let params: Vec<db::Value> = recipient_ids.iter().map(|i| i.as_str().into()).collect();
    db.execute(
        &format!(
            "SELECT recipient_id, push_subscription FROM notify_devices
             WHERE recipient_id IN ({marks}) AND push_subscription IS NOT NULL"
        ),
        &params,
    )?
    .rows
    .iter()
    .map(|row| {
        Ok((
            db::text(row, 0, "notify_devices.recipient_id")?,
            db::text(row, 1, "notify_devices.push_subscription")?,
        ))
    })
    .collect()
}
