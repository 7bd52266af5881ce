//! Table `login_failures`: failed logins per account, for the "20 in 24 hours" rule.
//! (The consecutive count lives in an atomic KV counter; this table is the durable window.)

use ratusz_domain::time::Timestamp;
use ratusz_platform::db::Value;
use ratusz_platform::db::{self, Db, DbError};

/// Records one failed login.
pub fn record(db: &Db, user_id: &str, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO login_failures (user_id, at_ms) VALUES (?, ?)",
        &[
            Value::Text(user_id.to_owned()),
            Value::Integer(now.unix_ms()),
        ],
    )?;
    Ok(())
}

/// Failed logins since `since`.
pub fn count_since(db: &Db, user_id: &str, since: Timestamp) -> Result<u32, DbError> {
    let result = db.execute(
        "SELECT COUNT(*) FROM login_failures WHERE user_id = ? AND at_ms >= ?",
        &[
            Value::Text(user_id.to_owned()),
            Value::Integer(since.unix_ms()),
        ],
    )?;
    let n = result
        .rows
        .first()
        .map(|r| db::integer(r, 0, "count"))
        .unwrap_or(Ok(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Forgets an account's failures (an unlock starts clean).
pub fn clear(db: &Db, user_id: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM login_failures WHERE user_id = ?",
        &[Value::Text(user_id.to_owned())],
    )?;
    Ok(())
}

/// Drops rows older than `before` (the tick keeps the table small).
pub fn purge(db: &Db, before: Timestamp) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM login_failures WHERE at_ms < ?",
        &[Value::Integer(before.unix_ms())],
    )?;
    Ok(())
}
