//! Tables `floor_requests` and `speeches`, and the meeting's `list_open` flag.
//!
//! Request states: `queued` → `granted` | `withdrawn` (by the member) | `removed` (by the
//! chair). A speech is current while its `ended_at` is NULL; one speaker at a time is kept by
//! the handlers, which check and insert in one `BEGIN IMMEDIATE` transaction.

use super::wire;
use ratusz_domain::api::council::{FloorKind, QueueEntry, RequestState, Speaker, Speech};
use ratusz_domain::council::floor::Queued;
use ratusz_domain::time::Timestamp;
use ratusz_platform::accounts_view::VIEW;
use ratusz_platform::db::{self, opt_text, opt_time, text_or_null, time, Db, DbError};
use ratusz_platform::db::{Row, Value};

/// A queued request with what the screens show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    /// The part the pure rules work on.
    pub queued: Queued,
    /// Requester's name.
    pub name: String,
    /// When requested.
    pub requested_at: Timestamp,
}

impl RequestRow {
    /// The live view's queue entry.
    pub fn entry(&self) -> QueueEntry {
        QueueEntry {
            id: self.queued.id.clone(),
            user_id: self.queued.user_id.clone(),
            name: self.name.clone(),
            kind: self.queued.kind,
        }
    }
}

/// The requests with the requester's name from the account directory ("First Last", the id
/// if the account is gone).
fn select_requests(filter: &str) -> String {
    format!(
        "SELECT r.id, r.user_id, r.kind, r.pos, COALESCE(u.display_name, r.user_id),
                r.requested_at
         FROM floor_requests r LEFT JOIN {VIEW} u ON u.id = r.user_id
         WHERE {filter}"
    )
}

fn decode_request(row: &Row) -> Result<RequestRow, DbError> {
    Ok(RequestRow {
        queued: Queued {
            id: db::text(row, 0, "floor_requests.id")?,
            user_id: db::text(row, 1, "floor_requests.user_id")?,
            kind: wire(row, 2, "floor_requests.kind", FloorKind::parse)?,
            pos: db::integer(row, 3, "floor_requests.pos")?,
        },
        name: db::text(row, 4, "account_directory.display_name")?,
        requested_at: time(row, 5, "floor_requests.requested_at")?,
    })
}

/// The queued requests of meeting `session_id` (not yet in speaking order: the caller sorts
/// with `floor::speaking_order`).
pub fn queue(db: &Db, session_id: &str) -> Result<Vec<RequestRow>, DbError> {
    let result = db.execute(
        &select_requests("r.session_id = ? AND r.state = ?"),
        &[
            Value::from(session_id),
            Value::from(RequestState::Queued.as_str()),
        ],
    )?;
    result.rows.iter().map(decode_request).collect()
}

/// The queued request `id` of meeting `session_id`.
pub fn queued_by_id(db: &Db, session_id: &str, id: &str) -> Result<Option<RequestRow>, DbError> {
    let result = db.execute(
        &select_requests("r.id = ? AND r.session_id = ? AND r.state = ?"),
        &[
            Value::from(id),
            Value::from(session_id),
            Value::from(RequestState::Queued.as_str()),
        ],
    )?;
    result.rows.first().map(decode_request).transpose()
}

/// Queues a request at the end of the arrival sequence; returns its `pos`.
pub fn insert_request(
    db: &Db,
    session_id: &str,
    id: &str,
    user_id: &str,
    kind: FloorKind,
    now: Timestamp,
) -> Result<i64, DbError> {
    db.execute(
        "INSERT INTO floor_requests (id, session_id, user_id, kind, pos, state, requested_at)
         SELECT ?, ?, ?, ?, COALESCE(MAX(pos), 0) + 1, ?, ?
         FROM floor_requests WHERE session_id = ?",
        &[
            Value::Text(id.to_owned()),
            Value::Text(session_id.to_owned()),
            Value::Text(user_id.to_owned()),
            Value::from(kind.as_str()),
            Value::from(RequestState::Queued.as_str()),
            Value::Text(now.to_rfc3339()),
            Value::Text(session_id.to_owned()),
        ],
    )?;
    let result = db.execute(
        "SELECT pos FROM floor_requests WHERE id = ?",
        &[Value::Text(id.to_owned())],
    )?;
    result
        .rows
        .first()
        .map(|row| db::integer(row, 0, "floor_requests.pos"))
        .transpose()?
        .ok_or_else(|| DbError::Decode("floor_requests.pos".into()))
}

/// Takes a queued request off the list with `state` (granted, withdrawn, removed).
pub fn resolve(db: &Db, id: &str, state: RequestState, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE floor_requests SET state = ?, resolved_at = ? WHERE id = ? AND state = ?",
        &[
            Value::from(state.as_str()),
            Value::Text(now.to_rfc3339()),
            Value::Text(id.to_owned()),
            Value::from(RequestState::Queued.as_str()),
        ],
    )?;
    Ok(())
}

/// Sets the rank of queued request `id` (after the chair's reorder).
pub fn set_pos(db: &Db, id: &str, pos: i64) -> Result<(), DbError> {
    db.execute(
        "UPDATE floor_requests SET pos = ? WHERE id = ?",
        &[Value::Integer(pos), Value::Text(id.to_owned())],
    )?;
    Ok(())
}

/// The current speech (with its row id) of meeting `session_id`.
pub fn current_speech(db: &Db, session_id: &str) -> Result<Option<(String, Speaker)>, DbError> {
    let result = db.execute(
        "SELECT id, request_id, user_id, name, kind, started_at, limit_s FROM speeches
         WHERE session_id = ? AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1",
        &[Value::Text(session_id.to_owned())],
    )?;
    let Some(row) = result.rows.first() else {
        return Ok(None);
    };
    let speaker = Speaker {
        request_id: opt_text(row, 1),
        user_id: opt_text(row, 2),
        name: db::text(row, 3, "speeches.name")?,
        kind: wire(row, 4, "speeches.kind", FloorKind::parse)?,
        started_at: time(row, 5, "speeches.started_at")?,
        limit_s: u32::try_from(db::integer(row, 6, "speeches.limit_s")?)
            .map_err(|_| DbError::Decode("speeches.limit_s".into()))?,
    };
    Ok(Some((db::text(row, 0, "speeches.id")?, speaker)))
}

/// Records a granted speech.
pub fn insert_speech(
    db: &Db,
    id: &str,
    session_id: &str,
    speaker: &Speaker,
    item_id: Option<&str>,
) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO speeches (id, session_id, request_id, user_id, name, kind, item_id,
         started_at, limit_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &[
            Value::Text(id.to_owned()),
            Value::Text(session_id.to_owned()),
            text_or_null(speaker.request_id.as_deref()),
            text_or_null(speaker.user_id.as_deref()),
            Value::Text(speaker.name.clone()),
            Value::from(speaker.kind.as_str()),
            text_or_null(item_id),
            Value::Text(speaker.started_at.to_rfc3339()),
            Value::Integer(i64::from(speaker.limit_s)),
        ],
    )?;
    Ok(())
}

/// Ends speech `id` at `now`.
pub fn end_speech(db: &Db, id: &str, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE speeches SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
        &[Value::Text(now.to_rfc3339()), Value::Text(id.to_owned())],
    )?;
    Ok(())
}

/// Sets the time limit of speech `id`.
pub fn set_limit(db: &Db, id: &str, limit_s: u32) -> Result<(), DbError> {
    db.execute(
        "UPDATE speeches SET limit_s = ? WHERE id = ?",
        &[
            Value::Integer(i64::from(limit_s)),
            Value::Text(id.to_owned()),
        ],
    )?;
    Ok(())
}

/// Every speech of meeting `session_id` in the order given (for the minutes).
pub fn speeches(db: &Db, session_id: &str) -> Result<Vec<Speech>, DbError> {
    let result = db.execute(
        "SELECT name, user_id, kind, started_at, ended_at, item_id FROM speeches
         WHERE session_id = ? ORDER BY started_at, id",
        &[Value::Text(session_id.to_owned())],
    )?;
    result
        .rows
        .iter()
        .map(|row| {
            Ok(Speech {
                name: db::text(row, 0, "speeches.name")?,
                user_id: opt_text(row, 1),
                kind: wire(row, 2, "speeches.kind", FloorKind::parse)?,
                started_at: time(row, 3, "speeches.started_at")?,
                ended_at: opt_time(row, 4),
                item_id: opt_text(row, 5),
            })
        })
        .collect()
}

/// Opens or closes the list of speakers of meeting `session_id`.
pub fn set_list_open(db: &Db, session_id: &str, open: bool) -> Result<(), DbError> {
    db.execute(
        "UPDATE meetings SET list_open = ? WHERE id = ?",
        &[db::flag(open), Value::Text(session_id.to_owned())],
    )?;
    Ok(())
}
