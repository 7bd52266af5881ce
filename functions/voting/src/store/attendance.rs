//! Table `attendance`: one row per member who checked in or was marked by the office.
//!
//! A member without a row is absent. `absent` rows are kept (not deleted) so the minutes can
//! say who set it and when.

use super::{opt_wire, wire};
use ratusz_domain::api::council::{AttendanceEntry, AttendanceMode};
use ratusz_domain::time::Timestamp;
use ratusz_platform::accounts_view::VIEW;
use ratusz_platform::db::Value;
use ratusz_platform::db::{self, opt_time, Db, DbError};

/// Members present (in person or remote) with their names, ordered by name — the snapshot of
/// entitled voters when a poll opens.
pub fn present_members(db: &Db, session_id: &str) -> Result<Vec<(String, String)>, DbError> {
    let result = db.execute(
        &format!(
            "SELECT a.user_id, COALESCE(u.display_name, a.user_id) AS name
             FROM attendance a
             JOIN meeting_members m ON m.session_id = a.session_id AND m.user_id = a.user_id
             LEFT JOIN {VIEW} u ON u.id = a.user_id
             WHERE a.session_id = ? AND a.mode IN ('in_person', 'remote')
             ORDER BY name, a.user_id"
        ),
        &[Value::Text(session_id.to_owned())],
    )?;
    result
        .rows
        .iter()
        .map(|row| {
            Ok((
                db::text(row, 0, "attendance.user_id")?,
                db::text(row, 1, "account_directory.display_name")?,
            ))
        })
        .collect()
}

/// How many members are present (in person or remote).
pub fn present_count(db: &Db, session_id: &str) -> Result<u32, DbError> {
    let result = db.execute(
        "SELECT COUNT(*) FROM attendance a
         JOIN meeting_members m ON m.session_id = a.session_id AND m.user_id = a.user_id
         WHERE a.session_id = ? AND a.mode IN ('in_person', 'remote')",
        &[Value::Text(session_id.to_owned())],
    )?;
    let n = match result.rows.first() {
        Some(row) => db::integer(row, 0, "attendance count")?,
        None => 0,
    };
    u32::try_from(n).map_err(|_| DbError::Decode("attendance count".into()))
}

/// The mode of `user_id` in meeting `session_id` (`absent` without a row).
pub fn mode_of(db: &Db, session_id: &str, user_id: &str) -> Result<AttendanceMode, DbError> {
    let result = db.execute(
        "SELECT mode FROM attendance WHERE session_id = ? AND user_id = ?",
        &[
            Value::Text(session_id.to_owned()),
            Value::Text(user_id.to_owned()),
        ],
    )?;
    Ok(match result.rows.first() {
        Some(row) => wire(row, 0, "attendance.mode", AttendanceMode::parse)?,
        None => AttendanceMode::Absent,
    })
}

/// Records `user_id`'s mode (insert or replace), set by `set_by` at `now`.
pub fn set(
    db: &Db,
    session_id: &str,
    user_id: &str,
    mode: AttendanceMode,
    set_by: &str,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO attendance (session_id, user_id, mode, since, set_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (session_id, user_id) DO UPDATE SET
           mode = excluded.mode, since = excluded.since, set_by = excluded.set_by",
        &[
            Value::Text(session_id.to_owned()),
            Value::Text(user_id.to_owned()),
            Value::from(mode.as_str()),
            Value::Text(now.to_rfc3339()),
            Value::Text(set_by.to_owned()),
        ],
    )?;
    Ok(())
}

/// Every member with their mode (absent without a row), in the meeting's member order.
pub fn entries(db: &Db, session_id: &str) -> Result<Vec<AttendanceEntry>, DbError> {
    let result = db.execute(
        &format!(
            "SELECT m.user_id, COALESCE(u.display_name, m.user_id), a.mode, a.since
             FROM meeting_members m
             LEFT JOIN {VIEW} u ON u.id = m.user_id
             LEFT JOIN attendance a ON a.session_id = m.session_id AND a.user_id = m.user_id
             WHERE m.session_id = ? ORDER BY m.position"
        ),
        &[Value::Text(session_id.to_owned())],
    )?;
    result
        .rows
        .iter()
        .map(|row| {
            Ok(AttendanceEntry {
                user_id: db::text(row, 0, "meeting_members.user_id")?,
                name: db::text(row, 1, "account_directory.display_name")?,
                // No row: never checked in, so absent. A row with an unknown mode is an error.
                mode: opt_wire(row, 2, "attendance.mode", AttendanceMode::parse)?
                    .unwrap_or(AttendanceMode::Absent),
                since: opt_time(row, 3),
            })
        })
        .collect()
}
