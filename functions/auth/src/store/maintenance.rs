//! Table `maintenance_windows` (schema migration 9) and the active accounts' e-mails the
//! notice goes to.

use super::{opt_text, opt_time, time};
use ratusz_domain::api::maintenance::{MaintenanceWindow, WindowState};
use ratusz_domain::maintenance::ScheduledWindow;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError, Row, Value};

const COLUMNS: &str =
    "id, starts_at, ends_at, reason, created_by, created_at, cancelled_at, cancelled_by";

/// How far back the list reaches (days) and how long it may be.
const HISTORY_DAYS: i64 = 90;
const LIST_MAX: i64 = 200;

fn decode(row: &Row, now: Timestamp) -> Result<MaintenanceWindow, DbError> {
    let starts_at = time(row, 1, "maintenance_windows.starts_at")?;
    let ends_at = time(row, 2, "maintenance_windows.ends_at")?;
    let cancelled_at = opt_time(row, 6);
    Ok(MaintenanceWindow {
        id: db::text(row, 0, "maintenance_windows.id")?,
        starts_at,
        ends_at,
        reason: db::text(row, 3, "maintenance_windows.reason")?,
        state: WindowState::at(starts_at, ends_at, cancelled_at.is_some(), now),
        created_by: db::text(row, 4, "maintenance_windows.created_by")?,
        created_at: time(row, 5, "maintenance_windows.created_at")?,
        cancelled_at,
        cancelled_by: opt_text(row, 7),
    })
}

/// Inserts a scheduled window.
pub fn insert(db: &Db, w: &MaintenanceWindow) -> Result<(), DbError> {
    db.execute(
        &format!(
            "INSERT INTO maintenance_windows ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)"
        ),
        &[
            Value::Text(w.id.clone()),
            Value::Text(w.starts_at.to_rfc3339()),
            Value::Text(w.ends_at.to_rfc3339()),
            Value::Text(w.reason.clone()),
            Value::Text(w.created_by.clone()),
            Value::Text(w.created_at.to_rfc3339()),
        ],
    )?;
    Ok(())
}

/// The window `id`.
pub fn by_id(db: &Db, id: &str, now: Timestamp) -> Result<Option<MaintenanceWindow>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM maintenance_windows WHERE id = ?"),
        &[Value::Text(id.to_owned())],
    )?;
    result.rows.first().map(|r| decode(r, now)).transpose()
}

/// Marks the window cancelled by `by` at `now`, if it is not cancelled yet.
pub fn cancel(db: &Db, id: &str, by: &str, now: Timestamp) -> Result<bool, DbError> {
    db.execute(
        "UPDATE maintenance_windows SET cancelled_at = ?, cancelled_by = ? WHERE id = ? AND cancelled_at IS NULL",
        &[
            Value::Text(now.to_rfc3339()),
            Value::Text(by.to_owned()),
            Value::Text(id.to_owned()),
        ],
    )?;
    Ok(db.changes() > 0)
}

/// The windows not over yet and those of the last 90 days, by start.
pub fn recent(db: &Db, now: Timestamp) -> Result<Vec<MaintenanceWindow>, DbError> {
    let result = db.execute(
        &format!(
            "SELECT {COLUMNS} FROM maintenance_windows WHERE ends_at > ? ORDER BY starts_at, id LIMIT ?"
        ),
        &[
            Value::Text(now.plus_seconds(-HISTORY_DAYS * 86_400).to_rfc3339()),
            Value::Integer(LIST_MAX),
        ],
    )?;
    result.rows.iter().map(|r| decode(r, now)).collect()
}

/// The scheduled (not cancelled) windows not yet over, by start: the guard's schedule.
pub fn pending(db: &Db, now: Timestamp) -> Result<Vec<ScheduledWindow>, DbError> {
    let result = db.execute(
        "SELECT id, starts_at, ends_at, reason FROM maintenance_windows
         WHERE cancelled_at IS NULL AND ends_at > ? ORDER BY starts_at, id",
        &[Value::Text(now.to_rfc3339())],
    )?;
    result
        .rows
        .iter()
        .map(|row| {
            Ok(ScheduledWindow {
                id: db::text(row, 0, "maintenance_windows.id")?,
                starts_at: time(row, 1, "maintenance_windows.starts_at")?,
                ends_at: time(row, 2, "maintenance_windows.ends_at")?,
                reason: db::text(row, 3, "maintenance_windows.reason")?,
            })
        })
        .collect()
}

/// The e-mail addresses of every active account (staff told of a window).
pub fn active_emails(db: &Db) -> Result<Vec<String>, DbError> {
    let result = db.execute(
        "SELECT email FROM users WHERE status = 'active' ORDER BY id",
        &[],
    )?;
    result
        .rows
        .iter()
        .map(|row| db::text(row, 0, "users.email"))
        .collect()
}
