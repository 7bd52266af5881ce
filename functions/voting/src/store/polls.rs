//! Tables `polls` and `poll_voters`.
//!
//! `majority` and `options` are stored as JSON (they are data, not columns a query filters
//! on); `result` holds the whole `PollResult` written once at close, so a published result is
//! read back exactly as it was counted and hashed into the audit chain.

use super::{count, wire};
use ratusz_domain::api::council::{Choice, Majority, Poll, PollKind, PollResult, PollState};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, opt_text, opt_time, text_or_null, Db, DbError};
use ratusz_platform::db::{Row, Value};

/// A poll row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollRow {
    /// Id.
    pub id: String,
    /// Meeting.
    pub session_id: String,
    /// Agenda item.
    pub item_id: Option<String>,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: PollKind,
    /// Rule.
    pub majority: Majority,
    /// Allowed choices.
    pub options: Vec<Choice>,
    /// Time limit.
    pub time_limit_s: Option<u32>,
    /// State.
    pub state: PollState,
    /// Opened.
    pub opened_at: Option<Timestamp>,
    /// Closes by itself.
    pub closes_at: Option<Timestamp>,
    /// Closed.
    pub closed_at: Option<Timestamp>,
    /// Opened without quorum because …
    pub override_reason: Option<String>,
    /// Entitled voters (snapshot at opening).
    pub entitled: u32,
    /// Votes cast.
    pub voted: u32,
    /// The counted result (closed polls).
    pub result: Option<String>,
}

impl PollRow {
    /// The stored result of a closed poll.
    pub fn result(&self) -> Result<Option<PollResult>, DbError> {
        self.result
            .as_deref()
            .map(|json| {
                serde_json::from_str(json)
                    .map_err(|e| DbError::Decode(format!("polls.result: {e}")))
            })
            .transpose()
    }

    /// The API view.
    pub fn view(&self) -> Result<Poll, DbError> {
        Ok(Poll {
            id: self.id.clone(),
            session_id: self.session_id.clone(),
            title: self.title.clone(),
            kind: self.kind,
            majority: self.majority,
            options: self.options.clone(),
            item_id: self.item_id.clone(),
            time_limit_s: self.time_limit_s,
            state: self.state,
            opened_at: self.opened_at,
            closes_at: self.closes_at,
            closed_at: self.closed_at,
            override_reason: self.override_reason.clone(),
            entitled: self.entitled,
            voted: self.voted,
            passed: self.result()?.map(|r| r.passed),
        })
    }
}

/// The columns [`decode`] reads, in order.
const COLUMNS: &str = "id, session_id, item_id, title, kind, majority, options, time_limit_s, \
    state, opened_at, closes_at, closed_at, override_reason, entitled, voted, result";

fn json_column<T: serde::de::DeserializeOwned>(
    row: &Row,
    i: usize,
    what: &str,
) -> Result<T, DbError> {
    serde_json::from_str(&db::text(row, i, what)?)
        .map_err(|e| DbError::Decode(format!("{what}: {e}")))
}

fn decode(row: &Row) -> Result<PollRow, DbError> {
    Ok(PollRow {
        id: db::text(row, 0, "polls.id")?,
        session_id: db::text(row, 1, "polls.session_id")?,
        item_id: opt_text(row, 2),
        title: db::text(row, 3, "polls.title")?,
        kind: wire(row, 4, "polls.kind", PollKind::parse)?,
        majority: json_column(row, 5, "polls.majority")?,
        options: json_column(row, 6, "polls.options")?,
        time_limit_s: row.get::<u32>(7),
        state: wire(row, 8, "polls.state", PollState::parse)?,
        opened_at: opt_time(row, 9),
        closes_at: opt_time(row, 10),
        closed_at: opt_time(row, 11),
        override_reason: opt_text(row, 12),
        entitled: count(row, 13, "polls.entitled")?,
        voted: count(row, 14, "polls.voted")?,
        result: opt_text(row, 15),
    })
}

fn encode<T: serde::Serialize>(value: &T) -> Result<Value, DbError> {
    serde_json::to_string(value)
        .map(Value::Text)
        .map_err(|e| DbError::Decode(e.to_string()))
}

/// Stores a new draft poll.
pub fn insert(db: &Db, poll: &PollRow, created_by: &str, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO polls (id, session_id, item_id, title, kind, majority, options, time_limit_s,
         state, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &[
            Value::Text(poll.id.clone()),
            Value::Text(poll.session_id.clone()),
            text_or_null(poll.item_id.as_deref()),
            Value::Text(poll.title.clone()),
            Value::from(poll.kind.as_str()),
            encode(&poll.majority)?,
            encode(&poll.options)?,
            poll.time_limit_s
                .map_or(Value::Null, |s| Value::Integer(i64::from(s))),
            Value::from(poll.state.as_str()),
            Value::Text(created_by.to_owned()),
            Value::Text(now.to_rfc3339()),
        ],
    )?;
    Ok(())
}

/// Poll `id` of meeting `session_id`.
pub fn by_id(db: &Db, session_id: &str, id: &str) -> Result<Option<PollRow>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM polls WHERE id = ? AND session_id = ?"),
        &[
            Value::Text(id.to_owned()),
            Value::Text(session_id.to_owned()),
        ],
    )?;
    result.rows.first().map(decode).transpose()
}

/// Every poll of meeting `session_id`, oldest first.
pub fn list(db: &Db, session_id: &str) -> Result<Vec<PollRow>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM polls WHERE session_id = ? ORDER BY created_at, id"),
        &[Value::Text(session_id.to_owned())],
    )?;
    result.rows.iter().map(decode).collect()
}

/// The closed polls of meeting `session_id` in the order they closed (for the minutes).
pub fn closed(db: &Db, session_id: &str) -> Result<Vec<PollRow>, DbError> {
    let result = db.execute(
        &format!(
            "SELECT {COLUMNS} FROM polls WHERE session_id = ? AND state = 'closed'
             ORDER BY closed_at, id"
        ),
        &[Value::Text(session_id.to_owned())],
    )?;
    result.rows.iter().map(decode).collect()
}

/// The poll the live view shows: the open one, else the last closed one.
pub fn live(db: &Db, session_id: &str) -> Result<Option<PollRow>, DbError> {
    let result = db.execute(
        &format!(
            "SELECT {COLUMNS} FROM polls WHERE session_id = ? AND state IN ('open', 'closed')
             ORDER BY state = 'open' DESC, closed_at DESC, id DESC LIMIT 1"
        ),
        &[Value::Text(session_id.to_owned())],
    )?;
    result.rows.first().map(decode).transpose()
}

/// Whether meeting `session_id` has an open poll (a meeting cannot close over one).
pub fn has_open(db: &Db, session_id: &str) -> Result<bool, DbError> {
    let result = db.execute(
        "SELECT 1 FROM polls WHERE session_id = ? AND state = 'open' LIMIT 1",
        &[Value::Text(session_id.to_owned())],
    )?;
    Ok(!result.rows.is_empty())
}

/// Opens draft poll `id`: the time, the deadline, the override reason and the number of
/// entitled voters. Returns whether it was still a draft.
pub fn set_open(
    db: &Db,
    id: &str,
    now: Timestamp,
    closes_at: Option<Timestamp>,
    override_reason: Option<&str>,
    entitled: u32,
) -> Result<bool, DbError> {
    db.execute(
        "UPDATE polls SET state = 'open', opened_at = ?, closes_at = ?, override_reason = ?,
         entitled = ? WHERE id = ? AND state = 'draft'",
        &[
            Value::Text(now.to_rfc3339()),
            db::time_or_null(closes_at),
            text_or_null(override_reason),
            Value::Integer(i64::from(entitled)),
            Value::Text(id.to_owned()),
        ],
    )?;
    Ok(db.changes() == 1)
}

/// Snapshots an entitled voter of poll `poll_id`.
pub fn insert_voter(db: &Db, poll_id: &str, user_id: &str, name: &str) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO poll_voters (poll_id, user_id, name) VALUES (?, ?, ?)",
        &[
            Value::Text(poll_id.to_owned()),
            Value::Text(user_id.to_owned()),
            Value::Text(name.to_owned()),
        ],
    )?;
    Ok(())
}

/// Closes open poll `id` with its counted result and the hash of its audit entry.
pub fn set_closed(
    db: &Db,
    id: &str,
    closed_at: Timestamp,
    result: &PollResult,
    audit_hash: &str,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE polls SET state = 'closed', closed_at = ?, result = ?, audit_hash = ?
         WHERE id = ? AND state = 'open'",
        &[
            Value::Text(closed_at.to_rfc3339()),
            encode(result)?,
            Value::Text(audit_hash.to_owned()),
            Value::Text(id.to_owned()),
        ],
    )?;
    Ok(())
}

/// Whether agenda item `item_id` belongs to meeting `session_id`, with its title.
pub fn item_title(db: &Db, session_id: &str, item_id: &str) -> Result<Option<String>, DbError> {
    let result = db.execute(
        "SELECT title FROM agenda_items WHERE id = ? AND session_id = ?",
        &[
            Value::Text(item_id.to_owned()),
            Value::Text(session_id.to_owned()),
        ],
    )?;
    result
        .rows
        .first()
        .map(|row| db::text(row, 0, "agenda_items.title"))
        .transpose()
}
